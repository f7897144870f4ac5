"""Run a crawl: crackdown Settings in, one crawler per source, a summary out.

All sources run in ONE ``CrawlerProcess`` (Twisted's reactor starts once per process),
each in its own ``Crawler`` so that a source's politeness overrides stay its own and a
dead source only fails itself. Every source gets its ``crawl_runs`` row, even one whose
spider could not start.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Iterable

from scrapy.settings import Settings as ScrapySettings

from crackdown.settings import Settings
from crawler.context import new_run_id
from db.store import now, open_db, record_crawl_run, upsert_source

logger = logging.getLogger(__name__)


def spider_classes() -> dict[str, type]:
    from crawler.spiders.api import ApiSpider
    from crawler.spiders.feed import FeedSpider
    from crawler.spiders.listing import ListingSpider

    classes = {"api": ApiSpider, "feed": FeedSpider, "listing": ListingSpider}
    try:
        from crawler.spiders.sitemap import SitemapSpider
    except ModuleNotFoundError:
        pass
    else:
        classes["sitemap"] = SitemapSpider
    return classes


def scrapy_settings(settings: Settings, *, run_id: str | None = None) -> ScrapySettings:
    """Scrapy settings for ``settings``: ``crawler.settings`` defaults, then the crawl section."""
    crawl = settings.crawl
    out = ScrapySettings()
    out.setmodule("crawler.settings", priority="project")
    values = {
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": crawl.autothrottle_target_concurrency,
        "AUTOTHROTTLE_START_DELAY": max(crawl.download_delay, 0.1),
        "CONCURRENT_REQUESTS": crawl.concurrent_requests,
        "CONCURRENT_REQUESTS_PER_DOMAIN": max(1, min(crawl.concurrent_per_host, 2)),
        "DOWNLOAD_DELAY": crawl.download_delay,
        "DOWNLOAD_DELAY_JITTER": 0.5 if crawl.download_delay > 0 else 0.0,
        "DOWNLOAD_TIMEOUT": crawl.download_timeout,
        "RETRY_TIMES": crawl.retry_times,
        "RETRY_BACKOFF_BASE": crawl.retry_backoff,
        "RETRY_AFTER_MAX": crawl.retry_after_max,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "DOWNLOAD_WARNSIZE": min(crawl.max_page_bytes, 8 * 1024 * 1024),
        "LOG_LEVEL": crawl.log_level.upper(),
        "CRACKDOWN_SETTINGS": settings,
    }
    if run_id:
        values["CRACKDOWN_RUN_ID"] = run_id
    out.setdict(values, priority="cmdline")
    return out


def source_settings(base: ScrapySettings, source: dict[str, Any]) -> ScrapySettings:
    """A source's own Scrapy settings: its ``download_delay`` overrides the crawl-wide one."""
    per_source = base.copy()
    if source.get("download_delay") is not None:
        delay = float(source["download_delay"])
        per_source.set("DOWNLOAD_DELAY", delay, priority="cmdline")
        per_source.set("AUTOTHROTTLE_START_DELAY", max(delay, 0.1), priority="cmdline")
    return per_source


def _failed_row(run_id: str, source: dict, message: str, started: str) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "source": source["name"],
        "started": started,
        "finished": now(),
        "duration_s": 0.0,
        "requests": 0,
        "responses": 0,
        "status_counts": {},
        "new_articles": 0,
        "updated_articles": 0,
        "unchanged_articles": 0,
        "errors": 1,
        "error_messages": [message],
        "outcome": "failed",
    }


