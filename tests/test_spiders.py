"""The parsing the generic spiders rely on, on invented fixture documents (no reactor)."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

from crawler.dates import to_iso_date
from crawler.feeds import FeedError, parse_feed
from crawler.listing import parse_listing
from crawler.retry import retry_after_seconds
from crawler.spiders.api import get_path, wrap_fragment
from crawler.spiders.base import canonical_url
from extract.text import extract_text

SITE = Path(__file__).parent / "fixtures" / "site"


def test_atom_entries_resolve_links_and_keep_dates():
    entries = parse_feed((SITE / "atom.xml").read_bytes(), base_url="http://site.test/news/atom.xml")
    assert [e.url for e in entries] == [
        "http://site.test/news/articles/skimming-gang.html",
        "http://site.test/articles/faux-rib.html#haut",  # the alternate link, not rel=self
    ]
    assert entries[0].title == "Card skimming gang arrested & charged"
    assert entries[0].date == "2024-03-28T23:30:00-04:00"
    assert entries[1].date == "2024-04-02T09:15:00+02:00"  # no <published>: <updated>


def test_rss_and_rdf_entries():
    rss = parse_feed((SITE / "mixed-feed.xml").read_bytes(), base_url="http://site.test/")
    assert [(e.url, to_iso_date(e.date)) for e in rss] == [
        ("http://site.test/files/report.bin", "2024-03-04"),
        ("http://site.test/articles/bookkeeper.html", "2024-03-05"),
    ]
    rdf = parse_feed((SITE / "rdf.xml").read_bytes())
    assert [(e.url, e.title, to_iso_date(e.date)) for e in rdf] == [
        ("http://example.test/releases/1", "Fraud unit seizes counterfeit goods", "2024-02-05")
    ]


@pytest.mark.parametrize(
    "body, message",
    [
        ((SITE / "bomb.xml").read_bytes(), "refused unsafe XML"),
        ((SITE / "not-a-feed.xml").read_bytes(), "not an RSS or Atom feed (root element <html>)"),
        (b"\x00\x01\x02 binary", "not XML"),
        (b"", "empty response"),
        (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>', "refused unsafe XML"),
    ],
)
def test_unsafe_or_wrong_feeds_are_refused(body, message):
    with pytest.raises(FeedError) as info:
        parse_feed(body)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_listing_pairs_links_and_dates_by_position_and_finds_next_page():
    source = {"link_selector": ".view-content h3 a", "date_selector": "span.date", "next_page": "li.next a"}
    html = (SITE / "listing-1.html").read_text(encoding="utf-8")
    entries, next_url = parse_listing(html, "http://site.test/news/listing-1.html", source)
    assert [(e.url, e.title, to_iso_date(e.date, "%d/%m/%Y")) for e in entries] == [
        ("http://site.test/articles/skimming-gang.html", "Card skimming gang arrested", "2024-03-28"),
        ("http://site.test/articles/faux-rib.html", "Fraude aux faux RIB", "2024-04-02"),
    ]
    assert next_url == "http://site.test/listing-2.html"
    last, none = parse_listing((SITE / "listing-2.html").read_text(encoding="utf-8"), "http://site.test/listing-2.html", source)
    assert [e.url for e in last] == ["http://site.test/articles/bookkeeper.html"] and none is None


def test_listing_rows_keep_their_own_dates():
    html = """<ul><li class="r"><a href="/a">A</a><time datetime="2024-01-02">2 Jan</time></li>
    <li class="r"><a href="/b">B</a></li><li class="r"><span>no link</span></li>
    <li class="r"><a href="/c">C</a><time>5 février 2024</time></li></ul>"""
    source = {"item_selector": "li.r", "link_selector": "xpath:.//a", "date_selector": "time"}
    entries, _ = parse_listing(html, "http://site.test/", source)
    assert [(e.url, to_iso_date(e.date, languages=["fr"])) for e in entries] == [
        ("http://site.test/a", "2024-01-02"),
        ("http://site.test/b", None),
        ("http://site.test/c", "2024-02-05"),
    ]


def test_canonical_url():
    def page(body: str, url="http://site.test/x.html#frag"):
        return HtmlResponse(url, body=body.encode(), request=Request(url))

    assert canonical_url(page('<link rel="Canonical" href="/y.html#top">')) == "http://site.test/y.html"
    assert canonical_url(page('<link rel="canonical" href="javascript:alert(1)">')) == "http://site.test/x.html"
    assert canonical_url(page("<p>no link</p>")) == "http://site.test/x.html"
    binary = TextResponse("http://site.test/f.bin#x", body=bytes(range(256)), encoding="latin-1")
    assert canonical_url(binary) == "http://site.test/f.bin"


def test_api_paths_and_wrapped_fragment_extracts():
    data = {"metadata": {"resultset": {"count": "120"}}, "results": [{"url": "/x", "component": [{"name": "OPA"}]}]}
    assert get_path(data, "metadata.resultset.count") == "120"
    assert get_path(data, "results.0.component.0.name") == "OPA"
    assert get_path(data, "results.5.url") is None and get_path(data, "nope.deeper") is None
    fragment = "<div><p>WASHINGTON - An invented defendant pleaded guilty today to wire fraud.</p>" \
               "<p>The scheme took about $40,000 from invented victims, prosecutors said in court.</p></div>"
    document = wrap_fragment(fragment, 'Defendant "Pleads" Guilty', "https://doj.test/opa/pr/x", "en")
    result = extract_text(document, url="https://doj.test/opa/pr/x", content_type="text/html; charset=utf-8")
    assert result.error is None and "$40,000" in result.text
    assert b'<link rel="canonical" href="https://doj.test/opa/pr/x">' in document


def test_dates():
    assert to_iso_date("1368676800") == "2013-05-16"  # DOJ API epoch string
    assert to_iso_date("Tue, 05 Mar 2024 23:30:00 -0500") == "2024-03-05"  # the publisher's day, not UTC's
    assert to_iso_date("2024-02-30") is None and to_iso_date("") is None and to_iso_date(None) is None
    assert to_iso_date("12 mars 2024", languages=["fr"]) == "2024-03-12"


def test_retry_after_header():
    from datetime import datetime, timezone

    assert retry_after_seconds(b"120") == 120.0
    now = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("Mon, 01 Jan 2024 12:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PACER = SHARED / "corpus" / "juriscraper-court-listings" / "pacer_rss"


@pytest.mark.shared
@pytest.mark.skipif(not PACER.exists(), reason="../shared (juriscraper court feeds) is absent")
def test_court_feeds_recover_the_expected_entries_with_their_dates():
    """The generic feed parser on 13 real court RSS feeds vs juriscraper's expected parse."""
    import json

    expected = found = 0
    for xml in sorted(PACER.glob("*.xml")):
        entries = parse_feed(xml.read_bytes(), base_url="https://ecf.example/")
        got = [((e.title or "").split(" ", 1)[0], to_iso_date(e.date)) for e in entries]
        for docket in json.loads(xml.with_suffix(".json").read_text(encoding="utf-8")):
            for entry in docket.get("docket_entries") or []:
                expected += 1
                want = (docket["docket_number"], (entry.get("date_filed") or "")[:10])
                if any(t and d == want[1] and (want[0] in t or t in want[0]) for t, d in got):
                    found += 1
    assert expected > 50
    assert found / expected >= 0.95, f"{found}/{expected}"
