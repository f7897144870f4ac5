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
