"""Charts drawn on the server as SVG: no JavaScript, no CDN, testable as text.

``/-/crackdown/charts`` shows three bar charts (articles per month, sums in USD by year and
role, top charges); ``/-/crackdown/charts/<name>.svg`` serves one alone. Every chart follows
every filter the page offers:

- ``?country=XX``: articles whose action took place in that country (``summary_action_country``:
  each article counts once, under one country, never under every country it names);
- ``?year=YYYY``: articles published that year;
- ``?articles=all``: every article; by default only the relevant ones count.

The USD chart sums the roles loss, proceeds, seized and penalty (statutory maxima, bail and other
sums are left out). A single sum that dominates its bar (half of it or more, and more than
:data:`OUTLIER_FACTOR` times the median of the other bars) is taken out of the bar and listed
under the chart with a link to its article, so one mis-read figure cannot flatten the rest.

Charts read the summary tables of ``db.publish``; on a database not published yet they compute the
same tables on the fly (the summaries' own SQL as common table expressions), so both agree.
"""

from __future__ import annotations

import re
import statistics

import markupsafe
from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

from datasette_plugins.crackdown_db import crackdown_database, fetch_dicts, table_names
from db.publish import ACTION_TABLE, AMOUNT_ROLES, PUBLISHED_TABLE, SUMMARIES

FILTERS = """(:country = '' or country = :country)
              and (:all != '' or relevant = 1)"""

CHARTS = {
    "per_month": {
        "title": "{articles} per month",
        "summaries": [ACTION_TABLE, "summary_articles_by_month"],
        "sql": f"""
            select month as label, sum(articles) as value from summary_articles_by_month
            where {FILTERS} and (:year = '' or substr(month, 1, 4) = :year)
            group by month order by month desc limit 36""",
        "unit": "articles",
    },
    "usd_by_role_year": {
        "title": "Sums stated in {articles_lower}, in US dollars, by year and role",
        "subtitle": "Roles loss, proceeds, seized, penalty; statutory maxima, bail and other sums left out.",
        "summaries": [ACTION_TABLE, "summary_amounts_by_year"],
        "sql": f"""
            select year, role, total_usd, max_usd, max_usd_article_id from summary_amounts_by_year
            where {FILTERS} and (:year = '' or year = :year)
              and total_usd is not null and year is not null
              and role in ({", ".join(f"'{r}'" for r in AMOUNT_ROLES)})""",
        "unit": "USD",
    },
    "top_charges": {
        "title": "Top charges ({articles_lower})",
        "summaries": [ACTION_TABLE, "summary_charges_by_year"],
        "sql": f"""
            select charge as label, sum(articles) as value from summary_charges_by_year
            where {FILTERS} and (:year = '' or year = :year)
            group by charge order by value desc, charge limit 15""",
        "unit": "articles",
    },
}

BAR_HEIGHT = 18
LABEL_WIDTH = 150
BAR_WIDTH = 420
VALUE_WIDTH = 150
OUTLIER_FACTOR = 20  # a sum above 20x the median of the other bars (and half its own bar or more) is an outlier
USD_BARS = 40


def _format(value: float) -> str:
    if value >= 1e9:
        return f"{value / 1e9:.1f}B"
    if value >= 1e6:
        return f"{value / 1e6:.1f}M"
    if value >= 1e4:
        return f"{value / 1e3:.0f}k"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def bar_chart(title: str, rows: list[tuple], unit: str = "", subtitle: str = "",
              notes: list[tuple[str, str]] = ()) -> str:
    """A horizontal bar chart as a standalone SVG string; every label is escaped.

    ``rows`` are ``(label, value)`` or ``(label, value, remark)`` (the remark follows the value);
    ``notes`` are ``(text, href)`` lines under the bars, each a link.
    """
    esc = markupsafe.escape
    top_y = 30 + (16 if subtitle else 0)
    height = top_y + BAR_HEIGHT * max(len(rows), 1) + 10 + 18 * len(notes)
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    top = max((row[1] for row in rows), default=0) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
        f'<text x="0" y="16" font-weight="bold">{esc(title)}</text>',
    ]
    if subtitle:
        out.append(f'<text x="0" y="32" font-size="12" class="subtitle">{esc(subtitle)}</text>')
    if not rows:
        out.append(f'<text x="0" y="{top_y + 10}">No data yet.</text>')
    for i, row in enumerate(rows):
        label, value = row[0], row[1]
        remark = f" {row[2]}" if len(row) > 2 and row[2] else ""
        y = top_y + i * BAR_HEIGHT
        w = max(1, round(BAR_WIDTH * value / top))
        out.append(
            f'<g class="bar"><text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{esc(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{w}" height="{BAR_HEIGHT - 4}" fill="#4a78b0">'
            f"<title>{esc(label)}: {esc(_format(value))} {esc(unit)}{esc(remark)}</title></rect>"
            f'<text x="{LABEL_WIDTH + w + 4}" y="{y + 13}">{esc(_format(value))}{esc(remark)}</text></g>'
        )
    base = top_y + BAR_HEIGHT * max(len(rows), 1) + 10
    for i, (text, href) in enumerate(notes):
        out.append(f'<a class="outlier" href="{esc(href)}"><text x="0" y="{base + 14 + 18 * i}" fill="#a33">'
                   f"{esc(text)}</text></a>")
    out.append("</svg>")
    return "".join(out)


