"""PDF text: a hand-built PDF with a text layer, a scan-like PDF without one, a broken file."""

from __future__ import annotations

import io

from crawler.generated_site import make_pdf  # the same hand-built PDF the crawl tests serve
from extract.pdf import pdf_text
from extract.text import extract_text


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_pdf_with_text_layer():
    body = make_pdf(["Police in the invented city of Northfield arrested two suspects", "in a made-up phishing case worth 90,000 euros."])
    title, text, error = pdf_text(body)
    assert error is None
    assert "Northfield arrested two suspects" in text
    assert "90,000 euros" in text


def test_extract_text_reads_pdf_and_detects_language():
    body = make_pdf(["The invented agency charged a man with wire fraud and identity theft on Monday,",
                     "saying he stole the savings of dozens of fictional pensioners."])
    result = extract_text(body, filename="release.pdf")
    assert result.error is None
    assert result.lang == "en"
    assert "wire fraud" in result.text


def test_pdf_without_text_layer():
    result = extract_text(blank_pdf(), filename="scan.pdf")
    assert result.error == "PDF has no text layer"
    assert result.text == ""


def test_broken_pdf_gives_one_line_error():
    result = extract_text(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", filename="broken.pdf")
    assert result.error
    assert "\n" not in result.error
    assert result.text == ""
