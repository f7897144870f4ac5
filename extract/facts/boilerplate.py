"""Where a press release's own text ends, so site furniture after it yields no facts.

Crawled pages keep their trailing "Latest Posts" lists, tag lists, comment forms and
footers (titles of other releases, the office's street address); facts read there belong
to other stories or to no story. Three signs end the text, all data (``data/boilerplate.yml``
and ``data/<lang>/``): an end line ("###", "Recent Posts"), a line matching an end pattern
(a captcha, a WordPress comment form or widget title), and a footer, i.e. a trailing run of
short lines that holds a contact detail (postal address, phone, e-mail) and no sentence.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extract.facts.geocode import DATA, load_yaml

# An end sign only counts after this share of the text (a "Share" button above the story does not end it).
MIN_SHARE = 0.25


@dataclass(frozen=True)
class EndRules:
    lines: frozenset
    pattern: re.Pattern
    contact: re.Pattern
    short_words: int
    min_share: float = MIN_SHARE  # no end marker before this share of the text (data: min_share)


def _alternation(patterns: list[str], flags=0) -> re.Pattern:
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + ")" if patterns else "(?!)", flags)


@functools.lru_cache(maxsize=None)
def _rules(lang: str) -> EndRules:
    common = load_yaml(DATA / "boilerplate.yml")
    own = load_yaml(DATA / lang / "boilerplate.yml") if lang else {}
    lines = list(common.get("end_lines") or []) + list(own.get("end_lines") or [])
    patterns = list(common.get("end_patterns") or []) + list(own.get("end_patterns") or [])
    return EndRules(
        lines=frozenset(line.strip().casefold() for line in lines),
        pattern=re.compile(_alternation(patterns).pattern + r"\Z", re.I),
        contact=_alternation(list(common.get("footer_contact_patterns") or [])),
        short_words=int(common.get("footer_short_words", 6)),
        min_share=float(own.get("min_share", common.get("min_share", MIN_SHARE))),
    )


def _end_lines(lang: str) -> frozenset[str]:
    return _rules(lang).lines


_LINE = re.compile(r"^[^\n]*$", re.M)
_SENTENCE_END = (".", "!", "?", ":", "…", '"', "”", ")")


def _footer_start(text: str, rules: EndRules) -> int | None:
    """Start of the trailing block of short or contact lines, when it holds a contact detail."""
    start, contact = len(text), False
    for match in reversed(list(_LINE.finditer(text))):
        line = match.group().strip()
        if not line:
            continue
        if line.endswith(_SENTENCE_END):
            break  # prose, even when it gives a phone number ("call 555-0100.")
        is_contact = len(line) <= 200 and bool(rules.contact.search(line))
        if not (is_contact or len(line.split()) <= rules.short_words):
            break
        contact = contact or is_contact
        start = match.start()
    return start if contact else None


@functools.lru_cache(maxsize=16)  # fields, places, charges and events each ask for the same text
def body_end(text: str, lang: str | None) -> int:
    """Character offset where the article's own text ends (``len(text)`` when no marker)."""
    rules = _rules(lang or "")
    floor = int(len(text) * rules.min_share)
    end = len(text)
    for match in _LINE.finditer(text):
        if match.start() < floor:
            continue
        line = match.group().strip()
        if line.casefold() in rules.lines or (line and rules.pattern.match(line)):
            end = match.start()
            break
    footer = _footer_start(text[:end], rules)
    if footer is not None and footer >= floor:
        end = min(end, footer)
    return end
