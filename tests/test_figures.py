"""Figures that do not mislead (issue 13, points 1 to 4): charts, the events export, canned queries.

The database is tests/sample_publish_db.py's plus the traps of tests/sample_figures_db.py.
"""

import csv
import io
import re
import sqlite3
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from crackdown.cli import cli
from datasette_plugins.app import load_metadata, make_datasette
from sample_figures_db import build_figures_db

NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    return build_figures_db(tmp_path_factory.mktemp("figures") / "crackdown.db")


@pytest.fixture(scope="module")
def ds(figures):
    return make_datasette(figures[0])


async def _svg(ds, url):
    response = await ds.client.get(url)
    assert response.status_code == 200, response.text
    return ElementTree.fromstring(response.text)


def _bars(root):
    return {g.find(f"{NS}text").text: g.find(f"{NS}rect/{NS}title").text for g in root.iter(f"{NS}g")}


def _title(root):
    return root.find(f"{NS}title").text


# 1. Every chart follows every filter it offers, and says what it counts.

async def test_every_chart_follows_the_country_filter(ds):
    months = await _svg(ds, "/-/crackdown/charts/per_month.svg?country=us")
    assert _bars(months) == {"2023-05": "2023-05: 1 articles", "2023-08": "2023-08: 1 articles",
                             "2023-10": "2023-10: 1 articles"}
    assert _title(months) == "Relevant articles per month · action in US"
    usd = await _svg(ds, "/-/crackdown/charts/usd_by_role_year.svg?country=US")
    assert set(_bars(usd)) == {"2023 · loss", "2023 · penalty"}  # not the 2024 sums of FR and TH
    assert "action in US" in _title(usd)
    charges = await _svg(ds, "/-/crackdown/charts/top_charges.svg?country=GH")
    assert _bars(charges) == {"fraud": "fraud: 1 articles"}  # Ghana's arrests, not Nigeria's or Kenya's
    assert "action in GH" in _title(charges)
    nigeria = await _svg(ds, "/-/crackdown/charts/per_month.svg?country=NG")
    assert _bars(nigeria) == {"2024-06": "2024-06: 1 articles"}  # the Abuja release only, not the Ghana one naming NG


async def test_every_chart_follows_the_year_and_relevance_filters(ds):
    months = _bars(await _svg(ds, "/-/crackdown/charts/per_month.svg?year=2023"))
    assert set(months) == {"2023-05", "2023-08", "2023-10", "2023-11"}
    usd = _bars(await _svg(ds, "/-/crackdown/charts/usd_by_role_year.svg?year=2024"))
    assert set(usd) == {"2024 · seized", "2024 · loss"}
    charges = _bars(await _svg(ds, "/-/crackdown/charts/top_charges.svg?year=2023"))
    assert charges["fraud"] == "fraud: 3 articles"  # the romance fraud, the execution, the liens: not the warning
    everything = await _svg(ds, "/-/crackdown/charts/top_charges.svg?year=2023&articles=all")
    assert _bars(everything)["fraud"] == "fraud: 4 articles" and _title(everything).startswith("Top charges (all articles)")
    months_all = _bars(await _svg(ds, "/-/crackdown/charts/per_month.svg?articles=all"))
    assert "2023-09" in months_all and "2023-09" not in _bars(await _svg(ds, "/-/crackdown/charts/per_month.svg"))


async def test_the_charts_page_offers_the_filters_and_passes_them_to_every_chart(ds):
    html = (await ds.client.get("/-/crackdown/charts?country=gh&year=2024&articles=all")).text
    assert 'name="year"' in html and 'name="articles"' in html and 'value="GH"' in html
    assert len(re.findall(r"<title>[^<]* · action in GH · published 2024</title>", html)) == 3
    assert "naming" not in html


# 2. The USD chart: relevant articles, per role, without statutory; a dominating sum is an outlier.

async def test_usd_chart_leaves_out_statutory_bail_and_not_relevant_sums(ds):
    bars = _bars(await _svg(ds, "/-/crackdown/charts/usd_by_role_year.svg"))
    assert not any(label.endswith(("statutory", "other")) for label in bars)
    # 4.5M romance fraud + 11M telecom fraud + 375k theft; not the $90M of the warning, not the liens
    assert bars["2023 · loss"] == "2023 · loss: 15.9M USD + 1 outlier"
    everything = _bars(await _svg(ds, "/-/crackdown/charts/usd_by_role_year.svg?articles=all"))
    assert everything["2023 · loss"] == "2023 · loss: 105.9M USD + 1 outlier"


async def test_a_dominating_sum_is_an_outlier_linked_to_its_article(ds, figures):
    root = await _svg(ds, "/-/crackdown/charts/usd_by_role_year.svg")
    links = root.findall(f"{NS}a")
    assert len(links) == 1
    assert links[0].get("href") == f"/-/article/{figures[1]['liens']}"
    assert "1003.7B" in links[0].find(f"{NS}text").text
    widths = {g.find(f"{NS}text").text: int(g.find(f"{NS}rect").get("width")) for g in root.iter(f"{NS}g")}
    # the scale is the real sums': the 1.2M penalty is a readable bar next to the 15.9M losses
    assert widths["2023 · loss"] == 420 and widths["2023 · penalty"] >= 30


def test_outlier_rule():
    from datasette_plugins.charts import split_outliers

    bars = [{"total": 1e12 + 5e6, "top": 1e12}, {"total": 3e6, "top": 2e6}, {"total": 1e6, "top": 1e6},
            {"total": 2e6, "top": 1e6}]
    assert [b["outlier"] for b in split_outliers(bars)] == [True, False, False, False]
    # a large sum among many smaller ones that make most of its bar is not an outlier
    assert not split_outliers([{"total": 5e9, "top": 1e9}, {"total": 1e6, "top": 1e6}, {"total": 1e6, "top": 1e6}])[0]["outlier"]
    # two bars are too few to judge
    assert not any(b["outlier"] for b in split_outliers([{"total": 1e12, "top": 1e12}, {"total": 1e6, "top": 1e6}]))


