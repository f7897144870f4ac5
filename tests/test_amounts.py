"""Sums of money: forms in English and French, roles, approximations, dedupe, USD, bad input."""

from __future__ import annotations

import pytest

from extract.facts.amounts import find_amounts, to_usd
from extract.facts.pipeline import Document, FactExtractor


@pytest.fixture(scope="module")
def fx():
    return FactExtractor()


def amounts(fx, text, lang, published=None):
    return fx.extract(Document(text=text, lang=lang, published=published))["amounts"]


def values(text, lang):
    return [(f.value, f.currency, f.approx) for f in find_amounts(text, lang)]


@pytest.mark.parametrize("text,expected", [
    ("They took $2.8 million.", (2_800_000, "USD", False)),
    ("Losses reached $1.2 billion.", (1_200_000_000, "USD", False)),
    ("A payment of USD 5,000 was made.", (5_000, "USD", False)),
    ("He moved £1.2m abroad.", (1_200_000, "GBP", False)),
    ("She hid €500k offshore.", (500_000, "EUR", False)),
    ("The wallet held 3 BTC.", (3, "BTC", False)),
    ("Bail was HK$50,000.", (50_000, "HKD", False)),
    ("The victims lost A$300,000.", (300_000, "AUD", False)),
    ("He paid S$12,500.", (12_500, "SGD", False)),
    ("He stole approximately $61,000.", (61_000, "USD", True)),
    ("hundreds of millions of dollars moved through it", (100_000_000, "USD", True)),
    ("It cost a million dollars.", (1_000_000, "USD", False)),
    ("A restitution of $2,078,167.48 was ordered.", (2_078_167.48, "USD", False)),
])
def test_english_forms(text, expected):
    assert values(text, "en") == [pytest.approx(expected)]


@pytest.mark.parametrize("text,expected", [
    ("soit environ 1,4 milliard de dollars", (1_400_000_000, "USD", True)),
    ("jusqu'à dix milliards de yuans", (10_000_000_000, "CNY", False)),
    ("le montant atteint des millions de yuans", (1_000_000, "CNY", True)),
    ("une amende de 1\u202f000 yuans", (1_000, "CNY", False)),
    ("une amende de 1\u00a0000 yuans", (1_000, "CNY", False)),
    ("un préjudice de 190.000 euros", (190_000, "EUR", False)),
    ("un préjudice de 2 millions d'euros", (2_000_000, "EUR", False)),
    ("la saisie de près d’1 million d’euros", (1_000_000, "EUR", True)),
    ("10,6 millions d'euros de dommages", (10_600_000, "EUR", False)),
    ("une perte qui pourrait dépasser le million d'euros", (1_000_000, "EUR", True)),
])
def test_french_forms(text, expected):
    assert values(text, "fr") == [pytest.approx(expected)]


def test_coordinated_numbers_share_currency_scale_and_cue():
    assert values("contre 3.000 et 15.000 euros", "fr") == [(3_000, "EUR", False), (15_000, "EUR", False)]
    assert values("de 44 millions et 10,6 millions d'euros", "fr") == [
        (44_000_000, "EUR", False), (pytest.approx(10_600_000), "EUR", False)]
    assert values("losses between 5 and 10 million dollars", "en")[0][0] == 5_000_000
    assert values("for loss over $500,000 and $1.3 million", "en") == [
        (500_000, "USD", True), (1_300_000, "USD", True)]


def test_not_money():
    for text in ("In 2019 and 2020, 14 people were arrested under section 1343.",
                 "Call 1-800-253-3931 about case 19WF0313.", "He faces 20 years.",
                 "He paid with fake $100 bills.", "Typo: $160,0000 stolen."):
        assert values(text, "en") == [], text
    assert values("en billets de 500 euros", "fr") == []
    assert values("entre 2015 et 2023, soit", "fr") == []


def test_roles_dedupe_and_usd(fx):
    text = ("The defendant embezzled $1.7 million from her employer. She was ordered to pay $1,722,558 in "
            "restitution. Police seized $40,000 in cash from his home. He faces a maximum fine of $250,000. "
            "He is held on $100,000 bail. Prosecutors said he embezzled $1.7 million.")
    found = {a["value"]: a for a in amounts(fx, text, "en", published="2020-07-02")}
    assert {v: a["role"] for v, a in found.items()} == {
        1_700_000: "loss", 1_722_558: "penalty", 40_000: "seized", 250_000: "statutory", 100_000: "other"}
    assert found[1_700_000]["usd"] == 1_700_000
    a = found[40_000]
    assert text[a["start"]:a["end"]] == "$40,000" and a["sent_start"] <= a["start"] < a["end"] <= a["sent_end"]


def test_french_roles(fx):
    text = ("Le préjudice est estimé à 2 millions d'euros. Les perquisitions ont permis la saisie de 300.000 euros. "
            "Le tribunal a infligé 50.000 euros d'amende. Les abus sont passibles de 75.000 euros d'amende.")
    roles = {a["value"]: a["role"] for a in amounts(fx, text, "fr")}
    assert roles == {2_000_000: "loss", 300_000: "seized", 50_000: "penalty", 75_000: "statutory"}


def test_usd_conversion_uses_the_publication_date_and_never_guesses():
    assert to_usd(100, "EUR", "2020-07-02") == pytest.approx(112.86, rel=0.01)
    assert to_usd(100, "EUR", None) is None
    assert to_usd(100, "EUR", "1990-01-01") is None  # before the bundled rates
    assert to_usd(100, "EUR", "not a date") is None
    assert to_usd(3, "BTC", "2020-07-02") is None
    assert to_usd(5, "USD", None) == 5


def test_yen_sign_is_yuan_in_chinese_context():
    assert values("Police in Beijing seized ¥5 million.", "en")[0][1] == "CNY"
    assert values("Tokyo police seized ¥5 million.", "en")[0][1] == "JPY"


def test_bad_input_never_crashes(fx):
    assert amounts(fx, "", "en") == []
    assert amounts(fx, "1 2 3 4 5 6 7 8 9 10 1,000 2.5", "en") == []
    assert fx.extract(Document(text="Die Polizei beschlagnahmte 5 Millionen Euro.", lang="de"))["amounts"] == []
    assert fx.extract(Document(text="La policía incautó 5 millones de euros.", lang="es"))["amounts"] == []



def test_five_megabytes_of_text_is_cut_not_fatal():
    from extract.facts.pipeline import FactsSettings

    small = FactExtractor(FactsSettings(max_chars=50_000))  # the cut is a setting; 5 MB must not crash
    big = "The scheme caused losses of $1.5 million to investors. " + "Filler words, no sums at all. " * 180_000
    assert len(big) > 5_000_000
    record = small.extract(Document(text=big, lang="en"))
    assert [a["value"] for a in record["amounts"]] == [1_500_000]
    assert find_amounts(big[:1_000_000], "en")[0].value == 1_500_000  # the grammar alone, on a long text
