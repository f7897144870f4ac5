"""Chinese queries in the search box, the canned search and ``_searchmode=raw``.

The article index holds each article's Chinese as overlapping character pairs in its ``terms``
column (``db.search_terms``). A query is turned into the same pairs, as a phrase, before FTS5
sees it:

- the search box (``?_search=``): Datasette matches ``escape_fts(:search)``, a SQL function it
  registers on each connection; this plugin registers its own after Datasette's (``trylast``),
  which is Datasette's for a query without Chinese and rewrites the words holding Chinese
  (诈骗 -> ``"诈骗"``, 电信网络诈骗 -> ``"电信 信网 网络 络诈 诈骗"``). The box and the page still
  show what the user typed;
- the canned ``search_articles`` query matches ``crackdown_fts_query(:q)``, which rewrites the
  Chinese strings of a hand-written FTS5 query and leaves its operators alone;
- ``?_search=...&_searchmode=raw`` (Datasette passes ``:search`` untouched): the query string
  is rewritten the same way before Datasette reads it.
"""

from __future__ import annotations

import urllib.parse

from datasette import hookimpl

from db.search_terms import escape_fts, fts_query, has_han

QUERY_FUNCTION = "crackdown_fts_query"


@hookimpl(trylast=True)
def prepare_connection(conn):
    conn.create_function("escape_fts", 1, escape_fts, deterministic=True)
    conn.create_function(QUERY_FUNCTION, 1, fts_query, deterministic=True)


def _raw_mode(datasette, path: str, args: dict) -> bool:
    mode = args.get("_searchmode")
    if mode in ("raw", "escaped"):
        return mode == "raw"
    from datasette_plugins.big_search import _table_of

    found = _table_of(datasette, path)
    return bool(found) and datasette.table_metadata(*found).get("searchmode") == "raw"


def rewrite_raw(datasette, scope: dict) -> dict:
    query = scope.get("query_string", b"").decode("latin-1")
    if "_search" not in query:
        return scope
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    args = dict(pairs)
    if not has_han(args.get("_search")) or not _raw_mode(datasette, scope.get("path", ""), args):
        return scope
    pairs = [(k, fts_query(v) if k == "_search" else v) for k, v in pairs]
    return dict(scope, query_string=urllib.parse.urlencode(pairs).encode("latin-1"))


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def chinese_raw_search(scope, receive, send):
            if scope.get("type") == "http":
                scope = rewrite_raw(datasette, scope)
            await app(scope, receive, send)

        return chinese_raw_search

    return wrap
