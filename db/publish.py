"""Publish-side maintenance: what a database needs before Datasette serves it.

The crawl and facts stages write; this step makes the result good to read. It is
idempotent and cheap when nothing changed, so the pipeline can run it after every
crawl or facts run and ``crackdown serve`` can run it before serving a writable file:

- full-text search over article titles and texts (FTS5, accents folded, kept current by
  triggers so later upserts stay searchable);
- ``events``: a view with one row per article and its facts aggregated, the flat table
  most researchers want (and what ``crackdown export --format csv`` writes);
- ``ANALYZE`` so the query planner picks the indexes for facets and canned queries;
- a WAL checkpoint: Datasette serves the file ``immutable``, and an immutable reader
  never looks at the ``-wal`` file, so anything left there would be invisible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
import sqlite3

import sqlite_utils

FTS_COLUMNS = ["title", "text"]
# unicode61 folds case; remove_diacritics 2 also folds accents (é -> e), so "fraude" finds "fraudé".
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
FTS_TABLE = "articles_fts"

EVENTS_VIEW = "events"
EVENTS_SQL = """
SELECT
  a.id AS article_id,
  a.published,
  substr(a.published, 1, 4) AS year,
  a.source,
  a.lang,
  a.title,
  a.url,
  r.relevant,
  (SELECT group_concat(event_type, '; ') FROM (SELECT DISTINCT event_type FROM event_types WHERE article_id = a.id ORDER BY event_type)) AS event_types,
  (SELECT group_concat(country, '; ') FROM (SELECT DISTINCT country FROM countries WHERE article_id = a.id ORDER BY country)) AS countries,
  (SELECT group_concat(name, '; ') FROM (SELECT DISTINCT name FROM places WHERE article_id = a.id ORDER BY name)) AS places,
  (SELECT group_concat(charge, '; ') FROM (SELECT DISTINCT charge FROM charges WHERE article_id = a.id ORDER BY charge)) AS charges,
  (SELECT n FROM counts WHERE article_id = a.id AND action = 'arrested' ORDER BY n DESC LIMIT 1) AS arrested,
  (SELECT n FROM counts WHERE article_id = a.id AND action = 'charged' ORDER BY n DESC LIMIT 1) AS charged,
  (SELECT n FROM counts WHERE article_id = a.id AND action = 'convicted' ORDER BY n DESC LIMIT 1) AS convicted,
  (SELECT n FROM counts WHERE article_id = a.id AND action = 'sentenced' ORDER BY n DESC LIMIT 1) AS sentenced,
  (SELECT n FROM counts WHERE article_id = a.id AND action = 'executed' ORDER BY n DESC LIMIT 1) AS executed,
  (SELECT n FROM counts WHERE article_id = a.id AND action = 'victims' ORDER BY n DESC LIMIT 1) AS victims,
  (SELECT max(usd) FROM amounts WHERE article_id = a.id) AS max_usd,
  (SELECT group_concat(statute, '; ') FROM (SELECT DISTINCT jurisdiction || ' ' || article AS statute FROM legal_refs WHERE article_id = a.id ORDER BY statute)) AS statutes
FROM articles a
LEFT JOIN relevance r ON r.article_id = a.id
"""

# Indexes the canned queries and default facets lean on (the schema has the rest).
INDEXES = [
    ("articles", ["published"]),
    ("articles", ["first_seen"]),
    ("relevance", ["relevant"]),
    ("places", ["latitude", "longitude"]),
]


@dataclass
class PublishReport:
    """What :func:`publish` did, for the one-line summary."""

    fts_created: bool = False
    fts_rows: int = 0
    views: list[str] = field(default_factory=list)
    indexes_created: list[str] = field(default_factory=list)


def has_fts(db: sqlite_utils.Database) -> bool:
    return "articles" in db.table_names() and db["articles"].detect_fts() == FTS_TABLE


def _fts_current(db: sqlite_utils.Database) -> bool:
    """True when ``articles_fts`` exists with our columns, tokenizer and triggers."""
    if not has_fts(db):
        return False
    sql = db[FTS_TABLE].schema
    triggers = {t.name for t in db.triggers}
    return (
        FTS_TOKENIZE in sql
        and [c.name for c in db[FTS_TABLE].columns] == FTS_COLUMNS
        and {"articles_ai", "articles_ad", "articles_au"} <= triggers
    )


def enable_search(db: sqlite_utils.Database) -> bool:
    """Create (or re-create when its configuration differs) the article FTS index. Returns True if built."""
    if _fts_current(db):
        return False
    db["articles"].enable_fts(
        FTS_COLUMNS, fts_version="FTS5", create_triggers=True, tokenize=FTS_TOKENIZE, replace=True
    )
    return True


EVENTS_NEEDS = {"articles", "relevance", "event_types", "countries", "places", "charges", "counts", "amounts", "legal_refs"}


def create_views(db: sqlite_utils.Database) -> list[str]:
    """(Re)create the publish views; replacing keeps them in step with this code's definition."""
    if not EVENTS_NEEDS <= set(db.table_names()):
        return []
    db.execute(f"DROP VIEW IF EXISTS [{EVENTS_VIEW}]")
    db.execute(f"CREATE VIEW [{EVENTS_VIEW}] AS {EVENTS_SQL}")
    return [EVENTS_VIEW]


def create_indexes(db: sqlite_utils.Database) -> list[str]:
    made = []
    for table, columns in INDEXES:
        if table not in db.table_names():
            continue
        existing = {tuple(index.columns) for index in db[table].indexes}
        if tuple(columns) not in existing:
            db[table].create_index(columns, if_not_exists=True)
            made.append(f"{table}({', '.join(columns)})")
    return made


def publish(db: sqlite_utils.Database) -> PublishReport:
    """Make ``db`` ready to serve: FTS, views, indexes, statistics, WAL folded into the file."""
    report = PublishReport()
    if "articles" not in db.table_names():
        raise ValueError("not a crackdown database: it has no articles table")
    with db.conn:
        report.fts_created = enable_search(db)
        report.views = create_views(db)
        report.indexes_created = create_indexes(db)
    db.execute("ANALYZE")
    db.conn.commit()
    report.fts_rows = db.execute(f"SELECT count(*) FROM [{FTS_TABLE}]").fetchone()[0]
    checkpoint(db)
    return report


def checkpoint(db: sqlite_utils.Database) -> None:
    """Fold the write-ahead log into the main file so immutable readers see every row."""
    if db.journal_mode == "wal":
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def needs_publish(path: str | Path) -> bool:
    """True when the file at ``path`` lacks the search index or views, or has a non-empty WAL."""
    path = Path(path)
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return True
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        db = sqlite_utils.Database(conn)
        return not (_fts_current(db) and EVENTS_VIEW in db.view_names())
    finally:
        conn.close()
