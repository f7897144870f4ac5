"""Nightly runs against a generated local site: conditional requests, versions, PDFs, resuming a killed crawl."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time

import pytest

from crawl_cli import crawl_command, run_crawl_cli, summary_of
from crawler.generated_site import GeneratedSite
from db.store import load_body, open_db


@pytest.fixture
def site():
    site = GeneratedSite(n_articles=6, pdf_every=3)  # releases 2 and 5 are PDFs
    base = site.start()
    yield site, base
    site.stop()


def article_gets(site: GeneratedSite) -> list[str]:
    return [path for path, _ in site.requests if path.startswith(("/news/", "/docs/"))]


def assert_articles_link_to_their_fetch(path) -> None:
    """Every article points at the fetch (page row, run, archived bytes) its text was read from."""
    db = open_db(path)
    rows = list(db.query(
        "SELECT a.url, a.text, p.url AS page_url, p.status, p.run_id, p.content_hash FROM articles a "
        "JOIN pages p ON p.id = a.page_id"
    ))
    assert rows and len(rows) == db["articles"].count
    for row in rows:
        assert row["url"] == row["page_url"] and row["status"] == 200 and row["run_id"]
        body = load_body(db, row["content_hash"])
        number = int(row["url"].rsplit("-", 1)[1].split(".")[0])
        assert f"release number {number}" in row["text"]
        assert body.startswith(b"%PDF") if row["url"].endswith(".pdf") else f"release number {number}".encode() in body
    db.conn.close()


def test_nightly_runs_are_conditional_incremental_and_versioned(tmp_path, site):
    site, base = site
    source = site.source(base)
    first = run_crawl_cli(tmp_path, [source])
    assert first.returncode == 0, first.stderr[-3000:]
    assert summary_of(first)["new"] == 6
    db = sqlite3.connect(tmp_path / "crawl.db")
    kinds = dict(db.execute("SELECT a.url, p.content_type FROM articles a JOIN pages p ON p.id = a.page_id"))
    pdfs = {u: c for u, c in kinds.items() if u.endswith(".pdf")}
    assert len(pdfs) == 2 and set(pdfs.values()) == {"application/pdf"}
    text = db.execute("SELECT text FROM articles WHERE url = ?", [base + "/docs/release-00002.pdf"]).fetchone()[0]
    assert "release number 2" in text and "magistrates" in text
    etag = db.execute("SELECT etag FROM http_cache WHERE url = ?", [base + "/feed.xml"]).fetchone()[0]
    assert_articles_link_to_their_fetch(tmp_path / "crawl.db")
    assert etag and etag.startswith('"')
    db.close()
    assert len(article_gets(site)) == 6

    # second night, nothing changed: the feed answers 304, no article page is fetched again
    site.requests.clear()
    second = run_crawl_cli(tmp_path, [source])
    assert second.returncode == 0, second.stderr[-3000:]
    summary = summary_of(second)
    assert (summary["new"], summary["updated"], summary["not_modified"], summary["skipped_known"]) == (0, 0, 1, 6)
    feed_get = site.hits("/feed.xml")
    assert len(feed_get) == 1 and feed_get[0][1].get("If-None-Match") == etag
    assert article_gets(site) == []
    db = sqlite3.connect(tmp_path / "crawl.db")
    assert db.execute("SELECT status FROM pages WHERE url LIKE '%/feed.xml' ORDER BY id").fetchall() == [(200,), (304,)]
    assert db.execute("SELECT not_modified FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0] == 1
    db.close()

    # third night: one release was corrected; the feed's <atom:updated> says so and only it is fetched again
    site.requests.clear()
    site.edit("release-00001", "Update: a further suspect was arrested on Saturday and remanded in custody.")
    third = run_crawl_cli(tmp_path, [source])
    assert third.returncode == 0, third.stderr[-3000:]
    summary = summary_of(third)
    assert (summary["new"], summary["updated"], summary["refetched_updated"]) == (0, 1, 1)
    assert article_gets(site) == ["/news/release-00001.html"]
    db = open_db(tmp_path / "crawl.db")
    article = next(db.query("SELECT id, version, text, page_id FROM articles WHERE url LIKE '%release-00001.html'"))
    assert article["version"] == 2 and "further suspect" in article["text"]
    old = list(db.query("SELECT version, text, page_id, fetched_at FROM article_versions WHERE article_id = ?", [article["id"]]))
    assert len(old) == 1 and old[0]["version"] == 1 and "further suspect" not in old[0]["text"]
    assert old[0]["page_id"] != article["page_id"] and old[0]["fetched_at"]
    # each version points at the exact bytes it was read from
    assert b"further suspect" in load_body(db, db["pages"].get(article["page_id"])["content_hash"])
    assert b"further suspect" not in load_body(db, db["pages"].get(old[0]["page_id"])["content_hash"])
    db.conn.close()

    # --full: every page again, without validators; unchanged texts make no new version
    site.requests.clear()
    full = run_crawl_cli(tmp_path, [source], "--full")
    assert full.returncode == 0, full.stderr[-3000:]
    summary = summary_of(full)
    assert (summary["new"], summary["updated"], summary["unchanged"]) == (0, 0, 6)
    assert sorted(article_gets(site)) == sorted(r.path for r in site.releases)
    assert "If-None-Match" not in site.hits("/feed.xml")[0][1]
    db = sqlite3.connect(tmp_path / "crawl.db")
    assert db.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 1
    assert db.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone() == (6, 6)
    db.close()


def test_a_killed_crawl_resumes_without_duplicates(tmp_path):
    """Kill a crawl of a slow paginated listing mid-way; the next run finishes it, storing nothing twice."""
    site = GeneratedSite(n_articles=24, per_page=6, delay=0.2)
    base = site.start()
    try:
        source = site.source(base, kind="listing", name="slow-listing")
        command, env = crawl_command(tmp_path, [source])
        process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60  # a guard against a hung test, not a measurement
        while len(site.hits("/news/")) < 5 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert process.poll() is None, "the crawl ended before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        db = sqlite3.connect(tmp_path / "crawl.db")
        held = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        db.close()
        assert held < 24

        site.delay = 0
        result = run_crawl_cli(tmp_path, [source])
        assert result.returncode == 0, result.stderr[-3000:]
        db = sqlite3.connect(tmp_path / "crawl.db")
        assert db.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone() == (24, 24)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        completed = db.execute("SELECT completed FROM crawl_runs ORDER BY id").fetchall()
        assert completed[-1] == (1,) and all(c == (0,) for c in completed[:-1])
        db.close()
        fetched = [path for path, _ in site.hits("/news/") if path.endswith(".html")]
        assert set(fetched) == {r.path for r in site.releases}
        # only what was in flight at the kill is fetched twice: 2 downloads per host, and the
        # responses already received but not yet stored (at most as many)
        assert len(fetched) - 24 <= 4
        assert site.max_in_flight <= 2

        # the next night, everything held: one listing page is read (304) and the crawl stops there
        site.requests.clear()
        again = run_crawl_cli(tmp_path, [source])
        assert summary_of(again)["new"] == 0 and summary_of(again)["not_modified"] == 1
        assert [p for p, _ in site.requests if p != "/robots.txt"] == ["/news"]
    finally:
        site.stop()
