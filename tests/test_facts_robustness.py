"""Bad input never crashes the fact extractor nor turns every capitalised word into a place.

Texts are built here from invented words: lower-case news, ALL-CAPS and Title Case headlines,
text without sentence punctuation, a huge single paragraph, and junk.
"""

from __future__ import annotations

import pytest

from crackdown.settings import FactsSettings
from extract.facts.pipeline import Document, FactExtractor

COMMON = ("police said the fraud ring moved money through shell firms and the court heard that new rules "
          "will help victims get cash back soon after a long hunt across the city").split()


@pytest.fixture(scope="module")
def fx():
    return FactExtractor()


def _facts(fx, text, lang="en"):
    return fx.extract(Document(text=text, lang=lang))


def _places(record):
    return [p["name"] for p in record["places"]]


def test_all_caps_and_title_case_common_words_are_not_places(fx):
    sentences = [" ".join(COMMON[i:i + 9]) for i in range(0, len(COMMON), 9)]
    caps = ". ".join(s.upper() for s in sentences) + "."
    title = " ".join(w.capitalize() for w in COMMON * 3)
    for text in (caps, title):
        record = _facts(fx, text)
        assert len(_places(record)) <= 2, _places(record)
        assert len(record["countries"]) <= 2


def test_lower_case_news_still_reads_sums_and_actions(fx):
    en = _facts(fx, "four women were arrested on friday and charged with fraud after they took 3 million dollars "
                    "from retired teachers, police said.")
    assert [(a["value"], a["currency"]) for a in en["amounts"]] == [(3_000_000, "USD")]
    assert "arrest" in {e["event_type"] for e in en["event_types"]}
    fr = _facts(fx, "quatre hommes ont été interpellés mardi et mis en examen pour escroquerie : "
                    "ils auraient détourné 2 millions d'euros, selon le parquet.", "fr")
    assert [(a["value"], a["currency"]) for a in fr["amounts"]] == [(2_000_000, "EUR")]


def test_text_without_sentence_punctuation(fx):
    text = " ".join(COMMON * 200)  # about 25,000 characters, one sentence for the parser
    record = _facts(fx, text)
    assert len(_places(record)) <= 2
    assert not record["amounts"] and not record["counts"]


def test_a_huge_paragraph_is_cut_to_max_chars_before_parsing(fx):
    # the same path as 5 MB with the default 1,000,000 characters, with a smaller limit to stay fast
    small = FactExtractor(FactsSettings(max_chars=40_000))
    small._nlp = fx._nlp  # the pipelines already loaded
    text = " ".join(COMMON * 20_000)  # about 2.5 MB
    record = small.extract(Document(text=text, lang="en"))
    assert record["relevance_reason"]
    for field in ("amounts", "places", "charges", "counts", "legal_refs", "event_types"):
        assert all(item["end"] <= 40_000 for item in record[field])


def test_default_limit_fits_spacy(fx):
    # spaCy refuses texts longer than nlp.max_length: the default cut must stay within it
    assert fx.settings.max_chars <= fx.nlp("en").max_length and fx.settings.max_chars <= fx.nlp("fr").max_length


@pytest.mark.parametrize("text", ["", "   \n\n\t ", "$$$ 123 %%% ### ... §§ €", "\x00\x01 bytes \ufffd\ufffd",
                                  "a" * 5000, "ÉÉÉ " * 300, "1 2 3 4 5 6 7 8 9 " * 200])
def test_junk_yields_a_record(fx, text):
    for lang in ("en", "fr", None):
        record = fx.extract(Document(text=text, lang=lang))
        assert record["relevant"] is False
        assert len(record["places"]) <= 1
