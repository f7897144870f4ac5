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


def test_states_get_a_towns_centroid_and_keep_their_geonames_id():
    california = next(p for p in gazetteer().lookup("California") if p.feature == "admin1")
    assert california.point == "towns_centroid" and california.geonameid == 5332921
    assert 32 < california.latitude < 42 and -124.5 < california.longitude < -114
    alaska = gazetteer().state("AK")  # the Aleutians cross the antimeridian: a vector mean stays in Alaska
    assert 55 < alaska.latitude < 71 and -170 < alaska.longitude < -130
    assert gazetteer().state_abbreviation("Ore.", "en").point == "towns_centroid"


def test_counties_get_their_zip_centroid_and_no_invented_id():
    orange = {p.admin1: p for p in gazetteer().lookup("Orange County") if p.feature == "county"}
    assert orange["CA"].point == "zip_centroid" and orange["CA"].geonameid is None
    assert distance_km(orange["CA"].latitude, orange["CA"].longitude, 33.70, -117.76) < 25
    assert distance_km(orange["FL"].latitude, orange["FL"].longitude, 28.51, -81.32) < 40


def test_places_without_a_point_say_so():
    region = gazetteer().lookup("Oost-Vlaanderen")[0]  # an ISO 3166-2 province GeoNames keeps at level 2
    assert region.as_fact()["point"] is None and region.as_fact()["latitude"] is None


def test_first_level_regions_of_every_country_under_their_geonames_name():
    gaz = gazetteer()
    for written, name, country in [("Shan State", "Shan State", "MM"), ("Shan", "Shan State", "MM"),
                                   ("Tboung Khmum", "Tboung Khmum", "KH"), ("Sindh", "Sindh", "PK"),
                                   ("Berne", "Bern", "CH"), ("Uttar Pradesh", "Uttar Pradesh", "IN")]:
        region = next(p for p in gaz.lookup(written) if p.feature == "admin1")
        assert (region.name, region.country) == (name, country), written
    henan = gaz.lookup("Henan")[0]
    assert henan.point == "towns_centroid" and 31 < henan.latitude < 37 and 110 < henan.longitude < 117
    assert henan.admin1 == "09"  # GeoNames' own admin1 code, the one its towns carry


def test_admin1_file_has_a_point_for_every_region():
    from extract.facts.geocode import DATA

    rows = [line.split("\t") for line in (DATA / "admin1.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith(("#", "country\t"))]
    assert len(rows) > 3000 and len({r[0] for r in rows}) > 200
    assert all(-90 <= float(r[3]) <= 90 and -180 <= float(r[4]) <= 180 for r in rows)
    city = next(p for p in gazetteer().lookup("Fresno") if p.country == "US")
    assert city.as_fact()["point"] == "geonames"


def test_county_points_file_covers_the_gazetteer_counties():
    from extract.facts.geocode import DATA

    rows = [line.split("\t") for line in (DATA / "us_county_points.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith(("#", "state\t"))]
    assert len(rows) > 3000
    assert all(-90 <= float(r[2]) <= 90 and -180 <= float(r[3]) <= 180 and int(r[4]) > 0 for r in rows)


def test_region_names_lose_the_suffix_writers_leave_out():
    gaz = gazetteer()
    bago = next(p for p in gaz.lookup("Bago Region") if p.feature == "admin1")
    assert bago.name == "Bago" and bago.country == "MM"
    assert next(p for p in gaz.lookup("Kayin State") if p.feature == "admin1").name == "Kayin State"
