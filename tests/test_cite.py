"""Citable articles: stable keys across rebuilds, permalinks, feed and exports by key, the /-/cite page."""

from __future__ import annotations

import json
import random
import sqlite3
from xml.etree import ElementTree

import pytest
import sqlite_utils
from click.testing import CliRunner

import sample_publish_db
from crackdown.cli import cli
from datasette_plugins.accuracy import load_scores, SCORES_PATH
from datasette_plugins.app import make_datasette
from db.article_key import KEY_PATTERN, article_key, fallback_key, normalise_url
from db.schema import MIGRATIONS
from db.store import open_db, upsert_article
from sample_publish_db import ARTICLES, build_sample_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("cite") / "crackdown.db")


def _keys(path) -> dict[str, str]:
    return dict(sqlite_utils.Database(path).execute("select url, key from articles").fetchall())


def test_normalised_url_ignores_spelling_not_content():
    assert normalise_url("HTTP://Example.ORG:80/a/b?utm_source=x&id=3#top") == "http://example.org/a/b?id=3"
    assert normalise_url("https://example.org") == "https://example.org/"
    assert normalise_url("https://example.org/%7euser/%2f") == "https://example.org/~user/%2F"
    assert article_key("https://example.org/a?id=3") != article_key("https://example.org/a?id=4")
    key = article_key("https://example.org/news/1")
    assert len(key) == 12 and __import__("re").fullmatch(KEY_PATTERN, key)
    assert article_key("HTTPS://EXAMPLE.org/news/1#x") == key


def test_same_article_same_key_and_permalink_whatever_the_build_order(tmp_path, monkeypatch):
    """Two builds from scratch of the same input, in different orders: ids differ, keys and permalinks do not."""
    first = build_sample_db(tmp_path / "a" / "crackdown.db")
    shuffled = ARTICLES[::-1]
    random.Random(3).shuffle(shuffled)
    monkeypatch.setattr(sample_publish_db, "ARTICLES", shuffled)
    second = build_sample_db(tmp_path / "b" / "crackdown.db")
    ids_a = dict(sqlite_utils.Database(first).execute("select url, id from articles").fetchall())
    ids_b = dict(sqlite_utils.Database(second).execute("select url, id from articles").fetchall())
    assert ids_a != ids_b  # the old permalinks would have moved
    assert _keys(first) == _keys(second)
    assert len(set(_keys(first).values())) == len(ARTICLES)
    assert all(key == article_key(url) for url, key in _keys(first).items())


async def test_permalink_is_the_key_and_old_ids_redirect(sample_db):
    ds = make_datasette(sample_db)
    url, key = ARTICLES[1]["url"], _keys(sample_db)[ARTICLES[1]["url"]]
    page = await ds.client.get(f"/-/article/{key}")
    assert page.status_code == 200
    assert f'class="permalink" href="http://localhost/-/article/{key}"' in page.text
    old = await ds.client.get("/-/article/2")
    assert old.status_code == 302 and old.headers["location"] == f"/-/article/{key}"
    assert url == ARTICLES[1]["url"]
    assert (await ds.client.get("/-/article/aaaaaaaaaaaa")).status_code == 404


async def test_titles_link_to_the_permalink(sample_db):
    ds = make_datasette(sample_db)
    key = _keys(sample_db)[ARTICLES[0]["url"]]
    for path in ("/crackdown/articles", "/crackdown/events"):
        html = (await ds.client.get(path)).text
        assert f'<a href="/-/article/{key}">{ARTICLES[0]["title"]}</a>' in html, path


async def test_feed_entries_are_permalinks(sample_db):
    ds = make_datasette(sample_db)
    root = ElementTree.fromstring((await ds.client.get("/-/crackdown/feed.atom")).content)
    keys = set(_keys(sample_db).values())
    ids = [e.find(f"{ATOM}id").text for e in root.findall(f"{ATOM}entry")]
    assert ids and all(i.rsplit("/", 1)[1] in keys for i in ids)


def test_exports_carry_the_key(sample_db, tmp_path):
    keys = _keys(sample_db)
    out = tmp_path / "events.csv"
    assert CliRunner().invoke(cli, ["export", "--format", "csv", "--out", str(out), "--db", str(sample_db)]).exit_code == 0
    header, *rows = out.read_text(encoding="utf-8").splitlines()
    assert header.split(",")[:2] == ["article_id", "article_key"]
    assert {r.split(",")[1] for r in rows} == set(keys.values())
    for no_text in ([], ["--no-text"]):
        out = tmp_path / "articles.jsonl"
        result = CliRunner().invoke(cli, ["export", "--format", "json", "--out", str(out), "--db", str(sample_db), *no_text])
        assert result.exit_code == 0, result.output
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert {r["url"]: r["key"] for r in records} == keys


