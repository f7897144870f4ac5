"""``crackdown facts``: extract facts from files (JSON lines) or from the database.

``crackdown facts PATH...`` reads ``.html``/``.htm`` through the same
:func:`extract.text.extract_text` as the crawl pipeline and ``.txt`` as plain text, then
prints one JSON object per file, in input order, in the gold vocabulary
(``shared/gold/README.md``). A file that cannot be read gets ``{"path", "error"}`` and
the others go on; the exit code is non-zero only when every file failed.

``crackdown facts --db DB`` extracts the articles whose ``facts_version`` is older than
the extractor's (``--all``: every article) in batches through ``nlp.pipe`` and replaces
each article's facts, so running it twice leaves the same rows. Facts are read from the
title, a blank line, then the article text (the shape the gold files are scored on); their
stored offsets point into ``articles.text``, where the article page highlights them.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from crackdown.cli import settings_from


def article_text(title: str | None, text: str | None) -> str:
    """Title, blank line, body: what the extractor reads (the headline carries the charges)."""
    title, text = (title or "").strip(), (text or "").strip()
    if title and not text.startswith(title):
        return f"{title}\n\n{text}" if text else title
    return text


def _read(path: str, lang: str | None):
    """(Document, None) or (None, one-line error) for one input file."""
    from extract.facts.pipeline import Document
    from extract.text import extract_text

    if Path(path).is_dir():
        return None, "is a directory, not a file"
    try:
        body = Path(path).read_bytes()
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}"
    result = extract_text(body, filename=path, lang_hint=lang)
    if result.error:
        return None, result.error
    if not (result.text or "").strip():
        return None, "no text found"
    return Document(text=article_text(result.title, result.text), lang=lang or result.lang,
                    published=result.date, title=result.title), None


def _files(paths: tuple[str, ...], lang: str | None, settings) -> bool:
    from extract.facts.pipeline import FactExtractor, to_gold

    readings = [_read(path, lang) for path in paths]
    documents = [doc for doc, _ in readings if doc is not None]
    extractor = FactExtractor.from_settings(settings)
    records = iter(extractor.extract_many(documents)) if documents else iter(())
    failures = 0
    for path, (doc, error) in zip(paths, readings):
        if doc is None:
            failures += 1
            line = {"path": path, "error": error}
        else:
            try:
                line = {"path": path, **to_gold(next(records))}
            except Exception as exc:  # one hostile document must not stop the others
                failures += 1
                line = {"path": path, "error": f"fact extraction failed: {type(exc).__name__}: {exc}"}
        click.echo(json.dumps(line, ensure_ascii=False))
    return failures == len(paths)


def text_offset(title: str | None, text: str | None) -> int:
    """Where ``articles.text`` starts inside :func:`article_text` (negative: it does not, wholly)."""
    raw = text or ""
    combined = article_text(title, text)
    body = raw.strip()
    if not body:
        return len(combined)  # only the title was read
    return combined.index(body) - (len(raw) - len(raw.lstrip()))


def rebase(record: dict, combined: str, offset: int) -> dict:
    """Move a record's offsets from the combined text into ``articles.text``.

    A fact read from the title keeps its words and its sentence (the title) but has no
    span in the article text.
    """
    for items in record.values():
        if not isinstance(items, list):
            continue
        for fact in items:
            if not isinstance(fact, dict) or fact.get("start") is None:
                continue
            if fact["start"] < offset:
                s_start, s_end = fact.get("sent_start"), fact.get("sent_end")
                if s_start is not None and s_end is not None:
                    fact["sentence"] = combined[s_start:s_end]
                for key in ("start", "end", "sent_start", "sent_end"):
                    fact[key] = None
                continue
            for key in ("start", "end", "sent_start", "sent_end"):
                if fact.get(key) is not None:
                    fact[key] = max(0, fact[key] - offset)
    return record


def extract_facts_db(db, extractor, *, batch_size: int = 32, everything: bool = False,
                     limit: int | None = None, lang: str | None = None, progress: bool = True) -> dict:
    """Extract and store the facts of every article that needs them; returns counts.

    Models are loaded once (by ``extractor``); texts go through ``nlp.pipe`` a batch at
    a time and each article's facts are replaced in one transaction, so a run that stops
    half-way is finished by the next and running it twice leaves the same rows.
    """
    from db.store import articles_needing_facts, write_facts
    from extract.facts.pipeline import FACTS_VERSION, Document

    started = time.monotonic()
    if everything:
        sql = "SELECT id, title, text, lang, published FROM articles ORDER BY id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        rows = list(db.query(sql))
    else:
        rows = list(articles_needing_facts(db, FACTS_VERSION, limit))
    batch_size = max(1, batch_size)
    done = written = 0
    bar = click.progressbar(length=len(rows), label="facts", file=sys.stderr if progress else open(os.devnull, "w"))
    with bar:
        for first in range(0, len(rows), batch_size):
            batch = rows[first : first + batch_size]
            texts = [article_text(r["title"], r["text"]) for r in batch]
            documents = [Document(text=t, lang=lang or r["lang"], published=r["published"], title=r["title"])
                         for t, r in zip(texts, batch)]
            for row, text, record in zip(batch, texts, extractor.extract_many(documents)):
                rebase(record, text, text_offset(row["title"], row["text"]))
                write_facts(db, row["id"], record, row["text"] or "", FACTS_VERSION)
                done += 1
                written += sum(len(v) for v in record.values() if isinstance(v, list))
            bar.update(len(batch))
    return {"articles": done, "facts": written, "seconds": round(time.monotonic() - started, 1),
            "version": FACTS_VERSION}


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())  # a directory is a bad input line, not a usage error
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help="Extract facts for the articles of this database.")
@click.option("--limit", type=click.IntRange(min=1), help="With --db: at most this many articles.")
@click.option("--all", "everything", is_flag=True, help="With --db: re-extract every article, not only outdated ones.")
@click.option("--lang", help="Force the language (ISO 639-1) instead of detecting it.")
@click.pass_context
def facts(ctx: click.Context, paths, db_path, limit, everything, lang) -> None:
    """Extract facts from PATH files (one JSON line each) or from the articles of --db."""
    if paths and db_path:
        raise click.UsageError("give either PATH files or --db, not both")
    if not paths and not db_path:
        raise click.UsageError("give PATH files to read, or --db DB")
    lang = lang.lower() if lang else None
    settings = settings_from(ctx, db=db_path)
    if db_path:
        from db.store import open_db
        from extract.facts.pipeline import FactExtractor

        counts = extract_facts_db(open_db(settings.db), FactExtractor.from_settings(settings),
                                  batch_size=settings.facts.batch_size, everything=everything, limit=limit, lang=lang)
        click.echo(f"facts: {counts['articles']} articles, {counts['facts']} facts written in "
                   f"{counts['seconds']:.1f} s (facts version {counts['version']})")
        return
    if _files(paths, lang, settings):
        ctx.exit(1)
