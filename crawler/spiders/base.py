"""What every generic spider shares: its source entry, the DB, incremental rules, errors.

A spider serves one source (one entry of ``sources.yml``). Index pages (feeds, listings,
API pages) are always re-read (conditionally, see :mod:`crawler.conditional`); article
pages already in ``articles`` are not requested again unless the run is ``--full`` or
the feed says the entry was updated after we fetched it.

Resuming is driven by the database, not by Scrapy's JOBDIR: until a crawl of the source
has run to its end (``crawl_runs.completed``), the source is still backfilling, so
pagination does not stop at pages whose links are all held and ``backfill_limit`` counts
the articles already stored. A killed run therefore continues where it stopped on the
next run and, articles being keyed by URL, nothing is stored twice. (JOBDIR's on-disk
queue is lost on SIGKILL while its ``requests.seen`` survives, which would silently
drop the requests that were queued; it would also suppress ``--full`` and retries of
failed pages on later nights.)
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable
from urllib.parse import urldefrag, urlsplit

import scrapy
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.context import crackdown_settings, crawl_db, run_id
from crawler.dates import to_utc_datetime
from crawler.items import ArticleItem
from crawler.report import SourceReport
from crawler.sources import load_sources

logger = logging.getLogger(__name__)


def has_completed(db, source: str) -> bool:
    """A crawl of ``source`` has run to its end and read its index pages at least once."""
    row = db.execute(
        "SELECT 1 FROM crawl_runs WHERE source = ? AND completed = 1 LIMIT 1", [source]
    ).fetchone()
    return row is not None


def canonical_url(response) -> str:
    """The page's ``<link rel=canonical>`` when it is an http(s) URL, else the final URL; no fragment."""
    url = response.url
    if isinstance(response, TextResponse):
        try:
            href = response.xpath(
                "//link[contains(concat(' ', translate(normalize-space(@rel), 'CANONICAL', 'canonical'), ' '), ' canonical ')]/@href"
            ).get()
        except ValueError:  # not markup after all
            href = None
        if href:
            candidate = response.urljoin(href.strip())
            if urlsplit(candidate).scheme in ("http", "https"):
                url = candidate
    return urldefrag(url)[0]


def failure_message(failure: Failure) -> str:
    """One line: what failed and where."""
    request = getattr(failure, "request", None)
    url = request.url if request is not None else "?"
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status} for {url}"
    reason = " ".join(str(failure.getErrorMessage()).split()) or failure.type.__name__
    return f"{failure.type.__name__}: {reason} ({url})"