def test_an_older_database_gets_its_keys_when_upgraded(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    for step in MIGRATIONS[:6]:
        step(db)
    db.execute("PRAGMA user_version = 6")
    db["articles"].insert({"url": "https://example.org/old", "title": "Old"})
    db.close()
    db = open_db(path)
    assert db.execute("select key from articles").fetchone()[0] == article_key("https://example.org/old")


def test_two_urls_normalising_alike_keep_distinct_keys(tmp_path):
    db = open_db(tmp_path / "x.db")
    a, _ = upsert_article(db, {"url": "https://example.org/a", "title": "A", "text": "a"})
    b, _ = upsert_article(db, {"url": "https://EXAMPLE.org/a", "title": "B", "text": "b"})
    keys = dict(db.execute("select id, key from articles").fetchall())
    assert keys[a] == article_key("https://example.org/a") and keys[b] == fallback_key("https://EXAMPLE.org/a")


def test_publish_keys_rows_a_bulk_loader_wrote(tmp_path):
    from db.publish import needs_publish, publish

    db = open_db(tmp_path / "bulk.db")
    db.execute("insert into articles (id, url, title) values (7, 'https://example.org/bulk', 'Bulk')")
    db.conn.commit()
    assert needs_publish(tmp_path / "bulk.db")
    publish(db)
    assert db.execute("select key from articles where id = 7").fetchone()[0] == article_key("https://example.org/bulk")


async def test_cite_page_explains_fields_scores_failures_and_gives_a_citation(sample_db):
    ds = make_datasette(sample_db)
    key = _keys(sample_db)[ARTICLES[0]["url"]]
    html = (await ds.client.get(f"/-/cite?article={key}")).text
    built = sqlite3.connect(sample_db).execute("select published_at from summary_published").fetchone()[0]
    assert f'<strong class="build-date">{built}</strong>' in html
    citation = (f'Test US Attorney&#39;s Office, &#34;{ARTICLES[0]["title"]}&#34;, 2023-05-10, {ARTICLES[0]["url"]}. '
                f"Facts as extracted by crackdown (database built {built}): http://localhost/-/article/{key}")
    assert citation in html
    for words in ("<h3 id=\"field-amounts\">amounts</h3>", "<code>role</code>", "<code>action_country</code>",
                  "Sums in the wrong role", "<code>span_start</code>", "How it is read:"):
        assert words in html, words
    scores = load_scores()
    assert scores is not None, f"{SCORES_PATH} is missing: run crackdown eval facts --write-scores"
    f1 = scores["langs"]["en"]["fields"]["places"]["f1"]
    assert f"{f1:.2f} (P " in html and "dev.jsonl" in html
    missing = (await ds.client.get("/-/cite?article=zzzzzzzzzzzz")).text
    assert "No article has the key" in missing


async def test_article_page_and_menu_link_to_the_cite_page(sample_db):
    ds = make_datasette(sample_db)
    key = _keys(sample_db)[ARTICLES[0]["url"]]
    html = (await ds.client.get(f"/-/article/{key}")).text
    assert f'href="/-/cite?article={key}"' in html and "Cite as:" in html
    assert 'href="/-/cite"' in (await ds.client.get("/")).text


def test_eval_writes_the_scores_the_cite_page_reads(tmp_path):
    from extract.facts.pipeline import FACTS_VERSION

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(
        "Police arrested five suspects in Lyon after a fraud that cost victims $2.5 million.", encoding="utf-8")
    gold = {"id": "a", "doc": "docs/a.txt", "lang": "en", "relevant": True, "event_types": ["arrest"],
            "amounts": [{"value": 2500000, "currency": "USD", "role": "loss", "approx": False}],
            "countries": ["FR"], "places": [{"name": "Lyon", "country": "FR"}], "charges": ["fraud"],
            "counts": [{"action": "arrested", "n": 5}], "legal_refs": []}
    (tmp_path / "gold").mkdir()
    path = tmp_path / "gold" / "g.jsonl"  # documents are named relative to the gold folder's parent
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    out = tmp_path / "accuracy.json"
    result = CliRunner().invoke(cli, ["eval", "facts", str(path), "--write-scores", str(out)])
    assert result.exit_code == 0, result.output
    scores = load_scores(out)
    assert scores["facts_version"] == FACTS_VERSION
    assert scores["gold_files"] == {"g.jsonl": {"documents": 1, "by_lang": {"en": 1}}}
    assert scores["langs"]["en"]["fields"]["counts"]["f1"] == 1.0
