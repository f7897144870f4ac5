"""Conditional requests for the pages every run re-reads: feeds, listings, sitemaps, API pages.

Index requests carry ``If-None-Match`` / ``If-Modified-Since`` from the last 200 response
for the same URL (``http_cache``, filled by :mod:`crawler.archive`). A 304 is not an
error: the middleware answers the spider with the body archived from that last 200, so
the spider's parsing stays one code path and the links it finds are simply already held
(nothing is fetched again). That also makes an interrupted crawl safe: the articles a
killed run did not reach are still found on the next run, even when the feed has not
changed since. ``--full`` runs send no validators.
"""

from __future__ import annotations

import logging

from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from crawler.context import crawl_db
from db.store import load_body, validators

logger = logging.getLogger(__name__)

NOT_MODIFIED = "not-modified"  # flag on a response rebuilt from the archive after a 304


class ConditionalRequests:
    def __init__(self, crawler):
        self.crawler = crawler
        self.db = crawl_db(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        spider = spider or self.crawler.spider
        if request.meta.get("role") != "index" or request.meta.get("no_conditional") or getattr(spider, "full", False):
            return None
        cached = validators(self.db, request.url)
        if not cached or not (cached["etag"] or cached["last_modified"]) or not cached["content_hash"]:
            return None
        if cached["etag"]:
            request.headers[b"If-None-Match"] = cached["etag"]
        if cached["last_modified"]:
            request.headers[b"If-Modified-Since"] = cached["last_modified"]
        request.meta["conditional"] = cached
        return None

    def process_response(self, request, response, spider=None):
        cached = request.meta.get("conditional")
        if response.status != 304 or not cached:
            return response
        body = load_body(self.db, cached["content_hash"])
        if body is None:  # the archive lost it: ask again without validators
            logger.warning("304 for %s but its last body is not archived; fetching it again", request.url)
            retry = request.replace(dont_filter=True)
            retry.headers.pop(b"If-None-Match", None)
            retry.headers.pop(b"If-Modified-Since", None)
            retry.meta.pop("conditional", None)
            retry.meta["no_conditional"] = True
            return retry
        self.crawler.stats.inc_value("crackdown/not_modified")
        headers = Headers(response.headers)
        if cached["content_type"]:
            headers[b"Content-Type"] = cached["content_type"]
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(
            url=request.url,
            status=200,
            headers=headers,
            body=body,
            flags=[*response.flags, NOT_MODIFIED],
            request=request,
            protocol=response.protocol,
        )
