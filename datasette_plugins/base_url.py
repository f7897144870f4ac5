"""Serve under a ``base_url`` prefix without doubling it in Datasette's own links.

Datasette 0.65 routes a request for ``/prefix/db/table`` by stripping ``base_url`` only for
the route lookup; the views still see ``/prefix/db/table`` as ``request.path`` and build
sort, export, facet and pagination links from it through ``urls.path()``, which prefixes
again: ``/prefix/prefix/db/table.json`` (upstream simonw/datasette#1619). This ASGI wrapper
removes the prefix from the request before Datasette sees it (kept in ``root_path``), so
every link is prefixed exactly once by ``urls.path()``. It applies to uvicorn under
``crackdown serve`` and to ``Datasette.client`` alike.
"""

from __future__ import annotations

from datasette import hookimpl


def strip_prefix(path: str, base_url: str) -> str | None:
    """``path`` without the ``base_url`` prefix, or None when it is not under the prefix."""
    if path.startswith(base_url):
        return "/" + path[len(base_url):]
    if path == base_url.rstrip("/"):
        return "/"
    return None


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def without_prefix(scope, receive, send):
            base_url = datasette.setting("base_url") or "/"
            if base_url != "/" and scope.get("type") in ("http", "websocket"):
                path = strip_prefix(scope.get("path", ""), base_url)
                if path is not None:
                    scope = dict(scope, path=path, root_path=scope.get("root_path", "") + base_url.rstrip("/"))
                    raw = scope.get("raw_path")
                    if raw is not None:
                        stripped = strip_prefix(raw.decode("latin-1"), base_url)
                        scope["raw_path"] = (stripped if stripped is not None else path).encode("latin-1")
            await app(scope, receive, send)

        return without_prefix

    return wrap
