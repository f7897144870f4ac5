"""``crackdown extract``: re-read stored pages whose text was made by an older text stage.

The crawl already extracts text as it stores pages; this command is how an improved
text stage reaches articles without re-crawling: it reads the archived body of each
article's page from ``page_bodies`` and upserts the article again.
"""

from __future__ import annotations

import json
import sys
import time

import click

from crackdown.cli import settings_from
from db.store import load_body, open_db, upsert_article
from extract.text import EXTRACTION_VERSION, extract_text


def reextract(db, *, everything: bool = False) -> dict[str, int]:
    """Re-extract articles older than :data:`EXTRACTION_VERSION` (all with ``everything``)."""
    where = "" if everything else "WHERE coalesce(a.extraction_version, 0) < :version"
    rows = list(
        db.query(
            f"""SELECT a.id, a.url, a.source, a.page_id, a.title, a.published, a.date_source,
                       a.feed_date, a.lang, p.content_hash, p.content_type, p.headers
                FROM articles a LEFT JOIN pages p ON p.id = a.page_id {where} ORDER BY a.id""",
            {"version": EXTRACTION_VERSION},
        )
    )
    counts = {"articles": len(rows), "updated": 0, "unchanged": 0, "errors": 0}
    with click.progressbar(rows, label="extract", file=sys.stderr) as bar:
        for row in bar:
            body = load_body(db, row["content_hash"]) if row["content_hash"] else None
            if body is None:
                counts["errors"] += 1
                continue
            result = extract_text(body, url=row["url"], content_type=row["content_type"], lang_hint=row["lang"])
            if result.error:
                counts["errors"] += 1
                continue
            published, date_source = row["published"], row["date_source"]
            if date_source == "page" or not published:
                published, date_source = result.date, ("page" if result.date else None)
            _, status = upsert_article(
                db,
                {
                    "url": row["url"],
                    "title": result.title or row["title"],
                    "text": result.text,
                    "published": published,
                    "date_source": date_source,
                    "page_date": result.date,
                    "lang": result.lang,
                    "extraction_version": EXTRACTION_VERSION,
                },
            )
            counts["updated" if status == "updated" else "unchanged"] += 1
    return counts


@click.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help="Database (default: settings db).")
@click.option("--all", "everything", is_flag=True, help="Re-extract every article, not only outdated ones.")
@click.pass_context
def extract(ctx: click.Context, db_path: str | None, everything: bool) -> None:
    """Re-extract article text from archived pages (no re-crawl)."""
    settings = settings_from(ctx, db=db_path)
    started = time.monotonic()
    counts = reextract(open_db(settings.db), everything=everything)
    counts["seconds"] = round(time.monotonic() - started, 1)
    click.echo("extract: " + json.dumps(counts))
