"""Main text and metadata of one fetched document (HTML, plain text or PDF).

The pipeline and ``crackdown text`` / ``crackdown facts`` call the same
:func:`extract_text`, so what is scored is what is stored.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from extract.language import detect_language

# Bump when the text a page yields changes: `crackdown extract` re-reads stored pages.
EXTRACTION_VERSION = 1


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


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.I)
    return match.group(1) if match else None


def decode(body: bytes, content_type: str | None = None) -> str:
    """Decode with the first declared charset that fits the bytes, else what the bytes say."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace")
    declared = [_header_charset(content_type)]
    match = _CHARSET.search(body[:4096])
    if match:
        declared.append(match.group(1).decode("ascii", "ignore"))
    declared.append("utf-8")
    for charset in declared:
        if not charset:
            continue
        charset = {"gb2312": "gb18030", "gbk": "gb18030"}.get(charset.lower(), charset)
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is not None:
        return str(best)
    return body.decode("utf-8", errors="replace")


def sniff_kind(body: bytes, filename: str | None = None, content_type: str | None = None) -> str:
    """``html``, ``pdf``, ``text`` or ``binary``."""
    name = (filename or "").lower()
    ctype = (content_type or "").lower()
    head = body[:1024].lstrip()
    if head.startswith(b"%PDF") or "pdf" in ctype:
        return "pdf"
    if name.endswith(".txt") or ctype.startswith("text/plain"):
        return "text" if not _looks_binary(body) else "binary"
    if _looks_binary(body):
        return "binary"
    if name.endswith((".html", ".htm")) or "html" in ctype or re.match(rb"(?is)\s*(<!doctype|<html|<\?xml|<head|<body|<div|<p)", head):
        return "html"
    return "text"


def _looks_binary(body: bytes) -> bool:
    sample = body[:4096]
    if b"\x00" in sample and not (sample.startswith(b"\xff\xfe") or sample.startswith(b"\xfe\xff")):
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and control / len(sample) > 0.1


def _from_html(html: str, url: str | None, lang_hint: str | None) -> TextResult:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
    )
    if doc is None:
        return TextResult(error="no main text found")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    hint = lang_hint or _html_lang(html)
    return TextResult(
        title=data.get("title"),
        date=data.get("date"),
        lang=detect_language(text, hint) if text else hint,
        text=text,
        error=None if text else "no main text found",
    )


def _html_lang(html: str) -> str | None:
    match = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z_-]+)", html[:4096], re.I)
    return match.group(1) if match else None


def _from_pdf(body: bytes) -> TextResult:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(body))
        text = "\n".join((page.extract_text() or "") for page in reader.pages).strip()
        title = (reader.metadata or {}).get("/Title") if reader.metadata else None
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        return TextResult(error=f"unreadable PDF: {exc}")
    if not text:
        return TextResult(title=title, error="PDF has no text layer")
    return TextResult(title=title, text=text, lang=detect_language(text))


def extract_text(
    body: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    filename: str | None = None,
    lang_hint: str | None = None,
) -> TextResult:
    """Title, date, language and main text of ``body``; ``error`` says why when there is no text."""
    if not body or not body.strip():
        return TextResult(error="empty document")
    kind = sniff_kind(body, filename, content_type)
    if kind == "binary":
        return TextResult(error="binary content, not HTML, PDF or text")
    if kind == "pdf":
        return _from_pdf(body)
    text = decode(body, content_type)
    if kind == "text":
        text = text.strip()
        return TextResult(text=text, lang=detect_language(text, lang_hint))
    try:
        return _from_html(text, url, lang_hint)
    except (ValueError, TypeError) as exc:  # lxml refuses some inputs outright
        return TextResult(error=f"unparseable HTML: {exc}")
