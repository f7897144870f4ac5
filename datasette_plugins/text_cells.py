"""Article texts on table pages: a short opening, or where the search matched, not 2 KB per row.

Datasette 0.65 prints up to ``truncate_cells_html`` (2,048) characters of every text cell, so
the articles table showed one article per screen (480 KB of HTML for 100 rows) and a search
showed the start of each text rather than the words it matched. On table pages this plugin
shows the first ``PREVIEW_CHARS`` characters of ``articles.text`` (and ``article_versions.text``)
and, under ``?_search=``, the FTS5 ``snippet()`` of the text with the matched words in
``<mark>`` (for Chinese, whose index holds character pairs in another column, the same window
found in the text itself). The full text stays where a reader asks for it: the row page, the
article page (``/-/article/<id>``, which the title links to), CSV/JSON exports and SQL.

``render_cell`` gets no request in Datasette 0.65, so an ASGI wrapper, innermost (``tryfirst``:
it sees the scope Datasette sees, after the base-URL, Chinese and big-search wrappers), keeps the
request's path and query in a context variable; the row page is told apart by its path.
"""

from __future__ import annotations

import contextvars
import re
import urllib.parse

import markupsafe
from datasette import hookimpl

from db.search_terms import HAN, fold

PREVIEW_CHARS = 200
SNIPPET_TOKENS = 24
SNIPPET_CHARS = 90  # either side of a Chinese match
TEXT_COLUMNS = {("articles", "text"), ("article_versions", "text")}
DEFAULT_FTS = "articles_fts"
OPEN, CLOSE = "\ue000", "\ue001"  # private-use marks FTS5 puts around matches, made <mark> after escaping
ELLIPSIS = "…"

_scope: contextvars.ContextVar[dict | None] = contextvars.ContextVar("crackdown_request_scope", default=None)


@hookimpl(tryfirst=True)
def asgi_wrapper(datasette):
    def wrap(app):
        async def remember_scope(scope, receive, send):
            if scope.get("type") != "http":
                await app(scope, receive, send)
                return
            token = _scope.set(scope)
            try:
                await app(scope, receive, send)
            finally:
                _scope.reset(token)

        return remember_scope

    return wrap


def _on_table_page(scope: dict, database: str, table: str) -> bool:
    """True for ``.../<database>/<table>`` (the HTML table page), False for a row page or anything else."""
    parts = [urllib.parse.unquote(p) for p in scope.get("path", "").split("/") if p]
    return len(parts) >= 2 and parts[-1] == table and parts[-2] == database


def preview(text: str, limit: int = PREVIEW_CHARS) -> str:
    """The text's first ``limit`` characters, cut at a space, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + ELLIPSIS


def marked(snippet: str) -> markupsafe.Markup:
    """Escape a snippet and turn its match marks into ``<mark>``."""
    html = str(markupsafe.escape(snippet)).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
    return markupsafe.Markup(f'<span class="crackdown-snippet">{html}</span>')


def han_snippet(text: str, search: str, width: int = SNIPPET_CHARS) -> str | None:
    """A window of ``text`` around the first Chinese word of ``search`` found in it, every hit marked.

    Traditional and simplified characters match each other, as in the index; text and query are
    folded one character at a time, so offsets in the folded text are offsets in ``text``.
    """
    folded = "".join(fold(c)[:1] or c for c in text)
    words = {fold(run) for run in HAN.findall(search)}
    hits = sorted({(m.start(), m.end()) for w in words for m in re.finditer(re.escape(w), folded)})
    if not hits:
        return None
    start = max(0, hits[0][0] - width)
    end = min(len(text), hits[0][1] + width)
    out, at = [], start
    for hit_start, hit_end in hits:
        if hit_start < at or hit_end > end:
            continue
        out += [text[at:hit_start], OPEN, text[hit_start:hit_end], CLOSE]
        at = hit_end
    out.append(text[at:end])
    return (ELLIPSIS if start else "") + "".join(out) + (ELLIPSIS if end < len(text) else "")


async def search_snippet(datasette, database: str, article_id, text: str, search: str, raw: bool):
    """The cell for a text under a search: FTS5's snippet, the Chinese window, else the opening."""
    db = datasette.get_database(database)
    fts = datasette.table_metadata(database, "articles").get("fts_table") or DEFAULT_FTS
    match = ":q" if raw else "escape_fts(:q)"
    sql = (f"select snippet([{fts}], 1, :open, :close, :dots, {SNIPPET_TOKENS}) from [{fts}] "
           f"where [{fts}] match {match} and rowid = :id")
    try:
        rows = (await db.execute(sql, {"q": search, "open": OPEN, "close": CLOSE, "dots": ELLIPSIS,
                                       "id": article_id})).rows
    except Exception:  # a malformed raw query: Datasette reports it; the cell falls back to the opening
        rows = []
    snippet = rows[0][0] if rows else None
    if (not snippet or OPEN not in snippet) and HAN.search(search):
        snippet = han_snippet(text, search) or snippet
    if snippet and OPEN in snippet:
        return marked(snippet)
    return preview(text)  # the words matched the title only


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if (table, column) not in TEXT_COLUMNS or not isinstance(value, str):
        return None
    scope = _scope.get()
    if scope is None or not _on_table_page(scope, database, table):
        return None  # the row page, a query: the whole text
    args = dict(urllib.parse.parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
    search = args.get("_search")
    keys = row.keys() if hasattr(row, "keys") else []
    if search and table == "articles" and "id" in keys:
        mode = args.get("_searchmode") or datasette.table_metadata(database, table).get("searchmode")
        article_id = row["id"]["value"] if isinstance(row["id"], dict) else row["id"]
        return search_snippet(datasette, database, article_id, value, search, raw=mode == "raw")
    return preview(value)
