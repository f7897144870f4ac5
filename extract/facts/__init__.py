"""Fact extraction: amounts, places, charges, counts, statutes, event types, relevance.

:class:`FactExtractor` loads each language's spaCy pipeline once and runs documents
through ``nlp.pipe``; one module per field turns a parsed ``Doc`` into fact records.
:func:`to_gold` reduces a record to the vocabulary of ``shared/gold/README.md``.
"""

from extract.facts.pipeline import FACTS_VERSION, FactExtractor, to_gold

__all__ = ["FACTS_VERSION", "FactExtractor", "to_gold"]
