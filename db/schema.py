"""The database schema, as numbered migrations applied in order.

``PRAGMA user_version`` records how far a database has come; :func:`migrate` applies
every later step in its own transaction, so a database made by an older crackdown
upgrades in place and a fresh one is built by the same path. Never edit a shipped
migration: append a new one.
"""

from __future__ import annotations

from typing import Callable

import sqlite_utils

# Columns every fact row carries: where it came from in the article text.
PROVENANCE = {
    "article_id": int,
    "idx": int,  # position among this article's facts of the table: keeps rows stable across re-runs
    "text": str,  # the words the fact was read from
    "span_start": int,
    "span_end": int,
    "sentence_start": int,
    "sentence_end": int,
    "sentence": str,
    "facts_version": int,
}

FACT_TABLES: dict[str, dict[str, type]] = {
    "amounts": {"value": float, "currency": str, "role": str, "approx": int, "usd": float},
    "places": {
        "name": str,
        "country": str,
        "admin1": str,
        "feature": str,
        "geonameid": int,
        "latitude": float,
        "longitude": float,
        "point": str,  # how latitude/longitude were obtained (geonames, towns_centroid, zip_centroid)
    },
    "countries": {"country": str, "name": str},
    "charges": {"charge": str},
    "counts": {"action": str, "n": int},
    "legal_refs": {"jurisdiction": str, "article": str, "code": str},
    "event_types": {"event_type": str},
}


def _v1(db: sqlite_utils.Database) -> None:
    db["sources"].create(
        {
            "name": str,
            "agency": str,
            "country": str,
            "language": str,
            "kind": str,
            "start_urls": str,  # JSON list
            "config": str,  # JSON of the whole entry
            "updated_at": str,
        },
        pk="name",
    )
    db["crawl_runs"].create(
        {
            "id": int,
            "run_id": str,
            "source": str,
            "started": str,
            "finished": str,
            "duration_s": float,
            "requests": int,
            "responses": int,
            "status_counts": str,  # JSON {"200": n, "404": n}
            "new_articles": int,
            "updated_articles": int,
            "unchanged_articles": int,
            "errors": int,
            "error_messages": str,  # JSON list of one-line errors
            "outcome": str,  # ok, partial, failed
        },
        pk="id",
    )
    db["crawl_runs"].create_index(["run_id", "source"], unique=True)
    db["crawl_runs"].create_index(["source", "started"])
    db["page_bodies"].create(
        {"content_hash": str, "encoding": str, "size": int, "body": bytes},
        pk="content_hash",
    )
    db["pages"].create(
        {
            "id": int,
            "source": str,
            "run_id": str,
            "url": str,
            "final_url": str,
            "status": int,
            "headers": str,  # JSON
            "content_type": str,
            "fetched_at": str,
            "content_hash": str,  # sha256 of the body; the body is in page_bodies
            "size": int,
        },
        pk="id",
        foreign_keys=[("content_hash", "page_bodies", "content_hash")],
    )
    db["pages"].create_index(["url"])
    db["pages"].create_index(["source", "fetched_at"])
    db["articles"].create(
        {
            "id": int,
            "url": str,
            "source": str,
            "page_id": int,
            "title": str,
            "text": str,
            "published": str,  # ISO 8601 date
            "date_source": str,  # feed, api, listing, page
            "feed_date": str,
            "page_date": str,
            "lang": str,
            "word_count": int,
            "content_hash": str,
            "extraction_version": int,
            "facts_version": int,
            "first_seen": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"url"},
        foreign_keys=[("page_id", "pages", "id"), ("source", "sources", "name")],
    )
    db["articles"].create_index(["url"], unique=True)
    db["articles"].create_index(["source", "published"])
    db["articles"].create_index(["facts_version"])
    for table, columns in FACT_TABLES.items():
        db[table].create(
            {**PROVENANCE, **columns},
            pk=("article_id", "idx"),
            foreign_keys=[("article_id", "articles", "id")],
        )
    for table, column in [
        ("amounts", "currency"),
        ("amounts", "role"),
        ("places", "country"),
        ("countries", "country"),
        ("charges", "charge"),
        ("counts", "action"),
        ("legal_refs", "jurisdiction"),
        ("event_types", "event_type"),
    ]:
        db[table].create_index([column])
    db["relevance"].create(
        {"article_id": int, "relevant": int, "score": float, "reason": str, "facts_version": int},
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )


