import sqlite_utils

from db.schema import FACT_TABLES, MIGRATIONS, SCHEMA_VERSION, current_version, migrate
from db.store import open_db


def test_fresh_database_has_every_table(db):
    tables = set(db.table_names())
    assert {"sources", "crawl_runs", "pages", "page_bodies", "articles", "relevance"} <= tables
    assert set(FACT_TABLES) <= tables
    assert current_version(db) == SCHEMA_VERSION


def test_fact_tables_carry_provenance(db):
    for table in FACT_TABLES:
        columns = set(db[table].columns_dict)
        assert {"article_id", "text", "span_start", "span_end", "sentence_start", "sentence_end", "sentence"} <= columns
        assert db[table].pks == ["article_id", "idx"]


def test_migrate_is_idempotent(tmp_path):
    path = tmp_path / "x.db"
    open_db(path)
    again = sqlite_utils.Database(path)
    assert migrate(again) == 0
    assert current_version(again) == SCHEMA_VERSION


def test_older_database_upgrades_in_place(tmp_path):
    """A database left at version 1 keeps its rows and gains every later step."""
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    MIGRATIONS[0](old)
    old.execute("PRAGMA user_version = 1")
    old["sources"].insert({"name": "kept", "kind": "feed"})
    old.conn.commit()
    db = open_db(path)
    assert current_version(db) == SCHEMA_VERSION
    assert [r["name"] for r in db["sources"].rows] == ["kept"]


def test_newer_database_is_refused(tmp_path):
    path = tmp_path / "future.db"
    future = sqlite_utils.Database(path)
    future.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    try:
        migrate(future)
    except RuntimeError as exc:
        assert "newer" in str(exc)
    else:
        raise AssertionError("a database from a newer crackdown must not be touched")


def test_upgrade_backfills_the_publication_year(tmp_path):
    path = tmp_path / "v4.db"
    old = sqlite_utils.Database(path)
    for step in MIGRATIONS[:4]:
        step(old)
    old.execute("PRAGMA user_version = 4")
    old["articles"].insert({"url": "http://127.0.0.1/a", "published": "2019-03-04"})
    old["articles"].insert({"url": "http://127.0.0.1/b", "published": None})
    old.conn.commit()
    db = open_db(path)
    assert [r["year"] for r in db.query("SELECT year FROM articles ORDER BY url")] == [2019, None]
    assert ["year"] in [ix.columns for ix in db["articles"].indexes]


def test_a_file_with_other_tables_is_refused_and_left_untouched(tmp_path):
    import sqlite3

    import pytest

    from db.schema import NotACrackdownDatabase
    from db.store import open_db

    path = tmp_path / "someone-elses.db"
    conn = sqlite3.connect(path)
    conn.execute("create table birds (name text)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotACrackdownDatabase, match="not a crackdown database"):
        open_db(path, create=False)
    with pytest.raises(NotACrackdownDatabase):
        open_db(path)
    assert path.read_bytes() == before
    assert not path.with_name(path.name + "-wal").exists()
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    open_db(empty, create=False).close()  # an empty file becomes a crackdown database
