"""Per-source bookkeeping of a crawl and its ``crawl_runs`` row.

Each source runs in its own crawler, so a :class:`SourceReport` lives on the spider and
is filled by the spider (errors, index pages read) and the pipeline (new / updated /
unchanged articles). When the spider closes, :class:`RunReport` turns it and the Scrapy
stats into one row and keeps the summary on the crawler for ``run_crawl``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from scrapy import signals

from crawler.context import crawl_db, run_id
from db.store import now, record_crawl_run, upsert_source

logger = logging.getLogger(__name__)

MAX_MESSAGES = 50


@dataclass
class SourceReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_known: int = 0
    index_ok: int = 0  # feed/listing/API pages read successfully
    errors: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.errors.append(" ".join(str(message).split()))

    def count(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)


def outcome(report: SourceReport, reason: str) -> str:
    if report.index_ok == 0:
        return "failed"
    if report.errors or reason != "finished":
        return "partial"
    return "ok"


class RunReport:
    def __init__(self, crawler):
        self.crawler = crawler
        self.started = None
        self.t0 = None

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider):
        self.started, self.t0 = now(), time.monotonic()
        source = getattr(spider, "source", None)
        if source:
            upsert_source(crawl_db(self.crawler), source)

    def spider_closed(self, spider, reason):
        report: SourceReport = getattr(spider, "report", None) or SourceReport()
        if reason not in ("finished",) and not report.errors:
            report.error(f"crawl ended early: {reason}")
        stats = self.crawler.stats.get_stats()
        statuses = {
            key.rsplit("/", 1)[-1]: value
            for key, value in stats.items()
            if key.startswith("downloader/response_status_count/")
        }
        row = {
            "run_id": run_id(self.crawler),
            "source": getattr(spider, "source_name", spider.name),
            "started": self.started or now(),
            "finished": now(),
            "duration_s": round(time.monotonic() - (self.t0 or time.monotonic()), 3),
            "requests": stats.get("downloader/request_count", 0),
            "responses": stats.get("downloader/response_count", 0),
            "status_counts": statuses,
            "new_articles": report.new,
            "updated_articles": report.updated,
            "unchanged_articles": report.unchanged,
            "errors": len(report.errors),
            "error_messages": report.errors[:MAX_MESSAGES],
            "outcome": outcome(report, reason),
            "completed": int(reason == "finished" and report.index_ok > 0),
            "not_modified": stats.get("crackdown/not_modified", 0),
        }
        record_crawl_run(crawl_db(self.crawler), row)
        self.crawler.crackdown_summary = {
            **row,
            "skipped_known": report.skipped_known,
            "pages": stats.get("crackdown/pages_archived", 0),
            "refetched_updated": stats.get("crackdown/refetched_updated", 0),
        }
        logger.info(
            "source %s: %s, %d new, %d updated, %d unchanged, %d errors",
            row["source"], row["outcome"], report.new, report.updated, report.unchanged, len(report.errors),
        )
