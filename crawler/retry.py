"""Retries that wait: ``Retry-After`` on 429/503, exponential backoff otherwise.

Scrapy's own RetryMiddleware retries at once, which is exactly what a server that
answered "slow down" does not want. This subclass keeps its rules (which codes and
exceptions are transient, how many times) and only adds the wait. A ``Retry-After``
longer than ``RETRY_AFTER_MAX`` gives up on the request rather than stalling the run.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.response import response_status_message

from crawler.dates import to_utc_datetime

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    when = to_utc_datetime(text)
    if when is None:
        return None
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class PoliteRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 300.0)

    def _backoff(self, request) -> float:
        return self.backoff_base * (2 ** max(0, request.meta.get("retry_times", 1) - 1))

    @staticmethod
    async def _wait(delay: float) -> None:
        """Sleep without blocking the reactor (Scrapy's ``sleep`` picks asyncio or Twisted)."""
        if delay <= 0:
            return
        try:
            from scrapy.utils.asyncio import sleep  # Scrapy >= 2.18
        except ImportError:  # pragma: no cover - older Scrapy
            from twisted.internet import reactor, task

            from scrapy.utils.defer import maybe_deferred_to_future

            await maybe_deferred_to_future(task.deferLater(reactor, delay, lambda: None))
            return
        await sleep(delay)

    # Coroutines, as Scrapy >= 2.14 expects of middlewares that wait (a returned Deferred is deprecated).
    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        delay = None
        if response.status in (429, 503):
            delay = retry_after_seconds(response.headers.get(b"Retry-After"))
            if delay is not None and delay > self.retry_after_max:
                logger.warning(
                    "Not retrying %s: Retry-After %.0fs is longer than RETRY_AFTER_MAX (%.0fs)",
                    request.url, delay, self.retry_after_max,
                )
                self.crawler.stats.inc_value("retry/retry_after_too_long")
                return response
        new = self._retry(request, response_status_message(response.status))
        if new is None:
            return response
        await self._wait(self._backoff(new) if delay is None else delay)
        return new

    async def process_exception(self, request, exception, spider=None):
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get("dont_retry", False):
            new = self._retry(request, exception)
            if new is not None:
                await self._wait(self._backoff(new))
                return new
        return None
