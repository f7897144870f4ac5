"""A lemma-aware phrase matcher for vocabularies kept in data files.

Charges and event cues are lists of phrases per label ("wire fraud", "escroquerie en
bande organisée"). Each phrase becomes a path in a token trie; a document token matches
a pattern word through its lower-case form or its lemma (accents folded), so plurals and
inflections ("frauds", "escroqueries", "arrested") match without listing them. Matching
is one trie walk per token: linear in the text, whatever the vocabulary size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from extract.facts.doc_text import text_of
from extract.facts.geocode import normalize

_WORD = re.compile(r"\w+['’]|\w+|[^\w\s]", re.UNICODE)


def pattern_words(phrase: str) -> list[str]:
    """Split a phrase the way spaCy splits text (elided articles keep their apostrophe)."""
    return [normalize(w) for w in _WORD.findall(phrase)]


def token_forms(token) -> set[str]:
    text = normalize(token.text)
    forms = {text, normalize(token.lemma_ or token.text)}
    if text.endswith("'"):
        forms.add(text.rstrip("'") + "'")
    return forms


@dataclass(frozen=True)
class Match:
    label: str
    start: int  # token indexes
    end: int


class PhraseMatcher:
    """Longest-match phrase finder over token forms; labels may be several per phrase."""

    def __init__(self, vocabulary: dict[str, Iterable[str]]):
        self._trie: dict = {}
        for label, phrases in vocabulary.items():
            for phrase in phrases or []:
                words = pattern_words(str(phrase))
                if not words:
                    continue
                node = self._trie
                for word in words:
                    node = node.setdefault(word, {})
                node.setdefault(None, []).append(label)

    def __call__(self, doc, start: int = 0, end: int | None = None) -> list[Match]:
        end = len(doc) if end is None else end
        forms = [token_forms(t) for t in doc[start:end]]
        out: list[Match] = []
        i = 0
        while i < len(forms):
            best = None
            frontier = [(self._trie, i)]
            while frontier:
                node, j = frontier.pop()
                if None in node and (best is None or j > best[0]):
                    best = (j, node[None])
                if j >= len(forms):
                    continue
                for form in forms[j]:
                    child = node.get(form)
                    if child is not None:
                        frontier.append((child, j + 1))
            if best is None:
                i += 1
                continue
            stop, labels = best
            for label in dict.fromkeys(labels):
                out.append(Match(label, start + i, start + stop))
            i = stop
        return out


def title_case(sent) -> bool:
    """A headline-style sentence: most words capitalised, so capitals say nothing.

    A list of names is mostly capitals too, but keeps its lower-case verbs and nouns."""
    words = [t for t in sent if t.is_alpha and len(t.text) > 3]
    if len(words) < 3:
        return False
    if sum(t.text.islower() and not t.is_stop for t in words) >= max(1.0, 0.1 * len(words)):
        return False
    return sum(t.text[0].isupper() for t in words) >= 0.6 * len(words)


# Lower-case words that may sit inside an office's name ("Organized Crime and Racketeering Unit").
NAME_JOINERS = frozenset({"and", "&", "of", "the", "for", "against"})


def in_proper_name(doc, start: int, end: int, heads: frozenset[str] = frozenset()) -> bool:
    """The words ``doc[start:end]`` are capitalised inside running text, so they belong to a
    name ("Frozen Planet Yogurt", "Asset Forfeiture Bureau"), not to the story's action;
    with ``heads``, only when such a name goes on to one of those words ("Fraud Unit")."""
    span = doc[start:end]
    if span.text.isupper() or not all(t.text[:1].isupper() for t in span if t.is_alpha):
        return False
    if not any(t.is_alpha for t in span):
        return False
    if heads:
        j = end
        while j < len(doc) and j < end + 6 and (doc[j].text[:1].isupper() or doc[j].lower_ in NAME_JOINERS):
            if normalize(doc[j].text) in heads:
                return True
            j += 1
        return False
    if title_case(span.sent) or headline_line(text_of(doc), span.start_char) or span[0].is_sent_start:
        return False
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    # a capitalised neighbour makes the words part of a longer name
    return bool(before is not None and before.is_alpha and before.text[:1].isupper() and not before.is_sent_start
                or after is not None and after.is_alpha and after.text[:1].isupper())


_WORDS = re.compile(r"[^\W\d_]{4,}")


def headline_line(text: str, at: int) -> bool:
    """The line holding offset ``at`` is written like a headline (most longer words capitalised)."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    words = _WORDS.findall(text[start : end if end >= 0 else len(text)])
    if len(words) < 3:
        return False
    # running text keeps long lower-case words (verbs, nouns); a headline's are few ("million")
    if sum(w.islower() and len(w) >= 6 for w in words) > 0.1 * len(words):
        return False
    return sum(w[0].isupper() for w in words) >= 0.7 * len(words)
