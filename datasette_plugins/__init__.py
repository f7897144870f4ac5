"""crackdown's Datasette plugins, one module per plugin.

The ``datasette`` entry point in pyproject loads this package (so plain ``datasette
crackdown.db`` gets them too, and Datasette finds ``templates/`` and ``static/`` here);
importing it registers each module below with Datasette's plugin manager under its own
name. :func:`register` is idempotent, and ``make_datasette`` calls it too, for the case
where entry points are not loaded (Datasette skips them inside its own test runs).
"""

from __future__ import annotations

import importlib

PLUGINS = ("article_page", "charts", "cite", "dashboard", "feed", "basic_auth", "base_url", "big_search", "chinese_search",
           "codebook", "fact_facets", "table_order", "text_cells", "place_map")


def register(pm=None) -> None:
    if pm is None:
        from datasette.plugins import pm
    for name in PLUGINS:
        plugin_name = f"crackdown.{name}"
        if pm.get_plugin(plugin_name) is None:
            pm.register(importlib.import_module(f"{__name__}.{name}"), plugin_name)


register()
