"""``crackdown serve``: publish the database with Datasette.

Safe by default: the file is served immutable (read-only, no locking), queries stop at
``serve.sql_time_limit_ms`` and no plugin writes. Before serving a writable file the
publish step runs when it is due (search index, views, WAL checkpoint: see
``db.publish``); a live database that the crawler keeps writing is served with
``--no-immutable`` instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from crackdown.cli import settings_from
from crackdown.settings import warn


def make_datasette(db_path, settings=None, **overrides):
    """The configured Datasette instance (see :func:`datasette_plugins.app.make_datasette`)."""
    from datasette_plugins.app import make_datasette as build

    return build(db_path, settings, **overrides)


def prepare(db_path: Path) -> str | None:
    """Run the publish step on a writable file when it is due; return a one-line note, or None."""
    from db.publish import needs_publish, publish_file

    if not needs_publish(db_path):
        return None
    if not os.access(db_path, os.W_OK) or not os.access(db_path.parent, os.W_OK):
        return f"{db_path} is read-only and lacks the publish step's tables or has pending WAL writes; run `crackdown publish` on a writable copy"
    return f"published {db_path}: {publish_file(db_path).describe()}"


@click.command()
@click.argument("db", required=False, type=click.Path(dir_okay=False))
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1; 0.0.0.0 for every interface).")
@click.option("-p", "--port", type=int, default=None, help="Port (default 8001).")
@click.option("--base-url", default=None, help="Path prefix when served behind a proxy, e.g. /crackdown/.")
@click.option("--immutable/--no-immutable", default=None, help="Serve the file immutable (default) or read-only but live.")
@click.option("--sql-time-limit-ms", type=int, default=None, help="Stop any query after this many milliseconds.")
@click.option("--auth-user", default=None, help="Require HTTP basic auth with this user; the password comes from CRACKDOWN_SERVE__AUTH_PASSWORD.")
@click.option("--no-publish", is_flag=True, help="Do not run the publish step (search index, views) before serving.")
@click.pass_context
def serve(ctx, db, host, port, base_url, immutable, sql_time_limit_ms, auth_user, no_publish):
    """Serve DB (default: settings' db) with Datasette, its codebook, canned queries and plugins."""
    settings = settings_from(
        ctx,
        db=db,
        serve__host=host,
        serve__port=port,
        serve__base_url=base_url,
        serve__immutable=immutable,
        serve__sql_time_limit_ms=sql_time_limit_ms,
        serve__auth_user=auth_user,
    )
    path = Path(settings.db)
    if not path.is_file():
        raise click.UsageError(f"database {path} does not exist")
    if settings.serve.auth_user and not settings.serve.auth_password:
        raise click.UsageError("--auth-user needs a password in CRACKDOWN_SERVE__AUTH_PASSWORD")
    if not no_publish:
        note = prepare(path)
        if note:
            warn(note)
    try:
        ds = make_datasette(path, settings)
    except (ValueError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from None
    import uvicorn

    url = f"http://{settings.serve.host}:{settings.serve.port}{ds.urls.path('/')}"
    warn(f"serving {path} at {url} ({'immutable' if settings.serve.immutable else 'read-only, live'})")
    uvicorn.run(ds.app(), host=settings.serve.host, port=settings.serve.port, log_level="warning")

