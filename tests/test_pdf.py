"""PDF text: a hand-built PDF with a text layer, a scan-like PDF without one, a broken file."""

from __future__ import annotations

import io

from extract.pdf import pdf_text
from extract.text import extract_text


def make_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF whose content stream draws ``lines`` in Helvetica (xref offsets computed)."""
    ops = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
    for line in lines:
        ops.append("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


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
