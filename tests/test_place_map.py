"""The map: place_map's rows, popups and facets; tiles from a setting, blank offline; the map near the top."""

import json
import sqlite3
from urllib.parse import unquote

import pytest

from crackdown.settings import ServeSettings
from datasette_plugins.app import make_datasette
from datasette_plugins.place_map import BLANK_TILE, OSM_TILES
from db.place_map import PLACE_MAP
from db.publish import needs_publish, publish_file
from sample_publish_db import ARTICLES, build_sample_db


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("map") / "crackdown.db")


@pytest.fixture
def ds(sample_db):
    return make_datasette(sample_db)


def _rows(path):
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(f"select * from {PLACE_MAP} order by article_id, idx")]
    finally:
        conn.close()


def test_every_place_with_a_point_has_a_row_with_its_article_facets_and_a_popup(sample_db):
    rows = _rows(sample_db)
    assert [r["place"] for r in rows] == ["Miami", "Lyon", "Myawaddy", "Wenzhou"]
    miami = rows[0]
    assert (miami["year"], miami["relevant"], miami["published"]) == (2023, 1, "2023-05-10")
    assert miami["charges"] == "fraud; money_laundering" and miami["amount_roles"] == "loss; penalty"
    assert miami["action_country"] == "US" and miami["event_types"] == "plea; sentence"
    popup = json.loads(miami["popup"])
    start = ARTICLES[0]["text"].index("Miami")
    assert popup["title"] == ARTICLES[0]["title"] and popup["date"] == "2023-05-10"
    assert popup["link"] == f"../-/article/1#span-{start}"
    assert popup["sentence"].startswith("Three men were sentenced today in Miami")
    assert popup["description"].startswith("2023-05-10 · Miami: Three men")
    assert set(popup) >= {"title", "description", "link"}  # what datasette-cluster-map renders


def test_publish_rebuilds_it_identically_and_needs_it(sample_db, tmp_path):
    before = _rows(sample_db)
    publish_file(sample_db)
    assert _rows(sample_db) == before
    conn = sqlite3.connect(sample_db)
    conn.execute(f"drop table {PLACE_MAP}")
    conn.commit()
    conn.close()
    assert needs_publish(sample_db)
    publish_file(sample_db)
    assert _rows(sample_db) == before


async def test_map_page_narrows_by_year_relevance_charge_and_role(ds):
    data = (await ds.client.get(f"/crackdown/{PLACE_MAP}.json?_shape=objects&_facet_fact=charge")).json()
    assert len(data["rows"]) == 4
    html = (await ds.client.get(f"/crackdown/{PLACE_MAP}")).text
    for facet in ("facet-year", "facet-relevant", "facet-charge", "facet-amount_role", "facet-event_type", "facet-country"):
        assert facet in html, facet
    places = lambda d: sorted(r["place"] for r in d["rows"])  # noqa: E731
    data = (await ds.client.get(f"/crackdown/{PLACE_MAP}.json?_shape=objects&year=2024")).json()
    assert places(data) == ["Lyon", "Myawaddy"]
    data = (await ds.client.get(f"/crackdown/{PLACE_MAP}.json?_shape=objects&_fact_charge=human_trafficking")).json()
    assert places(data) == ["Myawaddy"]
    data = (await ds.client.get(f"/crackdown/{PLACE_MAP}.json?_shape=objects&_fact_amount_role=penalty")).json()
    assert places(data) == ["Miami"]
    data = (await ds.client.get(f"/crackdown/{PLACE_MAP}.json?_shape=objects&relevant=1&_fact_charge=fraud")).json()
    assert places(data) == ["Lyon", "Miami", "Myawaddy", "Wenzhou"]
    # facet counts are the map's markers under the filters
    data = (await ds.client.get(f"/crackdown/{PLACE_MAP}.json?year=2024&_facet_fact=charge&_size=0")).json()
    counts = {v["value"]: v["count"] for v in data["facet_results"]["charge"]["results"]}
    assert counts == {"fraud": 2, "human_trafficking": 1, "money_laundering": 1, "organized_crime": 1}


async def test_title_and_popup_cells_link_to_the_article_at_the_place(ds):
    html = (await ds.client.get(f"/crackdown/{PLACE_MAP}?place=Miami")).text
    start = ARTICLES[0]["text"].index("Miami")
    assert f'<a href="/-/article/1#span-{start}">{ARTICLES[0]["title"]}</a>' in html
    assert f'<a href="/-/article/1#span-{start}">Three men were sentenced today in Miami' in html


async def test_tiles_come_from_the_setting_and_are_blank_without_network(sample_db):
    html = (await make_datasette(sample_db).client.get(f"/crackdown/{PLACE_MAP}")).text
    assert f"window.DATASETTE_CLUSTER_MAP_TILE_LAYER = {json.dumps(OSM_TILES)};" in html
    assert f'"errorTileUrl": {json.dumps(BLANK_TILE)}' in html  # a failed tile (offline) is a blank square
    assert 'window.DATASETTE_CLUSTER_MAP_CONTAINER = "#crackdown-map";' in html
    assert 'div.id = "crackdown-map"' in html and "form.filters" in html  # drawn under the filters, above the facets
    mine = "https://tiles.example.org/{z}/{x}/{y}.png"
    ds = make_datasette(sample_db, ServeSettings(map_tile_url=mine, map_tile_attribution="Example tiles"))
    html = (await ds.client.get(f"/crackdown/{PLACE_MAP}")).text
    assert f"window.DATASETTE_CLUSTER_MAP_TILE_LAYER = {json.dumps(mine)};" in html and "Example tiles" in html
    html = (await make_datasette(sample_db, ServeSettings(map_tile_url="none")).client.get(f"/crackdown/{PLACE_MAP}")).text
    assert f"window.DATASETTE_CLUSTER_MAP_TILE_LAYER = {json.dumps(BLANK_TILE)};" in html
    assert "openstreetmap" not in html.lower()
    svg = unquote(BLANK_TILE.split(",", 1)[1])
    assert svg.startswith("<svg") and "{" not in BLANK_TILE  # Leaflet's template leaves it alone


async def test_places_table_has_no_raw_popup_map(ds):
    html = (await ds.client.get("/crackdown/places")).text
    assert "DATASETTE_CLUSTER_MAP_TILE_LAYER" not in html
    assert "place_map" in html  # the codebook sends readers to the map
