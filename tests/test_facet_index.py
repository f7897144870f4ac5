"""The per-article facet index the articles page's facets read (db/facet_index.py)."""

from __future__ import annotations

import sqlite3
from collections import Counter

from db.facet_index import COOCCURRENCE_TABLE, PAIRS_TABLE, VALUES_TABLE, build_facet_index
from db.publish import publish
from db.store import open_db, upsert_article
from sample_publish_db import build_sample_db


def _index(path) -> set[tuple[str, str, int]]:
    conn = sqlite3.connect(path)
    try:
        return set(conn.execute(
            f"select v.facet, v.value, p.article_id from {PAIRS_TABLE} p join {VALUES_TABLE} v on v.id = p.value_id"))
    finally:
        conn.close()


def _expected(path) -> set[tuple[str, str, int]]:
    """The same pairs computed row by row in Python from the tables they summarise."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    out = set()
    agencies = {r["name"]: r["agency"] for r in conn.execute("select name, agency from sources")}
    for a in conn.execute("select * from articles"):
        for column in ("source", "lang", "date_source"):
            if a[column]:
                out.add((column, a[column], a["id"]))
        if a["year"] is not None:
            out.add(("year", str(a["year"]), a["id"]))
        if agencies.get(a["source"]):
            out.add(("agency", agencies[a["source"]], a["id"]))
    for table, column, facet in [("countries", "country", "country"), ("charges", "charge", "charge"),
                                 ("event_types", "event_type", "event_type"), ("amounts", "currency", "currency"),
                                 ("amounts", "role", "amount_role"), ("relevance", "relevant", "relevant")]:
        for r in conn.execute(f"select article_id, {column} as v from {table}"):
            if r["v"] is not None:
                out.add((facet, str(r["v"]), r["article_id"]))
    conn.close()
    return out


def test_index_holds_every_article_value_once(tmp_path):
    path = build_sample_db(tmp_path / "c.db")
    pairs = _index(path)
    assert pairs == _expected(path)
    assert ("country", "FR", 2) in pairs and ("charge", "fraud", 1) in pairs and ("relevant", "1", 1) in pairs
    conn = sqlite3.connect(path)
    counts = dict(((f, v), n) for f, v, n in conn.execute(f"select facet, value, articles from {VALUES_TABLE}"))
    conn.close()
    assert counts == Counter((f, v) for f, v, _ in pairs)


def test_publish_rebuilds_the_index_identically_and_follows_new_facts(tmp_path):
    path = build_sample_db(tmp_path / "c.db")
    conn = sqlite3.connect(path)
    before = conn.execute(f"select * from {VALUES_TABLE} order by id").fetchall()
    conn.close()
    db = open_db(path)
    publish(db)
    conn = sqlite3.connect(path)
    assert conn.execute(f"select * from {VALUES_TABLE} order by id").fetchall() == before
    conn.close()
    upsert_article(db, {"url": "http://127.0.0.1:9/new", "title": "Nouvelle", "text": "Texte.", "lang": "fr",
                        "published": "2025-01-02", "source": "gendarmerie-test"})
    publish(db)
    db.close()
    new = {p for p in _index(path) if p[0] == "year" and p[1] == "2025"}
    assert len(new) == 1
    assert _index(path) == _expected(path)


def test_a_database_without_fact_tables_indexes_its_article_columns(tmp_path):
    db = open_db(tmp_path / "c.db")
    for table in ("countries", "charges", "event_types", "amounts", "relevance"):
        db[table].drop()
    upsert_article(db, {"url": "http://127.0.0.1:9/a", "title": "A", "text": "Text.", "lang": "en", "published": "2024-01-01"})
    with db.conn:
        names = build_facet_index(db)
    assert names == ["source", "agency", "lang", "year", "date_source"]
    rows = db.execute(f"select facet, value, articles from {VALUES_TABLE} order by facet").fetchall()
    assert ("lang", "en", 1) in rows and ("year", "2024", 1) in rows


def test_cooccurrence_counts_articles_having_both_values(tmp_path):
    path = build_sample_db(tmp_path / "c.db")
    db = open_db(path)
    with db.conn:
        build_facet_index(db, pairs_min_articles=1)
    db.close()
    pairs = _expected(path)
    by_article: dict[int, set] = {}
    for facet, value, article in pairs:
        by_article.setdefault(article, set()).add((facet, value))
    expected = Counter((a, b) for values in by_article.values() for a in values for b in values)
    conn = sqlite3.connect(path)
    got = {((fa, va), (fb, vb)): n for fa, va, fb, vb, n in conn.execute(
        f"select a.facet, a.value, b.facet, b.value, p.articles from {COOCCURRENCE_TABLE} p "
        f"join {VALUES_TABLE} a on a.id = p.value_id join {VALUES_TABLE} b on b.id = p.other_id")}
    conn.close()
    assert got == dict(expected)
    assert got[(("charge", "fraud"), ("charge", "fraud"))] == 4
    assert got[(("charge", "fraud"), ("country", "US"))] == 1


def test_cooccurrence_is_kept_for_common_values_only(tmp_path):
    path = build_sample_db(tmp_path / "c.db")
    db = open_db(path)
    with db.conn:
        build_facet_index(db, pairs_min_articles=4)
    anchors = {r[0] for r in db.execute(
        f"select distinct v.facet || '=' || v.value from {COOCCURRENCE_TABLE} p join {VALUES_TABLE} v on v.id = p.value_id")}
    common = {r[0] for r in db.execute(f"select facet || '=' || value from {VALUES_TABLE} where articles >= 4")}
    db.close()
    assert anchors == common and "charge=fraud" in anchors and "country=FR" not in anchors
