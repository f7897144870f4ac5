"""A local mirror of press-release sites, served on 127.0.0.1 for demos and tests.

With ``../shared`` present it serves real documents read in place: the 100 DOJ releases
of ``doj-press-samples`` as a paginated JSON API shaped like justice.gov's News API,
and fraud-related county prosecutor releases (Brooklyn, Orange County) as HTML pages
behind an RSS feed and a paginated listing; Chinese pages (GB2312 and GBK) under ``/zh/``
and French and South-East Asia news under ``/news/feed.xml`` (:mod:`crackdown.demo_languages`).
Without it (a user's clone) it serves the
invented releases in ``crackdown/demo_fixtures/releases.yml`` the same way, so the demo
and the crawler tests run anywhere. Nothing leaves the machine.
"""

from __future__ import annotations

import csv
import html
import json
import re
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

FIXTURES = Path(__file__).with_name("demo_fixtures") / "releases.yml"
PER_PAGE = 10
SELECTION = re.compile(r"fraud|scam|identity|launder|ponzi|embezzl|phish|cyber|bitcoin|crypto|swindl|forg", re.I)
PER_COUNTY = 15
_SITES: dict[str, "DemoContent"] = {}


@dataclass
class Release:
    path: str  # URL path on the mirror
    title: str
    date: str | None  # ISO
    lang: str
    body_html: str  # the article body: paragraphs or the API's HTML fragment
    page_title: str | None = None
    charset: str = "utf-8"  # what the page is encoded in and declares
    raw: bytes | None = None  # a corpus page served byte for byte


@dataclass
class DemoContent:
    origin: str  # "shared" or "fixtures"
    per_page: int = PER_PAGE
    api: list[Release] = field(default_factory=list)
    feed: list[Release] = field(default_factory=list)
    listing: list[Release] = field(default_factory=list)
    zh: list[Release] = field(default_factory=list)  # a listing of Chinese pages
    news: list[Release] = field(default_factory=list)  # an RSS feed of French and English news

    def languages(self, section: str) -> str:
        langs = [r.lang for r in getattr(self, section)]
        return max(sorted(set(langs)), key=langs.count) if langs else "en"  # sorted: ties break the same way every run

    def page(self, path: str) -> Release | None:
        for release in (*self.api, *self.feed, *self.listing, *self.zh, *self.news):
            if release.path == path:
                return release
        return None


def _paragraphs(lines: list[str]) -> str:
    return "\n".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip())


def _county_release(path: Path, county: str) -> Release:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    page_title = lines[0].strip() if lines else path.stem
    title = page_title.rsplit(" - ", 1)[0].strip() or page_title
    iso = None
    match = re.match(r"(\d{4})_(\d{2})_(\d{2})_", path.name)
    if match:
        iso = "-".join(match.groups())
    else:
        text = "\n".join(lines[:60])
        found = re.search(r"Published\s*\n\s*([A-Z][a-z]+ \d{1,2}, \d{4})", text)
        if found:
            try:
                iso = datetime.strptime(found.group(1), "%B %d, %Y").date().isoformat()
            except ValueError:
                iso = None
    slug = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-")[:90]
    return Release(
        path=f"/{county}/releases/{slug}.html",
        title=title,
        date=iso,
        lang="en",
        body_html=_paragraphs(lines[1:]),
        page_title=page_title,
    )


def _from_shared(shared: Path) -> DemoContent:
    content = DemoContent(origin="shared")
    csv.field_size_limit(1 << 28)
    doj = shared / "corpus" / "doj-press-samples" / "doj_api_press_releases_100.csv"
    with doj.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            stamp = row.get("date") or ""
            iso = datetime.fromtimestamp(int(stamp), tz=timezone.utc).date().isoformat() if stamp.isdigit() else None
            content.api.append(
                Release(path=urlsplit(row["url"]).path, title=row["title"], date=iso, lang="en", body_html=row["body"])
            )
    texts = shared / "corpus" / "us-prosecutor-press-releases" / "text"
    for county, section in (("kings_ny", content.feed), ("orange_ca", content.listing)):
        files = sorted(p for p in (texts / county).glob("*.txt") if SELECTION.search(p.name))[:PER_COUNTY]
        section.extend(_county_release(p, county.split("_")[0]) for p in files)
    from crackdown.demo_languages import chinese_releases, news_releases

    content.zh = chinese_releases(shared, Release)
    content.news = news_releases(shared, Release)
    return content


