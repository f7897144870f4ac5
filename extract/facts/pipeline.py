"""Run spaCy once per document and hand the parsed ``Doc`` to every field module.

A fact record is a dict with one list per fact table (see ``db.schema.FACT_TABLES``):
each item holds its own columns plus ``text`` (the words), ``start``/``end`` (their
character span) and ``sent_start``/``sent_end`` (the sentence's span), all offsets into
the text given. ``relevant``, ``relevance_score`` and ``relevance_reason`` sit beside them.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from crackdown.settings import FactsSettings

# Bump when any field module changes what it extracts: articles with an older
# facts_version are re-extracted by `crackdown facts --db`.
FACTS_VERSION = 4

DATA = Path(__file__).resolve().parent / "data"


def data_languages(root: Path = DATA) -> tuple[str, ...]:
    """Languages with field data: every folder ``data/<lang>/`` (a language is added as data)."""
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))))


def language_module(lang: str):
    """``extract.facts.lang_<lang>`` when the language's grammar needed code of its own, else None."""
    name = f"extract.facts.lang_{lang}"
    return importlib.import_module(name) if importlib.util.find_spec(name) else None


@dataclass
class Document:
    """One text to read, with what is known about it."""

    text: str
    lang: str | None = None  # ISO 639-1; detected when None
    published: str | None = None  # ISO date, for currency conversion
    title: str | None = None


def empty_record(lang: str | None, reason: str | None = None) -> dict[str, Any]:
    return {
        "lang": lang,
        "relevant": False,
        "relevance_score": 0.0,
        "relevance_reason": reason,
        "event_types": [],
        "amounts": [],
        "countries": [],
        "places": [],
        "charges": [],
        "counts": [],
        "legal_refs": [],
    }


class FactExtractor:
    """Loads the spaCy pipelines lazily, once each, and extracts fact records in batches."""

    def __init__(self, settings: FactsSettings | None = None):
        self.settings = settings or FactsSettings()
        self._nlp: dict[str, Any] = {}

    @classmethod
    def from_settings(cls, settings) -> "FactExtractor":
        return cls(settings.facts)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this extractor reads: a spaCy pipeline named in settings and a data folder."""
        models = self.settings.models
        return tuple(lang for lang in data_languages() if models.get(lang))

    def nlp(self, lang: str):
        """The spaCy pipeline for ``lang`` (loaded on first use), or None when unsupported.

        ``blank:<lang>`` is spaCy's language class with a sentencizer; a language module's
        ``make_nlp`` builds it instead when the language needs more (Chinese: the jieba segmenter)."""
        if lang not in self.languages:
            return None
        if lang not in self._nlp:
            import spacy

            name = self.settings.models[lang]
            module = language_module(lang)
            if module is not None and hasattr(module, "make_nlp"):
                self._nlp[lang] = module.make_nlp(name)
            elif name.startswith("blank:"):
                nlp = spacy.blank(name.partition(":")[2])
                nlp.add_pipe("sentencizer")
                self._nlp[lang] = nlp
            else:
                try:
                    self._nlp[lang] = spacy.load(name)
                except OSError:
                    self._nlp[lang] = importlib.import_module(name).load()
        return self._nlp[lang]

    def extract(self, document: Document) -> dict[str, Any]:
        return next(iter(self.extract_many([document])))

    def extract_many(self, documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
        """Yield one record per document, in order; batches per language go through ``nlp.pipe``."""
        from extract.facts import fields
        from extract.language import detect_language

        docs = list(documents)
        langs = [d.lang or detect_language(d.text) for d in docs]
        results: list[dict[str, Any] | None] = [None] * len(docs)
        by_lang: dict[str, list[int]] = {}
        supported = self.languages
        for i, (doc, lang) in enumerate(zip(docs, langs)):
            text = (doc.text or "")[: self.settings.max_chars]
            if not text.strip():
                results[i] = empty_record(lang, "empty text")
            elif lang not in supported:
                results[i] = empty_record(lang, f"no fact model for language {lang!r}")
            else:
                by_lang.setdefault(lang, []).append(i)
        for lang, indexes in by_lang.items():
            nlp = self.nlp(lang)
            texts = [(docs[i].text or "")[: self.settings.max_chars] for i in indexes]
            for i, text, parsed in zip(indexes, texts, nlp.pipe(texts, batch_size=self.settings.batch_size)):
                parsed.user_data["crackdown_text"] = text  # spaCy keeps the text verbatim (doc_text.text_of)
                results[i] = fields.extract_all(parsed, lang, docs[i])
        yield from results  # type: ignore[misc]


def to_gold(record: dict[str, Any]) -> dict[str, Any]:
    """Reduce a full record to the gold vocabulary (no spans, no geocodes, no USD)."""

    def unique(values):
        seen, out = set(), []
        for v in values:
            if v not in seen:
                seen.add(v)
                out.append(v)
        return out

    return {
        "lang": record.get("lang"),
        "relevant": bool(record.get("relevant")),
        "event_types": unique(e["event_type"] for e in record.get("event_types", [])),
        "amounts": [
            {"value": a["value"], "currency": a["currency"], "role": a.get("role", "other"),
             "approx": bool(a.get("approx")), "text": a.get("text")}
            for a in record.get("amounts", [])
        ],
        "countries": unique(c["country"] for c in record.get("countries", [])),
        "places": unique_dicts({"name": p["name"], "country": p["country"]} for p in record.get("places", [])),
        "charges": unique(c["charge"] for c in record.get("charges", [])),
        "counts": unique_dicts({"action": c["action"], "n": c["n"]} for c in record.get("counts", [])),
        "legal_refs": unique_dicts(
            {"jurisdiction": r["jurisdiction"], "article": r["article"]} for r in record.get("legal_refs", [])
        ),
    }


def unique_dicts(items) -> list[dict]:
    seen, out = set(), []
    for item in items:
        key = tuple(sorted(item.items()))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