def split_outliers(bars: list[dict]) -> list[dict]:
    """Mark the bars whose largest single sum dominates them; ``bars`` have total, top, article_id.

    A sum is an outlier when it makes half of its bar or more and exceeds :data:`OUTLIER_FACTOR`
    times the median of the other bars' totals (at least two other bars are needed to judge).
    Its bar then shows the total without it.
    """
    for bar in bars:
        others = [b["total"] for b in bars if b is not bar]
        bar["outlier"] = (
            len(others) >= 2 and bar["top"] is not None and bar["top"] >= bar["total"] / 2
            and bar["top"] > OUTLIER_FACTOR * statistics.median(others)
        )
    return bars


def _sql(chart: dict, tables: set[str]) -> str | None:
    """The chart's SQL over the summary tables, or over the same tables computed on the fly."""
    if set(chart["summaries"]) <= tables:
        return chart["sql"]
    if not all(SUMMARIES[name][0] <= tables for name in chart["summaries"]):
        return None
    ctes = ", ".join(f"[{name}] as ({SUMMARIES[name][1]})" for name in chart["summaries"])
    return f"with {ctes} {chart['sql']}"


def read_filters(request) -> dict:
    country = (request.args.get("country") or "").strip()[:2].upper()
    year = (request.args.get("year") or "").strip()[:4]
    return {
        "country": country if re.fullmatch(r"[A-Z]{2}", country) else "",
        "year": year if re.fullmatch(r"\d{4}", year) else "",
        "all": "1" if request.args.get("articles") == "all" else "",
    }


def _describe(filters: dict) -> str:
    parts = []
    if filters["country"]:
        parts.append(f"action in {filters['country']}")
    if filters["year"]:
        parts.append(f"published {filters['year']}")
    return "".join(f" · {p}" for p in parts)


async def _chart_svg(datasette, db, name: str, filters: dict) -> str:
    chart = CHARTS[name]
    articles = "All articles" if filters["all"] else "Relevant articles"
    title = chart["title"].format(articles=articles, articles_lower=articles.lower()) + _describe(filters)
    subtitle = chart.get("subtitle", "")
    # The summary tables written by db.publish answer in milliseconds at a million articles.
    sql = _sql(chart, await table_names(db))
    if sql is None:
        return bar_chart(title, [], chart["unit"], subtitle)
    rows = await fetch_dicts(db, sql, filters)
    if name == "usd_by_role_year":
        return await _usd_chart(datasette, db, rows, title, subtitle)
    data = [(str(r["label"]), float(r["value"] or 0)) for r in rows]
    if name == "per_month":
        data.reverse()  # oldest first reads as a time line
    return bar_chart(title, data, chart["unit"], subtitle)


async def _usd_chart(datasette, db, rows: list[dict], title: str, subtitle: str) -> str:
    bars: dict[tuple[str, str], dict] = {}
    for r in rows:
        bar = bars.setdefault((str(r["year"]), r["role"]), {"total": 0.0, "top": None, "article_id": None})
        bar["total"] += r["total_usd"] or 0
        if r["max_usd"] is not None and (
            bar["top"] is None or (r["max_usd"], -(r["max_usd_article_id"] or 0)) > (bar["top"], -(bar["article_id"] or 0))
        ):
            bar["top"], bar["article_id"] = r["max_usd"], r["max_usd_article_id"]
    # years newest first, the largest bar first within a year
    ordered = sorted(bars.items(), key=lambda kv: (kv[0][0], kv[1]["total"], kv[0][1]), reverse=True)[:USD_BARS]
    split_outliers([bar for _, bar in ordered])
    data, notes = [], []
    for (year, role), bar in ordered:
        label = f"{year} · {role}"
        if bar["outlier"]:
            data.append((label, bar["total"] - bar["top"], "+ 1 outlier"))
            notes.append((f"Outlier left out of {label}: one sum of {_format(bar['top'])} USD, "
                          f"article {bar['article_id']} (check it)",
                          datasette.urls.path(f"/-/article/{bar['article_id']}")))
        else:
            data.append((label, bar["total"]))
    return bar_chart(title, data, "USD", subtitle, notes)


async def charts_page(datasette, request):
    db = await crackdown_database(datasette, request)
    filters = read_filters(request)
    svgs = [markupsafe.Markup(await _chart_svg(datasette, db, name, filters)) for name in CHARTS]
    published = None
    if PUBLISHED_TABLE in await table_names(db):
        rows = await fetch_dicts(db, f"select published_at, articles from [{PUBLISHED_TABLE}] limit 1", {})
        published = rows[0] if rows else None
    return Response.html(
        await datasette.render_template(
            "crackdown_charts.html",
            {"charts": svgs, "country": filters["country"], "year": filters["year"], "all_articles": filters["all"],
             "database": db.name, "published": published},
            request=request,
            view_name="crackdown_charts",
        )
    )


async def chart_svg(datasette, request):
    db = await crackdown_database(datasette, request)
    name = request.url_vars["name"]
    if name not in CHARTS:
        raise NotFound(f"no chart {name}")
    return Response(await _chart_svg(datasette, db, name, read_filters(request)),
                    content_type="image/svg+xml; charset=utf-8",
                    headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})


@hookimpl
def register_routes():
    return [
        (r"^/-/crackdown/charts$", charts_page),
        (r"^/-/crackdown/charts/(?P<name>[a-z_]+)\.svg$", chart_svg),
    ]


@hookimpl
def menu_links(datasette):
    return [
        {"href": datasette.urls.path("/-/crackdown/charts"), "label": "Charts"},
        {"href": datasette.urls.path("/-/crackdown/feed.atom"), "label": "Atom feed of new articles"},
    ]
