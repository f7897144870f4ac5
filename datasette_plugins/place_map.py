"""The map page (``/<db>/place_map``): tiles from a setting, the map near the top, readable popups.

datasette-cluster-map (0.18) draws the table's points and reads its settings from the
``datasette-cluster-map`` plugin config: ``tile_layer`` (a Leaflet URL template),
``tile_layer_options`` and ``container`` (a CSS selector to draw the map in; without one it
goes above the rows, under the facets: 1,100 px down on the places table). Here:

- the tiles come from ``serve.map_tile_url`` (OpenStreetMap by default); ``none`` draws a blank
  layer (an offline machine, a private instance that must not call a tile server), and a tile
  that fails to load (no network) is replaced by the same blank tile, so markers always sit on
  a clean background rather than on broken images;
- a small script puts an empty ``#crackdown-map`` right under the search and filter form of the
  ``place_map`` page, before the facets, and the map is drawn there;
- ``place_map`` (``db.place_map``) has a ``popup`` column, which the map shows as the article's
  title, its date, the place and its sentence, linked to the article page at the place's words;
  in the table the title and popup cells link there too. The ``places`` table gets no map (its
  rows are the same points with raw columns): the codebook sends readers to ``place_map``.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import markupsafe
from datasette import hookimpl

from db.place_map import PLACE_MAP

PLUGIN = "datasette-cluster-map"
CONTAINER_ID = "crackdown-map"
OSM_TILES = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
NO_TILES = ("", "none", "blank", "off")
_BLANK_SVG = (
    "<svg xmlns='http://www.w3.org/2000/svg' width='256' height='256'>"
    "<rect width='256' height='256' fill='#eef2f5' stroke='#d5dde5' stroke-width='1'/></svg>"
)
# one light square per tile, as a data: URL (no braces, so Leaflet's URL template leaves it alone)
BLANK_TILE = "data:image/svg+xml," + quote(_BLANK_SVG, safe="/:='")

SCRIPT = """
(function () {
  if (document.getElementById(%(id)s)) { return; }
  var div = document.createElement("div");
  div.id = %(id)s;
  var form = document.querySelector("form.filters");
  if (form) { form.parentNode.insertBefore(div, form.nextSibling); }
})();
"""


def cluster_map_config(tile_url: str, attribution: str = "") -> dict:
    """datasette-cluster-map's plugin config for a tile URL setting (``none``: the blank layer)."""
    blank = tile_url.strip().lower() in NO_TILES
    options = {"maxZoom": 19, "errorTileUrl": BLANK_TILE,
               "attribution": "" if blank else (attribution or (OSM_ATTRIBUTION if tile_url == OSM_TILES else ""))}
    return {
        "tile_layer": BLANK_TILE if blank else tile_url,
        "tile_layer_options": options,
        "container": f"#{CONTAINER_ID}",
    }


@hookimpl
def extra_body_script(template, database, table, view_name, datasette):
    if view_name != "table" or table != PLACE_MAP:
        return ""
    return SCRIPT % {"id": json.dumps(CONTAINER_ID)}


def _popup(value) -> dict:
    try:
        popup = json.loads(value) if isinstance(value, str) else {}
    except ValueError:
        return {}
    return popup if isinstance(popup, dict) else {}


@hookimpl
def render_cell(row, value, column, table, datasette):
    """The title and popup cells of ``place_map`` link to the article page at the place's words."""
    if table != PLACE_MAP or column not in ("title", "popup") or value is None:
        return None
    keys = row.keys() if hasattr(row, "keys") else []
    popup = _popup(row["popup"]) if "popup" in keys else {}
    link = popup.get("link") or ""
    if not link.startswith("../-/article/"):
        return None
    href = datasette.urls.path(link[len(".."):])
    label = value if column == "title" else (popup.get("sentence") or popup.get("place") or value)
    return markupsafe.Markup(f'<a href="{markupsafe.escape(href)}">{markupsafe.escape(label)}</a>')
