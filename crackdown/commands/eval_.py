"""``crackdown eval``: score the extractors against hand-made gold files.

``eval facts`` reads each gold document the way ``shared/gold/README.md`` says (a text
file; a CSV row's ``title`` then its ``body`` HTML fragment; a JSONL line's ``title``
then ``text``; a CASIE file's ``<title>`` and ``<text>``), runs the fact extractor once
over all of them and prints micro P/R/F1 per field (see :mod:`extract.facts.scoring`).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from crackdown.cli import settings_from

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_GOLD = REPO_ROOT.parent / "shared" / "gold" / "dev.jsonl"


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


def run_facts_eval(gold_path: Path, settings=None):
    """Gold lines, predicted gold-vocabulary records and :class:`~extract.facts.scoring.Scores`."""
    from extract.facts import scoring
    from extract.facts.pipeline import FactExtractor, to_gold

    gold = load_gold(gold_path)
    shared = gold_path.resolve().parent.parent
    documents = []
    for item in gold:  # the language is detected, as in production, not taken from the gold line
        documents.append(gold_document(shared, item["doc"]))
    extractor = FactExtractor.from_settings(settings) if settings is not None else FactExtractor()
    predicted = [to_gold(record) for record in extractor.extract_many(documents)]
    return gold, predicted, scoring.score(gold, predicted)


@click.group(name="eval")
def eval_() -> None:
    """Score the extractors against gold files."""


@eval_.command("facts")
@click.argument("gold", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--by-doc", is_flag=True, help="Also print each document's missing and spurious items.")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable scores.")
@click.pass_context
def facts(ctx: click.Context, gold: Path | None, by_doc: bool, as_json: bool) -> None:
    """Score `crackdown facts` against GOLD (default: ../shared/gold/dev.jsonl)."""
    gold = gold or DEFAULT_GOLD
    if not gold.is_file():
        raise click.UsageError(f"gold file not found: {gold}")
    settings = settings_from(ctx)
    try:
        _, _, scores = run_facts_eval(gold, settings)
    except GoldError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        out = scores.as_dict()
        if by_doc:
            out["by_doc"] = [d.as_dict() for d in scores.docs if not d.empty]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if by_doc:
        for d in scores.docs:
            if d.empty:
                continue
            click.echo(f"== {d.id}")
            for kind, items in (("-", d.missing), ("+", d.spurious)):
                for name, values in items.items():
                    for v in values:
                        click.echo(f"  {kind} {name}: {json.dumps(v, ensure_ascii=False)}")
            for w in d.wrong_roles:
                click.echo(f"  ~ role: {w['text']!r} gold={w['gold']} predicted={w['predicted']}")
            if d.relevance:
                click.echo(f"  ~ relevant: gold={d.relevance[0]} predicted={d.relevance[1]}")
        click.echo("")
    click.echo(scoring_table(scores))


def scoring_table(scores) -> str:
    from extract.facts.scoring import format_table

    return format_table(scores)


try:  # ``eval text`` lives with the text stage
    from crackdown.commands.eval_text import text_command
except ImportError:  # pragma: no cover - the text stage's command not there yet
    text_command = None
if text_command is not None:
    eval_.add_command(text_command)
