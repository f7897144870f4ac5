"""The local mirror: API, feed, listing and pages, from the fixtures or from ../shared."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from crackdown.demo_site import demo_sources, start_demo_site
from crawler.feeds import parse_feed
from crawler.listing import parse_listing
from crawler.sources import validate_source

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def get(url: str) -> tuple[int, bytes, str]:
    try:
        with urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except HTTPError as exc:
        body = exc.read()
        exc.close()
        return exc.code, body, exc.headers.get("Content-Type", "")


@pytest.fixture(scope="module")
def fixture_mirror():
    server, base_url = start_demo_site(None)
    yield base_url
    server.shutdown()
    server.server_close()


def test_fixture_mirror_serves_every_kind(fixture_mirror):
    base = fixture_mirror
    status, body, ctype = get(base + "/robots.txt")
    assert status == 200 and b"User-agent: *" in body

    status, body, ctype = get(base + "/api/v1/press_releases.json?pagesize=3&page=1")
    data = json.loads(body)
    assert ctype == "application/json"
    assert data["metadata"]["resultset"] == {"count": 4, "pagesize": 3, "page": 1}
    [record] = data["results"]
    assert record["date"].isdigit() and record["url"].startswith(base + "/api/releases/")
    assert "<p>" in record["body"]

    entries = parse_feed(get(base + "/feed.xml")[1], base_url=base + "/feed.xml")
    assert len(entries) == 5 and all(e.date for e in entries)

    source = {"item_selector": "li.release", "link_selector": "a", "date_selector": "time", "next_page": "a.next"}
    page1, next_url = parse_listing(get(base + "/press/")[1].decode(), base + "/press/", source)
    page2, last = parse_listing(get(next_url)[1].decode(), next_url, source)
    assert len(page1) == 4 and len(page2) == 3 and last is None
    assert {e.url for e in page1}.isdisjoint(e.url for e in page2)

    status, body, _ = get(page2[0].url)
    assert status == 200 and f'<link rel="canonical" href="{page2[0].url}">'.encode() in body
    assert get(base + "/no/such/page.html")[0] == 404


def test_demo_sources_are_valid_entries(fixture_mirror):
    sources = [validate_source(s) for s in demo_sources(fixture_mirror)]
    assert [s["kind"] for s in sources] == ["api", "feed", "listing"]
    assert all(u.startswith(fixture_mirror) for s in sources for u in s["start_urls"])
    assert {s["language"] for s in sources} == {"en", "fr"}  # the listing is mostly French


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.exists(), reason="../shared (the corpus) is absent")
def test_shared_mirror_serves_the_real_corpus():
    server, base = start_demo_site(SHARED)
    try:
        data = json.loads(get(base + "/api/v1/press_releases.json?pagesize=50&page=1")[1])
        assert data["metadata"]["resultset"]["count"] == 100 and len(data["results"]) == 50
        assert all(r["date"].isdigit() and r["url"].startswith(base + "/") for r in data["results"])
        status, body, _ = get(data["results"][0]["url"])
        assert status == 200 and data["results"][0]["title"].encode()[:20] in body.replace(b"&#x27;", b"'")
        entries = parse_feed(get(base + "/feed.xml")[1])
        assert len(entries) == 15 and all(e.date for e in entries)
        assert all("/kings/releases/" in e.url for e in entries)
        source = {"item_selector": "li.release", "link_selector": "a", "date_selector": "time", "next_page": "a.next"}
        page1, next_url = parse_listing(get(base + "/press/")[1].decode(), base + "/press/", source)
        assert len(page1) == 10 and next_url.endswith("/press/?page=2")
        assert sum(1 for e in page1 if e.date) >= 8
    finally:
        server.shutdown()
        server.server_close()
