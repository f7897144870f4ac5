"""``crackdown crawl``: fetch every (or the named) source into the database.

Ends with one summary line; exits 1 when the run was partial or failed (a dead source,
a skipped sources-file entry), 0 when every source was read cleanly.
"""

from __future__ import annotations

import json

import click

from crackdown.cli import settings_from


def configured_sources(settings, names, command: str):
    """The sources file's usable entries (``names`` only, when given); skipped ones said on stderr.

    A file that cannot be read at all is a usage error; a bad entry only skips itself.
    """
    from crawler.sources import SourcesFileError, load_sources

    try:
        sources = load_sources(settings.sources, names=names or None)
    except SourcesFileError as exc:
        raise click.UsageError(str(exc)) from None
    for message in sources.errors:
        click.echo(f"{command}: skipped {message}", err=True)
    return sources


@click.command()
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False), help="Sources file (default: settings sources).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help="Database (default: settings db).")
@click.option("--source", "names", multiple=True, help="Only this source (repeatable).")
@click.option("--full", is_flag=True, help="Fetch article pages again even when already held.")
@click.option("--run-id", help="Name of this run in crawl_runs (default: a timestamp).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole summary as JSON after the line.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's progress (log level INFO), not only one line per error.")
@click.pass_context
def crawl(ctx: click.Context, sources_path, db_path, names, full, run_id, as_json, verbose) -> None:
    """Crawl the sources of the sources file (incremental unless --full)."""
    from crawler.run import run_crawl, summary_line
    settings = settings_from(ctx, db=db_path, sources=sources_path, crawl__log_level="INFO" if verbose else None)
    sources = configured_sources(settings, names, "crawl")
    summary = run_crawl(settings, sources, run_id=run_id, full=full)
    for row in summary["per_source"]:
        if row["outcome"] != "ok":
            first = (json.loads(row["error_messages"]) if isinstance(row["error_messages"], str) else row["error_messages"])[:1]
            click.echo(f"crawl: source {row['source']} {row['outcome']}: {row['errors']} errors {first}", err=True)
    click.echo(summary_line(summary))
    if as_json:
        click.echo(json.dumps(summary, default=str))
    if summary["outcome"] != "ok":
        ctx.exit(1)
