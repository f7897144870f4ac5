"""Links, titles and dates from a listing page, driven by the selectors in a source.

Selectors are CSS unless they look like XPath (``/``, ``(``, ``./`` or an ``xpath:``
prefix). With ``item_selector`` each row is read on its own (link, date and title are
relative to the row), which keeps a date attached to its link; without it, links and
dates are paired by position when their counts agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import urldefrag, urljoin

from parsel import Selector, SelectorList

from crawler.sources import _is_xpath


@dataclass
class ListingEntry:
    url: str
    title: str | None = None
    date: str | None = None  # as written; crawler.dates normalises it


def select(node: Selector, selector: str) -> SelectorList:
    if _is_xpath(selector):
        return node.xpath(selector.removeprefix("xpath:"))
    return node.css(selector)


def _value(node: Selector) -> str | None:
    """A string result as is; an element's machine-readable date or its text."""
    if isinstance(node.root, str):
        return " ".join(node.root.split()) or None
    for attr in ("datetime", "content"):
        if node.attrib.get(attr):
            return node.attrib[attr].strip()
    text = " ".join(" ".join(node.xpath(".//text()").getall()).split())
    return text or None


def _href(node: Selector) -> str | None:
    if isinstance(node.root, str):
        return node.root.strip() or None
    href = node.attrib.get("href") or node.xpath(".//a/@href").get()
    return href.strip() if href else None


def _link_text(node: Selector) -> str | None:
    if isinstance(node.root, str):
        return None
    return " ".join(" ".join(node.xpath(".//text()").getall()).split()) or None


def _first(node: Selector, selector: str | None) -> str | None:
    if not selector:
        return None
    found = select(node, selector)
    return _value(found[0]) if found else None


def parse_listing(html: str | Selector, base_url: str, source: Mapping[str, Any]) -> tuple[list[ListingEntry], str | None]:
    """Entries of one listing page and the next page's URL (or ``None``)."""
    page = html if isinstance(html, Selector) else Selector(text=html)
    entries: list[ListingEntry] = []
    item_sel = source.get("item_selector")
    link_sel = source["link_selector"]
    if item_sel:
        for row in select(page, item_sel):
            links = select(row, link_sel)
            if not links:
                continue
            href = _href(links[0])
            if not href:
                continue
            title = _first(row, source.get("title_selector")) or _link_text(links[0])
            entries.append(ListingEntry(url=href, title=title, date=_first(row, source.get("date_selector"))))
    else:
        links = select(page, link_sel)
        dates = select(page, source["date_selector"]) if source.get("date_selector") else []
        titles = select(page, source["title_selector"]) if source.get("title_selector") else []
        paired = len(dates) == len(links)
        for i, link in enumerate(links):
            href = _href(link)
            if not href:
                continue
            title = _value(titles[i]) if len(titles) == len(links) else _link_text(link)
            entries.append(ListingEntry(url=href, title=title, date=_value(dates[i]) if paired else None))
    for entry in entries:
        entry.url = urldefrag(urljoin(base_url, entry.url))[0]
    next_url = None
    if source.get("next_page"):
        found = select(page, source["next_page"])
        href = _href(found[0]) if found else None
        if href:
            next_url = urldefrag(urljoin(base_url, href))[0]
    return entries, next_url
