import json

from db.store import (
    articles_needing_facts,
    load_body,
    record_crawl_run,
    record_page,
    upsert_article,
    upsert_source,
    write_facts,
)

TEXT = "Police arrested five people. They stole $2.8 million from victims in Lyon."


def _article(db, text=TEXT, **extra):
    page = record_page(db, url="http://127.0.0.1/a", status=200, body=b"<html>a</html>", headers={"Content-Type": "text/html"})
    return upsert_article(db, {"url": "http://127.0.0.1/a", "page_id": page, "title": "A", "text": text, "lang": "en", "extraction_version": 1, **extra})


def _facts():
    start = TEXT.index("$2.8 million")
    sent = TEXT.index("They")
    return {
        "relevant": True,
        "relevance_score": 0.9,
        "amounts": [{"value": 2_800_000, "currency": "USD", "role": "loss", "approx": False, "text": "$2.8 million",
                     "start": start, "end": start + 12, "sent_start": sent, "sent_end": len(TEXT)}],
        "counts": [{"action": "arrested", "n": 5, "text": "five people", "start": 16, "end": 27, "sent_start": 0, "sent_end": 28}],
    }


def test_bodies_are_kept_once_and_compressed(db):
    body = b"<html>" + b"x" * 10_000 + b"</html>"
    first = record_page(db, url="http://h/1", status=200, body=body)
    second = record_page(db, url="http://h/1", status=200, body=body)
    assert first != second  # two fetches, two page rows
    assert db["page_bodies"].count == 1
    row = db["pages"].get(first)
    assert row["size"] == len(body)
    assert load_body(db, row["content_hash"]) == body
    stored = db.execute("SELECT length(body) FROM page_bodies").fetchone()[0]
    assert stored < len(body) / 10


def test_page_content_type_from_headers(db):
    page = record_page(db, url="http://h/1", status=200, body=b"x", headers={"content-type": "text/plain"})
    assert db["pages"].get(page)["content_type"] == "text/plain"
    assert json.loads(db["pages"].get(page)["headers"]) == {"content-type": "text/plain"}


def test_article_upsert_new_unchanged_updated(db):
    article_id, status = _article(db)
    assert status == "new"
    first_seen = db["articles"].get(article_id)["first_seen"]
    assert _article(db) == (article_id, "unchanged")
    again, status = _article(db, text=TEXT + " More.")
    assert (again, status) == (article_id, "updated")
    assert db["articles"].count == 1
    assert db["articles"].get(article_id)["first_seen"] == first_seen


def test_write_facts_twice_gives_the_same_rows(db):
    article_id, _ = _article(db)
    write_facts(db, article_id, _facts(), TEXT, version=3)
    before = {t: list(db[t].rows) for t in ("amounts", "counts", "relevance")}
    write_facts(db, article_id, _facts(), TEXT, version=3)
    after = {t: list(db[t].rows) for t in ("amounts", "counts", "relevance")}
    assert before == after
    amount = after["amounts"][0]
    assert amount["sentence"] == "They stole $2.8 million from victims in Lyon."
    assert TEXT[amount["span_start"]:amount["span_end"]] == "$2.8 million"
    assert db["articles"].get(article_id)["facts_version"] == 3


def test_changed_text_makes_facts_due_again(db):
    article_id, _ = _article(db)
    write_facts(db, article_id, _facts(), TEXT, version=1)
    assert list(articles_needing_facts(db, 1)) == []
    _article(db, text=TEXT + " Updated.")
    assert [r["id"] for r in articles_needing_facts(db, 1)] == [article_id]


def test_crawl_run_rewrite_replaces_the_row(db):
    upsert_source(db, {"name": "s", "kind": "feed", "start_urls": ["http://h/feed"]})
    run = {"run_id": "r1", "source": "s", "requests": 3, "status_counts": {"200": 3}, "outcome": "ok"}
    record_crawl_run(db, run)
    record_crawl_run(db, {**run, "requests": 4})
    rows = list(db["crawl_runs"].rows)
    assert len(rows) == 1 and rows[0]["requests"] == 4
    assert json.loads(rows[0]["status_counts"]) == {"200": 3}


def test_article_year_follows_its_publication_date(db):
    article_id, _ = _article(db, published="2021-06-30")
    assert db["articles"].get(article_id)["year"] == 2021
    _article(db, published="2022-01-02", text=TEXT + " Corrected.")
    assert db["articles"].get(article_id)["year"] == 2022
    _article(db, published=None, text=TEXT + " Undated.")
    assert db["articles"].get(article_id)["year"] is None