class SourceSpider(scrapy.Spider):
    """Base of the generic spiders; ``source`` is a validated entry of ``sources.yml``."""

    name: str | None = None  # not a runnable spider itself
    kind = ""

    def __init__(self, source: dict[str, Any], full: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.source = source
        self.source_name = source["name"]
        self.full = bool(full) and str(full).lower() not in ("0", "false", "no")
        self.report = SourceReport()
        self.allow = [re.compile(p) for p in source.get("allow") or []]
        self.deny = [re.compile(p) for p in source.get("deny") or []]
        self.max_pages = int(source.get("max_pages") or 5)
        self.requested = 0
        self.limit: int | None = None
        # article URLs requested in this run: the spider de-duplicates them itself, so their
        # requests can bypass Scrapy's dupefilter, which would otherwise silently drop the
        # second hop of a redirect loop (a -> b -> a) instead of reporting it
        self.article_urls: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, source: dict[str, Any] | str | None = None, *args: Any, **kwargs: Any):
        settings = crackdown_settings(crawler)
        if source is None or isinstance(source, str):  # `scrapy crawl feed -a source=NAME`
            sources = load_sources(settings.sources)
            source = sources.named([source])[0] if source else None
            if source is None:
                raise ValueError("pass -a source=NAME (an entry of the sources file)")
        spider = super().from_crawler(crawler, source, *args, **kwargs)
        spider.db = crawl_db(crawler)
        spider.run_id = run_id(crawler)
        spider.settings_obj = settings
        held = spider.db.execute("SELECT count(*) FROM articles WHERE source = ?", [spider.source_name]).fetchone()[0]
        spider.backfilling = not has_completed(spider.db, spider.source_name)
        if spider.full:
            spider.limit = source.get("backfill_limit")
        elif spider.backfilling:
            spider.limit = max(0, int(source.get("backfill_limit") or settings.crawl.backfill_limit) - held)
        return spider

    @property
    def stop_when_all_known(self) -> bool:
        """Pagination may stop at a page whose links are all held: not while backfilling."""
        return not self.backfilling and not self.full

    # -- requests -------------------------------------------------------------------

    def index_request(self, url: str, callback, **meta: Any) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta={"role": "index", **meta}, dont_filter=True)

    async def start(self):
        for url in self.source["start_urls"]:
            yield self.first_request(url)

    def first_request(self, url: str) -> scrapy.Request:
        raise NotImplementedError

    def wanted(self, url: str) -> bool:
        if urlsplit(url).scheme not in ("http", "https"):
            return False
        if self.allow and not any(p.search(url) for p in self.allow):
            return False
        return not any(p.search(url) for p in self.deny)

    def is_known(self, url: str) -> bool:
        """An article already holds this URL (as its canonical URL or as the page it was read from)."""
        row = self.db.execute(
            "SELECT 1 FROM articles WHERE url = ? UNION ALL "
            "SELECT 1 FROM articles a JOIN pages p ON p.id = a.page_id WHERE p.url = ? LIMIT 1",
            [url, url],
        ).fetchone()
        return row is not None

    @property
    def exhausted(self) -> bool:
        return self.limit is not None and self.requested >= self.limit

    def fetched_before(self, url: str, updated: str | None) -> bool:
        """The feed says the entry changed after our last fetch of it."""
        when = to_utc_datetime(updated)
        if when is None or when > datetime.now(timezone.utc) + timedelta(days=1):
            return False  # no date, or one in the future: a publisher's clock error must not refetch every night
        row = self.db.execute(
            "SELECT max(p.fetched_at) FROM articles a JOIN pages p ON p.id = a.page_id WHERE a.url = ? OR p.url = ?",
            [url, url],
        ).fetchone()
        last = to_utc_datetime(row[0]) if row else None
        return last is not None and when > last

    def take(self, url: str, updated: str | None = None) -> bool:
        """Whether to fetch (or store) this article: wanted, not known (unless --full or updated since), within the cap."""
        if not self.wanted(url):
            self.crawler.stats.inc_value("crackdown/skipped_filtered")
            return False
        if not self.full and self.is_known(url):
            if not self.fetched_before(url, updated):
                self.report.skipped_known += 1
                self.crawler.stats.inc_value("crackdown/skipped_known")
                return False
            self.crawler.stats.inc_value("crackdown/refetched_updated")
            return True  # a changed page: not counted against the backfill cap
        if self.exhausted:
            self.crawler.stats.inc_value("crackdown/skipped_backfill_limit")
            return False
        self.requested += 1
        return True

    def article_requests(self, entries: Iterable[tuple], date_source: str):
        """Requests for ``(url, title, iso_date[, updated])`` entries; returns ``(requests, all_known)``.

        ``all_known`` (every entry already held) tells a paginating spider it may stop.
        ``updated`` (a feed's timestamp of the entry's last change) re-fetches a held page.
        """
        requests, total, known = [], 0, 0
        for url, title, date, *rest in entries:
            url = urldefrag(url)[0]
            total += 1
            if url in self.article_urls:  # already requested in this run (another page listed it)
                known += 1
                continue
            before = self.report.skipped_known
            if not self.take(url, rest[0] if rest else None):
                known += self.report.skipped_known - before
                continue
            self.article_urls.add(url)
            requests.append(
                scrapy.Request(
                    url,
                    dont_filter=True,
                    callback=self.parse_article,
                    errback=self.on_error,
                    meta={"role": "article", "hints": {"title": title, "date": date, "date_source": date_source}},
                )
            )
        return requests, (total > 0 and known == total)

    # -- responses ------------------------------------------------------------------

    def parse_article(self, response):
        hints = response.meta.get("hints") or {}
        yield self.article_item(
            url=canonical_url(response),
            page_id=response.meta.get("page_id"),
            body=response.body,
            content_type=response.headers.get(b"Content-Type", b"").decode("latin-1") or None,
            hints=hints,
        )

    def article_item(self, *, url: str, page_id, body: bytes, content_type: str | None, hints: dict) -> ArticleItem:
        return ArticleItem(
            url=url,
            source=self.source_name,
            page_id=page_id,
            body=body,
            content_type=content_type,
            title_hint=hints.get("title"),
            date_hint=hints.get("date"),
            date_hint_source=hints.get("date_source") if hints.get("date") else None,
            lang_hint=self.source.get("language"),
        )

    def index_error(self, response, message: str) -> None:
        self.report.error(f"{message} ({response.url})")
        logger.error("source %s: %s (%s)", self.source_name, message, response.url)

    def on_error(self, failure: Failure):
        message = failure_message(failure)
        self.report.error(message)
        logger.error("source %s: %s", self.source_name, message)
