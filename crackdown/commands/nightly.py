"""``crackdown nightly``: crawl, extract, facts, publish — the scheduled job.

A lock file beside the database keeps two runs from overlapping: a second run started
while the first holds it exits at once with code 75 (EX_TEMPFAIL), so cron retries later.
"""

from __future__ import annotations

import fcntl
import json
import time
from contextlib import contextmanager
from pathlib import Path

import click

from crackdown.cli import settings_from


class AlreadyRunning(RuntimeError):
    pass


@contextmanager
def run_lock(path: Path):
    """An exclusive, non-blocking lock released when the process ends, even on a crash."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise AlreadyRunning(f"another crackdown run holds {path}") from None
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')}\n")
        handle.flush()
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


@click.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help="Database (default: settings db).")
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False), help="Sources file (default: settings sources).")
@click.option("--source", "names", multiple=True, help="Only these sources (repeatable).")
@click.option("--full", is_flag=True, help="Re-crawl article pages already held.")
@click.pass_context
def nightly(ctx: click.Context, db_path, sources_path, names, full) -> None:
    """Crawl every source, then extract text and facts, then refresh indexes; one summary line."""
    from crackdown.pipeline import after_crawl
    from crawler.run import run_crawl
    from crawler.sources import load_sources

    settings = settings_from(ctx, db=db_path, sources=sources_path)
    started = time.monotonic()
    try:
        with run_lock(Path(f"{settings.db}.lock")):
            sources = load_sources(settings.sources, names=names or None)
            crawl = run_crawl(settings, sources, full=full)
            rest = after_crawl(settings)
    except AlreadyRunning as exc:
        click.echo(f"nightly: {exc}; not started", err=True)
        ctx.exit(75)
    facts = rest["facts"]
    click.echo(
        "nightly: "
        + json.dumps(
            {
                "crawl": crawl.get("outcome"),
                "new": crawl.get("new_articles"),
                "updated": crawl.get("updated_articles"),
                "errors": crawl.get("errors"),
                "facts_articles": facts.get("articles"),
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )
    if crawl.get("outcome") != "ok":
        ctx.exit(1)
