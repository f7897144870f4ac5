"""Compressed bodies cut short: refused as an error, never stored, healed by the next run."""

from __future__ import annotations

import gzip
import json
import sqlite3
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest

from crawl_cli import run_crawl_cli
from crawler.compression import truncated_encoding

PAGE = (
    "<html lang='en'><head><title>Bookkeeper charged with embezzlement</title></head><body><article>"
    "<h1>Bookkeeper charged with embezzlement</h1>"
    + "".join(
        f"<p>Paragraph {n}: the bookkeeper of an invented firm in Northvale moved client funds to her own "
        f"accounts over {n + 2} years, investigators said, and hid the transfers in the ledgers.</p>"
        for n in range(40)
    )
    + "<p>THE LAST PARAGRAPH says the case goes to court in June.</p></article></body></html>"
).encode()


def _zstd(data: bytes) -> bytes:
    try:
        from compression import zstd
    except ImportError:
        from backports import zstd
    return zstd.compress(data)


ENCODERS = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "raw-deflate": lambda data: zlib.compress(data)[2:-4],
    "br": brotli.compress,
    "zstd": _zstd,
}


@pytest.mark.parametrize("name", sorted(ENCODERS))
def test_a_stream_cut_short_is_found_in_every_encoding(name):
    encoding = b"deflate" if name == "raw-deflate" else name.encode()
    whole = ENCODERS[name](PAGE)
    assert truncated_encoding(whole, [encoding]) is None
    for cut in (len(whole) - 5, len(whole) // 2, 20):
        assert truncated_encoding(whole[:cut], [encoding]) == encoding.decode(), cut


def test_layers_members_and_what_is_left_to_scrapy():
    assert truncated_encoding(gzip.compress(b"a") + gzip.compress(b"b"), [b"gzip"]) is None  # two members
    assert truncated_encoding(gzip.compress(b"a") + gzip.compress(b"b" * 99)[:-3], [b"gzip"]) == "gzip"
    inner_cut = gzip.compress(zlib.compress(PAGE)[:-40])
    assert truncated_encoding(inner_cut, [b"deflate, gzip"]) == "deflate"  # applied deflate first, then gzip
    assert truncated_encoding(gzip.compress(zlib.compress(PAGE)), [b"deflate", b"gzip"]) is None
    assert truncated_encoding(b"not gzip at all", [b"gzip"]) is None  # corrupt, not truncated: Scrapy decides
    assert truncated_encoding(PAGE, [b"identity"]) is None
    assert truncated_encoding(gzip.compress(PAGE)[:-8], [b"gzip"], max_size=100) is None  # past the cap: Scrapy's limit


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def _send(self, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))  # matches what is sent: no data loss to notice
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.requests.append(self.path)
        if self.path == "/feed.rss":
            items = "".join(f"<item><title>t</title><link>/{name}.html</link></item>" for name in ENCODERS)
            return self._send(f"<rss version='2.0'><channel>{items}</channel></rss>".encode(), "application/rss+xml")
        if self.path == "/sitemap.xml.gz":  # a gzip file (no Content-Encoding): the spider unzips it
            urls = "".join(f"<url><loc>/{name}.html</loc></url>" for name in ENCODERS)
            body = gzip.compress(f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode())
            return self._send(body[:-30] if self.server.truncate else body, "application/gzip")
        name = self.path.strip("/").removesuffix(".html")
        if name not in ENCODERS:
            self.send_error(404)
            return
        body = ENCODERS[name](PAGE)
        if self.server.truncate:
            body = body[: len(body) * 2 // 3]
        encoding = "deflate" if name == "raw-deflate" else name
        self._send(body, "text/html; charset=utf-8", {"Content-Encoding": encoding})


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.requests = []
    server.truncate = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_truncated_pages_are_errors_and_the_next_run_heals_them(tmp_path, site):
    server, base = site
    sources = [{"name": "cut-short", "agency": "Northvale Police (invented)", "country": "GB", "language": "en",
                "kind": "feed", "start_urls": [base + "/feed.rss"]},
               {"name": "cut-sitemap", "agency": "Northvale Police (invented)", "country": "GB", "language": "en",
                "kind": "sitemap", "start_urls": [base + "/sitemap.xml.gz"]}]
    first = run_crawl_cli(tmp_path, sources)
    assert first.returncode == 1, first.stderr[-3000:]
    db = sqlite3.connect(tmp_path / "crawl.db")
    runs = {r[0]: (r[1], json.loads(r[2])) for r in db.execute("SELECT source, outcome, error_messages FROM crawl_runs")}
    assert runs["cut-sitemap"][0] == "failed" and "gzip file cut short" in runs["cut-sitemap"][1][0]
    outcome, errors = runs["cut-short"]
    assert outcome == "partial" and len(errors) == len(ENCODERS), errors
    for name in ENCODERS:
        assert any(f"/{name}.html" in e and "cut short" in e for e in errors), (name, errors)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0  # half an article is not an article
    db.close()

    assert server.requests.count("/gzip.html") == 1  # the truncated page was not retried at once
    server.truncate = False
    second = run_crawl_cli(tmp_path, sources)
    assert second.returncode == 0, second.stderr[-3000:]
    db = sqlite3.connect(tmp_path / "crawl.db")
    texts = [t for (t,) in db.execute("SELECT text FROM articles")]
    assert len(texts) == len(ENCODERS)  # the sitemap, now whole, lists the same pages: held, not stored twice
    assert all("THE LAST PARAGRAPH" in t for t in texts)
    db.close()
    assert server.requests.count("/gzip.html") >= 2  # not held after the first run: fetched again
