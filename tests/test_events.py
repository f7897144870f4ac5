"""Event types and relevance on invented press releases."""

import pytest

from extract.facts.events import relevance
from extract.facts.pipeline import Document, FactExtractor


@pytest.fixture(scope="module")
def extractor():
    return FactExtractor()


def run(extractor, text, lang="en"):
    record = extractor.extract(Document(text=text, lang=lang))
    return {e["event_type"] for e in record["event_types"]}, record


def test_plea_and_sentence_without_hypotheticals(extractor):
    text = (
        "Investor Sentenced for Ponzi Scheme\n\n"
        "The defendant pleaded guilty to securities fraud and was sentenced today to eight years in prison. "
        "If convicted at a retrial, a co-defendant faces up to 20 years."
    )
    types, record = run(extractor, text)
    assert types == {"plea", "sentence"}
    assert record["relevant"] is True and record["relevance_score"] >= 0.5
    assert "fraud" in record["relevance_reason"]


def test_unrelated_crime_is_not_relevant(extractor):
    text = "Driver Charged With Murder\n\nA driver was arrested and charged with murder after a crash."
    types, record = run(extractor, text)
    assert {"arrest", "charge"} <= types
    assert record["relevant"] is False
    assert [c["charge"] for c in record["charges"]] == ["homicide"]


def test_lawsuit_is_other_and_its_offence_other(extractor):
    text = "Department Files Lawsuit\n\nThe Department filed a lawsuit alleging that the landlord broke the law."
    types, record = run(extractor, text)
    assert types == {"other"}
    assert [c["charge"] for c in record["charges"]] == ["other"]
    assert record["relevant"] is False


def test_french_takedown_and_conviction(extractor):
    text = (
        "Un réseau d'escrocs démantelé\n\n"
        "Le réseau a été démantelé mardi et cinq suspects ont été interpellés. "
        "Leur chef avait déjà été condamné à trois ans de prison pour escroquerie."
    )
    types, record = run(extractor, text, "fr")
    assert {"takedown", "arrest", "conviction", "sentence"} <= types
    assert record["relevant"] is True


def test_relevance_rule():
    assert relevance("en", {"arrest"}, {"fraud"}, 0)[0] is True
    assert relevance("en", set(), {"fraud"}, 3)[0] is False  # no action reported
    assert relevance("en", {"charge"}, {"computer_intrusion", "espionage"}, 0)[0] is False
    assert relevance("en", {"charge"}, set(), 4)[0] is True  # the topic's words without a recognised charge
    relevant, score, reason = relevance("en", {"charge"}, {"bribery"}, 5)
    assert relevant is False and 0 <= score < 0.5 and reason


def test_names_videos_and_site_furniture_report_no_action(extractor):
    text = (
        "Shop Owner Indicted for Insurance Fraud\n\n"
        "The owner of Seized Treasures Antiques, a store in Dallas, was indicted on insurance fraud charges. "
        "He was captured on video staging a break-in. The Asset Forfeiture Bureau of the office assisted.\n"
        "Recent News\n"
        "Clerk Sentenced for Bank Robbery\n"
        "Landlord Settles Tenant Lawsuit\n"
    )
    types, record = run(extractor, text)
    assert types == {"charge"}
    assert {c["charge"] for c in record["charges"]} == {"fraud"}


def test_award_and_warning_titles_are_not_case_reports(extractor):
    award = (
        "Fraud Prosecutor Wins State Award\n\n"
        "Her cases led to the conviction of three swindlers who were sentenced to prison for wire fraud."
    )
    types, record = run(extractor, award)
    assert "sentence" in types
    assert record["relevant"] is False and "title" in record["relevance_reason"]
    warning = (
        "Beware of Gift Card Scams\n\n"
        "The District Attorney is warning the public about callers who demand payment in gift cards."
    )
    types, record = run(extractor, warning)
    assert types == {"warning"} and record["relevant"] is False


def test_a_case_title_keeps_relevance_even_with_a_topic_word(extractor):
    text = (
        "Man Sentenced After Fraud Warning Ignored\n\n"
        "The defendant was sentenced to four years in prison for wire fraud."
    )
    _, record = run(extractor, text)
    assert record["relevant"] is True
