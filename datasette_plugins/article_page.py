"""The article page: the text with every extracted fact highlighted where it was read.

``/-/article/<key>`` shows the article's text with each fact's span marked (offsets into
``articles.text``), the facts listed beside it, links to the original URL, the archived
response, a permalink that survives rebuilds (the key comes from the canonical URL; an
integer ``/-/article/<id>`` redirects to it) and a citation line. ``/-/archive/<page id>`` serves the stored raw body
under a ``Content-Security-Policy: sandbox`` so archived scripts cannot run and nothing
is loaded from elsewhere. Titles in the articles and events tables, and fact words in the
fact tables, link here (a fact to ``#span-<start>``, the mark where its words start, which the
page scrolls to and outlines). Everything from the database is HTML-escaped.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import markupsafe
from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

from datasette_plugins.crackdown_db import crackdown_database, fetch_dicts, table_names
from datasette_plugins.cite import article_citation
from db.article_key import KEY_PATTERN
from db.schema import FACT_TABLES

# How a fact reads in the side list, per table.
FACT_LABELS = {
    "event_types": lambda r: r["event_type"],
    "amounts": lambda r: f"{_number(r['value'])} {r['currency']} ({r['role']})"
    + (f" ≈ {_number(r['usd'])} USD" if r.get("usd") is not None and r["currency"] != "USD" else ""),
    "places": lambda r: f"{r['name']}, {r['country']}",
    "countries": lambda r: r["country"],
    "charges": lambda r: r["charge"],
    "counts": lambda r: f"{r['action']}: {r['n']}",
    "legal_refs": lambda r: f"{r['jurisdiction']} {r['article']}",
}
KIND = {
    "event_types": "event",
    "amounts": "amount",
    "places": "place",
    "countries": "country",
    "charges": "charge",
    "counts": "count",
    "legal_refs": "statute",
}
# Stored content types the archive may serve as themselves; anything else is a download.
SAFE_TYPES = {"text/html", "text/plain", "application/pdf", "application/xml", "text/xml", "application/json",
              "application/rss+xml", "application/atom+xml"}
SANDBOX_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


SQLITE_MAX_INTEGER = 2**63 - 1


def _row_id(request, name: str) -> int:
    """The id in the URL; one past SQLite's largest integer cannot name a row (and would overflow the query)."""
    value = int(request.url_vars[name])
    if value > SQLITE_MAX_INTEGER:
        raise NotFound(f"no row {value}")
    return value


def _number(value) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def safe_href(url: str | None) -> str | None:
    """Only http(s) URLs become links (a stored ``javascript:`` URL must not)."""
    if not url:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None


def highlight(text: str, facts: list[dict]) -> markupsafe.Markup:
    """Escape ``text`` and wrap each fact's span in a ``<mark>``; overlapping spans are split into segments."""
    length = len(text)
    spans = [f for f in facts if isinstance(f["span_start"], int) and isinstance(f["span_end"], int)
             and 0 <= f["span_start"] < f["span_end"] <= length]
    cuts = sorted({0, length, *(f["span_start"] for f in spans), *(f["span_end"] for f in spans)})
    starts = {f["span_start"] for f in spans}
    out = []
    for start, end in zip(cuts, cuts[1:]):
        piece = markupsafe.escape(text[start:end])
        covering = [f for f in spans if f["span_start"] <= start and end <= f["span_end"]]
        if not covering:
            out.append(str(piece))
            continue
        kinds = " ".join(sorted({f"fact-{f['kind']}" for f in covering}))
        title = "; ".join(f"{f['kind']}: {f['label']}" for f in covering)
        anchor = covering[0]["anchor"]
        # the segment where facts start is the target of the fact tables' links (/-/article/<id>#span-<start>)
        target = f' id="span-{start}"' if start in starts else ""
        out.append(
            f'<mark class="fact {markupsafe.escape(kinds)}"{target} title="{markupsafe.escape(title)}" '
            f'data-fact="{markupsafe.escape(anchor)}">{piece}</mark>'
        )
    return markupsafe.Markup("".join(out))


async def _facts(db, article_id: int) -> list[dict]:
    present = await table_names(db)
    facts = []
    for table in FACT_TABLES:
        if table not in present:
            continue
        for row in await fetch_dicts(db, f"select * from [{table}] where article_id = ? order by idx", [article_id]):
            try:
                label = FACT_LABELS[table](row)
            except (KeyError, TypeError, ValueError):
                label = row.get("text") or ""
            facts.append({**row, "table": table, "kind": KIND[table], "label": str(label),
                          "anchor": f"{KIND[table]}-{row['idx']}"})
    facts.sort(key=lambda f: (f["span_start"] if isinstance(f["span_start"], int) else 1 << 60, f["kind"]))
    return facts


