"""``crackdown text PATH...``: the text stage on local files, one JSON line per file.

Useful to see what the pipeline will store for a page, and to debug extraction
without a crawl. A bad file yields an ``error`` line; the others go on.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

SUFFIXES = (".html", ".htm", ".pdf", ".txt", ".html.gz", ".htm.gz")


def read_file(path: Path) -> tuple[bytes, str]:
    """The document's bytes and the name it should be sniffed by (``.gz`` decoded and dropped)."""
    import gzip
    import zlib

    body = path.read_bytes()
    name = path.name
    if name.lower().endswith(".gz"):
        try:
            body = gzip.decompress(body)
        except (EOFError, OSError, zlib.error) as exc:
            raise ValueError(f"bad gzip file: {exc}") from None
        name = name[:-3]
    return body, name


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", "lang_hint", default=None, help="Language hint (ISO 639-1) when pages do not declare one.")
def text(paths: tuple[Path, ...], lang_hint: str | None) -> None:
    """Extract title, date, language and main text of HTML, PDF and .txt files (.html.gz too)."""
    from extract.text import extract_text

    failed = 0
    for path in paths:
        record: dict = {"path": str(path), "title": None, "date": None, "lang": None, "text": ""}
        try:
            if not path.name.lower().endswith(SUFFIXES):
                raise ValueError(f"unsupported file type (expected one of {', '.join(SUFFIXES)})")
            body, name = read_file(path)
            result = extract_text(body, filename=name, lang_hint=lang_hint)
            record.update(title=result.title, date=result.date, lang=result.lang, text=result.text)
            if result.error:
                record["error"] = result.error
        except (OSError, ValueError) as exc:
            record["error"] = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        failed += "error" in record
        click.echo(json.dumps(record, ensure_ascii=False))
    if failed == len(paths):
        raise SystemExit(1)
