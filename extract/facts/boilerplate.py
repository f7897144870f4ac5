"""Where a press release's own text ends, so site furniture after it yields no facts.

Crawled pages keep their trailing "Latest Posts" lists and footers (titles of other
releases, the office's street address); facts read there belong to other stories.
The end-of-article lines are data (``data/boilerplate.yml`` and ``data/<lang>/``).
"""

from __future__ import annotations

import functools
import re

from extract.facts.geocode import DATA, load_yaml

# An end line only counts after this share of the text (a "Share" button above the story does not end it).
MIN_SHARE = 0.25


@functools.lru_cache(maxsize=None)
def _end_lines(lang: str) -> frozenset[str]:
    lines = list(load_yaml(DATA / "boilerplate.yml").get("end_lines") or [])
    lines += load_yaml(DATA / lang / "boilerplate.yml").get("end_lines") or [] if lang else []
    return frozenset(line.strip().casefold() for line in lines)


_LINE = re.compile(r"^[^\n]*$", re.M)


def body_end(text: str, lang: str | None) -> int:
    """Character offset where the article's own text ends (``len(text)`` when no marker)."""
    ends = _end_lines(lang or "")
    floor = int(len(text) * MIN_SHARE)
    for match in _LINE.finditer(text):
        if match.start() >= floor and match.group().strip().casefold() in ends:
            return match.start()
    return len(text)
