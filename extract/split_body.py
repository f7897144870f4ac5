"""Find a story body split over sibling containers, which trafilatura reads only the first of.

Some publishers cut the body into several ``<div class="article__body">`` blocks with ads
or widgets in between; trafilatura keeps the first block and drops the rest as a
different section. When a set of same-tag, same-class containers holds far more prose
than trafilatura returned, and includes what it returned, the containers are joined into
one ``<article>`` for a second trafilatura pass.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree

# A container counts when its own paragraphs hold at least this much text.
MIN_CONTAINER_CHARS = 200
# The joined containers must hold this many times the text trafilatura found.
MIN_GAIN = 1.5
# Share of trafilatura's lines that must lie inside the joined containers.
MIN_OVERLAP = 0.6

_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _prose(element) -> str:
    return " ".join(_norm(p.text_content()) for p in element.iterfind("p"))


def split_containers(tree, found_text: str) -> str | None:
    """HTML of one ``<article>`` joining the split body, or None when the page has none."""
    groups: dict[tuple, list] = defaultdict(list)
    for element in tree.iter("div", "section", "article"):
        cls = element.get("class")
        if cls and len(_prose(element)) >= MIN_CONTAINER_CHARS:
            groups[(element.tag, cls)].append(element)
    best, best_text = None, ""
    for members in groups.values():
        if len(members) < 2 or any(a is not b and b in a.iterdescendants() for a in members for b in members):
            continue
        texts = [_prose(m) for m in members]
        if len(set(texts)) < len(texts):  # the same body twice (a print or mobile copy), not a split one
            continue
        text = " ".join(texts)
        if len(text) > len(best_text):
            best, best_text = members, text
    if best is None or len(best_text) < MIN_GAIN * len(found_text):
        return None
    lines = [_norm(line) for line in found_text.split("\n") if len(line.strip()) >= 40]
    if not lines or sum(1 for line in lines if line in best_text) / len(lines) < MIN_OVERLAP:
        return None
    body = "".join(etree.tostring(m, encoding="unicode", method="html") for m in best)
    title = tree.findtext(".//title") or ""
    return f"<!DOCTYPE html><html><head><title>{_escape(title)}</title></head><body><article>{body}</article></body></html>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def parse(html: str):
    """The lxml tree of ``html`` (trafilatura's parser) or None when it cannot be read."""
    from trafilatura.utils import load_html

    return load_html(html)
