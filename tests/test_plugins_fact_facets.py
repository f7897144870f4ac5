"""Facets on articles for what they say (country, charge...), read from the facet index: counts and one-click filters."""

from __future__ import annotations

import sqlite3
import urllib.parse
from collections import Counter

import pytest

from datasette_plugins.app import make_datasette
from sample_publish_db import build_sample_db

EXTRAS = "_shape=objects&_size=max"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("fact_facets") / "crackdown.db")


def _brute(path, article_ids, facet_sql):
    """Counts per value among ``article_ids``, straight from the fact tables (no index involved)."""
    conn = sqlite3.connect(path)
    marks = ",".join("?" * len(article_ids))
    rows = conn.execute(f"select distinct article_id, v from ({facet_sql}) where article_id in ({marks})",
                        list(article_ids)).fetchall()
    conn.close()
    return Counter(str(v) for _, v in rows if v is not None)


COUNTRY = "select article_id, country as v from countries"
CHARGE = "select article_id, charge as v from charges"
YEAR = "select id as article_id, year as v from articles"


async def _get(ds, query=""):
    """JSON of the articles page for ``query`` (a toggle URL's query string is fine: its shape is reset)."""
    pairs = [(k, v) for k, v in urllib.parse.parse_qsl(query) if k not in ("_shape", "_size")]
    query = urllib.parse.urlencode(pairs)
    response = await ds.client.get(f"/crackdown/articles.json?{query}{'&' if query else ''}{EXTRAS}")
    assert response.status_code == 200, response.text
    data = response.json()
    facets = data["facet_results"].get("results", data["facet_results"])
    return data, {name: {v["value"]: v for v in f["results"]} for name, f in facets.items()}, facets


async def test_default_facets_cover_what_researchers_narrow_by(sample_db):
    ds = make_datasette(sample_db)
    data, facets, raw = await _get(ds)
    assert {"relevant", "country", "event_type", "charge", "year", "source", "agency", "lang", "currency",
            "amount_role"} <= set(facets)
    ids = [row["id"] for row in data["rows"]]
    assert {v: f["count"] for v, f in facets["country"].items()} == _brute(sample_db, ids, COUNTRY)
    assert {v: f["count"] for v, f in facets["charge"].items()} == _brute(sample_db, ids, CHARGE)
    assert facets["country"]["FR"]["label"] == "France (FR)"
    assert facets["source"]["gendarmerie-test"]["label"] == "Test Gendarmerie"  # the source's agency
    assert raw["country"]["type"] == "fact" and raw["year"]["type"] == "column"


async def test_one_click_narrows_to_articles_naming_a_value(sample_db):
    ds = make_datasette(sample_db)
    _, facets, _ = await _get(ds)
    url = facets["charge"]["fraud"]["toggle_url"]
    query = urllib.parse.urlsplit(url).query
    assert ("_fact_charge", "fraud") in urllib.parse.parse_qsl(query)
    data, narrowed, _ = await _get(ds, query)
    ids = {row["id"] for row in data["rows"]}
    conn = sqlite3.connect(sample_db)
    expected = {r[0] for r in conn.execute("select distinct article_id from charges where charge = 'fraud'")}
    conn.close()
    assert ids == expected and data["filtered_table_rows_count"] == len(expected) == 4
    assert narrowed["charge"]["fraud"]["selected"] is True
    assert 'charge has "fraud"' in data["human_description_en"]
    # counts of the other facets are over the narrowed articles only
    assert {v: f["count"] for v, f in narrowed["country"].items()} == _brute(sample_db, ids, COUNTRY)
    # clicking the selected value again takes the filter away
    back = urllib.parse.urlsplit(narrowed["charge"]["fraud"]["toggle_url"]).query
    assert "_fact_charge" not in back


