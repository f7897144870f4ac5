"""Remove what trafilatura leaves around a story: end marks, contact blocks, widgets, menus.

Press releases end with "###", "Topic(s):" lists or media contacts; old portals lay pages
out in tables whose navigation rows trafilatura renders as ``| a \\| b \\| c |``. The line
patterns live in ``data/boilerplate.yml``; this module only applies them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).with_name("data") / "boilerplate.yml"
# An end mark in the first part of a text is more likely a header widget than the story's end.
END_MIN_SHARE = 0.3


@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern, re.Pattern]:
    data = yaml.safe_load(_DATA.read_text("utf-8"))
    end = re.compile("(?:" + "|".join(data["end"]) + r")\Z", re.I)
    drop = re.compile("(?:" + "|".join(data["drop"]) + r")\Z", re.I)
    return end, drop


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


def clean(text: str) -> str:
    """``text`` without end-of-story trailers, widget lines and menu rows."""
    end, drop = _rules()
    lines = text.split("\n")
    total = max(len(text), 1)
    kept: list[str] = []
    seen = 0
    for line in lines:
        stripped = line.strip()
        if stripped and end.match(stripped) and seen / total >= END_MIN_SHARE:
            break
        seen += len(line) + 1
        if stripped and (drop.match(stripped) or is_menu_row(stripped)):
            continue
        kept.append(line)
    return "\n".join(kept).strip()
