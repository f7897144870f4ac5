"""Main text and metadata of one fetched document (HTML, plain text or PDF).

The pipeline, ``crackdown text`` and ``crackdown eval text`` call the same
:func:`extract_text`, so what is scored is what is stored. HTML goes through
trafilatura, then press-release cleanup (:mod:`extract.boilerplate`); a body split over
sibling blocks is joined (:mod:`extract.split_body`), a story in one cell of a layout table
is cut out of it, and when trafilatura finds nothing or far too little a full-page
fallback takes over. Bytes are decoded by :mod:`extract.encoding`, dates chosen by :mod:`extract.dates`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from extract import boilerplate, dates, split_body
from extract.encoding import decode as _decode
from extract.mojibake import repair as repair_mojibake
from extract.language import detect_language

# Bump when the text a page yields changes: `crackdown extract` re-reads stored pages.
EXTRACTION_VERSION = 8  # 8: mojibake repaired

# Larger pages are cut (after decoding) before parsing: no press release is this long,
# and lxml/trafilatura time grows with the tree.
MAX_HTML_CHARS = 2_000_000
# Below this many characters a main text is suspect and a recall-oriented pass is tried.
SHORT_TEXT = 250


@dataclass
class TextResult:
    title: str | None = None
    date: str | None = None
    lang: str | None = None
    text: str = ""
    error: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


class ExtractionError(ValueError):
    """The input is not a document we can read; the message says why in one line."""


def decode(body: bytes, content_type: str | None = None) -> str:
    """Text of ``body``: header, meta and the bytes reconciled (see :mod:`extract.encoding`),
    then mojibake a page already carried repaired where the repair is certain (:mod:`extract.mojibake`)."""
    return repair_mojibake(_decode(body, content_type))


def sniff_kind(body: bytes, filename: str | None = None, content_type: str | None = None) -> str:
    """``html``, ``pdf``, ``text`` or ``binary``."""
    name = (filename or "").lower()
    ctype = (content_type or "").lower()
    head = body[:1024].lstrip()
    if head.startswith(b"%PDF") or "pdf" in ctype or name.endswith(".pdf"):
        return "pdf"
    if _looks_binary(body):
        return "binary"
    if name.endswith(".txt") or ctype.startswith("text/plain"):
        return "text"
    if name.endswith((".html", ".htm")) or "html" in ctype or _MARKUP.match(head):
        return "html"
    return "text"


_MARKUP = re.compile(rb"(?is)\s*(<!doctype|<html|<\?xml|<head|<body|<div|<p|<text\b|<!--|<meta|<title)")


def _looks_binary(body: bytes) -> bool:
    sample = body[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and control / len(sample) > 0.1


# Some crawl dumps wrap each page in <text id="URL" title="..." encoding="...">...</text>.
_WRAPPER = re.compile(r"""\A\s*<text\b([^>]*)>""", re.I)
_ATTR = re.compile(r"""(\w+)\s*=\s*"([^"]*)\"""")


def _unwrap(html: str) -> tuple[str, dict]:
    match = _WRAPPER.match(html)
    if not match:
        return html, {}
    attrs = dict(_ATTR.findall(match.group(1)))
    inner = html[match.end():]
    inner = re.sub(r"</text>\s*\Z", "", inner, flags=re.I)
    return inner, attrs


_SCRIPTS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)


def _trafilatura(html: str, url: str | None, **options) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, **options)
    if doc is None:
        return {}
    return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)


def _from_html(html: str, url: str | None, lang_hint: str | None) -> TextResult:
    import trafilatura

    html, wrapper = _unwrap(html)
    url = url or wrapper.get("id") or None
    if len(html) > MAX_HTML_CHARS:
        html = _SCRIPTS.sub("", html)[:MAX_HTML_CHARS]
    html = html.lstrip()
    if "html" not in html[:50].lower():  # trafilatura rejects pages that do not announce themselves as HTML
        html = "<!DOCTYPE html>\n" + html
    options = {"include_tables": True, "prune_xpath": boilerplate.prune_xpath() or None}
    data = _trafilatura(html, url, **options)
    title = data.get("title") or _unescape(wrapper.get("title")) or None
    raw_text = (data.get("text") or "").strip()
    text = boilerplate.clean(raw_text, title)
    if not text and title and boilerplate.only_headline(raw_text, title):
        text = title  # a release whose whole body is its headline (a link, a one-liner) keeps it
    tree = split_body.parse(html)
    joined = split_body.split_containers(tree, text) if tree is not None and text else None
    if joined:  # the body is cut into sibling blocks and trafilatura kept only the first
        rejoined = boilerplate.clean(_trafilatura(joined, url, **options).get("text") or "", title)
        if len(rejoined) > len(text):
            text = rejoined
    page_text = trafilatura.html2txt(html) or ""
    if len(text) < SHORT_TEXT and len(page_text) > 4 * SHORT_TEXT:
        # trafilatura judged (almost) everything boilerplate: a page of one long block, a forum, a dump
        fallback = boilerplate.clean(_dense_block(html) or "", title)
        if len(fallback) > len(text):
            text = fallback
    text = boilerplate.dominant_cell(text)
    hint = lang_hint or _html_lang(html)
    lang = detect_language(text, hint) if text else (hint or None)
    date = dates.choose_date(page_text, text, title, data.get("date"), url, lang)
    if not text:
        reason = "no main text found" if page_text.strip() else "page has no visible text"
        return TextResult(title=title, date=date, lang=lang, error=reason)
    return TextResult(title=title, date=date, lang=lang, text=text)


def _unescape(value: str | None) -> str | None:
    import html as html_lib

    return html_lib.unescape(value).strip() if value else None


def _dense_block(html: str) -> str:
    """Text of the element holding most of the page's prose: a readability-style last resort."""
    from trafilatura.readability_lxml import Document
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
        summary = Document(tree).summary() if tree is not None else ""
    except Exception:  # readability raises bare Exceptions on odd trees; the caller keeps what it had
        return ""
    import trafilatura

    return trafilatura.html2txt(f"<!DOCTYPE html><html><body>{summary}</body></html>") if summary else ""


def _html_lang(html: str) -> str | None:
    match = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z_-]+)", html[:8192], re.I)
    return match.group(1) if match else None


def extract_text(
    body: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    filename: str | None = None,
    lang_hint: str | None = None,
) -> TextResult:
    """Title, date, language and main text of ``body``; ``error`` says why when there is no text.

    Never raises on bad input: one bad document must not stop a batch.
    """
    if not body or not body.strip():
        return TextResult(error="empty document")
    try:
        kind = sniff_kind(body, filename, content_type)
        if kind == "binary":
            return TextResult(error="binary content, not HTML, PDF or text")
        if kind == "pdf":
            from extract.pdf import pdf_text

            title, text, error = pdf_text(body)
            lang = detect_language(text, lang_hint) if text else None
            return TextResult(title=title, text=text, lang=lang, date=dates.url_date(url), error=error)
        decoded = decode(body, content_type)
        if kind == "text":
            decoded = decoded.replace("\r\n", "\n").strip()
            if not decoded:
                return TextResult(error="empty document")
            return TextResult(text=decoded, lang=detect_language(decoded, lang_hint), date=dates.url_date(url))
        return _from_html(decoded, url, lang_hint)
    except RecursionError:
        return TextResult(error="document nested too deeply to parse")
    except Exception as exc:  # lxml/trafilatura/pypdf failures on hostile input: report, never abort the batch
        reason = str(exc).splitlines()[0] if str(exc) else ""
        return TextResult(error=f"extraction failed: {type(exc).__name__}: {reason}".rstrip(": "))
