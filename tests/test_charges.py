"""Charges on invented sentences: lemmas, conspiracy, context, French vocabulary."""

import pytest

from extract.facts.pipeline import Document, FactExtractor


@pytest.fixture(scope="module")
def extractor():
    return FactExtractor()


def charges_of(extractor, text, lang="en"):
    record = extractor.extract(Document(text=text, lang=lang))
    return [c["charge"] for c in record["charges"]], record


def test_conspiracy_to_commit_counts_as_the_offence(extractor):
    charges, record = charges_of(extractor, "Defendant Indicted\n\nShe was indicted on conspiracy to commit wire frauds "
                                            "and two counts of aggravated identity theft.")
    assert charges == ["fraud", "identity_theft"]
    item = record["charges"][0]
    assert item["text"] == "wire frauds" and item["sent_start"] <= item["start"] < item["end"] <= item["sent_end"]


def test_units_and_tips_are_not_charges(extractor):
    text = (
        "Office Update\n\nThe Fraud Bureau and the Homicide Unit moved to a new building. "
        "Money laundering harms communities, and residents should report suspicious transfers."
    )
    charges, _ = charges_of(extractor, text)
    assert charges == []


def test_theft_family_and_forgery(extractor):
    text = ("Bookkeeper Sentenced\n\nThe bookkeeper pleaded guilty to grand theft by embezzlement, "
            "computer access fraud and forgery.")
    charges, _ = charges_of(extractor, text)
    assert set(charges) == {"theft", "computer_intrusion", "fraud", "forgery"}


def test_french_vocabulary(extractor):
    text = (
        "Trois hommes mis en examen\n\n"
        "Ils ont été mis en examen pour escroqueries en bande organisée, blanchiment et association de malfaiteurs. "
        "Les enquêteurs rappellent que la séquestration est un crime."
    )
    charges, _ = charges_of(extractor, text, "fr")
    assert charges == ["fraud", "money_laundering", "organized_crime"]


def test_office_names_and_what_the_law_allows_are_not_charges(extractor):
    text = (
        "Bookkeeper Indicted\n\n"
        "The case was handled by the Organized Crime and Racketeering Bureau and the Elder Fraud Unit. "
        "The bookkeeper was indicted for grand larceny. "
        "Anyone who sells fake permits can be prosecuted for forgery, the district attorney said."
    )
    charges, _ = charges_of(extractor, text)
    assert charges == ["theft"]


def test_french_fraud_verbs(extractor):
    charges, _ = charges_of(extractor, "Deux hommes ont été mis en examen pour avoir escroqué des retraités à Lyon.",
                            lang="fr")
    assert "fraud" in charges
