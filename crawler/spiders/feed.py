"""RSS and Atom sources: read the feed, fetch each entry's page."""

from __future__ import annotations

from crawler.dates import to_iso_date
from crawler.feeds import FeedError, parse_feed
from crawler.spiders.base import SourceSpider


class FeedSpider(SourceSpider):
    name = "feed"
    kind = "feed"

    def first_request(self, url):
        return self.index_request(url, self.parse_feed)

    def parse_feed(self, response):
        try:
            entries = parse_feed(response.body, base_url=response.url)
        except FeedError as exc:
            self.index_error(response, str(exc))
            return
        self.report.index_ok += 1
        languages = [self.source["language"]]
        requests, _ = self.article_requests(
            ((e.url, e.title, to_iso_date(e.date, languages=languages), e.updated) for e in entries), "feed"
        )
        yield from requests
