"""The codebook folds away on table pages.

Datasette 0.65 prints every column's description above the rows; with a codebook as full
as crackdown's, a researcher opening a table saw a screen of definitions and no data. A
small script wraps the definitions in a ``<details>`` element, closed by default, so the
rows come first and the definitions stay one click away.
"""

from __future__ import annotations

from datasette import hookimpl

from datasette_plugins.app import STATIC_MOUNT


@hookimpl
def extra_js_urls(template, datasette):
    if template not in ("table.html", "query.html", "row.html"):
        return []
    return [datasette.urls.path(f"/{STATIC_MOUNT}/codebook.js")]
