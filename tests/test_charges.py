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


def test_news_say_what_the_arrested_people_did(extractor):
    text = ("Police raid call centre\n\nOfficers detained 40 suspects who ran a scam hub in the port city "
            "and laundered the proceeds through shell firms. Six fraudsters and two hackers were later charged.")
    charges, _ = charges_of(extractor, text)
    assert set(charges) == {"fraud", "money_laundering", "computer_intrusion"}


def test_a_warning_has_no_charges(extractor):
    text = ("Beware of parcel scams\n\nScammers are targeting shoppers with fake delivery texts, and fraudsters "
            "may steal card details. Action Fraud says victims should report every message.")
    charges, _ = charges_of(extractor, text)
    assert charges == []


def test_a_scammers_pretext_is_not_their_offence(extractor):
    text = ("Two held over phone con\n\nTwo men were arrested for running a phone scam. The callers told pensioners "
            "that their names had appeared in a drug trafficking case.")
    charges, _ = charges_of(extractor, text)
    assert charges == ["fraud"]


def test_first_person_and_negated_arrests_report_no_case(extractor):
    text = ("Fake tax officers call again\n\n\"The man said there was a warrant for my arrest over tax evasion,\" "
            "a retiree said. Officers do not arrest people over the phone.")
    charges, _ = charges_of(extractor, text)
    assert charges == []


def test_prc_offence_names_and_named_groups(extractor):
    text = ("Court sentences gang leaders\n\nMembers of the Wei family criminal group were sentenced for intentional "
            "injury, illegal detention and organizing prostitution. Another man was convicted of laundering money "
            "for a criminal gang and of illegal border crossing.")
    charges, _ = charges_of(extractor, text)
    assert set(charges) == {"organized_crime", "assault", "kidnapping", "sexual_offence", "money_laundering", "other"}


def test_an_unnamed_group_helped_is_not_organized_crime(extractor):
    text = "Courier charged\n\nThe courier was charged with moving cash for a criminal syndicate."
    charges, _ = charges_of(extractor, text)
    assert "organized_crime" not in charges


def test_french_news_phrasing(extractor):
    text = ("Quatre faux banquiers interpellés\n\nLes gendarmes ont interpellé quatre fraudeurs qui usurpaient "
            "l'identité de conseillers. Ils sont aussi accusés de faire partie d'un réseau criminel et de "
            "séquestration.")
    charges, _ = charges_of(extractor, text, "fr")
    assert set(charges) == {"fraud", "identity_theft", "organized_crime", "kidnapping"}


def test_french_advice_page_has_no_charges(extractor):
    text = ("Arnaques au colis : comment s'en protéger ?\n\nLes escrocs envoient de faux SMS pour voler vos "
            "données bancaires. Ne cliquez jamais sur le lien.")
    charges, _ = charges_of(extractor, text, "fr")
    assert charges == []


def test_the_speakers_mission_is_not_a_charge(extractor):
    text = ("Landlord Indicted\n\nThe landlord was indicted for grand larceny. \"We will keep protecting tenants "
            "from every kind of fraud,\" the prosecutor said. \"We charged him with forgery as well.\"")
    charges, _ = charges_of(extractor, text)
    assert set(charges) == {"theft", "forgery"}


def test_a_workshop_on_an_offence_reports_no_case(extractor):
    text = ("Agencies to meet on migrant smuggling\n\nOfficials responsible for investigating and prosecuting "
            "human trafficking will meet next week. There is no charge for attending the sessions.")
    charges, _ = charges_of(extractor, text)
    assert charges == []


def test_a_statutes_list_of_means_is_not_a_charge(extractor):
    text = ("Pimp Convicted of Trafficking\n\nA jury convicted a Tustin man of human trafficking. Under state law, "
            "trafficking covers work obtained through force, fraud, duress, or coercion of the victim.")
    charges, record = charges_of(extractor, text)
    assert charges == ["human_trafficking"] and not record["relevant"]


def test_a_quoted_definition_accuses_nobody(extractor):
    text = ("Man Sentenced for Pandering\n\nThe man was sentenced to four years in prison for pandering. "
            "\u201cCoercion\u201d includes a scheme in which a victim is charged a debt obtained by fraud.")
    charges, _ = charges_of(extractor, text)
    assert "fraud" not in charges


def test_offences_beside_one_word_of_force_are_both_charged(extractor):
    charges, _ = charges_of(extractor, "Two Charged\n\nThe pair were charged with fraud and threats against a clerk.")
    assert "fraud" in charges
    fr, _ = charges_of(extractor, "Deux hommes condamnés\n\nIls ont été condamnés pour escroquerie et violences "
                                  "sur un commerçant.", lang="fr")
    assert "fraud" in fr and "assault" in fr
