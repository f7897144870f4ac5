"""Keep ``?_search=`` on a table page fast when a word matches a large share of the articles.

Datasette answers a table search with ``rowid in (select rowid from <fts> where ... match ...)``
and then, for every matching row, looks the row up to sort it, to count it and once more for
each default facet. At a million articles a common word ("fraud") matches 450,000 rows of
~2 KB each: every pass costs 0.5-0.9 s whatever the indexes (measured; a narrow articles table
without ``text`` still needs ~0.3 s per facet pass). The full-text index itself counts those
matches in ~15 ms.

So this wrapper counts the matches in the FTS index first. Up to ``max_matches`` (plugin
setting, from ``serve.search_facets_max_matches``) nothing changes. Above it the request
gets ``_nocount=1`` and ``_nofacet=1``, and, unless the user chose a sort, ``_sort_desc=<pk>``
(most recently stored first: a primary-key order needs no lookup of the other matches). The
page says how many articles match, counted by the FTS index, and why facets are absent.
Which rows match is unchanged: same FTS query, accents folded, title and text searched.
"""

from __future__ import annotations

import urllib.parse

from datasette import hookimpl
from datasette.filters import FilterArguments

PLUGIN = "crackdown-search"
DEFAULT_MAX_MATCHES = 30_000
SCOPE_KEY = "crackdown_search_matches"
_CONTROLS = ("_nocount", "_nofacet", "_facet", "_search_", "_sort", "_sort_desc", "_next")


def max_matches(datasette) -> int:
    config = datasette.plugin_config(PLUGIN) or {}
    return int(config.get("max_matches", DEFAULT_MAX_MATCHES))


def _table_of(datasette, path: str) -> tuple[str, str] | None:
    """(database, table) when ``path`` is a table page (HTML or .json) of a served database."""
    parts = [urllib.parse.unquote(p) for p in path.rstrip("/").split("/") if p]
    if len(parts) < 2:
        return None
    database, table = parts[-2], parts[-1]
    if table.endswith(".json"):
        table = table[: -len(".json")]
    elif "." in table:
        return None  # csv and other exports: leave them to Datasette
    if database not in datasette.databases:
        return None
    return database, table


async def fts_matches(datasette, database: str, table: str, search: str, raw: bool) -> int | None:
    """How many rows the table's FTS index matches for ``search`` (None: no index, or a bad query)."""
    db = datasette.get_database(database)
    meta = datasette.table_metadata(database, table)
    try:
        fts_table = meta.get("fts_table") or await db.fts_table(table)
    except Exception:  # not a table (a view, a missing name): nothing to shortcut
        return None
    if not fts_table:
        return None
    match = ":search" if raw else "escape_fts(:search)"
    sql = f"select count(*) from [{fts_table}] where [{fts_table}] match {match}"
    try:
        return (await db.execute(sql, {"search": search})).rows[0][0]
    except Exception:  # a malformed raw query, or a timeout: Datasette runs and reports the search itself
        return None


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def search_guard(scope, receive, send):
            if scope.get("type") == "http" and scope.get("method", "GET") == "GET":
                scope = await _guard(datasette, scope)
            await app(scope, receive, send)

        return search_guard

    return wrap


async def _guard(datasette, scope: dict) -> dict:
    query = scope.get("query_string", b"").decode("latin-1")
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    args = dict(pairs)
    search = args.get("_search")
    if not search or any(k.startswith(_CONTROLS) for k in args if k != "_search"):
        # explicit facets, sorts, pagination or count choices: the user asked for them
        return scope
    found = _table_of(datasette, scope.get("path", ""))
    if found is None:
        return scope
    database, table = found
    raw = args.get("_searchmode") == "raw" or (
        args.get("_searchmode") != "escaped" and datasette.table_metadata(database, table).get("searchmode") == "raw"
    )
    n = await fts_matches(datasette, database, table, search, raw)
    if n is None or n <= max_matches(datasette):
        return scope
    pks = await datasette.get_database(database).primary_keys(table)
    extra = [("_nocount", "1"), ("_nofacet", "1"), ("_sort_desc", pks[0] if len(pks) == 1 else "rowid")]
    query_string = urllib.parse.urlencode(pairs + extra).encode("latin-1")
    return dict(scope, query_string=query_string, **{SCOPE_KEY: n})


@hookimpl
def filters_from_request(request, database, table, datasette):
    n = request.scope.get(SCOPE_KEY)
    if n is None:
        return None
    limit = max_matches(datasette)
    return FilterArguments(
        [],
        human_descriptions=[
            f"{n:,} rows match (counted by the search index; over {limit:,} matches, rows are listed "
            "newest stored first, without facets: add words or filters to narrow the search)"
        ],
    )
