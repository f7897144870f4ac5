"""A generated press-release site on 127.0.0.1, for crawler tests and the crawl benchmark.

Invented releases (HTML pages, some as PDF) behind an RSS feed and a paginated listing,
served by a threaded HTTP server that behaves like a careful publisher: ETag and
Last-Modified on index pages, 304 on a matching If-None-Match, a robots.txt that
disallows ``/private/``. Tests change a release (:meth:`GeneratedSite.edit`), slow the
article pages down (``delay``) to kill a crawl mid-way, and read which paths were
requested with which headers. Nothing leaves the machine.
"""

from __future__ import annotations

import hashlib
import html
import io
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TOWNS = ["Northfield", "Eastbrook", "Westmere", "Southvale", "Ashby Cross", "Lowmoor", "Kingsreach", "Fernhollow"]
SCHEMES = ["phishing", "card skimming", "investment fraud", "romance scam", "invoice fraud", "ransomware"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
EPOCH = datetime(2015, 1, 1, 9, 0, tzinfo=timezone.utc)  # + n days stays in the past for n < 3000


@dataclass
class Release:
    slug: str
    title: str
    paragraphs: list[str]
    published: datetime
    updated: datetime
    pdf: bool = False

    @property
    def path(self) -> str:
        return f"/docs/{self.slug}.pdf" if self.pdf else f"/news/{self.slug}.html"


def invented_release(n: int, pdf: bool = False) -> Release:
    """Release number ``n``: invented names, sums and places, different words on every page."""
    town, scheme = TOWNS[n % len(TOWNS)], SCHEMES[n % len(SCHEMES)]
    people, amount = 2 + n % 7, 10_000 + 7_919 * n
    when = EPOCH + timedelta(days=n)
    paragraphs = [
        f"Officers of the invented {town} police service arrested {people} people on {DAYS[n % 5]} "
        f"in connection with a {scheme} scheme, release number {n}.",
        f"Investigators say the group took about ${amount:,} from {3 + n % 40} victims in {town} "
        f"and the neighbouring districts between {2020 + n % 4} and {2021 + n % 4}.",
        f"The suspects, aged between {19 + n % 9} and {40 + n % 20}, were charged with fraud and money "
        f"laundering and will appear before the {town} magistrates' court next month.",
        f"Detective Inspector {['Avery', 'Blake', 'Carter', 'Dale'][n % 4]} said the case number "
        f"{1000 + n} showed how quickly such schemes spread and asked residents to report suspicious calls.",
    ]
    return Release(
        slug=f"release-{n:05d}",
        title=f"{people} arrested over {scheme} in {town} (case {1000 + n})",
        paragraphs=paragraphs,
        published=when,
        updated=when,
        pdf=pdf,
    )


def make_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF whose text layer holds ``lines`` (Helvetica, xref offsets computed)."""
    ops = ["BT", "/F1 11 Tf", "60 740 Td", "14 TL"]
    for line in lines:
        ops.append("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _wrap(text: str, width: int = 80) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + ([current] if current else [])


@dataclass
class GeneratedSite:
    """The site's content and its request log; :meth:`start` serves it."""

    n_articles: int = 30
    per_page: int = 10
    pdf_every: int = 0  # every n-th release is a PDF (0: none)
    delay: float = 0.0  # seconds each article page takes to answer
    releases: list[Release] = field(default_factory=list)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None
    in_flight: int = 0
    max_in_flight: int = 0  # most requests served at the same time (politeness check)

    def __post_init__(self):
        if not self.releases:
            self.releases = [
                invented_release(n, pdf=bool(self.pdf_every) and n % self.pdf_every == self.pdf_every - 1)
                for n in range(self.n_articles)
            ]

    # -- content --------------------------------------------------------------------

    def newest_first(self) -> list[Release]:
        return sorted(self.releases, key=lambda r: r.published, reverse=True)

    def edit(self, slug: str, paragraph: str) -> Release:
        """Add a paragraph to a release and mark it updated now (the feed says so)."""
        release = next(r for r in self.releases if r.slug == slug)
        release.paragraphs.append(paragraph)
        release.updated = datetime.now(timezone.utc) + timedelta(seconds=1)
        return release

    def article_body(self, release: Release) -> bytes:
        if release.pdf:
            lines = [release.title, release.published.date().isoformat()]
            for paragraph in release.paragraphs:
                lines.extend(_wrap(paragraph))
            return make_pdf(lines)
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in release.paragraphs)
        return (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(release.title)}</title>'
            f'<meta property="article:published_time" content="{release.published.isoformat()}"></head>'
            f'<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><main><article>'
            f"<h1>{html.escape(release.title)}</h1><time>{release.published.date().isoformat()}</time>\n{body}"
            f"</article></main><footer>Invented police service - contact</footer></body></html>"
        ).encode("utf-8")

    def feed(self, base: str) -> bytes:
        items = "".join(
            f"<item><title>{html.escape(r.title)}</title><link>{base}{r.path}</link>"
            f"<pubDate>{format_datetime(r.published)}</pubDate>"
            f"<atom:updated>{r.updated.isoformat()}</atom:updated></item>"
            for r in self.newest_first()
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
            f"<channel><title>Invented police newsroom</title><link>{base}/</link>{items}</channel></rss>"
        ).encode("utf-8")

    def listing(self, page: int) -> bytes:
        releases = self.newest_first()
        start = (page - 1) * self.per_page
        rows = "".join(
            f'<li class="release"><a href="{r.path}">{html.escape(r.title)}</a>'
            f'<time datetime="{r.published.date().isoformat()}">{r.published:%d %B %Y}</time></li>'
            for r in releases[start:start + self.per_page]
        )
        more = start + self.per_page < len(releases)
        pager = f'<a class="next" href="/news?page={page + 1}">Next</a>' if more else ""
        return (
            f"<!DOCTYPE html><html><head><title>News, page {page}</title></head><body>"
            f"<ul class='releases'>{rows}</ul>{pager}</body></html>"
        ).encode("utf-8")

    def source(self, base: str, kind: str = "feed", name: str = "generated", **extra) -> dict:
        """A sources.yml entry for this site."""
        entry = {"name": name, "agency": "Invented Police Service", "country": "GB", "language": "en", "kind": kind}
        if kind == "feed":
            entry["start_urls"] = [base + "/feed.xml"]
        else:
            entry.update(
                start_urls=[base + "/news?page=1"],
                item_selector="li.release",
                link_selector="a",
                date_selector="time",
                next_page="a.next",
                max_pages=1000,
            )
        return {**entry, **extra}

    def hits(self, prefix: str) -> list[tuple[str, dict[str, str]]]:
        with self.lock:
            return [r for r in self.requests if r[0].startswith(prefix)]

    # -- serving --------------------------------------------------------------------

    def start(self, port: int = 0) -> str:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):
                pass

            def send(self, status: int, body: bytes, ctype: str, etag: str | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", format_datetime(EPOCH, usegmt=True))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the crawler was killed mid-transfer
                    pass

            def index(self, body: bytes, ctype: str) -> None:
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send(200, body, ctype, etag)

            def do_GET(self):
                with site.lock:
                    site.in_flight += 1
                    site.max_in_flight = max(site.max_in_flight, site.in_flight)
                try:
                    self.route()
                finally:
                    with site.lock:
                        site.in_flight -= 1

            def route(self):
                parts = urlsplit(self.path)
                with site.lock:
                    site.requests.append((parts.path, dict(self.headers.items())))
                base = f"http://{self.headers.get('Host')}"
                if parts.path == "/robots.txt":
                    return self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
                if parts.path == "/feed.xml":
                    return self.index(site.feed(base), "application/rss+xml; charset=utf-8")
                if parts.path == "/news":
                    page = int((parse_qs(parts.query).get("page") or ["1"])[0])
                    return self.index(site.listing(page), "text/html; charset=utf-8")
                release = next((r for r in site.releases if r.path == parts.path), None)
                if release is None:
                    return self.send(404, b"<html><body>Not found</body></html>", "text/html")
                if site.delay:
                    time.sleep(site.delay)
                ctype = "application/pdf" if release.pdf else "text/html; charset=utf-8"
                return self.send(200, site.article_body(release), ctype)

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