def _from_fixtures(path: Path = FIXTURES) -> DemoContent:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    content = DemoContent(origin="fixtures", per_page=4)  # small, so the listing still paginates
    for item in data["releases"]:
        release = Release(
            path=f"/{item['section']}/releases/{item['slug']}.html",
            title=item["title"],
            date=str(item["date"]),
            lang=item["lang"],
            body_html=_paragraphs(item["paragraphs"]),
        )
        getattr(content, item["section"]).append(release)
    return content


def load_content(shared: Path | None) -> DemoContent:
    """The shared corpus when its files are there, else the built-in fixtures."""
    if shared is not None and (Path(shared) / "corpus" / "doj-press-samples").is_dir():
        return _from_shared(Path(shared))
    return _from_fixtures()


def _epoch(iso: str | None) -> str:
    if not iso:
        return ""
    day = date.fromisoformat(iso)
    return str(int(datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc).timestamp()))


def _day_text(day: date, lang: str) -> str:
    """A date as a page in that language writes it (a Chinese site writes 2024年5月6日)."""
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else f"{day.strftime('%B')} {day.day}, {day.year}"


def render_article(release: Release, base_url: str) -> bytes:
    if release.raw is not None:
        return release.raw
    when = ""
    if release.date:
        day = date.fromisoformat(release.date)
        when = f'<p class="date"><time datetime="{release.date}">{_day_text(day, release.lang)}</time></p>'
    meta = f'<meta property="article:published_time" content="{release.date}">' if release.date else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{release.lang}"><head><meta charset="{release.charset}">'
        f"<title>{html.escape(release.page_title or release.title)}</title>{meta}"
        f'<link rel="canonical" href="{base_url}{release.path}"></head>\n<body>\n'
        f'<header><nav><a href="/">Home</a> | <a href="/press/">Press</a> | <a href="/feed.xml">RSS</a></nav></header>\n'
        f"<main><article><h1>{html.escape(release.title)}</h1>\n{when}\n{release.body_html}\n</article></main>\n"
        f"<footer><p>Local demo mirror served by crackdown.</p></footer>\n</body></html>\n"
    ).encode(release.charset, errors="xmlcharrefreplace")  # a character GBK lacks becomes &#NNNN;, as CMSs do


def render_feed(releases: list[Release], base_url: str, title: str = "Demo press releases") -> bytes:
    items = []
    for r in releases:
        pub = ""
        if r.date:
            day = date.fromisoformat(r.date)
            pub = f"<pubDate>{format_datetime(datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc))}</pubDate>"
        items.append(
            f"<item><title>{html.escape(r.title)}</title><link>{base_url}{r.path}</link>"
            f'<guid isPermaLink="true">{base_url}{r.path}</guid>{pub}</item>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{html.escape(title)}</title><link>{base_url}/</link><description>Local mirror</description>\n"
        + "\n".join(items)
        + "\n</channel></rss>\n"
    ).encode("utf-8")


