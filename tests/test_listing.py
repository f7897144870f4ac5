"""The generic listing parser, configured by data only, on real court listing pages (juriscraper's fixtures).

The selectors per court are in ``tests/fixtures/court_listings.yml`` (written for crackdown);
the expected items come from juriscraper's ``.compare.json`` files, read in place from ../shared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from parsel import Selector

from crawler.dates import to_iso_date
from crawler.listing import parse_listing
from crawler.sources import validate_source
from crawler.spiders.api import get_path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
COURTS = SHARED / "corpus" / "juriscraper-court-listings" / "opinions_listing"
CONFIG = Path(__file__).parent / "fixtures" / "court_listings.yml"
PAGE_KEYS = {"files", "base", "base_by_file", "type", "fields"}


def court_entries(name: str, court: dict, path: Path) -> list[tuple[str, str | None]]:
    """(url, iso date) of every item the page yields, with the court's selectors."""
    base = (court.get("base_by_file") or {}).get(path.name, court["base"])
    body = path.read_text(encoding="utf-8", errors="replace")
    if court.get("type") == "json":
        fields = court["fields"]
        records = get_path(json.loads(body), fields["items"])
        return [(get_path(r, fields["url"]), to_iso_date(get_path(r, fields.get("date")), languages=["en"])) for r in records]
    source = {k: v for k, v in court.items() if k not in PAGE_KEYS}
    # the same validation a sources.yml listing entry gets: every selector compiles
    validate_source({"name": f"court-{name}", "agency": name, "country": "US", "language": "en", "kind": "listing",
                     "start_urls": [base], **source})
    page = Selector(text=body, type="xml" if court.get("type") == "xml" else "html")
    entries, _ = parse_listing(page, base, source)
    return [(e.url, to_iso_date(e.date, source.get("date_format"), ["en"])) for e in entries]


@pytest.mark.skipif(not COURTS.exists(), reason="../shared (juriscraper court listings) is absent")
def test_court_listing_pages_yield_the_expected_links_and_dates():
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    covered = {f for court in config.values() for f in court["files"]}
    pages = sorted(p.name for p in COURTS.iterdir() if not p.name.endswith(".compare.json") and p.suffix != ".md")
    assert sorted(covered) == pages  # every example page has its selectors
    expected = found = 0
    misses = []
    for name, court in config.items():
        for filename in court["files"]:
            path = COURTS / filename
            got = set(court_entries(name, court, path))
            compare = json.loads((COURTS / (path.stem + ".compare.json")).read_text(encoding="utf-8"))
            for item in compare:
                expected += 1
                want = (item["download_urls"], item["case_dates"][:10])
                if want in got:
                    found += 1
                else:
                    misses.append(f"{filename}: {want}")
    assert expected > 800
    assert found / expected >= 0.95  # 807/821 when written, f"{found}/{expected}; first misses: {misses[:10]}"