async def test_several_values_must_all_hold(sample_db):
    ds = make_datasette(sample_db)
    data, facets, _ = await _get(ds, "_fact_charge=fraud&_fact_country=US")
    assert [row["title"] for row in data["rows"]] == ["Three men sentenced for $4.5 million romance fraud scheme"]
    assert facets["country"]["US"]["selected"] and facets["charge"]["fraud"]["selected"]
    data, _, _ = await _get(ds, "_fact_charge=money_laundering&_fact_country=MM")
    assert data["rows"] == [] and data["filtered_table_rows_count"] == 0


async def test_column_facets_toggle_column_filters_and_count_the_filtered_rows(sample_db):
    ds = make_datasette(sample_db)
    _, facets, _ = await _get(ds)
    query = urllib.parse.urlsplit(facets["year"]["2024"]["toggle_url"]).query
    assert ("year", "2024") in urllib.parse.parse_qsl(query)
    data, narrowed, _ = await _get(ds, query)
    ids = [row["id"] for row in data["rows"]]
    assert {row["year"] for row in data["rows"]} == {2024} and len(ids) == 4
    assert narrowed["year"]["2024"]["selected"]
    assert {v: f["count"] for v, f in narrowed["charge"].items()} == _brute(sample_db, ids, CHARGE)
    assert {v: f["count"] for v, f in narrowed["year"].items()} == _brute(sample_db, ids, YEAR)


async def test_facets_follow_a_full_text_search(sample_db):
    ds = make_datasette(sample_db)
    data, facets, _ = await _get(ds, "_search=fraud")
    ids = [row["id"] for row in data["rows"]]
    assert ids and {v: f["count"] for v, f in facets["country"].items()} == _brute(sample_db, ids, COUNTRY)


async def test_a_fact_facet_can_be_asked_for_on_its_own(sample_db):
    ds = make_datasette(sample_db)
    data, facets, raw = await _get(ds, "_facet_fact=date_source")
    assert facets["date_source"]["page"]["count"] == 6
    assert raw["date_source"]["hideable"] is True and raw["country"]["hideable"] is False


async def test_unknown_or_misplaced_fact_filters_are_clear_400s(sample_db):
    ds = make_datasette(sample_db)
    response = await ds.client.get("/crackdown/articles.json?_fact_planet=mars")
    assert response.status_code == 400
    assert "unknown fact facet 'planet'" in response.json()["error"] and "country" in response.json()["error"]
    response = await ds.client.get("/crackdown/articles.json?_fact_year=2024")
    assert response.status_code == 400 and "?year=" in response.json()["error"]
    response = await ds.client.get("/crackdown/charges.json?_fact_country=FR")
    assert response.status_code == 400 and "articles" in response.json()["error"]


async def test_html_page_shows_fact_facets_with_labels(sample_db):
    ds = make_datasette(sample_db)
    response = await ds.client.get("/crackdown/articles?_fact_country=FR")
    assert response.status_code == 200
    html = response.text
    assert "country (fact)" in html and "France (FR)" in html
    assert "1 row\n        where country has &#34;FR&#34;" in html
    assert "_fact_country" in html  # kept in the filter form's hidden fields


async def test_unpublished_database_serves_articles_without_fact_facets(tmp_path):
    path = build_sample_db(tmp_path / "raw.db", publish=False)
    ds = make_datasette(path, immutable=False)
    response = await ds.client.get(f"/raw/articles.json?{EXTRAS}")
    assert response.status_code == 200
    assert "country" not in response.json()["facet_results"].get("results", response.json()["facet_results"])
    response = await ds.client.get("/raw/articles.json?_fact_country=FR")
    assert response.status_code == 400 and "crackdown publish" in response.json()["error"]


async def test_a_value_no_article_has_narrows_to_nothing(sample_db):
    ds = make_datasette(sample_db)
    data, facets, _ = await _get(ds, "_fact_country=ZZ")
    assert data["rows"] == [] and data["filtered_table_rows_count"] == 0
    assert 'country has "ZZ"' in data["human_description_en"]


