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


def summary_line(crawl: dict, rest: dict, health: list[dict], seconds: float) -> str:
    """The one line a nightly run ends with (cron mails it)."""
    facts = rest.get("facts") or {}
    flags = {f: sum(1 for r in health if r["flag"] == f) for f in ("failing", "silent")}
    return (
        f"nightly {crawl.get('run_id')}: {str(crawl.get('outcome')).upper()} - {crawl.get('sources', 0)} sources, "
        f"{crawl.get('new_articles', 0)} new / {crawl.get('updated_articles', 0)} updated articles, "
        f"{crawl.get('errors', 0)} crawl errors; facts for {facts.get('articles', 0)} articles; "
        f"{flags['failing']} failing, {flags['silent']} silent sources; {seconds:.1f} s"
    )


@click.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help="Database (default: settings db).")
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False), help="Sources file (default: settings sources).")
@click.option("--source", "names", multiple=True, help="Only these sources (repeatable).")
@click.option("--full", is_flag=True, help="Re-crawl article pages already held.")
@click.option("--json", "as_json", is_flag=True, help="Also print the whole summary as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's progress (log level INFO), not only one line per error.")
@click.pass_context
def nightly(ctx: click.Context, db_path, sources_path, names, full, as_json, verbose) -> None:
    """Crawl every source, then extract text and facts, then refresh indexes; one summary line.

    Progress goes to stderr, one line per stage; stdout gets the summary line. Exit 0 when
    every source was read cleanly, 1 when the crawl was partial or failed, 75 when another
    run holds the lock.
    """
    from crackdown.pipeline import after_crawl
    from crawler.run import run_crawl, summary_line as crawl_line
    from crackdown.commands.crawl import configured_sources
    from db.store import open_db, source_health

    settings = settings_from(ctx, db=db_path, sources=sources_path, crawl__log_level="INFO" if verbose else None)
    started = time.monotonic()

    def stage(n: int, name: str, detail: str = "") -> None:
        click.echo(f"nightly: [{n}/4] {name}{' - ' + detail if detail else ''} ({time.monotonic() - started:.1f} s)", err=True)

    try:
        with run_lock(Path(f"{settings.db}.lock")):
            sources = configured_sources(settings, names, "nightly")
            stage(1, "crawl", f"{len(sources)} sources")
            crawl = run_crawl(settings, sources, full=full)
            click.echo(f"nightly: {crawl_line(crawl)}", err=True)
            stage(2, "extract and facts")
            rest = after_crawl(settings)
            stage(3, "publish", "indexes refreshed")
            db = open_db(settings.db)
            health = source_health(db)
            db.conn.close()
            bad = [r for r in health if r["flag"] in ("failing", "silent")]
            stage(4, "source health", ", ".join(f"{r['source']} {r['flag']}" for r in bad) or "all sources ok")
    except AlreadyRunning as exc:
        click.echo(f"nightly: {exc}; not started", err=True)
        ctx.exit(75)
    click.echo(summary_line(crawl, rest, health, time.monotonic() - started))
    if as_json:
        click.echo(json.dumps({"crawl": crawl, "after_crawl": rest, "health": health}, default=str))
    if crawl.get("outcome") != "ok":
        ctx.exit(1)
