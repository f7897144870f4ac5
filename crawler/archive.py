"""Keep every fetch: one ``pages`` row per response, body stored once by content hash.

Runs on ``signals.response_received``, before the spider sees the response, and puts
the new page id in ``request.meta["page_id"]`` (the response shares that dict), so the
article the spider yields can point back at the exact bytes it came from.
"""

from __future__ import annotations

import logging
import sqlite3

from scrapy import signals

from crawler.context import crawl_db, run_id
from db.store import now, record_page

logger = logging.getLogger(__name__)


def flat_headers(headers) -> dict[str, str]:
    out = {}
    for key, values in headers.items():
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        out[name] = ", ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in values)
    return out


class PageArchive:
    def __init__(self, crawler):
        self.crawler = crawler
        self.db = crawl_db(crawler)
        self.run_id = run_id(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def response_received(self, response, request, spider):
        source = getattr(spider, "source_name", None)
        original = (request.meta.get("redirect_urls") or [request.url])[0]
        try:
            page_id = record_page(
                self.db,
                url=original,
                final_url=response.url,
                status=response.status,
                headers=flat_headers(response.headers),
                body=response.body,
                source=source,
                run_id=self.run_id,
                fetched_at=now(),
            )
        except sqlite3.Error as exc:  # a full disk must not crash the reactor; the item will say so
            logger.error("could not archive %s: %s", response.url, exc)
            return
        request.meta["page_id"] = page_id
        self.crawler.stats.inc_value("crackdown/pages_archived")