def render_listing(releases: list[Release], page: int, per_page: int = PER_PAGE, base: str = "/press/") -> bytes:
    pages = max(1, -(-len(releases) // per_page))
    rows = []
    for r in releases[(page - 1) * per_page : page * per_page]:
        when = ""
        if r.date:
            day = date.fromisoformat(r.date)
            when = f' <time datetime="{r.date}">{_day_text(day, r.lang)}</time>'
        rows.append(f'<li class="release"><a href="{r.path}">{html.escape(r.title)}</a>{when}</li>')
    nav = f'<a class="next" rel="next" href="{base}?page={page + 1}">Next page</a>' if page < pages else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Press releases</title></head><body>\n'
        f'<h1>Press releases</h1>\n<ul class="releases">\n' + "\n".join(rows) + f"\n</ul>\n<nav>{nav}</nav>\n</body></html>\n"
    ).encode("utf-8")


def render_api(releases: list[Release], base_url: str, page: int, pagesize: int) -> bytes:
    chunk = releases[page * pagesize : (page + 1) * pagesize]
    results = [
        {
            "title": r.title,
            "body": r.body_html,
            "date": _epoch(r.date),
            "url": f"{base_url}{r.path}",
            "uuid": f"demo-{i + page * pagesize:05d}",
            "component": [{"name": "Demo mirror"}],
        }
        for i, r in enumerate(chunk)
    ]
    envelope = {
        "metadata": {
            "responseInfo": {"status": 200, "developerMessage": "OK"},
            "resultset": {"count": len(releases), "pagesize": pagesize, "page": page},
        },
        "results": results,
    }
    return json.dumps(envelope).encode("utf-8")


def _handler(content: DemoContent):
    class Handler(BaseHTTPRequestHandler):
        server_version = "crackdown-demo/1"

        def log_message(self, format, *args):  # quiet: the crawl log is what matters
            pass

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self):
            self.do_GET()

        def do_GET(self):
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            base = f"http://{self.headers.get('Host') or '%s:%d' % self.server.server_address[:2]}"

            def number(name: str, default: int) -> int:
                try:
                    return max(0, int(query.get(name, [default])[0]))
                except ValueError:
                    return default

            path = parts.path
            if path == "/robots.txt":
                return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain; charset=utf-8")
            if path == "/api/v1/press_releases.json":
                body = render_api(content.api, base, number("page", 0), max(1, min(number("pagesize", 20), 50)))
                return self._send(200, body, "application/json")
            if path == "/feed.xml":
                return self._send(200, render_feed(content.feed, base), "application/rss+xml; charset=utf-8")
            if path == "/news/feed.xml":
                return self._send(200, render_feed(content.news, base, "Demo news"), "application/rss+xml; charset=utf-8")
            if path in ("/zh", "/zh/"):
                return self._send(200, render_listing(content.zh, max(1, number("page", 1)), content.per_page, "/zh/"),
                                  "text/html; charset=utf-8")
            if path in ("/press", "/press/"):
                return self._send(200, render_listing(content.listing, max(1, number("page", 1)), content.per_page), "text/html; charset=utf-8")
            release = content.page(path)
            if release is not None:
                return self._send(200, render_article(release, base), f"text/html; charset={release.charset}")
            if path == "/":
                links = '<a href="/press/">Press</a> <a href="/feed.xml">RSS</a> <a href="/api/v1/press_releases.json">API</a>'
                return self._send(200, f"<html><body><h1>Demo mirror</h1>{links}</body></html>".encode(), "text/html")
            return self._send(404, b"<html><body><h1>Not found</h1></body></html>", "text/html; charset=utf-8")

    return Handler


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up mid-response (a crawler stopping) is not worth a traceback."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def start_demo_site(shared: Path | None, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Serve the mirror in a daemon thread; returns the server (call ``shutdown()``) and its base URL."""
    content = load_content(shared)
    server = _QuietServer(("127.0.0.1", port), _handler(content))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="crackdown-demo-site", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    _SITES[base_url] = content
    return server, base_url


def demo_sources(base_url: str) -> list[dict]:
    """Source entries (``sources.yml`` format) pointing at a running mirror."""
    content = _SITES.get(base_url)
    lang = content.languages if content else (lambda section: "en")
    base_url = base_url.rstrip("/")
    extra = []
    if content and content.zh:
        extra.append({
            "name": "demo-zh-listing", "agency": "Chinese police and news pages (local mirror, GB2312/GBK)",
            "country": "XX", "language": "zh", "kind": "listing", "start_urls": [f"{base_url}/zh/"],
            "item_selector": "li.release", "link_selector": "a", "date_selector": "time", "next_page": "a.next",
            "max_pages": 10,
        })
    if content and content.news:
        extra.append({
            "name": "demo-news-feed", "agency": "French and South-East Asia news (local mirror, RSS)",
            "country": "XX", "language": lang("news"), "kind": "feed", "start_urls": [f"{base_url}/news/feed.xml"],
        })
    return extra + [
        {
            "name": "demo-doj-api",
            "agency": "U.S. Department of Justice (local mirror)",
            "country": "US",
            "language": lang("api"),
            "kind": "api",
            "start_urls": [f"{base_url}/api/v1/press_releases.json?pagesize=20"],
            "fields": {"items": "results", "url": "url", "title": "title", "date": "date", "date_format": "epoch", "body": "body"},
            "pagination": {"page_param": "page", "start": 0, "max_pages": 10, "total": "metadata.resultset.count"},
            "max_pages": 10,
        },
        {
            "name": "demo-prosecutor-feed",
            "agency": "County prosecutor (local mirror, RSS)",
            "country": "US",
            "language": lang("feed"),
            "kind": "feed",
            "start_urls": [f"{base_url}/feed.xml"],
        },
        {
            "name": "demo-prosecutor-listing",
            "agency": "County prosecutor (local mirror, listing)",
            "country": "US",
            "language": lang("listing"),
            "kind": "listing",
            "start_urls": [f"{base_url}/press/"],
            "item_selector": "li.release",
            "link_selector": "a",
            "date_selector": "time",
            "next_page": "a.next",
            "max_pages": 10,
        },
    ]
