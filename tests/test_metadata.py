"""The codebook: every table, view and column documented; every canned query titled, described and working."""

import pytest
import sqlite_utils

from datasette_plugins.app import load_metadata, make_datasette
from db.publish import publish
from db.store import open_db
from sample_publish_db import build_sample_db


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("meta") / "crackdown.db")


@pytest.fixture
def ds(sample_db):
    return make_datasette(sample_db)


def _tables_meta(path):
    return load_metadata(path)["databases"][path.stem]["tables"]


def test_every_table_and_column_of_a_fresh_database_is_described(tmp_path):
    path = tmp_path / "fresh.db"
    db = open_db(path)
    publish(db)  # adds the FTS index and the events view: those need descriptions too
    tables = _tables_meta(path)
    hidden = {t for t in db.table_names() if t.startswith("articles_fts_") or t.startswith("sqlite_")}
    missing = []
    for name in [*db.table_names(), *db.view_names()]:
        if name in hidden:
            continue
        meta = tables.get(name)
        if not meta or not meta.get("description"):
            missing.append(name)
            continue
        for column in db[name].columns:
            if not (meta.get("columns") or {}).get(column.name):
                missing.append(f"{name}.{column.name}")
    assert missing == []


def test_no_description_for_a_table_or_column_that_does_not_exist(tmp_path):
    path = tmp_path / "fresh.db"
    db = open_db(path)
    publish(db)
    existing = set(db.table_names()) | set(db.view_names())
    for name, meta in _tables_meta(path).items():
        assert name in existing, f"metadata describes a missing table {name}"
        columns = {c.name for c in db[name].columns}
        assert set(meta.get("columns", {})) <= columns, name


def test_database_has_title_license_and_source():
    meta = load_metadata("x/crackdown.db")
    for key in ("title", "license", "license_url", "source", "source_url"):
        assert meta.get(key), key
    assert "crackdown" in meta["databases"]


def test_metadata_follows_the_served_file_name():
    meta = load_metadata("/data/other.db", base_url="/pre/")
    assert list(meta["databases"]) == ["other"]
    assert 'href="/pre/other/events"' in meta["description_html"]
    assert 'href="/pre/-/crackdown/charts"' in meta["description_html"]


def test_canned_queries_have_titles_descriptions_and_declared_params():
    queries = load_metadata("crackdown.db")["databases"]["crackdown"]["queries"]
    assert len(queries) >= 10
    import re

    for name, query in queries.items():
        assert query.get("title") and query.get("description"), name
        used = set(re.findall(r"(?<!:):([a-z_]+)", query["sql"]))
        assert used == set(query.get("params", [])), name


async def test_default_facets_and_descriptions_show_in_datasette(ds):
    data = (await ds.client.get("/crackdown/articles.json?_extra=facet_results")).json()
    facets = data["facet_results"]
    facets = facets.get("results", facets)
    assert {"source", "lang"} <= set(facets)
    sources = {v["value"]: v["count"] for v in facets["source"]["results"]}
    assert sources == {"asia-police-test": 3, "us-attorney-test": 2, "gendarmerie-test": 1}
    html = (await ds.client.get("/crackdown/amounts")).text
    assert "in units of currency" in html  # column descriptions are shown


CANNED = [
    ("search_articles", {"q": "fraude"}, lambda rows: [r["article_id"] for r in rows] == [2] and "[fraudé]" in rows[0]["snippet"]),
    ("search_articles", {"q": ""}, lambda rows: rows == []),  # the database page links here without words
    ("largest_amounts_per_year", {"top": "1"}, lambda rows: [(r["year"], r["usd"]) for r in rows] == [("2024", 1_000_000), ("2023", 11_000_000)]),
    ("largest_amounts_per_year", {"role": "penalty"}, lambda rows: [r["value"] for r in rows] == [1_200_000]),
    ("arrests_sentences_by_country_year", {}, lambda rows: {(r["year"], r["country"], r["arrested"], r["sentenced"]) for r in rows}
     == {("2024", "TH", 12, None), ("2024", "FR", 5, None), ("2023", "US", None, 3)}),  # TH: the agency's country
    ("arrests_sentences_by_country_year", {"country": "fr"}, lambda rows: [r["arrested"] for r in rows] == [5]),
    ("executions", {}, lambda rows: [(r["article_id"], r["executed"], r["countries"]) for r in rows] == [(4, 1, "CN")]),
    ("executions", {"since": "2024-01-01"}, lambda rows: rows == []),
    ("scam_compounds", {}, lambda rows: [(r["article_id"], r["victims"], r["arrested"]) for r in rows] == [(3, 200, 12)]),
    ("scam_compounds", {"country": "KH"}, lambda rows: rows == []),
    ("charges_together", {}, lambda rows: rows[0] == {"charge_a": "fraud", "charge_b": "money_laundering", "articles": 2}),
    ("top_statutes", {"jurisdiction": "us"}, lambda rows: [(r["article"], r["articles"]) for r in rows] == [("1343", 1)]),
    ("new_since", {"since": "2000-01-01"}, lambda rows: len(rows) == 6),
    ("new_since", {"since": "2999-01-01"}, lambda rows: rows == []),
    ("articles_without_facts", {}, lambda rows: {r["article_id"] for r in rows} == {5, 6}),
    ("source_health", {}, lambda rows: rows[0]["source"] == "asia-police-test" and rows[0]["last_outcome"] == "failed"
     and rows[0]["failed_runs"] == 1 and {r["source"] for r in rows} == {"asia-police-test", "us-attorney-test", "gendarmerie-test"}),
    ("amounts_by_currency_role", {"year": "2023"}, lambda rows: {(r["currency"], r["role"]): r["total_value"] for r in rows}
     == {("USD", "loss"): 4_500_000, ("USD", "penalty"): 1_200_000, ("CNY", "loss"): 80_000_000}),
    ("crackdowns_per_month_country", {}, lambda rows: [(r["month"], r["country"]) for r in rows]
     == [("2024-03", "TH"), ("2024-02", "FR"), ("2023-11", "TH"), ("2023-05", "US")]),  # the agencies' countries
    ("top_charges_by_year", {"year": "2024"}, lambda rows: rows[0] == {"year": "2024", "charge": "fraud", "articles": 2}),
    ("article_facts", {"article_id": "1"}, lambda rows: len(rows) == 10 and rows[0]["span_start"] == 0
     and [r["span_start"] for r in rows] == sorted(r["span_start"] for r in rows)),
]


@pytest.mark.parametrize("name,params,check", CANNED, ids=[f"{c[0]}-{i}" for i, c in enumerate(CANNED)])
async def test_canned_query_returns_the_expected_rows(ds, name, params, check):
    response = await ds.client.get(f"/crackdown/{name}.json", params={**params, "_shape": "array"})
    assert response.status_code == 200, response.text
    rows = response.json()
    assert check(rows), rows


async def test_every_canned_query_runs_with_empty_parameters(ds):
    queries = load_metadata("crackdown.db")["databases"]["crackdown"]["queries"]
    for name in queries:
        response = await ds.client.get(f"/crackdown/{name}.json?_shape=array")
        assert response.status_code == 200, (name, response.text)
