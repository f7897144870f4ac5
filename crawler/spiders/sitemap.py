"""XML sitemaps (and sitemap indexes), gzipped or not, with a cap on the unzipped size.

A sitemap's ``lastmod`` is when a page last changed, not when it was published, so it
is not used as a date hint: the page's own date is kept. ``sitemap_follow`` (regexes)
picks which child sitemaps of an index to read; at most ``max_pages`` sitemaps are read.
A sitemap that lists no URL (an empty file, an empty ``<urlset>`` or index, entity
declarations refused) is an error line of the run, so ``source_health`` flags the source
on that run instead of reporting it ok.
"""

from __future__ import annotations

import re

from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from crawler.compression import truncated_encoding
from crawler.spiders.base import SourceSpider


class SitemapSpider(SourceSpider):
    name = "sitemap"
    kind = "sitemap"

    def first_request(self, url):
        self.sitemaps_requested = getattr(self, "sitemaps_requested", 0) + 1
        return self.index_request(url, self.parse_sitemap)

    def _max_bytes(self) -> int:
        return int(self.source.get("max_sitemap_bytes") or self.crawler.settings.getint("DOWNLOAD_MAXSIZE") or 50 * 1024 * 1024)

    def _body(self, response) -> bytes:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            if truncated_encoding(body, [b"gzip"], self._max_bytes()):  # gunzip would return the part it read
                raise ValueError("gzip file cut short: its stream ends before its end marker")
            body = gunzip(body, max_size=self._max_bytes())  # raises ValueError past the cap
        elif len(body) > self._max_bytes():
            raise ValueError(f"sitemap is larger than {self._max_bytes()} bytes")
        return body

    def parse_sitemap(self, response):
        try:
            body = self._body(response)
            if not body.strip():
                raise ValueError("the file is empty")
            if b"<!ENTITY" in body:  # lxml would leave them unexpanded: a refused bomb reads as no URL at all
                raise ValueError("refused unsafe XML (entity declarations)")
            sitemap = Sitemap(body)
            kind = sitemap.type
            locations = [entry["loc"] for entry in sitemap if entry.get("loc")]
        except (ValueError, OSError, EOFError, StopIteration) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            self.index_error(response, f"sitemap could not be read: {reason}")
            return
        except Exception as exc:  # lxml's XMLSyntaxError and friends
            self.index_error(response, f"sitemap could not be read: {type(exc).__name__}")
            return
        self.report.index_ok += 1
        if kind in ("sitemapindex", "urlset") and not locations:  # read, but nothing to crawl: say so at once
            self.index_error(response, f"sitemap lists no URL (empty <{kind}>)")
            return
        if kind == "sitemapindex":
            follow = [re.compile(p) for p in self.source.get("sitemap_follow") or []]
            for loc in locations:
                url = response.urljoin(loc)
                if follow and not any(p.search(url) for p in follow):
                    continue
                if self.sitemaps_requested >= self.max_pages or self.exhausted:
                    break
                self.sitemaps_requested += 1
                yield self.index_request(url, self.parse_sitemap)
            return
        if kind != "urlset":
            self.index_error(response, f"not a sitemap (root element <{kind}>)")
            return
        requests, _ = self.article_requests(((response.urljoin(loc), None, None) for loc in locations), "sitemap")
        yield from requests
