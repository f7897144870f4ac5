"""Charts drawn on the server as SVG: no JavaScript, no CDN, testable as text.

``/-/crackdown/charts`` shows three bar charts (relevant articles per month, sums in USD
by role and year, top charges); ``/-/crackdown/charts/<name>.svg`` serves one alone.
``?country=XX`` narrows the monthly chart to articles naming one country.
"""

from __future__ import annotations

import markupsafe
from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

from datasette_plugins.crackdown_db import crackdown_database, fetch_dicts, table_names
from db.publish import PUBLISHED_TABLE

CHARTS = {
    "per_month": {
        "title": "Relevant articles per month",
        "needs": {"articles", "relevance", "countries"},
        "sql": """
            select substr(a.published, 1, 7) as label, count(distinct a.id) as value
            from articles a join relevance r on r.article_id = a.id and r.relevant = 1
            where a.published is not null
              and (:country = '' or a.id in (select article_id from countries where country = upper(:country)))
            group by label order by label desc limit 36""",
        "fast_needs": {"summary_relevant_by_month", "summary_crackdowns_by_month"},
        "fast_sql": """
            select month as label, articles as value from summary_relevant_by_month where :country = ''
            union all
            select month, articles from summary_crackdowns_by_month
            where :country != '' and country = upper(:country)
            order by label desc limit 36""",
        "unit": "articles",
    },
    "usd_by_role_year": {
        "title": "Sums stated, in US dollars, by year and role",
        "needs": {"articles", "amounts"},
        "sql": """
            select substr(a.published, 1, 4) || ' · ' || m.role as label, sum(m.usd) as value
            from amounts m join articles a on a.id = m.article_id
            where m.usd is not null and a.published is not null
            group by substr(a.published, 1, 4), m.role order by substr(a.published, 1, 4) desc, value desc limit 40""",
        "fast_needs": {"summary_amounts_by_year"},
        "fast_sql": """
            select year || ' · ' || role as label, sum(total_usd) as value from summary_amounts_by_year
            where total_usd is not null and year is not null
            group by year, role order by year desc, value desc limit 40""",
        "unit": "USD",
    },
    "top_charges": {
        "title": "Top charges (articles)",
        "needs": {"charges"},
        "sql": """
            select charge as label, count(distinct article_id) as value from charges
            group by charge order by value desc, charge limit 15""",
        "fast_needs": {"summary_charges_by_year"},
        "fast_sql": """
            select charge as label, sum(articles) as value from summary_charges_by_year
            group by charge order by value desc, charge limit 15""",
        "unit": "articles",
    },
}

BAR_HEIGHT = 18
LABEL_WIDTH = 150
BAR_WIDTH = 420
VALUE_WIDTH = 110


def _format(value: float) -> str:
    if value >= 1e9:
        return f"{value / 1e9:.1f}B"
    if value >= 1e6:
        return f"{value / 1e6:.1f}M"
    if value >= 1e4:
        return f"{value / 1e3:.0f}k"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def bar_chart(title: str, rows: list[tuple[str, float]], unit: str = "") -> str:
    """A horizontal bar chart as a standalone SVG string; every label is escaped."""
    esc = markupsafe.escape
    height = 30 + BAR_HEIGHT * max(len(rows), 1) + 10
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    top = max((v for _, v in rows), default=0) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
        f'<text x="0" y="16" font-weight="bold">{esc(title)}</text>',
    ]
    if not rows:
        out.append('<text x="0" y="40">No data yet.</text>')
    for i, (label, value) in enumerate(rows):
        y = 30 + i * BAR_HEIGHT
        w = max(1, round(BAR_WIDTH * value / top))
        out.append(
            f'<g class="bar"><text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{esc(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{w}" height="{BAR_HEIGHT - 4}" fill="#4a78b0">'
            f"<title>{esc(label)}: {esc(_format(value))} {esc(unit)}</title></rect>"
            f'<text x="{LABEL_WIDTH + w + 4}" y="{y + 13}">{esc(_format(value))}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


async def _chart_svg(db, name: str, country: str) -> str:
    chart = CHARTS[name]
    tables = await table_names(db)
    # The summary tables written by db.publish answer in milliseconds at a million articles;
    # the plain queries serve a database that has not been published yet.
    sql = chart["fast_sql"] if chart["fast_needs"] <= tables else chart["sql"] if chart["needs"] <= tables else None
    if sql is None:
        return bar_chart(chart["title"], [], chart["unit"])
    rows = await fetch_dicts(db, sql, {"country": country} if ":country" in sql else {})
    data = [(str(r["label"]), float(r["value"] or 0)) for r in rows]
    if name == "per_month":
        data.reverse()  # oldest first reads as a time line
    return bar_chart(chart["title"] + (f" naming {country.upper()}" if country else ""), data, chart["unit"])


async def charts_page(datasette, request):
    db = await crackdown_database(datasette, request)
    country = (request.args.get("country") or "").strip()[:2]
    svgs = [markupsafe.Markup(await _chart_svg(db, name, country)) for name in CHARTS]
    published = None
    if PUBLISHED_TABLE in await table_names(db):
        rows = await fetch_dicts(db, f"select published_at, articles from [{PUBLISHED_TABLE}] limit 1", {})
        published = rows[0] if rows else None
    return Response.html(
        await datasette.render_template(
            "crackdown_charts.html",
            {"charts": svgs, "country": country, "database": db.name, "published": published},
            request=request,
            view_name="crackdown_charts",
        )
    )


async def chart_svg(datasette, request):
    db = await crackdown_database(datasette, request)
    name = request.url_vars["name"]
    if name not in CHARTS:
        raise NotFound(f"no chart {name}")
    country = (request.args.get("country") or "").strip()[:2]
    return Response(await _chart_svg(db, name, country), content_type="image/svg+xml; charset=utf-8",
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
