import os

import pytest
import sqlite_utils
from click.testing import CliRunner

from crackdown.cli import cli
from crackdown.commands.serve import make_datasette, prepare
from crackdown.settings import ServeSettings, load_settings
from db.store import open_db, upsert_article
from sample_publish_db import build_sample_db


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("serve") / "crackdown.db")


async def test_served_immutable_with_a_time_limit_by_default(sample_db):
    ds = make_datasette(sample_db, load_settings(environ={}))
    databases = (await ds.client.get("/-/databases.json")).json()
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("crackdown", False)]
    settings = (await ds.client.get("/-/settings.json")).json()
    assert settings["sql_time_limit_ms"] == ServeSettings().sql_time_limit_ms
    plugins = {p["name"] for p in (await ds.client.get("/-/plugins.json")).json()}
    assert {"crackdown", "datasette_plugins.article_page", "datasette-cluster-map"} <= plugins
    assert not any("write" in p or "insert" in p or "upload" in p for p in plugins)


async def test_no_immutable_serves_read_only(sample_db):
    ds = make_datasette(sample_db, ServeSettings(immutable=False))
    assert (await ds.client.get("/-/databases.json")).json()[0]["is_mutable"] is True
    response = await ds.client.get("/crackdown.json", params={"sql": "delete from articles"})
    assert response.status_code == 400


async def test_sql_time_limit_stops_a_long_query(sample_db):
    ds = make_datasette(sample_db, ServeSettings(sql_time_limit_ms=50))
    slow = "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"
    response = await ds.client.get("/crackdown.json", params={"sql": slow})
    assert response.status_code == 400
    assert "interrupted" in response.text.lower() or "time limit" in response.text.lower()


async def test_base_url_prefixes_links(sample_db):
    ds = make_datasette(sample_db, ServeSettings(base_url="/crackdown-pub"))
    old = await ds.client.get("/-/article/1")  # an id redirects to the key's permalink, under the prefix
    assert old.status_code == 302 and old.headers["location"].startswith("/crackdown-pub/-/article/")
    html = (await ds.client.get(old.headers["location"][len("/crackdown-pub"):])).text
    assert 'href="/crackdown-pub/-/archive/1"' in html
    assert 'href="/crackdown-pub/crackdown-static/crackdown.css"' in html


def test_pending_wal_is_refused_for_immutable(tmp_path):
    path = build_sample_db(tmp_path / "c.db")
    db = open_db(path)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    upsert_article(db, {"url": "http://127.0.0.1:9/wal", "title": "In the WAL", "text": "Not checkpointed."})
    with pytest.raises(ValueError, match="--no-immutable"):
        make_datasette(path)
    assert make_datasette(path, immutable=False) is not None
    db.close()


def test_prepare_publishes_a_writable_file_once(tmp_path):
    path = build_sample_db(tmp_path / "c.db", publish=False)
    note = prepare(path)
    assert note and "search index built (6 articles)" in note
    assert prepare(path) is None


async def test_a_database_without_optional_tables_does_not_crash(tmp_path):
    path = tmp_path / "bare.db"
    db = sqlite_utils.Database(path)
    db["articles"].insert({"id": 1, "url": "http://127.0.0.1:9/a", "title": "Bare <b>title</b>", "text": "Only text."}, pk="id")
    db.close()
    ds = make_datasette(path)
    for url in ["/", "/bare", "/bare/articles", "/-/article/1", "/-/crackdown/charts", "/-/crackdown/feed.atom"]:
        response = await ds.client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
    assert "Bare &lt;b&gt;title&lt;/b&gt;" in (await ds.client.get("/-/article/1")).text
    assert (await ds.client.get("/-/archive/1")).status_code == 404


async def test_datasette_csv_and_json_exports_work(sample_db):
    ds = make_datasette(sample_db)
    csv_text = (await ds.client.get("/crackdown/charges.csv?_size=max")).text
    assert csv_text.splitlines()[0].startswith("article_id,idx,text")
    assert len(csv_text.strip().splitlines()) == 1 + 8
    rows = (await ds.client.get("/crackdown/top_charges_by_year.json?_shape=array&year=2023")).json()
    assert {r["charge"] for r in rows} == {"fraud", "money_laundering"}
    csv_query = (await ds.client.get("/crackdown/executions.csv")).text
    assert "Leader of telecom fraud gang executed" in csv_query


def test_cli_serve_rejects_a_missing_database(tmp_path):
    result = CliRunner().invoke(cli, ["serve", str(tmp_path / "nope.db")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_cli_serve_needs_a_password_for_auth(tmp_path, monkeypatch):
    monkeypatch.delenv("CRACKDOWN_SERVE__AUTH_PASSWORD", raising=False)
    path = build_sample_db(tmp_path / "c.db")
    result = CliRunner().invoke(cli, ["serve", str(path), "--auth-user", "ana"])
    assert result.exit_code == 2 and "CRACKDOWN_SERVE__AUTH_PASSWORD" in result.output
