"""Statute citations: US federal and state codes, French codes, foreign codes cited in French."""

from __future__ import annotations

import pytest

from extract.facts.legal_refs import find_refs


def refs(text, lang):
    return [(r["jurisdiction"], r["article"], r["code"]) for r in find_refs(text, lang)]


@pytest.mark.parametrize("text,expected", [
    ("in violation of 18 U.S.C. § 1343.", [("US", "1343", "U.S.C.")]),
    ("under Title 18, United States Code, Section 1349.", [("US", "1349", "U.S.C.")]),
    ("charged under 18 U.S.C. §§ 1343 and 1349", [("US", "1343", "U.S.C."), ("US", "1349", "U.S.C.")]),
    ("a violation of Penal Code section 487(a)", [("US", "487(a)", "Penal Code")]),
    ("California Penal Code 530.5 prohibits it", [("US", "530.5", "Penal Code")]),
    ("Texas Penal Code § 32.45", [("US", "32.45", "Penal Code")]),
    ("NY Penal Law 190.65", [("US", "190.65", "Penal Law")]),
    ("Section 11(b) of the Voting Rights Act of 1965", [("US", "11(b)", "Act")]),
    ("booked under sections 419 and 420 of the IPC", [("IN", "419", "IPC"), ("IN", "420", "IPC")]),
])
def test_english(text, expected):
    assert refs(text, "en") == expected


def test_french_codes_and_their_country():
    assert refs("réprimée par l'article 313-1 du Code pénal.", "fr") == [("FR", "313-1", "Code pénal")]
    assert refs("L’article 253-1 du Code pénal chinois.", "fr") == [("CN", "253-1", "Code pénal")]
    assert refs("les articles 321-1 et 321-2 du code pénal", "fr") == [
        ("FR", "321-1", "Code pénal"), ("FR", "321-2", "Code pénal")]
    china = ("La police de Pékin a arrêté cinq suspects en Chine. Selon la loi chinoise, "
             "l'article 280 du Code pénal punit la falsification.")
    assert refs(china, "fr") == [("CN", "280", "Code pénal")]


def test_no_false_citations():
    assert refs("In 2019, 12 people were arrested. Case No. 19-cr-123. Call 1-800-253-3931.", "en") == []
    assert refs("Il a passé 3 ans en prison, article de presse du 12 mai.", "fr") == []
    assert refs("", "en") == [] and refs("§ §", "en") == []
    assert refs("§ 263 StGB", "de") == []


@pytest.mark.parametrize("text,expected", [
    ("contrary to Title 21, United States Code, Sections 841 and 846.", [("US", "841"), ("US", "846")]),
    ("in violation of Title 18, U.S.C. Section 1030(a)(2).", [("US", "1030(a)(2)")]),
    ("robbery (PC 211) and burglary (PC 459)", [("US", "211"), ("US", "459")]),
    ("Section 1714.5 of the California Civil Code requires it", [("US", "1714.5")]),
    ("violating General Business Law Section 349-B (2).", [("US", "349-B(2)")]),
    ("two counts under Labor Law section 191", [("US", "191")]),
    ("Elections Code 18500 and Code of Civil Procedure section 425.16", [("US", "18500"), ("US", "425.16")]),
    ("Fla. Stat. § 817.568 and A.R.S. § 13-2008", [("US", "817.568"), ("US", "13-2008")]),
    ("a case under section 66 (data theft) of the IT Act", [("IN", "66")]),
])
def test_more_english_forms(text, expected):
    assert [(j, a) for j, a, _ in refs(text, "en")] == expected


def test_french_lists_prefixed_articles_and_bare_code_numbers():
    assert [(j, a) for j, a, _ in refs("les articles 222-34 à 222-39 du code pénal", "fr")] == [
        ("FR", "222-34"), ("FR", "222-39")]
    assert [(j, a) for j, a, _ in refs("selon l'article L. 465-1 du code monétaire et financier", "fr")] == [
        ("FR", "L.465-1")]
    assert [(j, a) for j, a, _ in refs("poursuivis sur le fondement de l'article 421-2-1, ils", "fr")] == [
        ("FR", "421-2-1")]


def test_named_laws_need_an_article_word_and_glosses_stay_out():
    assert refs("The Civil Rights Act, 48 of which were filed last year.", "en") == []
    assert refs("La loi du 29 juillet 1881 sur la presse.", "fr") == []
    assert refs("l'article 12 du projet de loi de finances", "fr") == []
    assert refs("HSC 125300\n(b) A person may not sell it.", "en")[0][1] == "125300"


@pytest.mark.parametrize("text,expected", [
    # Indian lists: glosses between the sections, "u/s" and "r/w" shorthand
    ("A case was registered under IPC sections 406 (breach of trust), 409, 420 (cheating) and 34.",
     [("IN", "406"), ("IN", "409"), ("IN", "420"), ("IN", "34")]),
    ("the accused were booked u/s 467 r/w 120B IPC on Monday", [("IN", "467"), ("IN", "120B")]),
    ("charged under sections 468 (forgery for cheating), 201 (destruction of evidence) of the IPC",
     [("IN", "468"), ("IN", "201")]),
    ("section 419 read with section 34 of the Indian Penal Code", [("IN", "419"), ("IN", "34")]),
])
def test_indian_citation_shorthand(text, expected):
    assert [(j, a) for j, a, _ in refs(text, "en")] == expected


def test_act_titles_with_small_words_and_commonwealth_years():
    # Australian Acts carry their jurisdiction after the year
    assert [(j, a) for j, a, _ in refs(
        "two counts contrary to section 400.7(1) of the Crimes and Other Matters Act 1995 (Cth).", "en")] == [
        ("AU", "400.7(1)")]
    # "Act <year>" without "of" is a Commonwealth short title, never US law; the text's cues pick the country
    irish = "Gardaí in Cork arrested a woman under section 7 of the Criminal Justice Act 2011. The garda unit said."
    assert [(j, a) for j, a, _ in refs(irish, "en")] == [("IE", "7")]
    kiwi = "Police in Auckland charged him under section 240 of the Crimes Act 1961, a New Zealand police spokesman said."
    assert [(j, a) for j, a, _ in refs(kiwi, "en")] == [("NZ", "240")]
    assert [(j, a) for j, a, _ in refs("under section 12 of the Invented Offences Act 2004", "en")] == [("GB", "12")]
    # a US title keeps "of <year>"
    assert [(j, a) for j, a, _ in refs("Section 4 of the Invented Protection Act of 1990", "en")] == [("US", "4")]


def test_paragraphs_of_an_article_are_not_articles():
    assert [(j, a) for j, a, _ in refs("(art. 146 al. 1 et 3 du Code pénal suisse)", "fr")] == [("CH", "146")]
    assert [(j, a) for j, a, _ in refs("l'article 313-1, alinéa 2, du code pénal", "fr")] == [("FR", "313-1")]
