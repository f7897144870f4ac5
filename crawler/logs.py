"""One line per error on the console; Scrapy's own chatter only when asked for (``--verbose``).

The crawl's log level is ``crawl.log_level`` (``WARNING`` by default, ``INFO`` with
``--verbose``). At ``WARNING`` what is left is one line per failed fetch, written by the
spider's errback (``source NAME: what failed (url)``) and kept in ``crawl_runs``. Scrapy
would add more for the same failure, so:

* :class:`OneLineLogFormatter` (``LOG_FORMATTER``) logs a dropped item as its reason
  alone, not the reason followed by the item (with the whole page body);
* :class:`RobotsTxtErrors`, installed by the :class:`QuietLogs` extension on the
  robots.txt middleware's logger, turns its 80-line traceback for a robots.txt that could
  not be downloaded into one line, and drops it below ``INFO``: the host's pages fail
  with their own line, or are crawled as if robots.txt allowed everything;
* ``RETRY_GIVE_UP_LOG_LEVEL = "INFO"`` (``crawler.settings``): "Gave up retrying" repeats
  what the errback says.
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin

from scrapy.logformatter import LogFormatter

ROBOTS_LOGGER = "scrapy.downloadermiddlewares.robotstxt"


class OneLineLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider):
        entry = super().dropped(item, exception, response, spider)
        return {**entry, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}


class RobotsTxtErrors(logging.Filter):
    """robots.txt download errors: one line (no traceback), and only when ``verbose``."""

    def __init__(self, verbose: bool):
        super().__init__()
        self.verbose = verbose

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return True
        if not self.verbose:
            return False
        exc = record.exc_info[1] if record.exc_info else None
        request = record.args.get("request") if isinstance(record.args, dict) else None
        record.exc_info = None
        record.exc_text = None
        if exc is not None:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            where = urljoin(request.url, "/robots.txt") if request is not None else "robots.txt"
            record.msg = "%s could not be downloaded (%s: %s); crawling as if it allowed everything"
            record.args = (where, type(exc).__name__, reason)
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class QuietLogs:
    """Extension: installs :class:`RobotsTxtErrors` for this run's log level."""

    def __init__(self, verbose: bool):
        self.verbose = verbose
        target = logging.getLogger(ROBOTS_LOGGER)
        for old in [f for f in target.filters if isinstance(f, RobotsTxtErrors)]:  # one per process
            target.removeFilter(old)
        target.addFilter(RobotsTxtErrors(verbose))

    @classmethod
    def from_crawler(cls, crawler):
        level = crawler.settings.get("LOG_LEVEL") or "DEBUG"
        numeric = level if isinstance(level, int) else logging.getLevelName(str(level).upper())
        return cls(verbose=isinstance(numeric, int) and numeric <= logging.INFO)
