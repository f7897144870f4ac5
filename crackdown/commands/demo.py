"""``crackdown demo``: a real end-to-end run on a local mirror, then Datasette.

The mirror (``crackdown/demo_site.py``) serves real documents from ``../shared/corpus``
on 127.0.0.1, or a small fixture site of the project's own when ``../shared`` is absent;
the real spiders crawl it, the real text and fact stages read it.
"""

from __future__ import annotations

from pathlib import Path

import click

from crackdown.cli import settings_from


@click.command()
@click.option("--db", "db_path", default="data/demo.db", show_default=True, type=click.Path(dir_okay=False))
@click.option("--shared", type=click.Path(file_okay=False), default="../shared", show_default=True,
              help="The shared corpus folder; a built-in fixture site is used when it is absent.")
@click.option("--serve/--no-serve", default=True, show_default=True, help="Serve Datasette when the database is built.")
@click.option("--port", type=int, help="Datasette port (default: serve.port).")
@click.option("--fresh/--keep", default=True, show_default=True, help="Start from an empty database.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's progress (log level INFO), not only one line per error.")
@click.pass_context
def demo(ctx: click.Context, db_path: str, shared: str, serve: bool, port: int | None, fresh: bool, verbose: bool) -> None:
    """Crawl a local mirror of real releases, extract facts into DB, then serve it."""
    from crackdown.demo_site import demo_sources, start_demo_site
    from crackdown.pipeline import after_crawl
    from crawler.run import run_crawl

    settings = settings_from(
        ctx,
        db=db_path,
        serve__port=port,
        crawl__download_delay=0.0,
        crawl__autothrottle=False,
        crawl__concurrent_per_host=2,
        crawl__log_level="INFO" if verbose else "WARNING",
    )
    path = Path(settings.db)
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    shared_dir = Path(shared) if Path(shared, "corpus").is_dir() else None
    server, base_url = start_demo_site(shared_dir)
    click.echo(f"demo: mirror of {'../shared/corpus' if shared_dir else 'the built-in fixture site'} on {base_url}", err=True)
    try:
        crawl = run_crawl(settings, demo_sources(base_url))
    finally:
        server.shutdown()
    summary = after_crawl(settings)
    from db.store import open_db

    db = open_db(settings.db)
    facts = sum(db[t].count for t in ("amounts", "places", "charges", "counts", "legal_refs", "event_types"))
    click.echo(
        f"demo: {db['articles'].count} articles from {db['sources'].count} sources, {facts} facts "
        f"in {settings.db} (crawl {crawl.get('outcome', '?')}, {summary['seconds']}s after crawl)"
    )
    if serve:
        from crackdown.commands.serve import serve as serve_command

        ctx.invoke(serve_command, db=str(settings.db), port=port)
