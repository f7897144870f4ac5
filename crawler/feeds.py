"""Read RSS 2.0, RSS 1.0 (RDF) and Atom feeds without trusting them.

Feeds come from the open web, so the XML is parsed by ``defusedxml``: entity
declarations (billion laughs, quadratic blow-up) and external references are refused
instead of expanded. Anything that is not a feed raises :class:`FeedError` with a
one-line reason.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring


class FeedError(ValueError):
    """The body is not a feed we can read safely."""


@dataclass
class FeedEntry:
    url: str
    title: str | None = None
    date: str | None = None  # as written in the feed; crawler.dates normalises it
    updated: str | None = None  # when the entry last changed, as written (Atom <updated>, <dc:modified>)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(element: Element, *names: str) -> Element | None:
    for name in names:
        for child in element:
            if _local(child.tag) == name:
                return child
    return None


def _text(element: Element | None) -> str | None:
    if element is None:
        return None
    text = " ".join("".join(element.itertext()).split())
    return html.unescape(text) or None


def _atom_link(entry: Element) -> str | None:
    links = [c for c in entry if _local(c.tag) == "link"]
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return next((link.get("href") for link in links if link.get("href")), None)


def _rss_link(item: Element) -> str | None:
    link = _text(_child(item, "link"))
    if link:
        return link
    guid = _child(item, "guid")
    if guid is not None and guid.get("isPermaLink", "true").lower() != "false":
        value = _text(guid)
        if value and value.startswith(("http://", "https://", "/")):
            return value
    about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    return about or None


def parse_feed(body: bytes, base_url: str | None = None) -> list[FeedEntry]:
    """Entries of an RSS or Atom document, with absolute URLs; raises :class:`FeedError`."""
    if not body or not body.strip():
        raise FeedError("empty response where a feed was expected")
    try:
        root = fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedError(f"refused unsafe XML ({type(exc).__name__}): entity declarations are not allowed in feeds") from None
    except ParseError as exc:
        raise FeedError(f"not XML: {exc}") from None
    except (ValueError, LookupError) as exc:  # unknown encoding declarations and the like
        raise FeedError(f"not XML: {exc}") from None
    kind = _local(root.tag)
    entries: list[FeedEntry] = []
    if kind == "feed":
        for entry in (c for c in root if _local(c.tag) == "entry"):
            url = _atom_link(entry)
            date = _text(_child(entry, "published", "issued", "updated", "created"))
            updated = _text(_child(entry, "updated", "modified"))
            entries.append(FeedEntry(url=url or "", title=_text(_child(entry, "title")), date=date, updated=updated))
    elif kind in ("rss", "rdf"):
        channel = _child(root, "channel") if kind == "rss" else root
        items = [c for c in (channel if channel is not None else []) if _local(c.tag) == "item"]
        if kind == "rdf":
            items = [c for c in root if _local(c.tag) == "item"]
        for item in items:
            date = _text(_child(item, "pubdate", "date", "published", "updated", "issued"))
            updated = _text(_child(item, "updated", "modified"))
            entries.append(FeedEntry(url=_rss_link(item) or "", title=_text(_child(item, "title")), date=date, updated=updated))
    else:
        raise FeedError(f"not an RSS or Atom feed (root element <{_local(root.tag) or root.tag}>)")
    out = []
    for entry in entries:
        if not entry.url:
            continue
        entry.url = urljoin(base_url, entry.url.strip()) if base_url else entry.url.strip()
        out.append(entry)
    return out
