"""Call every field module on one parsed document and assemble the record.

Each field module exposes ``extract(doc, lang, document) -> list[dict]`` (items as
described in :mod:`extract.facts.pipeline`); ``events`` runs last because event types and
relevance read the other facts. Nothing is taken after the article's own text ends
(:func:`~extract.facts.boilerplate.body_end`): a sidebar's "Latest Posts" belong to other stories.
A language with a module of its own (``extract/facts/lang_<lang>.py`` with ``extract_all``, Chinese:
no parse to lean on) reads its fields there, from its own data folder.
"""

from __future__ import annotations

import bisect
from typing import Any

from extract.facts import amounts, charges, counts, events, legal_refs, places
from extract.facts.boilerplate import body_end
from extract.facts.pipeline import empty_record, language_module


def sentence_span(doc, start_char: int) -> tuple[int, int]:
    """Character span of the sentence holding ``start_char``."""
    span = doc.char_span(start_char, start_char + 1, alignment_mode="expand")
    if span is None:
        return 0, len(doc.text)
    sent = span.sent
    return sent.start_char, sent.end_char


def _before(items: list[dict], limit: int) -> list[dict]:
    return [item for item in items if item.get("start", 0) < limit]


def cache_sentences(doc) -> None:
    """Compute the sentences once: every field module walks ``doc.sents`` and ``span.sent``, and
    spaCy rebuilds them from the tokens on each access (a third of the fact stage's time on long
    pages). spaCy's own extension points (``user_hooks``, ``user_span_hooks``) then serve them."""
    if not doc.has_annotation("SENT_START") or "sents" in doc.user_hooks:
        return
    sents = list(doc.sents)
    starts = [s.start for s in sents]
    doc.user_hooks["sents"] = lambda d: iter(sents)
    doc.user_span_hooks["sent"] = lambda span: sents[max(bisect.bisect_right(starts, span.start) - 1, 0)]


def extract_all(doc, lang: str, document) -> dict[str, Any]:
    cache_sentences(doc)
    own = language_module(lang)
    if own is not None and hasattr(own, "extract_all"):
        return own.extract_all(doc, lang, document)  # a language whose grammar the engines below cannot read
    record = empty_record(lang)
    limit = body_end(doc.text, lang)
    found_places, found_countries = places.extract(doc, lang, document)
    # places first: a bare "$" is the currency of the country the article reports from
    record["amounts"] = _before(amounts.extract(doc, lang, document, found_places + found_countries), limit)
    record["places"] = found_places
    record["countries"] = found_countries
    record["charges"] = charges.extract(doc, lang, document)
    record["counts"] = _before(counts.extract(doc, lang, document), limit)
    record["legal_refs"] = _before(legal_refs.extract(doc, lang, document), limit)
    record.update(events.extract(doc, lang, document, record))
    return record
