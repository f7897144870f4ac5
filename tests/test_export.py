import csv
import io
import json
import sqlite3

import pytest
from click.testing import CliRunner

from crackdown.cli import cli
from sample_publish_db import build_sample_db


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("export") / "crackdown.db")


def _export(*args):
    result = CliRunner().invoke(cli, ["export", *args])
    assert result.exit_code == 0, result.output
    return result


def test_csv_has_one_row_per_article_with_facts_aggregated(sample_db, tmp_path):
    out = tmp_path / "events.csv"
    _export("--format", "csv", "--out", str(out), "--db", str(sample_db))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 6
    lyon = next(r for r in rows if r["article_id"] == "2")
    assert lyon["charges"] == "fraud; money_laundering; organized_crime" and lyon["arrested"] == "5"
    assert lyon["title"].endswith("à Lyon")
    relevant = tmp_path / "relevant.csv"
    _export("--format", "csv", "--out", str(relevant), "--db", str(sample_db), "--relevant-only")
    assert len(list(csv.DictReader(relevant.open(encoding="utf-8")))) == 4


def test_ndjson_nests_facts_per_article(sample_db, tmp_path):
    out = tmp_path / "articles.jsonl"
    _export("--format", "json", "--out", str(out), "--db", str(sample_db))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [1, 2, 3, 4, 5, 6]
    first = records[0]
    assert [a["value"] for a in first["facts"]["amounts"]] == [4_500_000, 1_200_000]
    a = first["facts"]["amounts"][0]
    assert first["text"][a["span_start"]:a["span_end"]] == a["text"] == "$4.5 million"
    assert first["relevance"]["relevant"] == 1
    assert records[5]["relevance"] is None and records[5]["facts"]["charges"] == []


def test_sql_dump_loads_into_a_fresh_sqlite(sample_db, tmp_path):
    out = tmp_path / "dump.sql"
    _export("--format", "sql", "--out", str(out), "--db", str(sample_db))
    fresh = sqlite3.connect(tmp_path / "fresh.db")
    fresh.executescript(out.read_text(encoding="utf-8"))
    original = sqlite3.connect(sample_db)
    for table in ["articles", "amounts", "charges", "pages", "page_bodies", "crawl_runs"]:
        query = f"select * from {table} order by 1, 2"
        assert fresh.execute(query).fetchall() == original.execute(query).fetchall(), table
    assert fresh.execute("pragma user_version").fetchone() == original.execute("pragma user_version").fetchone()
    match = "select rowid from articles_fts where articles_fts match 'fraude'"
    assert fresh.execute(match).fetchall() == [(2,)]
    fresh.execute("insert into articles(url, title, text) values ('u', 't', 'un réseau démantelé')")
    assert fresh.execute("select count(*) from articles_fts where articles_fts match 'demantele'").fetchone() == (1,)
    assert fresh.execute("select count(*) from events").fetchone() == (7,)


def test_export_of_a_missing_database_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--db", str(tmp_path / "no.db")])
    assert result.exit_code == 2 and "does not exist" in result.output
    assert not (tmp_path / "x.csv").exists()
