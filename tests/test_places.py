"""Places and countries on invented press-release sentences (one model load per language)."""

import pytest

from extract.facts.pipeline import Document, FactExtractor


@pytest.fixture(scope="module")
def extractor():
    return FactExtractor()


def places_of(extractor, text, lang="en"):
    record = extractor.extract(Document(text=text, lang=lang))
    return {(p["name"], p["country"]) for p in record["places"]}, {c["country"] for c in record["countries"]}, record


def test_dateline_city_state_and_court_district(extractor):
    text = (
        "Two Men Charged in Wire Fraud Scheme\n\n"
        "WASHINGTON – Two men from Tulsa, Okla., were charged today in the Southern District of New York "
        "with wire fraud, the Justice Department announced. One of them lives in Dallas."
    )
    places, countries, _ = places_of(extractor, text)
    assert {("Washington", "US"), ("Tulsa", "US"), ("Oklahoma", "US"), ("New York", "US"), ("Dallas", "US")} <= places
    assert countries == {"US"}


def test_organisations_streets_and_demonyms_are_not_places(extractor):
    text = (
        "A Russian national was arrested by the Irvine Police Department after he defrauded the Bank of America. "
        "He lived at 12 Denver Street and studied at the University of Texas."
    )
    places, countries, _ = places_of(extractor, text)
    assert places == set()
    assert countries == set()


def test_county_lists_and_context_pick_the_right_state(extractor):
    text = (
        "SANTA ANA, Calif. – Victims lived in Orange, Riverside and San Diego counties, "
        "prosecutors in California said."
    )
    places, _, record = places_of(extractor, text)
    assert {("Santa Ana", "US"), ("California", "US"), ("Orange County", "US"), ("Riverside County", "US"),
            ("San Diego County", "US")} <= places
    santa_ana = next(p for p in record["places"] if p["name"] == "Santa Ana")
    assert santa_ana["admin1"] == "CA" and santa_ana["latitude"] and santa_ana["geonameid"]
    assert record["places"][0]["text"] == text[santa_ana["start"] : santa_ana["end"]]


def test_world_city_beats_small_namesake(extractor):
    places, countries, _ = places_of(extractor, "The bank, headquartered in London, agreed to forfeit the funds.")
    assert ("London", "GB") in places and "GB" in countries


def test_french_exonyms_regions_and_towns_in_brackets(extractor):
    text = (
        "Escroquerie : trois suspects interpellés\n\n"
        "Les enquêteurs ont interpellé trois hommes à Pierrefitte (Seine-Saint-Denis) et à Vaux-le-Brécy (Eure). "
        "Le réseau opérait depuis la Birmanie et blanchissait l'argent à Pékin. "
        "Un ressortissant chinois a été placé en garde à vue."
    )
    places, countries, _ = places_of(extractor, text, "fr")
    assert {("Pierrefitte-sur-Seine", "FR"), ("Seine-Saint-Denis", "FR"), ("Beijing", "CN")} <= places
    assert ("Vaux-le-Brécy", "FR") in places  # not in the gazetteer: placed by its department
    assert {"FR", "MM", "CN"} <= countries


def test_trailing_site_furniture_is_ignored(extractor):
    text = (
        "Man Sentenced for Fraud\n\nTUCSON – A man was sentenced today for bank fraud.\n"
        + "He will serve his term in prison. " * 20
        + "\n###\nLatest Posts\nWoman Charged in Chicago Robbery\n"
    )
    places, _, _ = places_of(extractor, text)
    assert ("Tucson", "US") in places
    assert ("Chicago", "US") not in places


def test_halves_of_names_streets_and_compounds_are_not_places(extractor):
    text = (
        "Clerk Charged With Theft\n\n"
        "She worked for the Miami-Dade transit agency and lived in Fort Greene near the Ocean Hill library. "
        "The case was filed in the Southern District of Ohio and heard at the West Valley Justice Center. "
        "Most of the stolen goods were shipped to Asia."
    )
    places, countries, _ = places_of(extractor, text)
    assert ("Ohio", "US") in places
    assert not {name for name, _ in places} & {"Dade", "Greene", "Hill", "Southern", "West", "Justice", "Asia"}
    assert countries == {"US"}


def test_people_named_like_towns_are_not_places(extractor):
    text = (
        "The bookkeeper, Maria Elena Corona, 52, was charged with embezzlement in Dallas. "
        "Corona, who kept the books for ten years, admitted the theft. Detective Jackson testified that "
        "checks were written to Jordan T. and to a shell company."
    )
    places, countries, _ = places_of(extractor, text)
    assert places == {("Dallas", "US")}
    assert countries == {"US"}


def test_accent_folded_and_alternate_names_need_support(extractor):
    text = "The firm paid Titan staff in cash, the Special Agent in Charge said. He Sues Nobody, the memo read."
    places, countries, _ = places_of(extractor, text)
    assert places == set() and countries == set()


