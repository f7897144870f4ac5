"""An Atom feed of newly stored relevant articles: ``/-/crackdown/feed.atom``.

Newest first by ``first_seen`` (when crackdown stored the article, so a late-found old
release still shows up as new); ``?source=`` narrows to one source. Built with the
standard library so the feed works without another plugin.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from datasette import hookimpl
from datasette.utils.asgi import Response

from datasette_plugins.crackdown_db import crackdown_database, fetch_dicts, table_names

LIMIT = 50


def _atom_time(value: str | None) -> str:
    if not value:
        return "1970-01-01T00:00:00Z"
    if len(value) == 10:  # a date
        return value + "T00:00:00Z"
    return value


async def feed_view(datasette, request):
    db = await crackdown_database(datasette, request)
    present = await table_names(db)
    source = request.args.get("source") or ""
    relevant = "join relevance r on r.article_id = a.id and r.relevant = 1" if "relevance" in present else ""
    have = set(await db.table_columns("articles"))
    cols = ", ".join(f"a.{c}" if c in have else f"null as {c}"
                     for c in ("id", "key", "title", "url", "source", "published", "first_seen"))
    summary = "substr(a.text, 1, 400)" if "text" in have else "null"
    source_filter = "(:source = '' or a.source = :source)" if "source" in have else "1"
    order = "a.first_seen desc, a.id desc" if "first_seen" in have else "a.id desc"
    rows = await fetch_dicts(
        db,
        f"select {cols}, {summary} as summary from articles a {relevant} "
        f"where {source_filter} order by {order} limit {LIMIT}",
        {"source": source} if "source" in have else {},
    )
    self_url = datasette.absolute_url(request, datasette.urls.path("/-/crackdown/feed.atom"))
    updated = _atom_time(rows[0]["first_seen"]) if rows else _atom_time(None)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "<title>crackdown: new relevant articles</title>",
        f"<id>{escape(self_url)}</id>",
        f'<link rel="self" href={quoteattr(self_url)}/>',
        f"<updated>{escape(updated)}</updated>",
    ]
    for row in rows:
        # the stable key (db/article_key.py): an entry keeps its id and link when the database is rebuilt
        permalink = datasette.absolute_url(request, datasette.urls.path(f"/-/article/{row['key'] or row['id']}"))
        parts += [
            "<entry>",
            f"<title>{escape(row['title'] or '(no title)')}</title>",
            f"<id>{escape(permalink)}</id>",
            f'<link rel="alternate" href={quoteattr(permalink)}/>',
            f'<link rel="related" href={quoteattr(row["url"] or "")}/>',
            f"<updated>{escape(_atom_time(row['first_seen']))}</updated>",
            f"<published>{escape(_atom_time(row['published']))}</published>",
            f"<author><name>{escape(row['source'] or 'unknown')}</name></author>",
            f"<summary>{escape(row['summary'] or '')}</summary>",
            "</entry>",
        ]
    parts.append("</feed>")
    return Response("\n".join(parts), content_type="application/atom+xml; charset=utf-8")


@hookimpl
def register_routes():
    return [(r"^/-/crackdown/feed\.atom$", feed_view)]

