"""Gold files: the hand-annotated facts the extractor is scored against (``shared/gold``).

Reads each gold line's document the way ``shared/gold/README.md`` says: a text file; a CSV
row's ``title`` then its ``body`` HTML fragment; a JSONL line's ``title`` then ``text``; a
CASIE file's ``<title>`` and ``<text>``. The command ``crackdown eval facts`` and the tests
call these; nothing here runs the extractor (see :mod:`extract.facts.evaluation`).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from datetime import datetime, timezone
from pathlib import Path


class GoldError(ValueError):
    """A gold line or the document it names cannot be read; the message says which."""


def load_gold(path: Path) -> list[dict]:
    """The gold lines of ``path`` (one JSON object a line; blank lines skipped)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path}:{n}: not JSON ({exc.msg})") from None
            if not isinstance(item, dict) or "doc" not in item:
                raise GoldError(f"{path}:{n}: a gold line needs a 'doc' field")
            out.append(item)
    return out


_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "pre", "section", "article", "header", "footer", "dd", "dt", "hr"}


_SPACES = re.compile(r"\s+")


def fragment_text(html: str) -> str:
    """All the text of an HTML fragment, one block a line (nothing dropped, unlike main-text extraction)."""
    import lxml.html

    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for bad in root.iter("script", "style"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el):
        block = isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if el.text and isinstance(el.tag, str):
            parts.append(_SPACES.sub(" ", el.text))  # a line break inside HTML text is a space
        for child in el:
            walk(child)
            if child.tail:
                parts.append(_SPACES.sub(" ", child.tail))
        if block:
            parts.append("\n")

    walk(root)
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _iso_date(value) -> str | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{9,11}", text):
        return datetime.fromtimestamp(int(text), tz=timezone.utc).date().isoformat()
    match = re.match(r"(\d{4})[-_](\d{2})[-_](\d{2})", text)
    return "-".join(match.groups()) if match else None


def gold_document(shared: Path, ref: str):
    """The :class:`~extract.facts.pipeline.Document` a gold ``doc`` reference names."""
    from extract.facts.pipeline import Document

    path_part, _, fragment = ref.partition("#")
    path = shared / path_part
    if not path.is_file():
        raise GoldError(f"{ref}: file not found under {shared}")
    wanted = fragment[3:] if fragment.startswith("id=") else None
    if path.suffix == ".csv":
        csv.field_size_limit(sys.maxsize)
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("id") == wanted:
                    title = (row.get("title") or "").strip()
                    body = fragment_text(row.get("body") or "")
                    return Document(text=f"{title}\n\n{body}" if title else body,
                                    published=_iso_date(row.get("date")), title=title or None)
        raise GoldError(f"{ref}: no row with id={wanted}")
    if path.suffix == ".jsonl":
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                item = json.loads(line)
                if str(item.get("id")) == wanted:
                    title = (item.get("title") or "").strip()
                    text = (item.get("text") or "").strip()
                    return Document(text=f"{title}\n\n{text}" if title else text,
                                    published=_iso_date(item.get("date")), title=title or None)
        raise GoldError(f"{ref}: no line with id={wanted}")
    raw = path.read_text(encoding="utf-8", errors="replace")
    if raw.lstrip().startswith("<title>"):  # CASIE: only <title> and <text> are annotated
        title = re.search(r"<title>(.*?)</title>", raw, re.S)
        body = re.search(r"<text>(.*?)(?:</text>|\Z)", raw, re.S)
        date = re.search(r"<date>(.*?)</date>", raw, re.S)
        t = title.group(1).strip() if title else ""
        return Document(text=f"{t}\n\n{body.group(1).strip() if body else ''}".strip(),
                        published=_iso_date(date.group(1)) if date else None, title=t or None)
    return Document(text=raw.strip())


def gold_files(gold_dir: Path) -> list[Path]:
    """The development gold files of a ``shared/gold`` folder (``dev*.jsonl``), in name order."""
    return sorted(Path(gold_dir).glob("dev*.jsonl"))


def shared_root(gold_path: Path) -> Path:
    """The ``shared`` folder a gold file's ``doc`` paths are relative to (the gold folder's parent)."""
    return Path(gold_path).resolve().parent.parent


def gold_documents(gold_path: Path, lines: list[dict]):
    """The :class:`~extract.facts.pipeline.Document` of each gold line, in order.

    A gold line's ``date`` stands in for the document's own when the document has none (a plain
    text file): it only sets the day used to convert sums to US dollars."""
    shared = shared_root(gold_path)
    out = []
    for item in lines:
        document = gold_document(shared, item["doc"])
        if document.published is None and item.get("date"):
            document.published = _iso_date(item["date"])
        out.append(document)
    return out
