import sqlite3

from db.publish import EVENTS_VIEW, FTS_TABLE, needs_publish, publish
from db.store import open_db, upsert_article
from sample_publish_db import build_sample_db


def _match(path, query):
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return [r[0] for r in conn.execute(
            f"select a.title from {FTS_TABLE} join articles a on a.id = {FTS_TABLE}.rowid where {FTS_TABLE} match ? order by a.id",
            [query])]
    finally:
        conn.close()


def test_search_folds_case_and_accents(tmp_path):
    path = build_sample_db(tmp_path / "c.db")
    assert _match(path, "escroquerie") == ["Escroquerie aux faux conseillers bancaires : cinq interpellations à Lyon"]
    assert _match(path, "fraude") == _match(path, "fraudé") == _match(path, "escroquerie")  # the text says "fraudé"
    assert _match(path, "interpellations") and _match(path, "lyon")
    assert _match(path, "nonexistentword") == []


def test_publish_is_idempotent_and_triggers_keep_search_current(tmp_path):
    path = build_sample_db(tmp_path / "c.db")
    db = open_db(path)
    again = publish(db)
    assert again.fts_created is False and again.fts_rows == 6
    article_id, status = upsert_article(db, {"url": "http://127.0.0.1:9/new", "title": "Nouvelle opération",
                                              "text": "Un réseau de blanchiment démantelé à Marseille."})
    assert status == "new"
    db["articles"].update(article_id, {"text": "Un réseau de phishing démantelé à Marseille."})
    from db.publish import checkpoint

    checkpoint(db)
    db.close()
    assert _match(path, "phishing") == ["Nouvelle opération"]
    assert _match(path, "blanchiment") == ["Escroquerie aux faux conseillers bancaires : cinq interpellations à Lyon"]
    assert _match(path, "demantele") == ["Nouvelle opération"]


def test_publish_checkpoints_so_immutable_readers_see_every_row(tmp_path):
    path = build_sample_db(tmp_path / "c.db", publish=False)
    db = open_db(path)
    upsert_article(db, {"url": "http://127.0.0.1:9/late", "title": "Late", "text": "Written last."})
    assert needs_publish(path)
    publish(db)
    assert not needs_publish(path)
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    assert conn.execute("select count(*) from articles").fetchone()[0] == 7
    conn.close()
    db.close()


def test_events_view_aggregates_facts_per_article(tmp_path):
    path = build_sample_db(tmp_path / "c.db")
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    rows = {r["article_id"]: dict(r) for r in conn.execute(f"select * from {EVENTS_VIEW}")}
    conn.close()
    assert len(rows) == 6
    lyon = rows[2]
    assert lyon["charges"] == "fraud; money_laundering; organized_crime"
    assert lyon["arrested"] == 5 and lyon["countries"] == "FR" and lyon["year"] == 2024
    assert rows[1]["statutes"] == "US 1343" and rows[1]["largest_loss_usd"] == 4_500_000
    assert rows[1]["largest_penalty_usd"] == 1_200_000 and rows[1]["action_country"] == "US"
    assert rows[6]["relevant"] is None and rows[6]["charges"] is None  # not read by the facts stage yet


def test_publish_refuses_a_database_without_articles(tmp_path):
    import pytest
    import sqlite_utils

    db = sqlite_utils.Database(tmp_path / "other.db")
    db["things"].insert({"a": 1})
    with pytest.raises(ValueError, match="no articles table"):
        publish(db)


def _top_amounts_build(path, order):
    """Articles with tied sums, stored (crawled) in ``order``: ids differ from one build to the other."""
    from db.store import write_facts

    db = open_db(path)
    for n in order:
        text = f"Fraud ring number {n} stole $1,000 and $1,000 again; a fine of $500 followed."
        article_id, _ = upsert_article(db, {"url": f"http://127.0.0.1:9/tie-{n}", "title": f"Ring {n}", "text": text,
                                            "published": "2024-03-01"})
        amounts = [{"text": "$1,000", "value": 1000.0, "currency": "USD", "usd": 1000.0, "role": "loss", "start": 30, "end": 36},
                   {"text": "$1,000", "value": 1000.0, "currency": "USD", "usd": 1000.0, "role": "loss", "start": 41, "end": 47},
                   {"text": "$500", "value": 500.0, "currency": "USD", "usd": 500.0, "role": "penalty", "start": 66, "end": 70}]
        write_facts(db, article_id, {"amounts": amounts, "relevant": True}, text, 1)
    publish(db)
    rows = [r for r in db.query("select * from summary_top_amounts")]
    db.close()
    return [{k: v for k, v in r.items() if k not in ("article_id", "title")} for r in rows]


def test_top_amounts_break_ties_the_same_way_on_every_build(tmp_path):
    """Two builds of the same articles, stored in another order, rank tied sums alike (by URL, then position)."""
    forward = _top_amounts_build(tmp_path / "a.db", [1, 2, 3, 4, 5, 6])
    backward = _top_amounts_build(tmp_path / "b.db", [6, 5, 4, 3, 2, 1])
    assert len(forward) == 18
    assert forward == backward
    firsts = [r["url"] for r in forward if r["role"] == "loss"][:2]
    assert firsts == ["http://127.0.0.1:9/tie-1"] * 2
