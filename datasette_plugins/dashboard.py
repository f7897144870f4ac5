"""The "Crackdowns" dashboard of datasette-dashboards (``/-/dashboards/crackdowns``).

datasette-dashboards adds a "Dashboards" menu item; unconfigured, it led to "No dashboards
found". This module writes its configuration for the served database (the charts name the
database, whose name is its file's stem, so it cannot be fixed in ``metadata.yml``): key
figures, articles per month, top charges and a map of the places named, all narrowed by
the filters country (where the action took place, the rule every per-country figure
follows), year and charge, and all counting relevant articles only, like the charts page.
Queries run when the page is viewed (``sql_time_limit_ms`` bounds them); the vega and
leaflet scripts ship with the plugins, nothing is loaded from elsewhere but map tiles.
``static/dashboard.js`` shows the world, not a script error, when the filters select no place.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from db.publish import ACTION_TABLE

PLUGIN = "datasette-dashboards"
SLUG = "crackdowns"

# The selected articles: relevant, narrowed by each filter given ([[ ]] drops a clause whose filter is empty).
SELECTION = f"""with sel as (
  select a.id as article_id, a.published as published
  from articles a
  join relevance r on r.article_id = a.id and r.relevant = 1
  join {ACTION_TABLE} ac on ac.article_id = a.id
  where 1 = 1
  [[ and ac.country = :country ]]
  [[ and a.year = :year ]]
  [[ and exists (select 1 from charges c where c.article_id = a.id and c.charge = :charge) ]]
)
"""


def _escaped(column: str) -> str:
    """SQL that HTML-escapes a text column: the plugin's map popup writes values as HTML."""
    return f"replace(replace(replace({column}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


def _count(action: str) -> str:
    return (SELECTION + "select coalesce(sum(n), 0) as n from (select max(c.n) as n from counts c "
            f"join sel on sel.article_id = c.article_id where c.action = '{action}' group by c.article_id)")


def dashboard_config(db_name: str, base_url: str = "/") -> dict[str, Any]:
    """The plugin's configuration: one dashboard, its filters and charts reading ``db_name``."""
    prefix = base_url.rstrip("/")

    def metric(title: str, sql: str, suffix: str = "") -> dict[str, Any]:
        return {"title": title, "db": db_name, "query": sql, "library": "metric",
                "display": {"field": "n", "prefix": "", "suffix": suffix}}

    intro = (
        "Relevant articles only (those reporting a crackdown), each counted under the one country where its "
        "action took place (the events view's `action_country`). **Country** narrows by that country, **year** "
        "by the year of publication, **charge** to articles naming the charge. Arrests and sentences add each "
        "article's largest stated number. Before citing a figure, read "
        f"[how to cite and caveats]({prefix}/-/cite); sums of money, with outliers taken out, are on the "
        f"[charts page]({prefix}/-/crackdown/charts)."
    )
    return {
        SLUG: {
            "title": "Crackdowns",
            "description": "Crackdowns on fraud and cybercrime reported by the sources: key figures, trends, "
                           "charges and places, narrowed by country, year and charge.",
            "layout": [
                ["intro", "intro", "intro", "intro"],
                ["articles", "arrested", "sentenced", "countries"],
                ["per_month", "per_month", "charges", "charges"],
                ["map", "map", "map", "map"],
            ],
            "filters": {
                "country": {"name": "Country (of the action)", "type": "select", "db": db_name,
                            "query": f"select distinct country from {ACTION_TABLE} where country is not null "
                                     "order by country"},
                "year": {"name": "Year", "type": "select", "db": db_name,
                         "query": "select distinct year from articles where year is not null order by year desc"},
                "charge": {"name": "Charge", "type": "select", "db": db_name,
                           "query": "select distinct charge from charges order by charge"},
            },
            "charts": {
                "intro": {"library": "markdown", "display": intro},
                "articles": metric("Relevant articles", SELECTION + "select count(*) as n from sel"),
                "arrested": metric("People arrested", _count("arrested")),
                "sentenced": metric("People sentenced", _count("sentenced")),
                "countries": metric("Countries of action", SELECTION + f"select count(distinct ac.country) as n "
                                    f"from sel join {ACTION_TABLE} ac on ac.article_id = sel.article_id"),
                "per_month": {
                    "title": "Articles per month", "db": db_name, "library": "vega-lite",
                    "query": SELECTION + "select substr(published, 1, 7) as month, count(*) as articles from sel "
                                         "where published is not null group by month order by month",
                    "display": {
                        "mark": {"type": "bar", "tooltip": True},
                        "encoding": {
                            "x": {"field": "month", "type": "ordinal", "title": "month"},
                            "y": {"field": "articles", "type": "quantitative", "title": "articles"},
                        },
                    },
                },
                "charges": {
                    "title": "Top charges", "db": db_name, "library": "vega-lite",
                    "query": SELECTION + "select c.charge as charge, count(distinct c.article_id) as articles "
                                         "from charges c join sel on sel.article_id = c.article_id "
                                         "group by c.charge order by articles desc, charge limit 12",
                    "display": {
                        "mark": {"type": "bar", "tooltip": True},
                        "encoding": {
                            "y": {"field": "charge", "type": "nominal", "sort": "-x", "title": None},
                            "x": {"field": "articles", "type": "quantitative", "title": "articles"},
                        },
                    },
                },
                "map": {
                    "title": "Places named in these articles", "db": db_name, "library": "map",
                    "query": SELECTION + f"select {_escaped('p.name')} as place, p.country as country, "
                             "count(distinct p.article_id) as articles, p.latitude as latitude, "
                             "p.longitude as longitude from places p join sel on sel.article_id = p.article_id "
                             "where p.latitude is not null and p.longitude is not null "
                             "group by p.name, p.country, p.latitude, p.longitude order by articles desc, place "
                             "limit 1000",
                },
            },
        }
    }


@hookimpl
def extra_js_urls(template, datasette):
    if template != "dashboard_view.html":
        return []
    return [datasette.urls.path("/crackdown-static/dashboard.js")]
