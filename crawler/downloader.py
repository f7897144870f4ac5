"""Scrapy's downloader with the per-host concurrency limit actually enforced.

In Scrapy 2.19 the downloader hands queued requests to coroutines that only mark
themselves as transferring when they start, so with ``DOWNLOAD_DELAY = 0`` a slot
dispatches its whole queue at once and ``CONCURRENT_REQUESTS_PER_DOMAIN = 2`` lets six
(or sixty) requests hit one host together (measured against a local server: a listing
page's six links arrived at once). This subclass counts a request as transferring the
moment it is dispatched. With a download delay the stock code is already one at a time.
"""

from __future__ import annotations

from time import monotonic

from scrapy.core import downloader as _stock
from scrapy.core.downloader import Downloader


class PoliteDownloader(Downloader):
    def _process_queue(self, slot) -> None:
        if slot.latercall:
            return
        now = monotonic()
        delay = slot.download_delay()
        if delay:
            penalty = delay - now + slot.lastseen
            if penalty > 0:
                slot.latercall = _stock.call_later(penalty, self._latercall, slot)
                return
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = now
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)  # counted now: the coroutine below starts later
            _stock._schedule_coro(self._wait_for_download(slot, request, queue_dfd))
            if delay:
                self._process_queue(slot)
                break
