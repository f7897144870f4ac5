"""The "Crackdowns" dashboard: configured for the served database, its filters and charts answer with real figures."""

from __future__ import annotations

import pytest
from datasette_dashboards import replace_opts_in_query

from datasette_plugins.app import make_datasette
from datasette_plugins.dashboard import PLUGIN, SLUG
from sample_publish_db import build_sample_db


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("dash") / "demo.db")  # named like the demo's database


async def _figures(ds, **filters) -> dict:
    charts = ds.plugin_config(PLUGIN)[SLUG]["charts"]
    out = {}
    for name, chart in charts.items():
        if "query" not in chart:
            continue
        assert chart["db"] == "demo"
        response = await ds.client.get("/demo.json", params={
            "sql": replace_opts_in_query(chart["query"], filters), "_shape": "objects", **filters})
        assert response.status_code == 200, (name, response.text[:300])
        out[name] = response.json()["rows"]
    return out


async def test_dashboards_menu_leads_to_a_real_dashboard(demo_db):
    ds = make_datasette(demo_db)
    listing = (await ds.client.get("/-/dashboards")).text
    assert "No dashboards found" not in listing and "/-/dashboards/crackdowns" in listing
    page = await ds.client.get("/-/dashboards/crackdowns")
    assert page.status_code == 200
    for words in ("<h1>Crackdowns</h1>", '<select id="country" name="country">', '<option value="US"',
                  '<option value="2024"', '<option value="money_laundering"', 'href="/-/cite"',
                  '<script src="/crackdown-static/dashboard.js"></script>'):  # an empty map is no script error
        assert words in page.text, words


async def test_key_figures_follow_every_filter(demo_db):
    ds = make_datasette(demo_db)
    everything = await _figures(ds)
    assert everything["articles"] == [{"n": 4}]  # relevant articles only: the warning and the unread one are out
    assert everything["arrested"] == [{"n": 17}] and everything["sentenced"] == [{"n": 3}]
    assert everything["charges"][0] == {"charge": "fraud", "articles": 4}
    assert {p["place"] for p in everything["map"]} == {"Miami", "Lyon", "Myawaddy", "Wenzhou"}
    us = await _figures(ds, country="US")  # where the action took place, not every country named
    assert us["articles"] == [{"n": 1}] and us["sentenced"] == [{"n": 3}] and us["arrested"] == [{"n": 0}]
    assert [p["place"] for p in us["map"]] == ["Miami"]
    year = await _figures(ds, year="2024")
    assert year["articles"] == [{"n": 2}] and [m["month"] for m in year["per_month"]] == ["2024-02", "2024-03"]
    charge = await _figures(ds, charge="human_trafficking")
    assert charge["articles"] == [{"n": 1}] and charge["arrested"] == [{"n": 12}]


async def test_a_database_not_published_yet_has_no_dashboard_rather_than_an_error(tmp_path):
    ds = make_datasette(build_sample_db(tmp_path / "raw.db", publish=False))
    assert (await ds.client.get("/-/dashboards")).status_code == 200
    assert (await ds.client.get("/-/dashboards/crackdowns")).status_code == 404
