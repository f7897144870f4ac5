"""What every crawler component needs from the run: crackdown Settings, the DB, the run id.

``crawler.run`` puts the Settings object in the Scrapy settings (``CRACKDOWN_SETTINGS``)
and one shared database handle on the crawler: every crawler of a run lives on the same
reactor thread, so one SQLite connection serves them all without lock contention.
``scrapy crawl`` (no ``crackdown`` front door) falls back to the usual settings layers.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlite_utils

from crackdown.settings import Settings, load_settings
from db.store import open_db


def crackdown_settings(crawler) -> Settings:
    settings = crawler.settings.get("CRACKDOWN_SETTINGS")
    if settings is None:  # `scrapy crawl` from the repository root: the entry point builds them
        settings = load_settings()
    return settings


def crawl_db(crawler) -> sqlite_utils.Database:
    db = getattr(crawler, "crackdown_db", None)
    if db is None:
        db = open_db(crackdown_settings(crawler).db)
        crawler.crackdown_db = db
    return db


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def run_id(crawler) -> str:
    value = crawler.settings.get("CRACKDOWN_RUN_ID") or getattr(crawler, "crackdown_run_id", None)
    if not value:
        value = new_run_id()
        crawler.crackdown_run_id = value
    return value