SOURCE_HEALTH_SQL = """
CREATE VIEW source_health AS
WITH runs AS (
    SELECT source, run_id, started, outcome, error_messages,
           coalesce(new_articles, 0) + coalesce(updated_articles, 0) AS yielded,
           row_number() OVER (PARTITION BY source ORDER BY started DESC, id DESC) AS n
    FROM crawl_runs
),
last_run AS (SELECT * FROM runs WHERE n = 1),
last_yield AS (SELECT source, min(n) AS n FROM runs WHERE yielded > 0 GROUP BY source),
counted AS (SELECT source, count(*) AS runs FROM runs GROUP BY source),
names AS (SELECT name AS source FROM sources UNION SELECT source FROM crawl_runs)
SELECT
    names.source AS source,
    s.agency AS agency,
    s.kind AS kind,
    l.run_id AS last_run,
    l.started AS last_run_started,
    l.outcome AS last_outcome,
    coalesce(l.yielded, 0) AS articles_last_run,
    CASE WHEN y.n IS NULL THEN coalesce(c.runs, 0) ELSE y.n - 1 END AS runs_since_last_article,
    (SELECT count(*) FROM articles a WHERE a.source = names.source) AS articles_total,
    (SELECT max(a.first_seen) FROM articles a WHERE a.source = names.source) AS last_new_article,
    CASE
        WHEN l.run_id IS NULL THEN 'never run'
        WHEN l.outcome = 'failed' THEN 'failing'
        WHEN y.n IS NOT NULL AND y.n - 1 >= 3 THEN 'silent'
        WHEN l.outcome = 'partial' THEN 'partial'
        ELSE 'ok'
    END AS flag,
    l.error_messages AS last_errors
FROM names
LEFT JOIN sources s ON s.name = names.source
LEFT JOIN last_run l ON l.source = names.source
LEFT JOIN last_yield y ON y.source = names.source
LEFT JOIN counted c ON c.source = names.source
"""


def _v2(db: sqlite_utils.Database) -> None:
    """Incremental crawling: validators per URL, superseded article versions, source health."""
    db["http_cache"].create(
        {
            "url": str,
            "etag": str,
            "last_modified": str,
            "content_hash": str,  # body of the last 200 response, re-read from page_bodies on a 304
            "content_type": str,
            "page_id": int,
            "checked_at": str,
        },
        pk="url",
    )
    db["article_versions"].create(
        {
            "article_id": int,
            "version": int,
            "content_hash": str,
            "title": str,
            "text": str,
            "page_id": int,
            "fetched_at": str,
        },
        pk=("article_id", "version"),
        foreign_keys=[("article_id", "articles", "id"), ("page_id", "pages", "id")],
    )
    db["articles"].add_column("version", int)
    db["crawl_runs"].add_column("completed", int)  # 1 when the crawl ran to its end (not killed or stopped)
    db["crawl_runs"].add_column("not_modified", int)  # index pages answered 304
    db.execute(SOURCE_HEALTH_SQL)


def _v3(db: sqlite_utils.Database) -> None:
    """Places say how their point was obtained (regions and counties get computed ones)."""
    if "point" not in db["places"].columns_dict:
        db["places"].add_column("point", str)


def _v4(db: sqlite_utils.Database) -> None:
    """Near-duplicate groups (extract/dedup.py) and the MinHash signatures they are computed from."""
    db["articles"].add_column("dup_group", int)
    db["articles"].create_index(["dup_group"])
    db["article_minhash"].create(
        {"article_id": int, "text_hash": str, "signature": bytes},
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )


def _v5(db: sqlite_utils.Database) -> None:
    """``articles.year``: the publication year as a column of its own, so Datasette can facet on it
    through an index (a facet over ``substr(published, 1, 4)`` reads every row)."""
    db["articles"].add_column("year", int)
    db.execute(
        "UPDATE articles SET year = CAST(substr(published, 1, 4) AS INTEGER) "
        "WHERE published GLOB '[0-9][0-9][0-9][0-9]*'"
    )
    db["articles"].create_index(["year"])


def _v6(db: sqlite_utils.Database) -> None:
    """``article_search_terms``: each article's Chinese as character pairs for the full-text index
    (db/search_terms.py), NULL for an article without Chinese; written by ``upsert_article``, filled
    in by publish for rows loaded otherwise."""
    db["article_search_terms"].create({"article_id": int, "terms": str}, pk="article_id")


def _v7(db: sqlite_utils.Database) -> None:
    """``articles.key``: a stable key from the canonical URL (db/article_key.py), so a permalink
    names the same article in every build (ids follow crawl order)."""
    from db.article_key import fill_keys

    db["articles"].add_column("key", str)
    db["articles"].create_index(["key"], unique=True)
    fill_keys(db)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


class NotACrackdownDatabase(ValueError):
    """A SQLite file with tables of its own and no crackdown schema version."""


def check_is_crackdown(db: sqlite_utils.Database, name: str = "the database") -> None:
    """Refuse a file that holds other tables: migrating it would add crackdown's tables to someone else's data.

    Every crackdown database records its schema version in ``PRAGMA user_version`` from the
    first migration on; a new or empty file has no tables yet.
    """
    if current_version(db) == 0 and db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]:
        raise NotACrackdownDatabase(
            f"{name} is not a crackdown database (it has tables but no crackdown schema version); "
            "crackdown leaves it untouched"
        )


def migrate(db: sqlite_utils.Database) -> int:
    """Bring ``db`` to :data:`SCHEMA_VERSION`; returns how many steps ran (``open_db`` checks the file first)."""
    start = current_version(db)
    if start > SCHEMA_VERSION:
        raise RuntimeError(
            f"database schema version {start} is newer than this crackdown ({SCHEMA_VERSION}); upgrade crackdown"
        )
    for number in range(start + 1, SCHEMA_VERSION + 1):
        with db.conn:
            MIGRATIONS[number - 1](db)
            db.execute(f"PRAGMA user_version = {number}")
    return SCHEMA_VERSION - start