# 3. The events view and CSV: the largest sum per role, named so; no max_usd over every role.

def test_events_give_the_largest_sum_per_role(figures):
    conn = sqlite3.connect(figures[0])
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute("select * from events where article_id = ?", [figures[1]["bail"]]).fetchone())
    conn.close()
    assert "max_usd" not in row
    assert row["largest_loss_usd"] == 375_000  # not the $1,000,000 bail, not the statutory maximum
    assert row["largest_proceeds_usd"] is None and row["largest_seized_usd"] is None and row["largest_penalty_usd"] is None


def test_events_csv_has_the_per_role_columns(figures, tmp_path):
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "--out", str(out), "--db", str(figures[0])])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    header = set(rows[0])
    assert {"largest_loss_usd", "largest_proceeds_usd", "largest_seized_usd", "largest_penalty_usd",
            "action_country", "action_country_basis"} <= header and "max_usd" not in header
    bail = next(r for r in rows if r["article_id"] == str(figures[1]["bail"]))
    assert bail["largest_loss_usd"] == "375000.0"


# 4. Per-country figures: one country per article (where the action took place), relevant articles only.

async def _canned(ds, name, **params):
    response = await ds.client.get(f"/crackdown/{name}.json", params={**params, "_shape": "array"})
    assert response.status_code == 200, response.text
    return response.json()


async def test_arrests_go_to_the_country_of_the_action_and_relevant_articles_only(ds):
    rows = await _canned(ds, "arrests_sentences_by_country_year")
    assert {(r["year"], r["country"], r["arrested"], r["sentenced"]) for r in rows} == {
        ("2024", "GH", 14, None),  # not also under NG and KE, named further on
        ("2024", "NG", 7, None),  # the dateline: the arrest sentence names no country
        ("2024", "FR", 5, None),
        ("2024", "TH", 12, None),  # the agency's country
        ("2023", "US", None, 3),
    }  # the speech's 90 arrests (not relevant, six countries) are nowhere
    assert [r["arrested"] for r in await _canned(ds, "arrests_sentences_by_country_year", country="ke")] == []
    everything = await _canned(ds, "arrests_sentences_by_country_year", include_not_relevant="1")
    assert [(r["country"], r["arrested"]) for r in everything if r["arrested"] == 90] == [(None, 90)]


def test_action_country_says_which_rule_decided(figures):
    conn = sqlite3.connect(figures[0])
    got = dict(conn.execute("select article_id, action_country || ' ' || action_country_basis from events").fetchall())
    summary = dict(conn.execute("select article_id, coalesce(country, '') || ' ' || basis from summary_action_country"))
    conn.close()
    ids = figures[1]
    assert got[ids["ghana"]] == "GH action" and got[ids["abuja"]] == "NG lead" and got[ids["bail"]] == "US agency"
    assert got[ids["speech"]] is None and summary[ids["speech"]] == " none"
    assert {k: v for k, v in summary.items() if k != ids["speech"]} == {k: v for k, v in got.items() if v is not None}


CHECKS = [
    # every canned query that counts or lists: relevant articles only by default, one country per article
    ("crackdowns_per_month_country", {}, lambda rows: [(r["month"], r["country"]) for r in rows if r["month"] == "2024-06"]
     == [("2024-06", "GH"), ("2024-06", "NG")]),
    ("charges_together", {}, lambda rows: rows[0] == {"charge_a": "fraud", "charge_b": "money_laundering", "articles": 2}),
    ("charges_together", {"include_not_relevant": "1"}, lambda rows: rows[0]["articles"] == 3),
    ("top_charges_by_year", {"year": "2023"}, lambda rows: rows[0] == {"year": "2023", "charge": "fraud", "articles": 3}),
    ("top_charges_by_year", {"year": "2024", "country": "gh"}, lambda rows: [r["articles"] for r in rows] == [1]),
    ("amounts_by_currency_role", {"year": "2023"}, lambda rows: {(r["currency"], r["role"]): r["amounts"] for r in rows}
     == {("USD", "loss"): 3, ("USD", "penalty"): 1, ("USD", "other"): 1, ("USD", "statutory"): 1, ("CNY", "loss"): 1}),
    ("amounts_by_currency_role", {"year": "2023", "include_not_relevant": "1"},
     lambda rows: {(r["currency"], r["role"]): r["amounts"] for r in rows}[("USD", "loss")] == 4),
    ("executions", {}, lambda rows: [(r["article_id"], r["action_country"]) for r in rows] == [(4, "TH")]),
    ("new_since", {"since": "2000-01-01"}, lambda rows: "max_usd" not in rows[0] and "largest_loss_usd" in rows[0]),
]


@pytest.mark.parametrize("name,params,check", CHECKS, ids=[f"{c[0]}-{i}" for i, c in enumerate(CHECKS)])
async def test_canned_queries_count_relevant_articles_under_one_country(ds, name, params, check):
    rows = await _canned(ds, name, **params)
    assert check(rows), rows


async def test_every_canned_query_runs_with_include_not_relevant(ds):
    queries = load_metadata("crackdown.db")["databases"]["crackdown"]["queries"]
    with_param = [name for name, q in queries.items() if "include_not_relevant" in (q.get("params") or [])]
    assert len(with_param) >= 7
    for name in with_param:
        await _canned(ds, name, include_not_relevant="1")
