"""``crackdown sources list|check``: what the sources file holds, and what is wrong in it."""

from __future__ import annotations

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
    """Inspect the sources file."""


@sources.command("list")
@click.option("--sources", "path", type=click.Path(dir_okay=False), help="Sources file (default: settings sources).")
@click.pass_context
def list_(ctx: click.Context, path) -> None:
    """One line per usable source: name, kind, country, language, agency."""
    loaded = _load(ctx, path)
    for s in loaded.sources:
        flags = "" if s.get("enabled", True) else " (disabled)"
        flags += "" if s.get("verified", True) else " (not checked live)"
        click.echo(f"{s['name']}\t{s['kind']}\t{s['country']}\t{s['language']}\t{s['agency']}{flags}")


@sources.command()
@click.option("--sources", "path", type=click.Path(dir_okay=False), help="Sources file (default: settings sources).")
@click.pass_context
def check(ctx: click.Context, path) -> None:
    """Validate every entry; exit 1 when any entry would be skipped."""
    loaded = _load(ctx, path)
    for message in loaded.errors:
        click.echo(f"error: {message}", err=True)
    click.echo(f"{loaded.path}: {len(loaded.sources)} usable sources, {len(loaded.errors)} errors")
    if loaded.errors:
        ctx.exit(1)