def test_town_comma_country_or_region_decides_the_namesake(extractor):
    text = "The money was wired to Lima, Peru, and to Cairo, Egypt, before it reached Orillia, Ontario."
    places, countries, _ = places_of(extractor, text)
    assert {("Lima", "PE"), ("Cairo", "EG"), ("Orillia", "CA"), ("Ontario", "CA")} <= places
    assert not any(country == "US" for _, country in places)
    assert {"PE", "EG", "CA"} <= countries


def test_town_missing_in_the_named_state_is_kept_without_a_point(extractor):
    places, _, record = places_of(extractor, "A woman from Plano, Ore., pleaded guilty to wire fraud.")
    assert ("Oregon", "US") in places
    plano = next(p for p in record["places"] if p["name"] == "Plano")
    assert plano["admin1"] == "OR" and plano["latitude"] is None and plano["point"] is None


def test_spaced_dash_dateline_and_names_listed_with_ages(extractor):
    text = (
        "Two Charged in Loan Scheme\n\n"
        "WASHINGTON - Police arrested Jeremy Stone, 42, of Orange, and Dana Brook, 41, of Tustin, prosecutors said."
    )
    places, _, _ = places_of(extractor, text)
    assert {("Washington", "US"), ("Orange", "US"), ("Tustin", "US")} <= places


def test_places_store_how_their_point_was_obtained(extractor, tmp_path):
    from db.store import open_db, write_facts

    text = "Victims lived in Riverside County, California, and in Fresno."
    record = extractor.extract(Document(text=text, lang="en"))
    points = {p["name"]: p["point"] for p in record["places"]}
    assert points == {"Riverside County": "zip_centroid", "California": "towns_centroid", "Fresno": "geonames"}
    db = open_db(tmp_path / "facts.db")
    db["articles"].insert({"id": 1, "url": "http://127.0.0.1/a", "text": text})
    write_facts(db, 1, record, text, 1)
    rows = {r["name"]: r for r in db["places"].rows}
    assert rows["Riverside County"]["point"] == "zip_centroid" and rows["Riverside County"]["latitude"]
    assert rows["California"]["geonameid"] and rows["California"]["point"] == "towns_centroid"


def test_first_names_and_surnames_that_are_countries(extractor):
    text = ("Le vice-président Jordan Bardella et l'ancien président François Hollande ont commenté "
            "le procès de Dominique Martel à Lyon.")
    places, countries, _ = places_of(extractor, text, lang="fr")
    assert ("Lyon", "FR") in places
    assert not countries & {"JO", "NL", "DM"}


def test_regions_of_other_countries_under_their_geonames_name(extractor):
    text = (
        "Police in Myanmar's Kachin State handed 40 suspects to China. They had worked in Sindh and in "
        "Tboung Khmum province before the raid, and their victims lived in Hunan and Jiangxi."
    )
    places, countries, _ = places_of(extractor, text)
    assert {("Kachin State", "MM"), ("Sindh", "PK"), ("Tboung Khmum", "KH"), ("Hunan", "CN"),
            ("Jiangxi", "CN")} <= places
    assert {"MM", "CN", "PK", "KH"} <= countries


def test_written_name_wins_over_an_alternate_name_of_a_bigger_namesake(extractor):
    places, _, _ = places_of(extractor, "NEW DELHI, May 3 -- Officers in New Delhi arrested six men for fraud.")
    assert ("New Delhi", "IN") in places and ("Delhi", "IN") not in places


def test_currencies_agencies_macro_regions_and_people_are_not_countries(extractor):
    text = (
        "The gang in Vietnam moved 2 billion yuan (about 280 million U.S. dollars), state news agency Xinhua "
        "reported. Its victims lived across South America. Deputy Minister Karen Jordan said the case was closed. "
        "\"We will go on,\" Jordan said."
    )
    places, countries, _ = places_of(extractor, text)
    assert countries == {"VN"}
    assert places == set()


def test_generic_region_names_need_their_country(extractor):
    text = ("A retiree from Far North Queensland lost $40,000 to the scam, Australian police said, and a nurse "
            "from the Centrale ward of the hospital in Perth, Australia, reported it.")
    places, countries, _ = places_of(extractor, text)
    assert ("Perth", "AU") in places
    assert not {c for _, c in places} - {"AU"} and countries == {"AU"}


def test_french_currency_and_neighbourhood_are_not_places(extractor):
    text = ("La police de Tanger a saisi 90 000 dollars de Hong Kong au quartier El Oued, "
            "où vivaient les trois suspects arrêtés au Maroc.")
    places, countries, _ = places_of(extractor, text, "fr")
    assert "HK" not in countries and ("Tangier", "MA") in places
    assert not any(name == "El Oued" for name, _ in places)


def test_state_named_like_a_country_after_a_town_and_a_number_word_before_a_city(extractor):
    text = ("Ohio Woman Admits Fraud\n\nA woman from Savannah, Georgia, admitted the scheme. "
            "Agents said one Chicago lawyer had helped her.")
    places, countries, _ = places_of(extractor, text)
    assert {("Savannah", "US"), ("Georgia", "US"), ("Chicago", "US")} <= places
    assert countries == {"US"}


