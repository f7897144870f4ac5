"""``crackdown publish``: make a database ready to serve, without serving it.

The nightly run and ``crackdown serve`` (on a writable file, when due) run the publish step
themselves; this command is for the other cases: refreshing the summaries, facet index and
search index after writing the database some other way, or preparing a file that will be
served immutable elsewhere. It always runs the whole step (``db.publish.publish``), which is
idempotent: running it twice gives the same database.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from crackdown.cli import settings_from


@click.command()
@click.argument("db", required=False, type=click.Path(dir_okay=False))
@click.pass_context
def publish(ctx, db):
    """Build DB's search index, views, summaries and facet index, then fold its WAL (default: settings' db)."""
    from db.publish import publish_file

    settings = settings_from(ctx, db=db)
    path = Path(settings.db)
    if not path.is_file():
        raise click.UsageError(f"database {path} does not exist")
    start = time.perf_counter()
    report = publish_file(path)
    click.echo(f"published {path} in {time.perf_counter() - start:.1f} s: {report.describe()}")
