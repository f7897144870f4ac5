"""Event types and relevance on invented press releases."""

import pytest

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


def test_handover_of_suspects_is_extradition_and_relevant(extractor):
    text = (
        "Fraud Suspects Sent Home\n\n"
        "Thirty-two people suspected of running an online investment scam were handed over to Vietnamese police "
        "at the border crossing on Tuesday."
    )
    types, record = run(extractor, text)
    assert "extradition" in types
    assert record["relevant"] is True
    rescued = "Rescued Workers\n\nNineteen trafficking victims were handed over to their families on Sunday."
    types, _ = run(extractor, rescued)
    assert "extradition" not in types  # victims sent home are no handover of suspects


def test_french_handover_and_reflexive_verbs(extractor):
    text = (
        "Un escroc présumé remis à l'Espagne\n\n"
        "Le suspect, recherché pour escroquerie, a été remis à l'Espagne lundi. "
        "Plusieurs victimes s'étaient exécutées sans discuter et le phénomène ne semble pas près de s'arrêter."
    )
    types, record = run(extractor, text, "fr")
    assert "extradition" in types
    assert "execution" not in types and "arrest" not in types  # s'exécuter = to comply, s'arrêter = to stop
    assert record["relevant"] is True


def test_sanctions_designation_is_other_and_relevant(extractor):
    text = (
        "Treasury Acts Against Scam Network\n\n"
        "The Treasury sanctioned a militia commander and two of his companies for running fraud compounds. "
        "Police also arrested a courier."
    )
    types, record = run(extractor, text)
    assert {"other", "arrest"} <= types  # the designation stays `other` beside the arrest
    assert record["relevant"] is True
    text = "Bank Pays Penalty\n\nThe bank moved money for clients in countries sanctioned by the Treasury."
    types, _ = run(extractor, text)
    assert "other" not in types  # "countries sanctioned" describes countries, it reports no designation


def test_warning_with_a_quoted_arrest_is_not_a_case(extractor):
    text = (
        "Residents Lose Savings to Fake Tax Calls\n\n"
        "One woman said the caller told her there was a warrant for her arrest and that officers would arrest her "
        "within the hour unless she paid. \"He said my arrest was already approved,\" she said. "
        "Scammers threatened another man with arrest and deportation."
    )
    types, record = run(extractor, text)
    assert "arrest" not in types
    assert record["relevant"] is False


def test_french_warning_with_a_quoted_arrest_is_not_a_case(extractor):
    text = (
        "Arnaque au faux gendarme : la préfecture alerte\n\n"
        "« Il m'a dit que mon arrestation était imminente », raconte une habitante. "
        "La police n'arrête jamais personne par téléphone."
    )
    types, record = run(extractor, text, "fr")
    assert "arrest" not in types
    assert record["relevant"] is False


def test_execution_needs_its_capital_sense(extractor):
    warrant = (
        "Fraud Ring Raided\n\n"
        "Detectives executed six search warrants in Leeds and the contract was executed by the buyer."
    )
    types, _ = run(extractor, warrant)
    assert "execution" not in types and "investigation" in types
    capital = "Crime Family Bosses Put to Death\n\nThe court said that five members of the gang were executed on Monday."
    types, _ = run(extractor, capital)
    assert "execution" in types


def test_french_execution_of_a_warrant_is_not_an_execution(extractor):
    text = (
        "Escroquerie aux faux placements\n\n"
        "L'exécution du mandat d'arrêt a eu lieu à Lyon, où le suspect a été interpellé pour escroquerie."
    )
    types, _ = run(extractor, text, "fr")
    assert "execution" not in types and "arrest" in types


def test_future_and_purpose_are_not_reported(extractor):
    text = (
        "Agencies Join Forces Against Online Fraud\n\n"
        "Police forces are cooperating to dismantle phone fraud networks. "
        "The suspect would be arraigned next month, and he could be sentenced to prison."
    )
    types, _ = run(extractor, text)
    assert not types & {"takedown", "charge", "sentence"}


def test_the_accused_as_a_noun_is_no_charge_and_a_bill_is_not_a_case(extractor):
    text = "Arnaque aux sentiments\n\nLe mis en cause a reconnu les faits devant les enquêteurs."
    types, _ = run(extractor, text, "fr")
    assert "charge" not in types
    text = (
        "Les sénateurs votent une proposition de loi contre l'escroquerie en ligne\n\n"
        "Le texte a été adopté mardi ; il rappelle qu'un réseau avait été démantelé en 2022."
    )
    _, record = run(extractor, text, "fr")
    assert record["relevant"] is False