def test_police_jail_and_court_named_after_their_town_stand_in_it(extractor):
    text = ("Kerala police arrested four men in India; two are held "
            "in Nagpur jail. The Dallas Police Department was not involved.")
    places, _, _ = places_of(extractor, text)
    assert {("Kerala", "IN"), ("Nagpur", "IN")} <= places
    assert ("Dallas", "US") not in places


def test_region_kind_after_its_name_city_territories_and_french_exonyms(extractor):
    places, countries, _ = places_of(
        extractor, "A court in Dongguan in Guangdong Province jailed nine men; a Macau-based firm paid them.")
    assert {("Dongguan", "CN"), ("Guangdong", "CN"), ("Macau", "MO")} <= places and "MO" in countries
    places, countries, _ = places_of(
        extractor, "Des perquisitions ont eu lieu à Anvers et en Bavière, puis en Bosnie.", "fr")
    assert {("Antwerp", "BE"), ("Bavaria", "DE")} <= places and "BA" in countries


def test_all_caps_and_lower_case_text_give_no_list_of_every_capitalised_word(extractor):
    caps = ("THREE WOMEN INDICTED IN ROMANCE SCAM\n\nDETECTIVES IN TUCSON SAID ON FRIDAY THAT THREE WOMEN FROM "
            "CLINTON AND LIMA WERE INDICTED FOR FRAUD AFTER A SEARCH BY THE FBI. THE WOMEN, ALL FROM ARIZONA, "
            "WILL APPEAR BEFORE JUDGE GRACE HILL WITH OFFICER CARSON AND AGENT MARSHALL IN JUNE.")
    places, countries, _ = places_of(extractor, caps)
    names = {name for name, _ in places}
    assert names <= {"Tucson", "Clinton", "Lima", "Arizona"} and "Arizona" in names
    assert countries <= {"US", "PE"}
    lower = ("detectives in tucson said on friday that three women from clinton and lima were indicted for fraud. "
             "judge grace hill of victoria will hear the case with officer carson and agent marshall.")
    places, countries, _ = places_of(extractor, lower)
    assert len(places) <= 2 and not {"Victoria", "Carson", "Marshall", "Hill", "Grace"} & {n for n, _ in places}


def test_one_long_paragraph_without_punctuation_stays_linear():
    import random
    import time

    import spacy

    from extract.facts import places as places_module
    from extract.facts.pipeline import Document

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10**7
    words = "officers in Tucson said Clinton and Lima women from Arizona were charged by Judge Grace Hill".split()
    rng = random.Random(7)
    text = " ".join(rng.choice(words) for _ in range(30_000))  # ~170 kB and a single sentence
    doc = nlp(text)
    places_module.extract(nlp("warm up"), "en", Document(text="warm up"))
    started = time.perf_counter()
    found, countries = places_module.extract(doc, "en", Document(text=text, lang="en"))
    assert time.perf_counter() - started < 20
    assert len(found) <= 5 and {c["country"] for c in countries} <= {"US", "PE"}


def test_a_list_of_countries_and_no_us_town_in_a_story_set_abroad(extractor):
    text = ("The operation involved police from Austria, China, Japan and Spain. "
            "Detectives in Brisbane, Queensland, and in Perth, Western Australia, arrested two men in Australia; "
            "officers also searched a home in Kenmore.")
    places, countries, _ = places_of(extractor, text)
    assert {"AT", "CN", "JP", "ES", "AU"} == countries
    assert {c for _, c in places} == {"AU"}


def test_names_listed_after_a_preposition_share_it(extractor):
    text = ("Officers closed call centres in Zaragoza, Murcia and Alicante that had cheated pensioners, "
            "and raided farms in Battambang, Pursat, Kratie and Takeo.")
    places, _, _ = places_of(extractor, text)
    assert {("Zaragoza", "ES"), ("Murcia", "ES"), ("Alicante", "ES"), ("Battambang", "KH"), ("Pursat", "KH"),
            ("Kratie", "KH"), ("Takeo", "KH")} <= places


def test_short_region_names_need_their_country(extractor):
    places, countries, _ = places_of(extractor, "A broker sold a fake Van Dyck to a dealer from Zug and a buyer in Van.")
    assert not {c for _, c in places} & {"TR"} and "TR" not in countries
    places, countries, _ = places_of(extractor, "Police in Van, Turkey, arrested four men over a loan scam.")
    assert ("Van", "TR") in places


def test_a_first_name_the_model_calls_a_place_is_no_foreign_region(extractor):
    text = "Une cagnotte a été ouverte par un certain Michaël, sans lien avec la famille de Nancy."
    places, countries, _ = places_of(extractor, text, "fr")
    assert countries == {"FR"} and ("Nancy", "FR") in places


def test_town_comma_preposition_country_decides_the_namesake(extractor):
    text = "Le fraudeur a vécu à Denver, aux États-Unis, puis à Cambridge, au Royaume-Uni."
    places, countries, _ = places_of(extractor, text, "fr")
    assert {("Denver", "US"), ("Cambridge", "GB")} <= places and countries == {"US", "GB"}
