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
