"""Publication dates: written dates in visible text, the page's metadata, the URL.

The date a reader sees next to the headline (the byline or dateline) is the most reliable
one on a news or press-release page; metadata often holds the last-modified or a template
date. So :func:`choose_date` looks for a written date between the title and the start of
the main text first, then in the main text's opening, then trusts metadata, then the URL.
Month names and CJK date forms live in ``data/dates.yml``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).with_name("data") / "dates.yml"
MIN_YEAR = 1990


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(_DATA.read_text("utf-8"))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str]]:
    data = _data()
    months = sorted({name for names in data["months"].values() for name in names}, key=len, reverse=True)
    month = "(" + "|".join(re.escape(m) for m in months) + r")\.?"
    filler = r"(?:\s+(?:" + "|".join(data["fillers"]) + r"))?"
    pats = [(re.compile(p), "ymd") for p in data["ymd_units"]]
    pats += [
        (re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), "ymd"),
        (re.compile(rf"(?i)\b{month}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"), "mdy_name"),
        (re.compile(rf"(?i)\b(\d{{1,2}})(?:st|nd|rd|th|er|\.|º)?{filler}\s+{month}{filler},?\s+(\d{{4}})\b"), "dmy_name"),
        (re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)"), "dmy"),
        (re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)"), "slash"),
    ]
    return pats


def _month_number(name: str) -> int | None:
    key = name.lower().rstrip(".")
    for names in _data()["months"].values():
        if key in names:
            return names[key]
    return None


def _valid(year: int, month: int, day: int, today: dt.date) -> str | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if year < MIN_YEAR or date > today + dt.timedelta(days=2):
        return None
    return date.isoformat()


def find_dates(text: str, lang: str | None = None, today: dt.date | None = None) -> list[tuple[int, str]]:
    """Every written date in ``text`` as (offset, ISO date), in text order."""
    today = today or dt.date.today()
    found: dict[int, str] = {}
    for pattern, kind in _patterns():
        for m in pattern.finditer(text):
            g = m.groups()
            if kind == "ymd":
                y, mo, d = int(g[0]), int(g[1]), int(g[2])
            elif kind == "mdy_name":
                mo, d, y = _month_number(g[0]) or 0, int(g[1]), int(g[2])
            elif kind == "dmy_name":
                d, mo, y = int(g[0]), _month_number(g[1]) or 0, int(g[2])
            elif kind == "dmy":
                d, mo, y = int(g[0]), int(g[1]), int(g[2])
            else:  # d/m/y outside English, m/d/y in English
                a, b, y = int(g[0]), int(g[1]), int(g[2])
                mo, d = (a, b) if (lang or "en") == "en" and a <= 12 else (b, a)
            iso = _valid(y, mo, d, today)
            if iso and not any(abs(m.start() - k) < 3 for k in found):
                found[m.start()] = iso
    return sorted(found.items())


_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|\b|_)")


def url_date(url: str | None) -> str | None:
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)), dt.date.today())


def _locate(haystack: str, needle: str) -> int:
    """Where ``needle``'s opening occurs in ``haystack`` (trying its first lines in turn), or -1."""
    lines = [_SPACE.sub(" ", ln).strip(" |#*>-") for ln in needle.split("\n")]  # markdown-ish table/list marks
    for line in [ln for ln in lines if len(ln) >= 6][:5]:
        for size in (40, 20, 10):
            probe = _SPACE.sub(" ", line[:size]).strip()
            if len(probe) >= 6:
                pos = haystack.find(probe)
                if pos >= 0:
                    return pos
    return -1


_SPACE = re.compile(r"\s+")


def byline_date(page_text: str, main_text: str, title: str | None, lang: str | None = None) -> str | None:
    """The first written date between the headline and the first lines of the main text."""
    main_at = _locate(page_text, main_text)
    head_at = -1
    if title:
        head_at = _locate(page_text[: main_at if main_at > 0 else len(page_text)], title)
    if main_at < 0:
        dates = find_dates(main_text[:400], lang)
        return dates[0][1] if dates else None
    start = head_at if 0 <= head_at < main_at else max(0, main_at - 400)
    window = page_text[start : main_at + 300]
    dates = find_dates(window, lang)
    return dates[0][1] if dates else None


def preceding_date(page_text: str, main_text: str, lang: str | None = None, reach: int = 1500) -> str | None:
    """The written date closest before the main text (a header or byline above the story)."""
    main_at = _locate(page_text, main_text)
    if main_at <= 0:
        return None
    dates = find_dates(page_text[max(0, main_at - reach) : main_at], lang)
    return dates[-1][1] if dates else None


def choose_date(
    page_text: str, main_text: str, title: str | None, meta_date: str | None, url: str | None, lang: str | None = None
) -> str | None:
    """Byline date, else the date just above the story, else metadata, else a date in the URL.

    A metadata date of 1 January is what date finders report when they only saw a year:
    a written date in the story's opening beats it.
    """
    page_text = _SPACE.sub(" ", page_text)
    written = byline_date(page_text, main_text, title, lang) or preceding_date(page_text, main_text, lang)
    if written:
        return written
    if meta_date and meta_date.endswith("-01-01"):
        opening = find_dates(main_text[:1000], lang)
        if opening:
            return opening[0][1]
    return meta_date or url_date(url)
