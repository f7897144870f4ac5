"""Page chrome inside a Chinese article's text, blanked before any field is read.

Chinese security-news and WeChat pages carry, between and after the article's paragraphs,
navigation lists of other stories (``* [标题](/post/id/…)``), copyright and ICP licence lines
(``Copyright © 北京…有限公司``, ``京ICP备…``, ``北京市公安局海淀分局备案号``) and the account's
name line. Their places, arrests and crimes belong to other pages (the gold ignores page
chrome), and ``body_end`` cannot cut them when they stand between paragraphs. The patterns
are data (``data/zh/boilerplate.yml`` ``chrome_patterns``); a line that is mostly link text is
chrome by rule. Blanking keeps every offset, so evidence still points into the original text.
"""

from __future__ import annotations

import functools
import re

from extract.facts.numbers import load_yaml

LANG = "zh"
_LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\n]*)\)")
_LINE = re.compile(r"[^\n]+")


@functools.lru_cache(maxsize=1)
def _patterns() -> re.Pattern | None:
    words = load_yaml(LANG, "boilerplate").get("chrome_patterns") or []
    return re.compile("|".join(f"(?:{w})" for w in words)) if words else None


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def mask(text: str) -> str:
    """``text`` with chrome lines and image links turned to spaces (same length, newlines kept)."""
    chars = list(text)
    pattern = _patterns()
    for line in _LINE.finditer(text):
        body = line.group()
        links = list(_LINK.finditer(body))
        linked = sum(len(m.group(1)) for m in links if not m.group().startswith("!"))
        rest = len(re.sub(r"\s|[*#>|\-]", "", _LINK.sub("", body)))
        if (linked and rest <= linked // 3) or (pattern and pattern.search(body)):
            _blank(chars, line.start(), line.end())
            continue
        for m in links:  # image links and link targets carry no prose
            if m.group().startswith("!"):
                _blank(chars, line.start() + m.start(), line.start() + m.end())
            else:
                _blank(chars, line.start() + m.start(2) - 1, line.start() + m.end())
    return "".join(chars)
