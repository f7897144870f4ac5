"""The synthetic benchmark database: real schema, consistent rows, searchable, reproducible."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db.schema import FACT_TABLES, SCHEMA_VERSION

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
pytestmark = pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared is absent (a user's clone)")

N = 500


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from crackdown.bench.generate import cached_db

    cache = tmp_path_factory.mktemp("bench")
    path, report = cached_db(N, SHARED, seed=3, cache_dir=cache)
    return path, report, cache


@pytest.fixture
def conn(generated):
    connection = sqlite3.connect(f"file:{generated[0]}?mode=ro", uri=True)
    yield connection
    connection.close()


def test_schema_is_the_real_one_and_published(conn):
    from db.publish import EVENTS_VIEW, FTS_TABLE

    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    names = {r[0] for r in conn.execute("select name from sqlite_master")}
    assert {"articles", "sources", "crawl_runs", "relevance", FTS_TABLE, EVENTS_VIEW, *FACT_TABLES} <= names
    assert conn.execute("select count(*) from articles").fetchone()[0] == N
    assert conn.execute("select count(*) from relevance").fetchone()[0] == N


def test_every_fact_table_has_rows_and_foreign_keys_hold(conn):
    for table in FACT_TABLES:
        assert conn.execute(f"select count(*) from [{table}]").fetchone()[0] > 0, table
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("select count(*) from articles where source not in (select name from sources)").fetchone()[0] == 0


def test_spans_and_sentences_point_into_the_text(conn):
    for table in FACT_TABLES:
        bad = conn.execute(
            f"""select count(*) from [{table}] f join articles a on a.id = f.article_id
                where f.span_start < 0 or f.span_end > length(a.text) or f.span_start >= f.span_end
                   or substr(a.text, f.span_start + 1, f.span_end - f.span_start) != f.text
                   or substr(a.text, f.sentence_start + 1, f.sentence_end - f.sentence_start) != f.sentence
                   or f.span_start < f.sentence_start or f.span_end > f.sentence_end"""
        ).fetchone()[0]
        assert bad == 0, table


def test_distributions_look_like_a_collection(conn):
    sources = conn.execute("select count(distinct source) from articles").fetchone()[0]
    years = conn.execute("select count(distinct substr(published, 1, 4)) from articles").fetchone()[0]
    assert sources >= 20 and years == 10
    assert {r[0] for r in conn.execute("select distinct lang from articles")} == {"en", "fr", "zh"}
    top = conn.execute("select charge from charges group by charge order by count(*) desc limit 1").fetchone()[0]
    assert top == "fraud"
    amounts = conn.execute("select count(*), count(usd), min(value) > 0 from amounts").fetchone()
    assert amounts[0] == amounts[1] and amounts[2] == 1
    places = conn.execute("select count(*) from places where latitude between -90 and 90 and longitude between -180 and 180").fetchone()[0]
    assert places == conn.execute("select count(*) from places").fetchone()[0]
    # every place's country is among the article's countries, with an English name
    missing = conn.execute(
        "select count(*) from places p where not exists (select 1 from countries c where c.article_id = p.article_id and c.country = p.country)"
    ).fetchone()[0]
    assert missing == 0
    assert conn.execute("select count(*) from countries where name is null or name = ''").fetchone()[0] == 0
    share = conn.execute("select avg(relevant) from relevance").fetchone()[0]
    assert 0.6 < share < 0.9


def test_full_text_search_finds_words_of_the_texts(conn):
    word = conn.execute("select text from charges limit 1").fetchone()[0]
    hits = conn.execute("select rowid from articles_fts where articles_fts match ?", [f'"{word}"']).fetchall()
    assert hits
    for (rowid,) in hits[:20]:
        text = conn.execute("select title || ' ' || text from articles where id = ?", [rowid]).fetchone()[0]
        assert word.lower() in text.lower()


def test_cache_reuses_the_file_and_the_same_seed_gives_the_same_data(generated, tmp_path):
    from crackdown.bench.generate import cached_db, generate

    path, report, cache = generated
    assert report is not None and report["rows"]["articles"] == N
    again, second = cached_db(N, SHARED, seed=3, cache_dir=cache)
    assert again == path and second is None
    assert not list(cache.glob("*.partial*"))
    other = tmp_path / "again.db"
    generate(other, N, SHARED, seed=3)
    query = "select group_concat(content_hash) from (select content_hash from articles order by id)"
    a, b = (sqlite3.connect(p) for p in (path, other))
    try:
        assert a.execute(query).fetchone() == b.execute(query).fetchone()
        assert a.execute("select sum(usd) from amounts").fetchone() == b.execute("select sum(usd) from amounts").fetchone()
    finally:
        a.close()
        b.close()


def test_parallel_workers_write_the_same_rows_as_one_process(tmp_path, monkeypatch):
    from crackdown.bench import generate as gen

    monkeypatch.setattr(gen, "CHUNK", 50)  # three chunks, so both workers get some
    single, parallel = tmp_path / "one.db", tmp_path / "two.db"
    gen.generate(single, 120, SHARED, seed=5, workers=0)
    gen.generate(parallel, 120, SHARED, seed=5, workers=2)
    query = "select group_concat(content_hash || published || source) from (select * from articles order by id)"
    facts = "select group_concat(article_id || ':' || idx || charge) from (select * from charges order by article_id, idx)"
    a, b = (sqlite3.connect(p) for p in (single, parallel))
    try:
        assert a.execute(query).fetchone() == b.execute(query).fetchone()
        assert a.execute(facts).fetchone() == b.execute(facts).fetchone()
    finally:
        a.close()
        b.close()


def test_serve_benchmark_requests_every_page_of_a_running_server(generated):
    """The benchmark's machinery on a small file: every page answers without error (no timing asserted)."""
    import yaml

    from crackdown.bench.serve_speed import run_with
    from crackdown.settings import load_settings
    from datasette_plugins.app import METADATA_PATH

    path, _, cache = generated
    rows = run_with(SHARED, load_settings(environ={}), N, requests=2, warmup=0, seed=3, cache_dir=cache)
    pages = {r["benchmark"]: r for r in rows if r.get("unit") == "ms p95"}
    queries = yaml.safe_load(METADATA_PATH.read_text(encoding="utf-8"))["databases"]["crackdown"]["queries"]
    assert {f"serve: canned query {name}" for name in queries} <= set(pages)
    assert any("_search" in name for name in pages) and any("charts" in name for name in pages)
    failed = {name: r.get("failures") for name, r in pages.items() if r["status"] == "failed"}
    assert failed == {}


async def test_facet_suggestions_are_off_for_large_databases(generated):
    from crackdown.settings import ServeSettings
    from datasette_plugins.app import largest_table_rows, make_datasette

    path = generated[0]
    assert largest_table_rows(path) >= N  # every article has a relevance row, so some table holds >= N rows
    small = make_datasette(path, ServeSettings())
    large = make_datasette(path, ServeSettings(suggest_facets_max_rows=N // 2))
    assert (await small.client.get("/-/settings.json")).json()["suggest_facets"] is True
    assert (await large.client.get("/-/settings.json")).json()["suggest_facets"] is False
