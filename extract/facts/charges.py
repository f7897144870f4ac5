"""The offences people are accused, convicted or sentenced for, as charge slugs.

The vocabulary per language lives in ``data/<lang>/charges.yml`` (slug -> phrases, plus
phrases to ignore such as "Fraud Bureau"); :class:`~extract.facts.phrases.PhraseMatcher`
finds them through lemmas. A mention counts when it sits in the title or in a sentence
that accuses, convicts or sentences (``accusation_cues``), and not in the trailing site
furniture; "conspiracy to commit wire fraud" yields ``fraud`` because the offence
phrase itself is matched.
"""

from __future__ import annotations

import functools

from extract.facts.boilerplate import body_end
from extract.facts.geocode import DATA, load_yaml, normalize
from extract.facts.phrases import PhraseMatcher, in_proper_name

IGNORE = "__ignore__"


@functools.lru_cache(maxsize=None)
def _matchers(lang: str) -> tuple[PhraseMatcher, PhraseMatcher, frozenset[str]] | None:
    data = load_yaml(DATA / lang / "charges.yml")
    if not data:
        return None
    vocabulary = dict(data.get("charges") or {})
    vocabulary[IGNORE] = data.get("ignore") or []
    cues = PhraseMatcher({"cue": data.get("accusation_cues") or [], IGNORE: data.get("hypothetical") or []})
    heads = frozenset(normalize(w) for w in data.get("organisation_heads") or [])
    return PhraseMatcher(vocabulary), cues, heads


def _title_end(doc) -> int:
    """The first line (a press release's headline) as a character offset."""
    newline = doc.text.find("\n")
    return newline if newline >= 0 else len(doc.text)


def extract(doc, lang, document):
    """Charge items: ``charge`` slug plus spans (see :mod:`extract.facts.pipeline`)."""
    from extract.facts.fields import sentence_span

    matchers = _matchers(lang or "en")
    if matchers is None:
        return []
    vocabulary, cues, heads = matchers
    limit = body_end(doc.text, lang)
    title_end = _title_end(doc)
    cue_sentences: dict[int, bool] = {}
    out: list[dict] = []
    seen: set[str] = set()
    for match in vocabulary(doc):
        if match.label == IGNORE or match.label in seen:
            continue
        span = doc[match.start : match.end]
        if span.start_char >= limit:
            break
        if heads and in_proper_name(doc, match.start, match.end, heads):
            continue  # "Insurance Fraud Division", "Elder Abuse Unit": an office's name
        sent = span.sent
        if span.start_char > title_end:
            if sent.start not in cue_sentences:
                found = {m.label for m in cues(doc, sent.start, sent.end)}
                # "can be prosecuted for fraud": what may happen to anyone, not an accusation
                cue_sentences[sent.start] = "cue" in found and IGNORE not in found
            if not cue_sentences[sent.start]:
                continue
        seen.add(match.label)
        s_start, s_end = sentence_span(doc, span.start_char)
        out.append({"charge": match.label, "text": span.text, "start": span.start_char, "end": span.end_char,
                    "sent_start": s_start, "sent_end": s_end})
    return out
