"""End-to-end crawls against real HTTP servers on 127.0.0.1, one subprocess per run.

Twisted's reactor starts once per process, so every crawl runs ``crackdown crawl`` in a
subprocess; the servers run in this process and log what was requested.
"""

from __future__ import annotations

import gzip
import json
import socket
import sqlite3
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crackdown.demo_site import demo_sources, start_demo_site
from crawl_cli import run_crawl_cli, summary_of

SITE = Path(__file__).parent / "fixtures" / "site"


class FixtureHandler(SimpleHTTPRequestHandler):
    """Static fixture files plus the misbehaving routes the tests need."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(SITE), **kwargs)

    def log_message(self, format, *args):
        pass

    def _raw(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = urlsplit(self.path).path
        self.server.requests.append(path)
        self.server.agents.add(self.headers.get("User-Agent"))
        if path.endswith("-feed.rss"):  # /<a>+<b>-feed.rss: an RSS feed linking /<a>, /<b> (+ for /)
            links = path[1:-len("-feed.rss")].split("+")
            items = "".join(f"<item><title>t</title><link>/{link.replace('~', '/')}</link></item>" for link in links)
            return self._raw(200, f"<rss version='2.0'><channel>{items}</channel></rss>".encode(), "application/rss+xml")
        if path == "/enc/gb.html":  # GB2312 bytes, declared UTF-8 in the header
            return self._raw(200, page_bytes(CHINESE, "zh", "gb2312"), "text/html; charset=utf-8")
        if path == "/enc/latin1.html":  # Latin-1 bytes, no charset anywhere
            return self._raw(200, page_bytes(FRENCH, "fr", "latin-1"), "text/html")
        if path.startswith("/loop/"):
            target = "/loop/b" if path == "/loop/a" else "/loop/a"
            return self._raw(302, b"", "text/html", {"Location": target})
        if path == "/slow/page.html":
            time.sleep(3)
            return self._raw(200, b"<html><body><p>late</p></body></html>", "text/html")
        if path == "/busy-atom.xml":
            self.server.busy += 1
            if self.server.busy == 1:
                return self._raw(503, b"maintenance", "text/plain", {"Retry-After": "1"})
            return self._raw(200, (SITE / "atom.xml").read_bytes(), "application/atom+xml")
        if path.startswith("/down500/"):
            return self._raw(500, b"<html><body>Internal error</body></html>", "text/html")
        if path == "/files/report.bin":  # binary bytes where HTML was promised
            return self._raw(200, bytes(range(256)) * 64, "text/html; charset=utf-8")
        if path == "/limited-atom.xml":
            self.server.limited += 1
            if self.server.limited == 1:
                return self._raw(429, b"slow down", "text/plain", {"Retry-After": "1"})
            return self._raw(200, (SITE / "atom.xml").read_bytes(), "application/atom+xml")
        if path == "/sitemap-index.xml":
            body = (
                '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                "<sitemap><loc>/sitemaps/news.xml.gz</loc></sitemap><sitemap><loc>/sitemaps/other.xml.gz</loc></sitemap>"
                "</sitemapindex>"
            )
            return self._raw(200, body.encode(), "application/xml")
        if path == "/sitemaps/news.xml.gz":
            urls = "".join(f"<url><loc>/articles/{n}.html</loc><lastmod>2024-05-01</lastmod></url>" for n in ("bookkeeper", "skimming-gang"))
            body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            return self._raw(200, gzip.compress(body.encode()), "application/gzip")
        if path == "/sitemaps/bomb.xml.gz":  # 1 MB of padding unzips past the 64 kB cap
            body = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + b" " * 1_000_000 + b"</urlset>"
            return self._raw(200, gzip.compress(body), "application/gzip")
        if path.startswith("/sitemaps/empty/"):  # sitemaps that list no URL
            urlset = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
            bodies = {
                "zero.xml": b"",
                "urlset.xml": urlset.format("").encode(),
                "index.xml": b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>',
                "bomb.xml": ('<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa">'
                             + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8))
                             + "]>" + urlset.format("<url><loc>&i;</loc></url>")).encode(),
            }
            return self._raw(200, bodies[path.rsplit("/", 1)[-1]], "application/xml")
        return super().do_GET()


CHINESE = [
    "北岭市公安局今日通报，警方破获一起冒充客服的电信网络诈骗案，抓获犯罪嫌疑人三名。",
    "经查，该团伙自去年起通过虚构退款理由骗取受害人钱款，涉案金额约二十万元，案件正在进一步侦办中。",
    "警方提醒市民，接到自称客服的陌生来电时务必核实身份，切勿向陌生账户转账。",
]
FRENCH = [
    "Les gendarmes de la brigade imaginaire de Villeneuve-sur-Lys ont interpellé deux escrocs présumés mardi.",
    "Ils se faisaient passer pour des conseillers bancaires et ont dérobé près de 30 000 euros à des retraités.",
    "Les deux hommes, âgés de 24 et 31 ans, seront jugés en comparution immédiate pour escroquerie en bande organisée.",
]


def page_bytes(paragraphs: list[str], lang: str, encoding: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html lang='{lang}'><head><title>{paragraphs[0][:20]}</title></head><body><article>{body}</article></body></html>".encode(encoding)


@pytest.fixture(scope="module")
def fixture_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FixtureHandler)
    server.daemon_threads = True
    server.requests = []
    server.agents = set()
    server.limited = 0
    server.busy = 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def demo_site():
    server, base_url = start_demo_site(None)  # the built-in fixture site: same content with or without ../shared
    yield base_url
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def atom_source(base: str, name: str = "fixture-atom", path: str = "/atom.xml", **extra) -> dict:
    return {"name": name, "agency": "Northvale Police (invented)", "country": "GB", "language": "en",
            "kind": "feed", "start_urls": [base + path], **extra}


def test_crawl_feed_listing_api_then_incremental(tmp_path, demo_site, fixture_site):
    _, site = fixture_site
    sources = demo_sources(demo_site) + [atom_source(site)]
    first = run_crawl_cli(tmp_path, sources)
    assert first.returncode == 0, first.stderr[-3000:]
    summary = summary_of(first)
    assert summary["outcome"] == "ok" and summary["sources_ok"] == 4
    assert "OK - 4 sources" in first.stdout.splitlines()[0]

    db = sqlite3.connect(tmp_path / "crawl.db")
    per_source = dict(db.execute("SELECT source, count(*) FROM articles GROUP BY source"))
    # the built-in demo site: 4 API records, 5 feed entries, 7 listing rows over 2 pages
    assert per_source == {"demo-doj-api": 4, "demo-prosecutor-feed": 5, "demo-prosecutor-listing": 7, "fixture-atom": 2}
    assert set(r[0] for r in db.execute("SELECT date_source FROM articles WHERE source LIKE 'demo-%'")) <= {"api", "feed", "listing"}
    assert db.execute("SELECT count(*) FROM articles WHERE published IS NULL OR text = '' OR page_id IS NULL").fetchone()[0] == 0

    # the API record is archived as a page of its own, with the API's status and an HTML body
    url, page_url, status, ctype = db.execute(
        "SELECT a.url, p.url, p.status, p.content_type FROM articles a JOIN pages p ON p.id = a.page_id "
        "WHERE a.source = 'demo-doj-api' ORDER BY a.published LIMIT 1"
    ).fetchone()
    assert url == page_url and status == 200 and ctype.startswith("text/html")
    assert url.startswith(demo_site + "/api/releases/")

    # Atom: relative links resolved, the publisher's own date kept, canonical URL without fragment
    atom = dict(db.execute("SELECT url, published FROM articles WHERE source = 'fixture-atom'"))
    assert atom[site + "/articles/skimming-gang.html"] == "2024-03-28"
    assert atom[site + "/articles/faux-rib-canonique.html"] == "2024-04-02"
    lang = db.execute("SELECT lang FROM articles WHERE url LIKE '%faux-rib-canonique%'").fetchone()[0]
    assert lang == "fr"

    runs = db.execute("SELECT source, outcome, requests, responses, new_articles, status_counts FROM crawl_runs").fetchall()
    assert {r[0]: r[1] for r in runs} == {s["name"]: "ok" for s in sources}
    listing = next(r for r in runs if r[0] == "demo-prosecutor-listing")
    assert listing[4] == 7 and json.loads(listing[5])["200"] >= 9  # 2 listing pages + 7 articles
    assert db.execute("SELECT count(*) FROM sources").fetchone()[0] == 4
    first_run = db.execute("SELECT run_id FROM crawl_runs LIMIT 1").fetchone()[0]
    db.close()

    second = run_crawl_cli(tmp_path, sources)
    assert second.returncode == 0, second.stderr[-3000:]
    again = summary_of(second)
    assert again["new"] == 0 and again["updated"] == 0
    # every entry seen is known; the listing stops after its first page (all of it already held)
    assert again["skipped_known"] == 4 + 5 + 4 + 2
    db = sqlite3.connect(tmp_path / "crawl.db")
    fetched = [u for (u,) in db.execute("SELECT url FROM pages WHERE run_id != ?", [first_run])]
    assert fetched, "the second run re-reads its feeds, listings and API pages"
    assert not [u for u in fetched if "/releases/" in u or "/articles/" in u], fetched
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 18
    db.close()


def test_broken_sources_fail_alone(tmp_path, fixture_site):
    server, site = fixture_site
    dead = f"http://127.0.0.1:{closed_port()}"
    sources = [
        atom_source(dead, "dead-host", "/feed.xml"),
        atom_source(site, "all-500", "/down500/feed.xml"),
        atom_source(site, "html-not-feed", "/not-a-feed.xml"),
        atom_source(site, "xml-bomb", "/bomb.xml"),
        atom_source(site, "binary-article", "/mixed-feed.xml"),
        atom_source(site, "rate-limited", "/limited-atom.xml"),
        {"name": "typo-source", "agency": "x", "country": "US", "language": "en", "kind": "feed",
         "start_urls": [site + "/atom.xml"], "donwload_delay": 1},
    ]
    result = run_crawl_cli(tmp_path, sources)
    assert result.returncode == 1, result.stderr[-3000:]
    line = result.stdout.splitlines()[0]
    assert "PARTIAL" in line and "1 skipped in config" in line
    assert "typo-source" in result.stderr and "did you mean 'download_delay'" in result.stderr

    db = sqlite3.connect(tmp_path / "crawl.db")
    runs = {r[0]: (r[1], json.loads(r[2])) for r in db.execute("SELECT source, outcome, error_messages FROM crawl_runs")}
    assert runs["dead-host"][0] == "failed" and "ConnectionRefused" in runs["dead-host"][1][0]
    assert runs["all-500"][0] == "failed" and runs["all-500"][1] == [f"HTTP 500 for {site}/down500/feed.xml"]
    assert runs["html-not-feed"][0] == "failed" and "not an RSS or Atom feed" in runs["html-not-feed"][1][0]
    assert runs["xml-bomb"][0] == "failed" and "refused unsafe XML" in runs["xml-bomb"][1][0]
    assert runs["binary-article"][0] == "partial"
    assert runs["binary-article"][1] == [f"no text in {site}/files/report.bin: binary content, not HTML, PDF or text"]
    assert runs["rate-limited"][0] == "ok"  # waited for Retry-After, then read the feed
    # the broken entry is not crawled, but its failure is on record for source_health
    assert runs["typo-source"][0] == "failed" and runs["typo-source"][1][0].startswith("sources file: source 'typo-source'")
    articles = dict(db.execute("SELECT url, source FROM articles"))
    assert articles == {
        f"{site}/articles/bookkeeper.html": "binary-article",
        f"{site}/articles/skimming-gang.html": "rate-limited",
        f"{site}/articles/faux-rib-canonique.html": "rate-limited",
    }
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    statuses = db.execute("SELECT status FROM pages WHERE url LIKE '%/down500/%'").fetchall()
    assert statuses == [(500,)]  # retried once, but only the final response is a stored fetch
    db.close()
    assert server.requests.count("/down500/feed.xml") == 2  # RETRY_TIMES = 1


def test_listing_pagination_and_backfill_limit(tmp_path, fixture_site, demo_site):
    _, site = fixture_site
    listing = {
        "name": "fixture-listing", "agency": "Northvale Police (invented)", "country": "GB", "language": "en",
        "kind": "listing", "start_urls": [site + "/listing-1.html"],
        "link_selector": ".view-content h3 a", "date_selector": "//div[@class='row']/span[@class='date']/text()",
        "date_format": "%d/%m/%Y", "next_page": "li.next a", "deny": ["/contact"],
    }
    capped = {**demo_sources(demo_site)[1], "name": "capped-feed", "backfill_limit": 2}  # 5 entries in the feed
    result = run_crawl_cli(tmp_path, [listing, capped])
    assert result.returncode == 0, result.stderr[-3000:]
    db = sqlite3.connect(tmp_path / "crawl.db")
    rows = dict(db.execute("SELECT url, published FROM articles WHERE source = 'fixture-listing'"))
    assert rows == {
        f"{site}/articles/skimming-gang.html": "2024-03-28",
        f"{site}/articles/faux-rib-canonique.html": "2024-04-02",
        f"{site}/articles/bookkeeper.html": "2024-03-05",  # on page 2
    }
    assert db.execute("SELECT count(*) FROM articles WHERE source = 'capped-feed'").fetchone()[0] == 2
    db.close()


def test_sitemap_index_gzip_and_size_cap(tmp_path, fixture_site):
    server, site = fixture_site
    base = {"agency": "Westbrook (invented)", "country": "US", "language": "en", "kind": "sitemap"}
    sources = [
        {**base, "name": "sitemap-index", "start_urls": [site + "/sitemap-index.xml"], "sitemap_follow": ["/news"]},
        {**base, "name": "sitemap-bomb", "start_urls": [site + "/sitemaps/bomb.xml.gz"], "max_sitemap_bytes": 65536},
    ]
    result = run_crawl_cli(tmp_path, sources)
    assert result.returncode == 1, result.stderr[-3000:]
    db = sqlite3.connect(tmp_path / "crawl.db")
    runs = {r[0]: (r[1], json.loads(r[2])) for r in db.execute("SELECT source, outcome, error_messages FROM crawl_runs")}
    assert runs["sitemap-index"] == ("ok", [])
    assert runs["sitemap-bomb"][0] == "failed" and "sitemap could not be read" in runs["sitemap-bomb"][1][0]
    rows = dict(db.execute("SELECT url, date_source FROM articles"))
    assert set(rows) == {f"{site}/articles/bookkeeper.html", f"{site}/articles/skimming-gang.html"}
    assert "sitemap" not in rows.values()  # lastmod is not a publication date
    db.close()
    assert "/sitemaps/other.xml.gz" not in server.requests  # not matched by sitemap_follow


def test_a_sitemap_without_urls_is_flagged_at_once(tmp_path, fixture_site):
    """An empty file, an empty urlset or index, a refused entity bomb: not "ok" in source_health, on the first run."""
    _, site = fixture_site
    base = {"agency": "Westbrook (invented)", "country": "US", "language": "en", "kind": "sitemap"}
    names = ["zero", "urlset", "index", "bomb"]
    sources = [{**base, "name": f"sitemap-{n}", "start_urls": [f"{site}/sitemaps/empty/{n}.xml"]} for n in names]
    result = run_crawl_cli(tmp_path, sources)
    assert result.returncode == 1, result.stderr[-3000:]
    db = sqlite3.connect(tmp_path / "crawl.db")
    health = {r[0]: (r[1], json.loads(r[2] or "[]")) for r in db.execute("SELECT source, flag, last_errors FROM source_health")}
    db.close()
    for name in names:
        flag, errors = health[f"sitemap-{name}"]
        assert flag in ("failing", "partial") and len(errors) == 1, (name, flag, errors)
    assert "no URL" in health["sitemap-urlset"][1][0] and "no URL" in health["sitemap-index"][1][0]
    assert health["sitemap-urlset"][0] == "partial"  # read, but empty: a warning (a news sitemap can be)
    assert health["sitemap-bomb"] == ("failing", [f"sitemap could not be read: refused unsafe XML (entity declarations) ({site}/sitemaps/empty/bomb.xml)"])
    assert health["sitemap-zero"][0] == "failing" and "empty" in health["sitemap-zero"][1][0]


def test_hostile_pages_and_politeness(tmp_path, fixture_site):
    """Wrong charsets, a redirect loop, a timeout, 503 then Retry-After, a 404, robots.txt: each where it belongs."""
    server, site = fixture_site
    sources = [
        atom_source(site, "charsets", "/enc~gb.html+enc~latin1.html-feed.rss"),
        atom_source(site, "loop-and-slow", "/loop~a+slow~page.html+articles~bookkeeper.html-feed.rss"),
        atom_source(site, "robots", "/private~secret.html+articles~skimming-gang.html-feed.rss"),
        atom_source(site, "busy", "/busy-atom.xml"),
        atom_source(site, "gone", "/gone-feed.xml"),
    ]
    start = len(server.requests)
    result = run_crawl_cli(tmp_path, sources, download_timeout=1)
    assert result.returncode == 1, result.stderr[-3000:]
    requests = server.requests[start:]
    db = sqlite3.connect(tmp_path / "crawl.db")
    runs = {r[0]: (r[1], json.loads(r[2])) for r in db.execute("SELECT source, outcome, error_messages FROM crawl_runs")}
    texts = dict(db.execute("SELECT url, text FROM articles"))
    langs = dict(db.execute("SELECT url, lang FROM articles"))
    # the bytes decide, not a wrong or missing declaration
    assert runs["charsets"] == ("ok", [])
    assert "电信网络诈骗案" in texts[f"{site}/enc/gb.html"] and langs[f"{site}/enc/gb.html"] == "zh"
    assert "interpellé deux escrocs" in texts[f"{site}/enc/latin1.html"]
    # a redirect loop and a timeout are one line each; the third page of the feed is still stored
    outcome, errors = runs["loop-and-slow"]
    assert outcome == "partial" and len(errors) == 2
    assert any("max redirections" in e.lower() and "/loop/" in e for e in errors), errors
    assert any("TimeoutError" in e and "/slow/page.html" in e for e in errors), errors
    assert f"{site}/articles/bookkeeper.html" in texts
    assert requests.count("/loop/a") + requests.count("/loop/b") <= 7  # REDIRECT_MAX_TIMES = 5, not 20
    assert requests.count("/slow/page.html") == 2  # a timeout is transient: retried once
    # robots.txt: the disallowed page is never requested, the allowed one is stored
    assert "/private/secret.html" not in requests and "/robots.txt" in requests
    assert f"{site}/articles/skimming-gang.html" in texts
    # 503 with Retry-After: waited and read the feed; a 404 is not retried
    assert runs["busy"][0] == "ok" and requests.count("/busy-atom.xml") == 2
    assert runs["gone"] == ("failed", [f"HTTP 404 for {site}/gone-feed.xml"]) and requests.count("/gone-feed.xml") == 1
    db.close()
    # every request said who we are and where to reach us
    assert server.agents and all(a and a.startswith("crackdown/") and "+https://" in a for a in server.agents)


def test_politeness_settings():
    from crackdown.settings import CrawlSettings, Settings
    from crawler.run import scrapy_settings, source_settings

    greedy = scrapy_settings(Settings(crawl=CrawlSettings(concurrent_per_host=8)))
    assert greedy.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2  # never more than 2 per host
    assert greedy.getbool("ROBOTSTXT_OBEY") and greedy.getbool("AUTOTHROTTLE_ENABLED")
    assert greedy.getfloat("DOWNLOAD_DELAY") == 1.0
    assert greedy.get("DOWNLOADER") == "crawler.downloader.PoliteDownloader"
    assert sorted(greedy.getlist("RETRY_HTTP_CODES")) == [408, 429, 500, 502, 503, 504, 522, 524]
    slow = source_settings(greedy, {"name": "x", "download_delay": 5.0})
    assert slow.getfloat("DOWNLOAD_DELAY") == 5.0 and slow.getfloat("AUTOTHROTTLE_START_DELAY") == 5.0
    assert source_settings(greedy, {"name": "y"}).getfloat("DOWNLOAD_DELAY") == 1.0
