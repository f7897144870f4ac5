"""The stages after the crawl, in order, for `crackdown nightly` and `crackdown demo`.

Each stage is idempotent, so a run that stops half-way is finished by the next one.
"""

from __future__ import annotations

import time
from typing import Any

import click

from crackdown.settings import Settings


def after_crawl(settings: Settings, *, echo=click.echo) -> dict[str, Any]:
    """Re-extract outdated texts, extract due facts, group near-duplicates, then publish (FTS, summaries)."""
    from crackdown.commands.extract import reextract
    from crackdown.commands.facts import extract_facts_db
    from db.publish import publish
    from db.store import open_db
    from extract.dedup import assign_groups
    from extract.facts import FactExtractor

    db = open_db(settings.db)
    summary: dict[str, Any] = {}
    started = time.monotonic()
    summary["extract"] = reextract(db)
    echo(f"extract: {summary['extract']}", err=True)
    summary["facts"] = extract_facts_db(db, FactExtractor.from_settings(settings), batch_size=settings.facts.batch_size)
    echo(f"facts: {summary['facts']}", err=True)
    summary["dedup"] = assign_groups(db)
    summary["publish"] = publish(db)
    summary["seconds"] = round(time.monotonic() - started, 1)
    return summary
