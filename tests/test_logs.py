"""What a crawl prints: one line per error by default, Scrapy's progress with --verbose, never a traceback."""

from __future__ import annotations

import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawl_cli import run_crawl_cli

ARTICLE = ("<html lang='en'><head><title>Skimming gang arrested</title></head><body><article>"
           + "<p>Officers of the invented Northvale police arrested three people who fitted card skimmers "
             "to cash machines in the town centre, investigators said on Tuesday.</p>" * 4
           + "</article></body></html>").encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/feed.rss":  # a good page, a binary one (dropped: one line), a missing one
            items = "".join(f"<item><title>t</title><link>/{p}</link></item>" for p in ("good.html", "blob.html", "gone.html"))
            return self._send(200, f"<rss version='2.0'><channel>{items}</channel></rss>".encode(), "application/rss+xml")
        if self.path == "/good.html":
            self.server.busy += 1
            if self.server.busy == 1:  # a wait before the retry: no deprecation warning about it
                return self._send(503, b"busy", "text/plain", {"Retry-After": "1"})
            return self._send(200, ARTICLE, "text/html; charset=utf-8")
        if self.path == "/blob.html":
            return self._send(200, bytes(range(256)) * 64, "text/html")
        self._send(404, b"not here", "text/plain")


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.busy = 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _sources(base: str) -> list[dict]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    common = {"agency": "Northvale Police (invented)", "country": "GB", "language": "en", "kind": "feed"}
    return [{**common, "name": "lively", "start_urls": [base + "/feed.rss"]},
            {**common, "name": "dead-host", "start_urls": [dead + "/feed.xml"]}]


def _no_noise(stderr: str) -> None:
    assert "Traceback" not in stderr and "Deprecat" not in stderr
    assert "b'\\x00" not in stderr and "'body':" not in stderr  # a dropped item is its reason, not its repr


def test_default_output_is_one_line_per_error(tmp_path, site):
    server, base = site
    result = run_crawl_cli(tmp_path, _sources(base), log_level=None, retry_backoff=0.2)
    assert result.returncode == 1, result.stderr[-3000:]
    _no_noise(result.stderr)
    lines = result.stderr.splitlines()
    logged = [line for line in lines if re.match(r"\d{4}-\d\d-\d\d ", line)]
    assert not [line for line in logged if "] INFO:" in line or ("[scrapy." in line and "] WARNING: Dropped: " not in line)], lines
    errors = {
        "dead-host": [line for line in logged if "source dead-host:" in line],
        "blob": [line for line in logged if "/blob.html" in line],
        "gone": [line for line in logged if "/gone.html" in line],
    }
    assert {k: len(v) for k, v in errors.items()} == {"dead-host": 1, "blob": 1, "gone": 1}, lines
    assert "ConnectionRefused" in errors["dead-host"][0] and "HTTP 404" in errors["gone"][0]
    assert len(logged) == 3, lines
    # and after the crawl, one line per source that was not ok
    assert [line.split(":")[0] for line in lines if not line.startswith("20")] == ["crawl", "crawl"], lines
    assert server.busy == 2  # waited for Retry-After, then fetched the page


def test_verbose_adds_scrapy_progress_but_no_traceback(tmp_path, site):
    _, base = site
    result = run_crawl_cli(tmp_path, _sources(base), "--verbose", log_level=None, retry_backoff=0.2)
    assert result.returncode == 1, result.stderr[-3000:]
    _no_noise(result.stderr)
    assert "[scrapy.core.engine] INFO: Spider opened" in result.stderr
    robots = [line for line in result.stderr.splitlines() if "robots.txt could not be downloaded" in line]
    assert len(robots) == 1 and "/robots.txt" in robots[0] and "ConnectionRefused" in robots[0]
