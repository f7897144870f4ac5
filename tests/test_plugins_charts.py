import re
from xml.etree import ElementTree

import pytest

from datasette_plugins.app import make_datasette
from datasette_plugins.charts import bar_chart
from sample_publish_db import build_sample_db


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("charts") / "crackdown.db")


def _bars(svg):
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    return [(g.find(f"{ns}text").text, g.find(f"{ns}rect/{ns}title").text) for g in root.iter(f"{ns}g")]


async def test_top_charges_svg_counts_articles(sample_db):
    ds = make_datasette(sample_db)
    response = await ds.client.get("/-/crackdown/charts/top_charges.svg")
    assert response.headers["content-type"].startswith("image/svg+xml")
    bars = _bars(response.text)
    assert bars[0] == ("fraud", "fraud: 4 articles")
    assert ("money_laundering", "money_laundering: 2 articles") in bars


async def test_per_month_chart_filters_by_country(sample_db):
    ds = make_datasette(sample_db)
    all_months = [label for label, _ in _bars((await ds.client.get("/-/crackdown/charts/per_month.svg")).text)]
    assert all_months == ["2023-05", "2023-11", "2024-02", "2024-03"]
    fr = _bars((await ds.client.get("/-/crackdown/charts/per_month.svg?country=fr")).text)
    assert fr == [("2024-02", "2024-02: 1 articles")]


async def test_usd_by_role_and_year(sample_db):
    ds = make_datasette(sample_db)
    bars = dict(_bars((await ds.client.get("/-/crackdown/charts/usd_by_role_year.svg")).text))
    assert bars["2023 · loss"] == "2023 · loss: 15.5M USD"
    assert bars["2024 · seized"] == "2024 · seized: 1.0M USD"


async def test_charts_page_embeds_all_charts(sample_db):
    ds = make_datasette(sample_db)
    html = (await ds.client.get("/-/crackdown/charts")).text
    assert html.count("<svg xmlns") == 3
    assert (await ds.client.get("/-/crackdown/charts/nope.svg")).status_code == 404


def test_bar_chart_escapes_labels_and_handles_no_data():
    svg = bar_chart("T", [("<b>&", 3.0)])
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg
    ElementTree.fromstring(svg)
    assert "No data yet." in bar_chart("Empty", [])


@pytest.mark.parametrize("chart", ["per_month.svg", "per_month.svg?country=fr", "usd_by_role_year.svg", "top_charges.svg",
                                   "usd_by_role_year.svg?country=us&year=2023", "top_charges.svg?articles=all&year=2024",
                                   "per_month.svg?articles=all"])
async def test_summary_tables_draw_the_same_bars_as_the_plain_queries(sample_db, tmp_path, chart):
    """Published databases chart from db.publish's summary tables; the bars must not change."""
    import sqlite3

    plain = build_sample_db(tmp_path / "plain.db", publish=False)
    conn = sqlite3.connect(plain)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    summary_bars = _bars((await make_datasette(sample_db).client.get(f"/-/crackdown/charts/{chart}")).text)
    plain_bars = _bars((await make_datasette(plain).client.get(f"/-/crackdown/charts/{chart}")).text)
    assert summary_bars and summary_bars == plain_bars


async def test_charts_page_says_as_of_which_publish(tmp_path):
    from db.publish import publish
    from db.store import open_db, upsert_article

    path = build_sample_db(tmp_path / "crackdown.db")
    db = open_db(path)
    upsert_article(db, {"url": "http://127.0.0.1:9/late", "title": "Late", "text": "Stored after the publish."})
    db.conn.commit()
    ds = make_datasette(path, immutable=False)
    html = (await ds.client.get("/-/crackdown/charts")).text
    assert re.search(r"last publish step, \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, over 6 articles", html)
    publish(db)
    db.close()
    html = (await ds.client.get("/-/crackdown/charts")).text
    assert "over 7 articles" in html
