"""HTML listing pages: links and dates by selectors, then the next page.

Pagination stops at ``max_pages``, at the backfill cap, or (on an incremental run) at
the first page whose links are all already held.
"""

from __future__ import annotations

from scrapy.http import TextResponse

from crawler.dates import to_iso_date
from crawler.listing import parse_listing
from crawler.spiders.base import SourceSpider


class ListingSpider(SourceSpider):
    name = "listing"
    kind = "listing"

    def first_request(self, url):
        return self.index_request(url, self.parse_listing, page=1)

    def parse_listing(self, response):
        if not isinstance(response, TextResponse):
            self.index_error(response, "listing page is not HTML")
            return
        try:
            entries, next_url = parse_listing(response.selector, response.url, self.source)
        except ValueError as exc:
            self.index_error(response, f"listing page could not be read: {exc}")
            return
        self.report.index_ok += 1
        if not entries:
            self.index_error(response, "no links matched link_selector on the listing page")
        fmt, languages = self.source.get("date_format"), [self.source["language"]]
        requests, all_known = self.article_requests(
            ((e.url, e.title, to_iso_date(e.date, fmt, languages)) for e in entries), "listing"
        )
        yield from requests
        page = response.meta.get("page", 1)
        if next_url and page < self.max_pages and not (all_known and self.stop_when_all_known) and not self.exhausted:
            yield self.index_request(next_url, self.parse_listing, page=page + 1)
