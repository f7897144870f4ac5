"""Text of PDF documents (court filings, scanned or born-digital press releases) via pypdf."""

from __future__ import annotations

import io
import logging
import re


def pdf_text(body: bytes) -> tuple[str | None, str, str | None]:
    """(title, text, error): error is "PDF has no text layer" for scans, or why the file is unreadable."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd xref; the result says enough
    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            return None, "", "encrypted PDF"
        pages = [(page.extract_text() or "") for page in reader.pages]
        meta = reader.metadata
        title = str(meta.title).strip() if meta is not None and meta.title else None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, "", f"unreadable PDF: {reason}"
    text = "\n\n".join(_tidy(p) for p in pages if p.strip()).strip()
    if not text:
        return title, "", "PDF has no text layer"
    return title or None, text, None


def _tidy(page: str) -> str:
    page = re.sub(r"-\n(?=[a-z])", "", page)  # words hyphenated across lines
    return re.sub(r"[ \t]+", " ", page).strip()
