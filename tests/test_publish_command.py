"""``crackdown publish``: the publish step on its own, from the command line."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from crackdown.cli import cli
from db.publish import needs_publish
from db.store import open_db, upsert_article
from sample_publish_db import build_sample_db


def test_publish_makes_a_database_ready_and_reports_it(tmp_path):
    path = build_sample_db(tmp_path / "c.db", publish=False)
    assert needs_publish(path)
    result = CliRunner().invoke(cli, ["publish", str(path)])
    assert result.exit_code == 0, result.output
    assert f"published {path}" in result.output and "search index built (6 articles)" in result.output
    assert "facets: source, agency, lang, year" in result.output
    assert not needs_publish(path)


def test_publish_again_picks_up_new_articles_in_the_facet_index(tmp_path):
    path = build_sample_db(tmp_path / "c.db")
    db = open_db(path)
    upsert_article(db, {"url": "http://127.0.0.1:9/late", "title": "Late", "text": "Written later.",
                        "lang": "en", "published": "2031-01-01"})
    db.close()
    result = CliRunner().invoke(cli, ["publish", str(path)])
    assert result.exit_code == 0 and "search index current (7 articles)" in result.output
    conn = sqlite3.connect(path)
    assert conn.execute("select articles from facet_values where facet = 'year' and value = '2031'").fetchone() == (1,)
    conn.close()


def test_publish_refuses_what_is_not_a_crackdown_database(tmp_path):
    missing = CliRunner().invoke(cli, ["publish", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table t (x)")
    conn.close()
    before = other.read_bytes()
    result = CliRunner().invoke(cli, ["publish", str(other)])
    assert result.exit_code == 1 and "not a crackdown database" in result.output
    assert other.read_bytes() == before
    served = CliRunner().invoke(cli, ["serve", str(other), "--port", "9"])
    assert served.exit_code == 1 and "not a crackdown database" in served.output