async def _find_article(db, ref: str) -> dict | None:
    """The article a URL names: by its stable key, else (an old integer link) by its id."""
    if "key" in set(await db.table_columns("articles")):
        rows = await fetch_dicts(db, "select * from articles where key = ?", [ref])
        if rows:
            return rows[0]
    if not ref.isdigit() or int(ref) > SQLITE_MAX_INTEGER:
        return None
    rows = await fetch_dicts(db, "select * from articles where id = ?", [int(ref)])
    return rows[0] if rows else None


async def article_view(datasette, request):
    """``/-/article/<key>``; ``/-/article/<id>`` redirects there (ids change between builds, keys do not)."""
    db = await crackdown_database(datasette, request)
    ref = request.url_vars["article_ref"]
    article = await _find_article(db, ref)
    if article is None:
        raise NotFound(f"no article {ref}")
    if article.get("key") and ref != article["key"]:
        return Response.redirect(datasette.urls.path(f"/-/article/{article['key']}"))
    article_id = article["id"]
    present = await table_names(db)
    relevance = None
    if "relevance" in present:
        found = await fetch_dicts(db, "select * from relevance where article_id = ?", [article_id])
        relevance = found[0] if found else None
    facts = await _facts(db, article_id)
    text = article.get("text") or ""
    path = datasette.urls.path(f"/-/article/{article.get('key') or article_id}")
    return Response.html(
        await datasette.render_template(
            "crackdown_article.html",
            {
                "article": article,
                "relevance": relevance,
                "facts": facts,
                "text_html": highlight(text, facts),
                "original_href": safe_href(article.get("url")),
                "archive_href": datasette.urls.path(f"/-/archive/{article['page_id']}") if article.get("page_id") else None,
                "row_href": datasette.urls.row(db.name, "articles", str(article_id)),
                "permalink": datasette.absolute_url(request, path),
                "citation": await article_citation(datasette, request, db, article),
                "cite_href": datasette.urls.path(f"/-/cite?article={article.get('key') or article_id}"),
                "database": db.name,
            },
            request=request,
            view_name="crackdown_article",
        )
    )


async def archive_view(datasette, request):
    """The stored raw response, sandboxed: served as data to look at, never as a live page."""
    import sqlite_utils

    from db.store import load_body

    db = await crackdown_database(datasette, request, table="pages")
    page_id = _row_id(request, "page_id")
    rows = await fetch_dicts(db, "select content_hash, content_type, url from pages where id = ?", [page_id])
    if not rows:
        raise NotFound(f"no page {page_id}")
    page = rows[0]

    def read(conn):
        return load_body(sqlite_utils.Database(conn, recursive_triggers=False), page["content_hash"])

    body = await db.execute_fn(read) if page["content_hash"] else None
    if body is None:
        raise NotFound(f"the body of page {page_id} is not stored")
    declared = (page.get("content_type") or "").strip()
    mime = declared.split(";")[0].strip().lower()
    content_type = declared if mime in SAFE_TYPES else "application/octet-stream"
    return Response(
        body,
        status=200,
        content_type=content_type,
        headers={
            "Content-Security-Policy": SANDBOX_CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Content-Disposition": f'inline; filename="page-{page_id}"',
        },
    )


@hookimpl
def register_routes():
    return [
        (rf"^/-/article/(?P<article_ref>{KEY_PATTERN}|\d+)$", article_view),
        (r"^/-/archive/(?P<page_id>\d+)$", archive_view),
    ]


def _plain(value):
    """Foreign keys arrive expanded as {"value": ..., "label": ...} when labels are on."""
    return value.get("value") if isinstance(value, dict) else value


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Titles link to the article page; a fact's words link to their place in it."""
    keys = row.keys() if hasattr(row, "keys") else []
    if value is None:
        return None
    if table == "articles" and column == "title" and ("key" in keys or "id" in keys):
        target = f"/-/article/{_plain(row['key']) if 'key' in keys and row['key'] else _plain(row['id'])}"
    elif table == "events" and column == "title" and ("article_key" in keys or "article_id" in keys):
        ref = _plain(row["article_key"]) if "article_key" in keys and row["article_key"] else _plain(row["article_id"])
        target = f"/-/article/{ref}"
    elif table in FACT_TABLES and column == "text" and "article_id" in keys and "idx" in keys:
        start = _plain(row["span_start"]) if "span_start" in keys else None
        # at the words in the text; a fact read from the title has no span: at its line in the fact list
        anchor = f"span-{start}" if isinstance(start, int) else f"{KIND[table]}-{_plain(row['idx'])}"
        target = f"/-/article/{_plain(row['article_id'])}#{anchor}"
    else:
        return None
    href = datasette.urls.path(target)
    return markupsafe.Markup(f'<a href="{markupsafe.escape(href)}">{markupsafe.escape(value)}</a>')


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/crackdown-static/crackdown.css")]
