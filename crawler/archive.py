"""Keep every fetch: one ``pages`` row per response, body stored once by content hash.

Why bodies live in the database (``page_bodies``, zlib, keyed by SHA-256) and not in
WARC files: the database is the one file to back up and to copy to the server; Datasette
serves any fetch straight from it (``/-/archive/<page_id>``); a feed or listing that did
not change since the last run adds a ``pages`` row but no second copy of its body; and
the body is written in the same SQLite database as the rows that point to it, so a
crash never leaves an article pointing at a body that was not written.
``crackdown archive export --warc`` writes WARC records from it for interchange.

Runs on ``signals.response_received``, before the spider sees the response, and puts
the new page id in ``request.meta["page_id"]`` (the response shares that dict), so the
article the spider yields can point back at the exact bytes it came from. A 304 (see
:mod:`crawler.conditional`) is stored as what it was: a 304 with an empty body.
"""

from __future__ import annotations

import logging
import sqlite3

from scrapy import signals

from crawler.conditional import NOT_MODIFIED
from crawler.context import crawl_db, run_id
from db.store import now, record_page, remember_validators, sha256

logger = logging.getLogger(__name__)


def flat_headers(headers) -> dict[str, str]:
    out = {}
    for key, values in headers.items():
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        out[name] = ", ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in values)
    return out


def _header(response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


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
        not_modified = NOT_MODIFIED in response.flags
        try:
            page_id = record_page(
                self.db,
                url=original,
                final_url=response.url,
                status=304 if not_modified else response.status,
                headers=flat_headers(response.headers),
                body=b"" if not_modified else response.body,
                source=source,
                run_id=self.run_id,
                fetched_at=now(),
            )
            if request.meta.get("role") == "index" and response.status == 200:
                cached = request.meta.get("conditional") if not_modified else None
                remember_validators(
                    self.db,
                    request.url,
                    etag=_header(response, b"ETag") or (cached or {}).get("etag"),
                    last_modified=_header(response, b"Last-Modified") or (cached or {}).get("last_modified"),
                    content_hash=cached["content_hash"] if cached else sha256(response.body),
                    content_type=_header(response, b"Content-Type"),
                    page_id=cached["page_id"] if cached else page_id,
                )
        except sqlite3.Error as exc:  # a full disk must not crash the reactor; the item will say so
            logger.error("could not archive %s: %s", response.url, exc)
            return
        request.meta["page_id"] = page_id
        self.crawler.stats.inc_value("crackdown/pages_archived")
