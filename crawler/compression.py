"""Refuse compressed bodies whose stream stops before its end.

Scrapy's HttpCompressionMiddleware decodes gzip, deflate, brotli and zstd leniently: a
stream cut short yields "as much data as possible" and no error. When the server's
``Content-Length`` matches the bytes it sent (a proxy or a crashed writer truncated the
stream, not the connection), nothing else notices either, and half an article would be
stored as the whole one and never fetched again (the URL is held).

:class:`CompleteBodies` sits just before decompression (``process_response`` runs from
the highest priority down: 595, then Scrapy's 590) and checks that every encoding layer
reaches its end marker. A truncated body raises :class:`TruncatedBody`, so the request's
errback records one error line for the source and the page is neither archived nor
stored: the URL is not held, and the next run fetches it again (heals it).
Decoding is streamed and capped at ``DOWNLOAD_MAXSIZE``; past the cap the check stops and
Scrapy's own size limit takes over.
"""

from __future__ import annotations

import logging
import zlib

from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024


class TruncatedBody(IgnoreRequest):
    """A compressed response body that ends before its stream does."""


class _TooLarge(Exception):
    pass


def _drain(step, max_size: int) -> bytes:
    """Call ``step()`` until it returns nothing; the output, refused past ``max_size`` bytes."""
    out = bytearray()
    while chunk := step():
        out += chunk
        if max_size and len(out) > max_size:
            raise _TooLarge
    return bytes(out)


def _zlib(data: bytes, wbits: int, max_size: int) -> tuple[bytes, bool]:
    """Decoded bytes and whether every member (gzip may hold several) reached its end."""
    out = bytearray()
    while True:
        d = zlib.decompressobj(wbits)
        pending = [data]

        def step() -> bytes:
            if d.eof:
                return b""
            return d.decompress(pending.pop() if pending else d.unconsumed_tail, CHUNK)

        out += _drain(step, max_size - len(out) if max_size else 0)
        if not d.eof:
            return bytes(out), False
        rest = d.unused_data
        if wbits & 16 and rest[:2] == b"\x1f\x8b":  # another gzip member follows
            data = rest
            continue
        return bytes(out), True  # bytes after the stream's end are tolerated, as by Scrapy


def _gzip(data: bytes, max_size: int) -> tuple[bytes, bool]:
    return _zlib(data, 16 + zlib.MAX_WBITS, max_size)


def _deflate(data: bytes, max_size: int) -> tuple[bytes, bool]:
    try:
        return _zlib(data, zlib.MAX_WBITS, max_size)
    except zlib.error:  # raw deflate, as some servers send it
        return _zlib(data, -zlib.MAX_WBITS, max_size)


def _brotli(data: bytes, max_size: int) -> tuple[bytes, bool]:
    import brotli

    d = brotli.Decompressor()
    pending = [data]

    def step() -> bytes:
        if d.is_finished():
            return b""
        return d.process(pending.pop() if pending else b"", output_buffer_limit=CHUNK)

    out = _drain(step, max_size)
    return out, d.is_finished()


def _zstd(data: bytes, max_size: int) -> tuple[bytes, bool]:
    try:
        from compression import zstd  # Python 3.14
    except ImportError:
        from backports import zstd
    out = bytearray()
    while True:
        d = zstd.ZstdDecompressor()
        pending = [data]

        def step() -> bytes:
            if d.eof:
                return b""
            if pending:
                return d.decompress(pending.pop(), CHUNK)
            return b"" if d.needs_input else d.decompress(b"", CHUNK)

        out += _drain(step, max_size - len(out) if max_size else 0)
        if not d.eof:
            return bytes(out), False
        if not d.unused_data:
            return bytes(out), True
        data = d.unused_data  # another frame


DECODERS = {b"gzip": _gzip, b"x-gzip": _gzip, b"deflate": _deflate, b"br": _brotli, b"zstd": _zstd}


def truncated_encoding(body: bytes, encodings: list[bytes], max_size: int = 0) -> str | None:
    """The first encoding layer (outermost first) whose stream ends early, else ``None``.

    ``encodings`` are the ``Content-Encoding`` values in the order they were applied.
    Unknown encodings, undecodable bytes and bodies past ``max_size`` are left to Scrapy.
    """
    layers = [e.strip().lower() for value in encodings for e in value.split(b",") if e.strip()]
    for encoding in reversed(layers):
        decode = DECODERS.get(encoding)
        if decode is None or not body:
            return None
        try:
            body, complete = decode(body, max_size)
        except _TooLarge:
            return None
        except Exception:  # not that encoding at all: Scrapy decides what to do with it
            return None
        if not complete:
            return encoding.decode("latin-1")
    return None


class CompleteBodies:
    """Downloader middleware (priority 595): a compressed body cut short is an error, not a page."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        encodings = response.headers.getlist(b"Content-Encoding")
        if request.method == "HEAD" or not encodings or not response.body:
            return response
        encoding = truncated_encoding(response.body, encodings, request.meta.get("download_maxsize", self.max_size))
        if encoding is None:
            return response
        self.crawler.stats.inc_value("crackdown/truncated_bodies")
        raise TruncatedBody(
            f"{encoding} body cut short: its stream ends before its end marker "
            f"({len(response.body)} bytes received, Content-Length {response.headers.get(b'Content-Length', b'?').decode('latin-1')})"
        )
