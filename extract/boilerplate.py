"""Remove what trafilatura leaves around a story: end marks, contact blocks, widgets, menus.

Press releases end with "###", "Topic(s):" lists or media contacts; news pages wrap the
story in related-story lists, newsletter boxes, credits and comment counters; old portals
lay pages out in tables whose navigation rows trafilatura renders as ``| a \\| b \\| c |``.
The patterns live in ``data/boilerplate.yml``; this module only applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).with_name("data") / "boilerplate.yml"
# An end mark in the first part of a text is more likely a header widget than the story's end.
END_MIN_SHARE = 0.3
# After a related-stories heading, lines up to this long (or list items) are taken as its links.
RELATED_ITEM_CHARS = 160


@dataclass(frozen=True)
class Rules:
    end: re.Pattern
    drop: re.Pattern
    related: re.Pattern
    cross_link: re.Pattern
    prune_xpath: tuple[str, ...]


def _alternation(patterns: list[str]) -> re.Pattern:
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\Z", re.I)


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = yaml.safe_load(_DATA.read_text("utf-8"))
    return Rules(
        end=_alternation(data["end"]),
        drop=_alternation(data["drop"]),
        related=_alternation(data.get("related") or ["(?!)"]),
        cross_link=_alternation(data.get("cross_link") or ["(?!)"]),
        prune_xpath=tuple(data.get("prune_xpath") or ()),
    )


def prune_xpath() -> list[str]:
    """XPath expressions of page parts removed before trafilatura reads the page."""
    return list(rules().prune_xpath)


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def is_menu_row(line: str) -> bool:
    """A table row made of many short link labels (``\\|``-separated), i.e. a navigation bar."""
    if not line.startswith("|"):
        return False
    cells = [c.strip() for c in _CELL_SPLIT.split(line.strip("|"))]
    parts = [p.strip() for c in cells for p in c.split("\\|") if p.strip()]
    if not parts:
        return True
    escaped = line.count("\\|")
    short = sum(1 for p in parts if len(p) <= 12)
    return escaped >= 2 and short / len(parts) > 0.7


_NORM = re.compile(r"\W+")


def _norm(text: str) -> str:
    return _NORM.sub(" ", text).strip().lower()


_BULLETS = ("- ", "* ", "• ")


_SITE_SUFFIX = re.compile(r"\s[|\-–—:·•»/]\s*[^|–—:·•»/]{0,40}$")


def _is_headline(line: str, title: str) -> bool:
    """The first line is the title with or without the site name (``Story | Site``).

    A line that merely starts like a truncated ``<title>`` and goes on is the story's lead: kept.
    """
    key, head = _norm(line), _norm(title)
    if len(key) < 15:
        return False
    if head.startswith(key):
        return True
    return key.startswith(head) and len(key) < len(head) + 40 and bool(_SITE_SUFFIX.search(line))


def only_headline(text: str, title: str) -> bool:
    """Every line of ``text`` is the title repeated: the release has no body of its own."""
    lines = [_norm(line) for line in text.splitlines() if line.strip()]
    return bool(lines) and all(line == _norm(title) for line in lines)


def _is_related_item(line: str) -> bool:
    return line.startswith(_BULLETS) or (len(line) <= RELATED_ITEM_CHARS and not line.endswith((".", ":")))


def clean(text: str, title: str | None = None) -> str:
    """``text`` without the title repeated on top, trailers, widget lines, related lists and menus."""
    r = rules()
    lines = text.split("\n")
    total = max(len(text), 1)
    kept: list[str] = []
    seen_chars = 0
    in_related = in_bullets = False
    heading = _norm(title or "")
    for line in lines:
        stripped = line.strip()
        if stripped and r.end.match(stripped) and seen_chars / total >= END_MIN_SHARE:
            break
        seen_chars += len(line) + 1
        if not stripped:
            kept.append(line)
            continue
        if in_related and _is_related_item(stripped):
            continue
        in_related = False
        if r.related.match(stripped):
            in_related = True
            continue
        if r.cross_link.match(stripped):
            in_bullets = True
            continue
        if in_bullets and stripped.startswith(_BULLETS):
            continue
        in_bullets = False
        if r.drop.match(stripped) or is_menu_row(stripped):
            continue
        key = _norm(stripped)
        if heading and (key == heading or (not any(k.strip() for k in kept) and _is_headline(stripped, title or ""))):
            continue  # the headline, stored as the title, repeated in the text
        kept.append(line)
    return "\n".join(kept).strip()


# A table-layout page whose story sits in one cell: that cell must hold this share of the text.
DOMINANT_CELL_SHARE = 0.4
# Cells at least this share of the longest one count as long.
FIRST_OF_LONG = 0.5


def dominant_cell(text: str) -> str:
    """The one table cell holding the story, when the text is a whole page laid out in a table.

    Old portals and blogs put the navigation, the story and the sidebars in cells of one
    layout table; trafilatura then renders the page as ``| ... |`` rows. When most lines are
    such rows and a single cell holds a large share of the words, that cell is the story.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    rows = [line for line in lines if line.startswith("|")]
    if not rows or len(rows) < 0.5 * len(lines):
        return text
    cells = [c.strip() for row in rows for c in _CELL_SPLIT.split(row.strip("|")) if c.strip()]
    longest = max(map(len, cells), default=0)
    if longest < DOMINANT_CELL_SHARE * len(text):
        return text
    # a blog page lays out several posts alike: the first long one is the page's own
    return next(c for c in cells if len(c) >= FIRST_OF_LONG * longest)
