"""Stable article keys: a short hash of the normalised canonical URL.

Article ids are assigned in crawl order, so a database rebuilt from scratch numbers its
articles differently and a cited ``/-/article/<id>`` would point elsewhere. The key
depends only on the article's canonical URL, so the same article has the same key (and
permalink, ``/-/article/<key>``) in every build. Normalising first keeps the key when a
URL is only written differently (host case, a default port, a fragment, tracking
parameters). Twelve base32 characters (60 bits): two of a million articles share one
with a probability under one in a million; should two URLs of the database share a key,
the later one is keyed on its exact URL instead (:func:`fallback_key`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import sqlite_utils

KEY_LENGTH = 12
KEY_PATTERN = r"[a-z2-7]{12}"
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid)$", re.I)
DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _escapes(part: str) -> str:
    """RFC 3986 6.2.2: escapes in upper case, escaped unreserved characters decoded."""
    def one(match: re.Match) -> str:
        char = chr(int(match.group(0)[1:], 16))
        return char if char in UNRESERVED else match.group(0).upper()

    return _ESCAPE.sub(one, part)


def normalise_url(url: str) -> str:
    """The form of ``url`` the key is computed from (scheme and host in lower case, no default port,
    no fragment, no tracking parameters, ``/`` for an empty path)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = _escapes(parts.path) or "/"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)])
    return urlunsplit((scheme, netloc, path, query, ""))


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:KEY_LENGTH]


def article_key(url: str) -> str:
    """The stable key of the article whose canonical URL is ``url``."""
    return _hash(normalise_url(url))


def fallback_key(url: str) -> str:
    """The key of a URL whose normalised form another article's key already took: its exact URL, hashed."""
    return _hash("exact:" + url)


def key_for(db: sqlite_utils.Database, url: str, article_id: int | None = None) -> str:
    """``article_key(url)`` unless another article holds it; then :func:`fallback_key`."""
    key = article_key(url)
    row = db.execute("SELECT id FROM articles WHERE key = ?", [key]).fetchone()
    if row is None or row[0] == article_id:
        return key
    return fallback_key(url)


def fill_keys(db: sqlite_utils.Database, batch: int = 10_000) -> int:
    """Give every article without a key its key (rows of older schemas and bulk loaders); returns how many.

    Rows are keyed in URL order, so should two URLs normalise alike, the same one gets the fallback
    in every build.
    """
    written, last = 0, ""
    while True:
        rows = db.execute("SELECT id, url FROM articles WHERE url > ? AND key IS NULL ORDER BY url LIMIT ?",
                          [last, batch]).fetchall()
        if not rows:
            return written
        for article_id, url in rows:
            db.execute("UPDATE articles SET key = ? WHERE id = ?", [key_for(db, url, article_id), article_id])
        written += len(rows)
        last = rows[-1][1]
