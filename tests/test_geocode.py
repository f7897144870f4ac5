from extract.facts.geocode import distance_km, gazetteer, normalize


def test_normalize_folds_case_accents_hyphens_and_apostrophes():
    assert normalize("Val-d’Oise") == normalize("val d'oise") == "val d'oise"
    assert normalize("  Épinay-sur-Seine ") == "epinay sur seine"


def test_city_lookup_carries_geocode():
    brooklyn = [p for p in gazetteer().lookup("Brooklyn") if p.country == "US" and p.admin1 == "NY"][0]
    assert brooklyn.feature == "city"
    assert brooklyn.geonameid and 40 < brooklyn.latitude < 41 and -75 < brooklyn.longitude < -73


def test_french_exonyms_and_country_names():
    assert [(p.name, p.country) for p in gazetteer().lookup("Pékin", "fr")] == [("Beijing", "CN")]
    myanmar = gazetteer().lookup("Birmanie", "fr")
    assert myanmar[0].feature == "country" and myanmar[0].country == "MM"


def test_us_counties_states_and_abbreviations():
    gaz = gazetteer()
    counties = {p.admin1 for p in gaz.lookup("Orange County") if p.feature == "county"}
    assert {"CA", "FL"} <= counties
    assert gaz.state_abbreviation("Calif.", "en").name == "California"
    assert gaz.state_abbreviation("TN", "en").name == "Tennessee"
    assert gaz.state_abbreviation("Tn", "en") is None
    assert gaz.court_district("S.D.N.Y.").name == "New York"


def test_subdivisions_drop_iso_suffixes():
    fujian = gazetteer().lookup("Fujian")
    assert fujian and fujian[0].country == "CN" and fujian[0].feature == "admin1"
    assert any(p.country == "FR" for p in gazetteer().lookup("Seine-Saint-Denis"))


def test_neighbourhoods_inside_new_york_city():
    gaz = gazetteer()
    bensonhurst = [p for p in gaz.lookup("Bensonhurst") if p.country == "US"][0]
    brooklyn = [p for p in gaz.lookup("Brooklyn") if p.admin1 == "NY"][0]
    assert gaz.is_neighbourhood(bensonhurst)
    assert not gaz.is_neighbourhood(brooklyn)


def test_distance_km():
    assert abs(distance_km(48.8566, 2.3522, 51.5074, -0.1278) - 344) < 5
