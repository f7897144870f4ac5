"""One live request per source, for ``crackdown sources check --live`` (never run by the tests' make target).

Fetches the first start URL with the crawl's User-Agent and timeout and says, in one
line, whether what came back is what the source's kind expects: a feed that parses, a
sitemap, JSON with the configured items list, or a listing page whose link selector
matches. Uses the standard library so it needs no reactor.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass
class ProbeResult:
    ok: bool
    message: str


def probe_source(source: dict, crawl) -> ProbeResult:
    url = source["start_urls"][0]
    request = urllib.request.Request(url, headers={"User-Agent": crawl.user_agent, "Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=crawl.download_timeout) as response:
            body = response.read(crawl.max_page_bytes)
            status = response.status
    except urllib.error.HTTPError as exc:
        return ProbeResult(False, f"HTTP {exc.code} for {url}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return ProbeResult(False, f"{type(exc).__name__}: {' '.join(str(reason).split())} ({url})")
    return check_body(source, body, url, status)


def check_body(source: dict, body: bytes, url: str, status: int = 200) -> ProbeResult:
    """Whether ``body`` is what ``source`` expects; the message counts what was found."""
    kind = source["kind"]
    try:
        if kind == "feed":
            from crawler.feeds import parse_feed

            found = len(parse_feed(body, base_url=url))
            what = "feed entries"
        elif kind == "sitemap":
            from scrapy.utils.gz import gunzip
            from scrapy.utils.sitemap import Sitemap

            if body[:2] == b"\x1f\x8b":
                body = gunzip(body, max_size=50 * 1024 * 1024)
            found = sum(1 for _ in Sitemap(body))
            what = "sitemap entries"
        elif kind == "api":
            from crawler.spiders.api import get_path

            items = get_path(json.loads(body), source["fields"]["items"])
            if not isinstance(items, list):
                return ProbeResult(False, f"no list at {source['fields']['items']!r} ({url})")
            found, what = len(items), "API records"
        else:
            from parsel import Selector

            from crawler.listing import parse_listing

            entries, _ = parse_listing(Selector(text=body.decode("utf-8", "replace")), url, source)
            found, what = len(entries), "listing links"
    except Exception as exc:  # whatever the page is, the probe reports it in one line
        reason = " ".join(str(exc).split()) or type(exc).__name__
        return ProbeResult(False, f"{reason[:200]} ({url})")
    if not found:
        return ProbeResult(False, f"HTTP {status}, 0 {what} ({url})")
    return ProbeResult(True, f"HTTP {status}, {found} {what}")
