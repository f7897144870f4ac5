"""``crackdown export``: the database as files researchers can take elsewhere.

- ``csv``: one flat row per article with its facts aggregated (the ``events`` view of
  ``db.publish``, computed from its SQL when the view is absent);
- ``json``: newline-delimited JSON, one article a line with its facts nested per table;
- ``sql``: a SQL dump that loads into a fresh SQLite (``sqlite3 new.db < dump.sql``). The
  full-text index is written as its definition plus a rebuild, not as FTS shadow rows.

The database is opened read-only; nothing is written to it.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import IO, Iterator

import click

from crackdown.cli import settings_from
from crackdown.settings import warn

FORMATS = ("csv", "json", "sql")


def connect_ro(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise click.UsageError(f"database {path} does not exist")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _names(conn: sqlite3.Connection, kind: str) -> set[str]:
    return {r[0] for r in conn.execute("select name from sqlite_master where type = ?", [kind])}


def export_csv(conn: sqlite3.Connection, out: IO[str], relevant_only: bool = False) -> int:
    from db.publish import EVENTS_SQL, EVENTS_VIEW

    source = f"[{EVENTS_VIEW}]" if EVENTS_VIEW in _names(conn, "view") else f"({EVENTS_SQL})"
    where = " where relevant = 1" if relevant_only else ""
    cursor = conn.execute(f"select * from {source}{where} order by published, article_id")
    writer = csv.writer(out)
    writer.writerow([d[0] for d in cursor.description])
    n = 0
    for row in cursor:
        writer.writerow(list(row))
        n += 1
    return n


def iter_articles(conn: sqlite3.Connection, relevant_only: bool = False, with_text: bool = True) -> Iterator[dict]:
    """Each article as a dict with ``relevance`` and ``facts`` ({table: [rows]}) nested."""
    from db.schema import FACT_TABLES

    tables = _names(conn, "table")
    fact_tables = [t for t in FACT_TABLES if t in tables]
    has_relevance = "relevance" in tables
    columns = "*" if with_text else "id, key, url, source, page_id, title, published, date_source, lang, word_count, first_seen, updated_at"
    join = " join relevance r on r.article_id = a.id and r.relevant = 1" if relevant_only and has_relevance else ""
    for article in conn.execute(f"select a.{columns.replace(', ', ', a.')} from articles a{join} order by a.id"):
        record = dict(article)
        article_id = record["id"]
        if has_relevance:
            row = conn.execute("select relevant, score, reason, facts_version from relevance where article_id = ?",
                               [article_id]).fetchone()
            record["relevance"] = dict(row) if row else None
        record["facts"] = {
            table: [
                {k: v for k, v in dict(r).items() if k != "article_id"}
                for r in conn.execute(f"select * from [{table}] where article_id = ? order by idx", [article_id])
            ]
            for table in fact_tables
        }
        yield record


def export_ndjson(conn: sqlite3.Connection, out: IO[str], relevant_only: bool = False, with_text: bool = True) -> int:
    n = 0
    for record in iter_articles(conn, relevant_only, with_text):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


_FTS_NAME = re.compile(r'''^(CREATE TABLE|INSERT INTO) ["'\[]?(\w+)''', re.I)


def iter_sql_dump(conn: sqlite3.Connection) -> Iterator[str]:
    """``iterdump`` without FTS shadow tables and statistics, then the FTS index rebuilt and the schema version."""
    conn.row_factory = None
    virtual = {name: sql for name, sql in conn.execute(
        "select name, sql from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%'")}
    shadow_prefixes = tuple(f"{name}_" for name in virtual)
    triggers = [(name, sql) for name, sql in conn.execute(
        "select name, sql from sqlite_master where type = 'trigger' order by name")]
    fts_triggers = {name for name, sql in triggers if any(v in sql for v in virtual)}
    for statement in conn.iterdump():
        head = statement[:300]
        if statement.startswith(("PRAGMA writable_schema", "INSERT INTO sqlite_master", "ANALYZE sqlite_master")):
            continue
        match = _FTS_NAME.match(head)
        if match and (match.group(2) in virtual or match.group(2).startswith(shadow_prefixes)
                      or match.group(2).startswith("sqlite_stat")):
            continue
        if statement.startswith("CREATE TRIGGER") and any(f" {t} " in head or f'"{t}"' in head or f"[{t}]" in head
                                                         for t in fts_triggers):
            continue
        if statement == "COMMIT;":
            for name, sql in virtual.items():
                yield f"{sql};"
                yield f"INSERT INTO [{name}]([{name}]) VALUES('rebuild');"
            for name, sql in triggers:
                if name in fts_triggers:
                    yield f"{sql};"
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            yield f"PRAGMA user_version = {int(version)};"
        yield statement


def export_sql(conn: sqlite3.Connection, out: IO[str]) -> int:
    n = 0
    for statement in iter_sql_dump(conn):
        out.write(statement + "\n")
        n += 1
    return n


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="csv (one row per article), json (NDJSON, facts nested) or sql (dump).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), required=True, help="File to write; - for stdout.")
@click.option("--db", default=None, type=click.Path(dir_okay=False), help="Database (default: settings' db).")
@click.option("--relevant-only", is_flag=True, help="csv/json: only articles judged relevant.")
@click.option("--no-text", is_flag=True, help="json: leave out the article texts.")
@click.pass_context
def export(ctx, fmt, out_path, db, relevant_only, no_text):
    """Write the database as CSV, newline-delimited JSON or a SQL dump."""
    settings = settings_from(ctx, db=db)
    path = Path(settings.db)
    conn = connect_ro(path)
    try:
        tmp = None if out_path == "-" else Path(out_path).with_name(Path(out_path).name + ".part")
        target = contextlib.nullcontext(sys.stdout) if tmp is None else open(tmp, "w", encoding="utf-8", newline="")
        with target as out:
            if fmt == "csv":
                n = export_csv(conn, out, relevant_only)
                what = "articles"
            elif fmt == "json":
                n = export_ndjson(conn, out, relevant_only, with_text=not no_text)
                what = "articles"
            else:
                if relevant_only or no_text:
                    warn("--relevant-only and --no-text do not apply to --format sql; dumping everything")
                n = export_sql(conn, out)
                what = "statements"
        if tmp is not None:
            tmp.replace(out_path)  # a failed export never leaves a half-written file under the real name
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(f"{path}: {exc}") from None
    finally:
        conn.close()
    warn(f"exported {n} {what} from {path} to {out_path} ({fmt})")
