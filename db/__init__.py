"""SQLite storage: the schema with its migrations, and idempotent writes."""

from db.schema import FACT_TABLES, SCHEMA_VERSION, migrate
from db.store import (
    articles_needing_facts,
    load_body,
    open_db,
    record_crawl_run,
    record_page,
    upsert_article,
    upsert_source,
    write_facts,
)

__all__ = [
    "FACT_TABLES",
    "SCHEMA_VERSION",
    "articles_needing_facts",
    "load_body",
    "migrate",
    "open_db",
    "record_crawl_run",
    "record_page",
    "upsert_article",
    "upsert_source",
    "write_facts",
]
