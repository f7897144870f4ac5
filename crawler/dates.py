"""Turn the dates feeds, listings and APIs print into ISO ``YYYY-MM-DD``.

The date kept is the one the publisher wrote, in its own time zone: a release dated
``Tue, 10 Nov 2020 23:30:00 -0500`` was published on the 10th. Unix epochs (the DOJ
API) are read in UTC. Anything else goes to ``dateparser`` with the source's language,
which carries the month names of every language we crawl.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime

_EPOCH = re.compile(r"^\d{9,11}(\.\d+)?$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


def to_iso_date(value: object, fmt: str | None = None, languages: list[str] | None = None) -> str | None:
    """ISO date of ``value`` or ``None`` when it cannot be read (never raises)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_epoch(float(value))
    text = " ".join(str(value).split())
    if not text:
        return None
    if fmt == "epoch" or (fmt is None and _EPOCH.match(text)):
        try:
            return _from_epoch(float(text))
        except ValueError:
            return None
    if fmt:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            pass  # fall through: a format that misses one row should not lose its date
    if _ISO.match(text):
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            try:
                return date.fromisoformat(text[:10]).isoformat()
            except ValueError:
                pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return _dateparser(text, languages)


def _from_epoch(seconds: float) -> str | None:
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _dateparser(text: str, languages: list[str] | None) -> str | None:
    import dateparser

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    try:
        parsed = dateparser.parse(text, languages=languages or None, settings=settings)
        if parsed is None and languages:
            parsed = dateparser.parse(text, settings=settings)
    except (ValueError, TypeError, OverflowError):
        return None
    return parsed.date().isoformat() if parsed else None


def to_utc_datetime(value: object) -> datetime | None:
    """An aware UTC datetime of an ISO 8601 or RFC 822 timestamp (a bare date is midnight UTC), else ``None``."""
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = " ".join(str(value).split())
        if not text:
            return None
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                parsed = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)
