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


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database) -> int:
    """Bring ``db`` to :data:`SCHEMA_VERSION`; returns how many steps ran."""
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