async def test_fact_filters_mixed_with_other_filters_count_the_same_articles(sample_db):
    """Fact filters alone read article ids from the index; with a search too, from the filtered rows."""
    ds = make_datasette(sample_db)
    data, alone, _ = await _get(ds, "_fact_charge=fraud")
    data_s, searched, _ = await _get(ds, "_fact_charge=fraud&_search=fraud")
    ids = [row["id"] for row in data_s["rows"]]
    assert 0 < len(ids) < len(data["rows"])
    assert {v: f["count"] for v, f in searched["country"].items()} == _brute(sample_db, ids, COUNTRY)
    assert {v: f["count"] for v, f in alone["country"].items()} == _brute(sample_db, [r["id"] for r in data["rows"]], COUNTRY)


async def test_events_view_has_the_same_facets_and_filters(sample_db):
    ds = make_datasette(sample_db)
    response = await ds.client.get("/crackdown/events.json?_shape=objects&_size=max&_fact_country=FR")
    assert response.status_code == 200, response.text
    data = response.json()
    assert [row["article_id"] for row in data["rows"]] == [2]
    facets = data["facet_results"].get("results", data["facet_results"])
    assert facets["country"]["results"][0]["selected"] and facets["charge"]["results"]
    response = await ds.client.get("/crackdown/events.json?_shape=objects&_size=max&year=2024")
    data = response.json()
    assert {row["year"] for row in data["rows"]} == {2024} and len(data["rows"]) == 4
    year = data["facet_results"].get("results", data["facet_results"])["year"]["results"]
    assert [(v["value"], v["count"], v["selected"]) for v in year] == [("2024", 4, True)]


@pytest.fixture(scope="module")
def cube_db(tmp_path_factory):
    """The sample database with co-occurrence counts for every value (publish keeps them for common ones)."""
    from db.facet_index import build_facet_index
    from db.publish import checkpoint
    from db.store import open_db

    path = build_sample_db(tmp_path_factory.mktemp("fact_facets_cube") / "crackdown.db")
    db = open_db(path)
    with db.conn:
        build_facet_index(db, pairs_min_articles=1)
    checkpoint(db)
    db.close()
    return path


@pytest.mark.parametrize("query", ["_fact_charge=fraud", "_fact_country=FR", "year=2024", "lang=en", "source=asia-police-test"])
async def test_one_value_pages_read_the_cooccurrence_counts_and_agree_with_the_pass(sample_db, cube_db, query):
    _, from_pass, _ = await _get(make_datasette(sample_db), query)
    data, from_cube, _ = await _get(make_datasette(cube_db), query)
    counts = lambda facets: {name: {v: f["count"] for v, f in values.items()} for name, values in facets.items()}
    assert counts(from_cube) == counts(from_pass)
    ids = [row["id"] for row in data["rows"]]
    assert counts(from_cube)["country"] == _brute(cube_db, ids, COUNTRY)


async def test_cooccurrence_serves_only_pages_narrowed_by_one_value(cube_db, tmp_path):
    import shutil

    path = tmp_path / "crackdown.db"
    shutil.copy(cube_db, path)
    conn = sqlite3.connect(path)
    conn.execute("update facet_pairs set articles = 999")  # marks every count read from the table
    conn.commit()
    conn.close()
    ds = make_datasette(path)
    _, one, _ = await _get(ds, "_fact_charge=fraud")
    assert {f["count"] for f in one["country"].values()} == {999}
    _, column, _ = await _get(ds, "year=2024")
    assert {f["count"] for f in column["charge"].values()} == {999}
    _, two, _ = await _get(ds, "_fact_charge=fraud&_fact_country=US")
    assert 999 not in {f["count"] for f in two["country"].values()}
    _, searched, _ = await _get(ds, "year=2024&_search=fraud")
    assert 999 not in {f["count"] for f in searched["charge"].values()}