def run_crawl(
    settings: Settings,
    sources: Iterable[dict[str, Any]],
    *,
    run_id: str | None = None,
    full: bool = False,
    config_errors: Iterable[str] = (),
) -> dict[str, Any]:
    """Crawl ``sources`` (validated entries) and return the run summary.

    ``config_errors`` are the sources-file lines that were skipped; they make the run
    partial and are part of the summary. Runs the Twisted reactor: once per process.
    """
    from scrapy.crawler import Crawler, CrawlerProcess

    from crawler.sources import SourcesFile

    skipped: dict[str, str] = {}
    if isinstance(sources, SourcesFile):
        config_errors = [*sources.errors, *config_errors]
        skipped = dict(sources.skipped)
        sources = sources.sources
    from crawler.sources import SourceError, validate_source

    checked, config_errors = [], list(config_errors)
    for index, entry in enumerate(sources):
        try:
            checked.append(validate_source(entry, index))
        except SourceError as exc:
            config_errors.append(str(exc))
    run_id = run_id or new_run_id()
    sources = [s for s in checked if s.get("enabled", True)]
    t0 = time.monotonic()
    started = now()
    db = open_db(settings.db)
    for source in sources:
        upsert_source(db, source)
    base = scrapy_settings(settings, run_id=run_id)
    process = CrawlerProcess(base)
    classes = spider_classes()
    rows: dict[str, dict[str, Any]] = {}
    crawlers = []
    first = True
    for source in sources:
        cls = classes.get(source["kind"])
        if cls is None:
            rows[source["name"]] = _failed_row(run_id, source, f"no spider for kind {source['kind']!r} yet", started)
            continue
        crawler = Crawler(cls, source_settings(base, source), init_reactor=first)
        first = False
        crawler.crackdown_db = db
        crawler.crackdown_run_id = run_id

        def failed(failure, source=source):
            message = f"spider could not run: {failure.type.__name__}: {' '.join(str(failure.value).split())}"
            logger.error("source %s: %s", source["name"], message)
            rows.setdefault(source["name"], _failed_row(run_id, source, message, started))

        process.crawl(crawler, source=source, full=full).addErrback(failed)
        crawlers.append((source, crawler))
    if crawlers:
        process.start()
    for source, crawler in crawlers:
        summary = getattr(crawler, "crackdown_summary", None)
        if summary is not None:
            rows[source["name"]] = summary
    for name, row in rows.items():
        if "pages" not in row:  # a source that never opened: write its row here
            record_crawl_run(db, row)
    for name, message in skipped.items():  # a broken sources.yml entry shows in source_health too
        if name not in rows:
            record_crawl_run(db, _failed_row(run_id, {"name": name}, f"sources file: {message}", started))
    ordered = [rows[s["name"]] for s in sources if s["name"] in rows]
    failed_sources = [r["source"] for r in ordered if r["outcome"] == "failed"]
    partial_sources = [r["source"] for r in ordered if r["outcome"] == "partial"]
    outcome = "ok"
    if failed_sources or partial_sources or config_errors:
        outcome = "failed" if ordered and len(failed_sources) == len(ordered) else "partial"
    if not ordered and not config_errors:
        outcome = "ok"
    db.conn.close()
    return {
        "run_id": run_id,
        "outcome": outcome,
        "sources": len(ordered),
        "sources_ok": sum(1 for r in ordered if r["outcome"] == "ok"),
        "sources_partial": len(partial_sources),
        "sources_failed": len(failed_sources),
        "config_errors": config_errors,
        "pages": sum(r.get("pages", 0) for r in ordered),
        "new": sum(r["new_articles"] for r in ordered),
        "updated": sum(r["updated_articles"] for r in ordered),
        "new_articles": sum(r["new_articles"] for r in ordered),
        "updated_articles": sum(r["updated_articles"] for r in ordered),
        "unchanged": sum(r["unchanged_articles"] for r in ordered),
        "skipped_known": sum(r.get("skipped_known", 0) for r in ordered),
        "not_modified": sum(r.get("not_modified") or 0 for r in ordered),
        "refetched_updated": sum(r.get("refetched_updated", 0) for r in ordered),
        "errors": sum(r["errors"] for r in ordered) + len(config_errors),
        "seconds": round(time.monotonic() - t0, 1),
        "per_source": ordered,
    }


def summary_line(summary: dict[str, Any]) -> str:
    """The one line ``crackdown crawl`` ends with."""
    parts = [f"{summary['sources_ok']} ok"]
    if summary["sources_partial"]:
        parts.append(f"{summary['sources_partial']} partial")
    if summary["sources_failed"]:
        parts.append(f"{summary['sources_failed']} failed")
    if summary["config_errors"]:
        parts.append(f"{len(summary['config_errors'])} skipped in config")
    return (
        f"crawl {summary['run_id']}: {summary['outcome'].upper()} - {summary['sources']} sources ({', '.join(parts)}), "
        f"{summary['pages']} pages, {summary['new']} new / {summary['updated']} updated / "
        f"{summary['unchanged']} unchanged articles, {summary['skipped_known']} already held, "
        f"{summary.get('not_modified', 0)} index pages not modified, "
        f"{summary['errors']} errors, {summary['seconds']} s"
    )
