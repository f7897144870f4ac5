"""A table search matching more rows than serve.search_facets_max_matches skips count and facets, not rows."""

from __future__ import annotations

import re

import pytest

from datasette_plugins.app import make_datasette
from datasette_plugins.big_search import fts_matches
from crackdown.settings import ServeSettings
from db.publish import publish
from db.store import open_db, upsert_article, upsert_source

# Invented articles: the word "fraud" in 5 of them (one only in its title), "bribery" in 2, "fraudé" in 1.
ARTICLES = [
    ("Wire fraud plea in a test district", "A trader admitted wire fraud before a test court.", "2021-03-01", "src-a", "en"),
    ("Bank fraud ring dismantled", "Officers arrested four people over a bank fraud ring.", "2019-07-15", "src-b", "en"),
    ("Escroquerie: un suspect interpellé", "Le suspect a fraudé plusieurs assureurs fictifs.", "2022-11-30", "src-c", "fr"),
    ("Bribery charges filed", "Two officials face bribery charges in an invented town.", "2020-01-05", "src-a", "en"),
    ("Fraud", "An insurer reported losses; a sentencing date was set.", "2023-06-20", "src-b", "en"),
    ("Tax fraud sentence", "A tax fraud scheme earned its author four years.", "2018-02-11", "src-a", "en"),
    ("Bribery and fraud verdict", "Jurors returned a verdict on the fraud and bribery counts.", "2024-09-09", "src-c", "en"),
    ("Weather warning", "No crime at all in this invented note about rain.", "2022-04-04", "src-b", "en"),
]
FRAUD_TITLES = {t for t, x, *_ in ARTICLES if re.search(r"\bfraud\b", (t + " " + x).lower())}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("big_search") / "crackdown.db"
    db = open_db(path)
    for name in ("src-a", "src-b", "src-c"):
        upsert_source(db, {"name": name, "agency": f"Invented agency {name}", "kind": "feed"})
    for i, (title, text, published, source, lang) in enumerate(ARTICLES):
        upsert_article(db, {"url": f"http://127.0.0.1:9/a/{i}", "title": title, "text": text,
                            "published": published, "source": source, "lang": lang, "date_source": "page"})
    publish(db)
    db.close()
    return path


def client(db_path, max_matches):
    return make_datasette(db_path, ServeSettings(search_facets_max_matches=max_matches)).client


async def search(db_path, max_matches, query):
    response = await client(db_path, max_matches).get(f"/crackdown/articles.json?{query}")
    assert response.status_code == 200, response.text
    return response.json()


async def test_small_searches_keep_count_facets_and_date_order(db_path):
    body = await search(db_path, 100, "_search=fraud")
    titles = [r[4] for r in body["rows"]]
    assert set(titles) == FRAUD_TITLES and len(titles) == 5
    assert body["filtered_table_rows_count"] == 5
    assert {"source", "lang", "year"} <= set(body["facet_results"])
    published = [r[6] for r in body["rows"]]
    assert published == sorted(published, reverse=True)


async def test_large_searches_return_the_same_rows_newest_stored_first_without_count_or_facets(db_path):
    body = await search(db_path, 3, "_search=fraud")
    ids = [r[0] for r in body["rows"]]
    assert {r[4] for r in body["rows"]} == FRAUD_TITLES  # titles and texts searched
    assert ids == sorted(ids, reverse=True)
    assert body["filtered_table_rows_count"] is None
    assert body["facet_results"] == {}
    assert "5 rows match" in body["human_description_en"]


async def test_accents_are_still_folded_over_the_limit(db_path):
    body = await search(db_path, 0, "_search=fraude")
    assert [r[4] for r in body["rows"]] == ["Escroquerie: un suspect interpellé"]
    assert body["facet_results"] == {}


async def test_a_search_under_the_limit_is_untouched_when_another_is_over(db_path):
    body = await search(db_path, 3, "_search=bribery")
    assert body["filtered_table_rows_count"] == 2 and {"source", "lang", "year"} <= set(body["facet_results"])


async def test_explicit_choices_are_respected(db_path):
    body = await search(db_path, 3, "_search=fraud&_sort=title")
    titles = [r[4] for r in body["rows"]]
    assert titles == sorted(titles) and body["filtered_table_rows_count"] == 5


async def test_large_search_html_page_says_why(db_path):
    response = await client(db_path, 3).get("/crackdown/articles?_search=fraud")
    assert response.status_code == 200
    assert "5 rows match (counted by the search index" in response.text
    assert "These facets timed out" not in response.text


async def test_bad_raw_query_is_left_to_datasette(db_path):
    ds = make_datasette(db_path, ServeSettings(search_facets_max_matches=3))
    assert await fts_matches(ds, "crackdown", "articles", '"unterminated', raw=True) is None
    assert await fts_matches(ds, "crackdown", "articles", '"unterminated', raw=False) == 0
    assert await fts_matches(ds, "crackdown", "sources", "fraud", raw=False) is None  # no FTS index there
    response = await ds.client.get('/crackdown/articles.json?_search="unterminated&_searchmode=raw')
    assert response.status_code in (400, 500) or "error" in response.text.lower()
