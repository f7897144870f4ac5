"""``crackdown sources list|check|health``: what the sources file holds, what is wrong in it, how each source fares."""

from __future__ import annotations

import json

import click

from crackdown.cli import settings_from


def _load(ctx: click.Context, path):
    from crawler.sources import SourcesFileError, load_sources

    settings = settings_from(ctx, sources=path)
    try:
        return load_sources(settings.sources)
    except SourcesFileError as exc:
        raise click.UsageError(str(exc)) from None


@click.group()
def sources() -> None:
    """Inspect the sources file and the health of each source."""


@sources.command("list")
@click.option("--sources", "path", type=click.Path(dir_okay=False), help="Sources file (default: settings sources).")
@click.pass_context
def list_(ctx: click.Context, path) -> None:
    """One line per usable source: name, kind, country, language, agency."""
    loaded = _load(ctx, path)
    for s in loaded.sources:
        flags = "" if s.get("enabled", True) else " (disabled)"
        verified = s.get("verified", True)
        if verified is not True:
            flags += f" (not checked live: {verified})" if isinstance(verified, str) else " (not checked live)"
        click.echo(f"{s['name']}\t{s['kind']}\t{s['country']}\t{s['language']}\t{s['agency']}{flags}")


@sources.command()
@click.option("--sources", "path", type=click.Path(dir_okay=False), help="Sources file (default: settings sources).")
@click.option("--live", is_flag=True, help="Also fetch each enabled source's first start URL once (needs the internet).")
@click.pass_context
def check(ctx: click.Context, path, live) -> None:
    """Validate every entry (and with --live probe each source once); exit 1 on any problem."""
    loaded = _load(ctx, path)
    for message in loaded.errors:
        click.echo(f"error: {message}", err=True)
    click.echo(f"{loaded.path}: {len(loaded.sources)} usable sources, {len(loaded.errors)} errors")
    failures = 0
    if live:
        from crawler.probe import probe_source

        settings = settings_from(ctx, sources=path)
        for source in loaded.sources:
            if not source.get("enabled", True):
                continue
            result = probe_source(source, settings.crawl)
            failures += not result.ok
            click.echo(f"{'ok  ' if result.ok else 'FAIL'} {source['name']}: {result.message}")
    if loaded.errors or failures:
        ctx.exit(1)


HEALTH_COLUMNS = ("source", "flag", "last_outcome", "last_run_started", "articles_last_run", "runs_since_last_article", "articles_total")


@sources.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help="Database (default: settings db).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source instead of a table.")
@click.pass_context
def health(ctx: click.Context, db_path, as_json) -> None:
    """Per source: last run, outcome, articles, and a flag (failing, silent, partial, ok); exit 1 when any is failing or silent."""
    from db.store import open_db, source_health

    settings = settings_from(ctx, db=db_path)
    try:
        db = open_db(settings.db, create=False)
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from None
    rows = source_health(db)
    db.conn.close()
    if as_json:
        for row in rows:
            row["last_errors"] = json.loads(row["last_errors"]) if row.get("last_errors") else []
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        table = [HEALTH_COLUMNS] + [tuple("" if r[c] is None else str(r[c]) for c in HEALTH_COLUMNS) for r in rows]
        widths = [max(len(line[i]) for line in table) for i in range(len(HEALTH_COLUMNS))]
        for line in table:
            click.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
        for row in rows:
            if row["flag"] in ("failing", "partial") and row.get("last_errors"):
                first = (json.loads(row["last_errors"]) or [""])[0]
                click.echo(f"{row['source']}: {first}", err=True)
    if any(r["flag"] in ("failing", "silent") for r in rows):
        ctx.exit(1)
