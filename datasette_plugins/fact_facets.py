"""Facets on the articles page for what an article says, not just its columns: country, charge, event type...

An article has many countries and charges, so Datasette's column facets cannot offer them, and
its ``array`` facet reads every row's JSON (seconds at a million articles). This plugin adds a
``fact`` facet type backed by the publish step's facet index (``db.facet_index``):

- ``?_facet_fact=country`` (or ``{fact: country}`` in metadata) lists the countries of the
  articles on the page with how many articles name each;
- ``?_fact_country=KH`` keeps the articles that name Cambodia (several ``_fact_`` arguments
  narrow further: an article must have every value chosen);
- article columns (source, lang, year, date_source) can be ``fact`` facets too: their values
  toggle Datasette's own column filters (``?year=2021``), and their counts come from the same
  one pass over the filtered articles' (article, value) pairs, which is what keeps a page of
  100,000 matching articles answering in a few hundred milliseconds. The unfiltered page
  reads the counts the index stores.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.filters import FilterArguments
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args
from datasette.utils.asgi import BadRequest

from db.facet_index import COLUMN_FACETS, FACETS, PAIRS_TABLE, VALUES_TABLE

TYPE = "fact"
PARAM = "_fact_"
SCOPE_KEY = "crackdown_fact_filter"  # (clause, subquery, params) of a request's fact filters, for the facet pass
# tables the facets apply to -> the column holding the article id
TABLES = {"articles": "id", "events": "article_id"}
RELEVANT_LABELS = {"1": "1 (reports a crackdown)", "0": "0 (does not)"}


def _country_name(code: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if not country:
        return code
    return f"{getattr(country, 'common_name', None) or country.name} ({code})"


def chosen(request) -> list[tuple[str, str]]:
    """The ``_fact_<facet>=<value>`` pairs of a request, in order."""
    return [
        (key[len(PARAM):], value)
        for key in request.args
        if key.startswith(PARAM)
        for value in request.args.getlist(key)
    ]


async def has_index(datasette, database: str) -> bool:
    db = datasette.get_database(database)
    return await db.table_exists(PAIRS_TABLE) and await db.table_exists(VALUES_TABLE)


async def resolve(db, pairs: list[tuple[str, str]]) -> list[int] | None:
    """Value ids of the chosen (facet, value) pairs, rarest first; None when one of them has no article."""
    marks = " or ".join(f"(facet = :f{i} and value = :v{i})" for i in range(len(pairs)))
    params = {k: v for i, (facet, value) in enumerate(pairs) for k, v in ((f"f{i}", facet), (f"v{i}", value))}
    rows = (await db.execute(f"select facet, value, id, articles from [{VALUES_TABLE}] where {marks}", params)).rows
    found = {(r[0], r[1]): (r[3], r[2]) for r in rows}
    if any(pair not in found for pair in pairs):
        return None
    return [value_id for _, value_id in sorted(set(found.values()))]


def articles_with(value_ids: list[int]) -> tuple[str, dict[str, int]]:
    """SELECT of the ids of articles having every value: the rarest value's articles, each checked
    against the others through the (article_id, value_id) key, so the work follows the smallest set."""
    params = {f"fact_v{i}": v for i, v in enumerate(value_ids)}
    checks = "".join(
        f" and exists (select 1 from [{PAIRS_TABLE}] f{i} where f{i}.article_id = f0.article_id"
        f" and f{i}.value_id = :fact_v{i})"
        for i in range(1, len(value_ids))
    )
    return f"select f0.article_id from [{PAIRS_TABLE}] f0 where f0.value_id = :fact_v0{checks}", params


@hookimpl
def register_facet_classes():
    return [FactFacet]


@hookimpl
def filters_from_request(request, database, table, datasette):
    async def inner():
        pairs = chosen(request)
        if not pairs:
            return None
        if table not in TABLES:
            raise BadRequest(f"{PARAM}<facet>= filters apply to {', '.join(TABLES)} only, not {table}")
        for facet, _ in pairs:
            if facet not in FACETS or facet in COLUMN_FACETS:
                known = ", ".join(f for f in FACETS if f not in COLUMN_FACETS)
                hint = f" (filter the column itself: ?{facet}=...)" if facet in COLUMN_FACETS else ""
                raise BadRequest(f"unknown fact facet {facet!r}{hint}; known: {known}")
        if not await has_index(datasette, database):
            raise BadRequest(f"{database} has no facet index yet: run `crackdown publish` on it")
        selected = await resolve(datasette.get_database(database), pairs)
        descriptions = [f'{facet} has "{value}"' for facet, value in pairs]
        if selected is None:  # a value no article has
            return FilterArguments(["0"], human_descriptions=descriptions)
        subquery, params = articles_with(selected)
        clause = f"{escape_sqlite(TABLES[table])} in ({subquery})"
        request.scope[SCOPE_KEY] = (clause, subquery, params)
        return FilterArguments([clause], params=params, human_descriptions=descriptions)

    return inner


class FactFacet(Facet):
    """Counts articles per facet value from the facet index, in one query for every facet shown."""

    type = TYPE

    async def suggest(self):
        return []

    def _unfiltered(self) -> bool:
        return not self.params and self.sql.rstrip().endswith(f"from {escape_sqlite(self.table)}")

    def _names(self) -> list[tuple[str, str]]:
        out: dict[str, str] = {}
        for item in self.get_configs():
            config = item["config"]
            name = config.get("facet") or config.get("simple")
            if name in FACETS and name not in out:
                out[name] = item["source"]
        return list(out.items())

    async def _counts(self, names: list[str]) -> list[tuple[str, str, int]]:
        marks = ", ".join(f":facet{i}" for i in range(len(names)))
        params = {f"facet{i}": name for i, name in enumerate(names)}
        if self._unfiltered():
            sql = f"select facet, value, articles from [{VALUES_TABLE}] where facet in ({marks})"
        else:
            # CROSS JOIN keeps SQLite's order: the filtered articles first, then their pairs by article id;
            # the unary + stops it from probing the (value_id, article_id) index once per value and article
            fact_filter = self.request.scope.get(SCOPE_KEY)
            if fact_filter and self.sql.rstrip().endswith(f" from {escape_sqlite(self.table)} where {fact_filter[0]}"):
                # only fact filters: their article ids come from the index alone, no article row read
                articles, extra = fact_filter[1], fact_filter[2]
            else:
                articles = f"select {escape_sqlite(TABLES[self.table])} as article_id from ({self.sql})"
                extra = self.params
            sql = f"""
                select v.facet, v.value, c.n from (
                  select f.value_id, count(*) as n
                  from ({articles}) s
                  cross join [{PAIRS_TABLE}] f on f.article_id = s.article_id
                  where +f.value_id in (select id from [{VALUES_TABLE}] where facet in ({marks}))
                  group by f.value_id
                ) c join [{VALUES_TABLE}] v on v.id = c.value_id"""
            params.update(extra)
        # one pass for every facet, so the page's whole facet budget (serve.facet_time_limit_ms) is its limit
        limit = self.ds.setting("facet_time_limit_ms")
        rows = await self.ds.execute(self.database, sql, params, truncate=False, custom_time_limit=limit)
        return [tuple(r) for r in rows.rows]

    async def _labels(self, name: str, values: list[str]) -> dict[str, str]:
        if name == "country":
            return {v: _country_name(v) for v in values}
        if name == "relevant":
            return {v: RELEVANT_LABELS.get(v, v) for v in values}
        if name in COLUMN_FACETS:
            expanded = await self.ds.expand_foreign_keys(self.database, self.table, name, values)
            return {v: expanded[(name, v)] for v in values if (name, v) in expanded}
        return {}

    async def facet_results(self):
        names = self._names()
        if not names or self.table not in TABLES or not await has_index(self.ds, self.database):
            return [], []
        try:
            counts = await self._counts([n for n, _ in names])
        except QueryInterrupted:
            return [], [n for n, _ in names]
        size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        results = []
        for name, source in names:
            rows = sorted(((v, n) for f, v, n in counts if f == name), key=lambda r: (-r[1], r[0]))
            labels = await self._labels(name, [v for v, _ in rows[:size]])
            key = name if name in COLUMN_FACETS else PARAM + name
            values = []
            for value, n in rows[:size]:
                selected = (key, value) in pairs
                change = path_with_removed_args if selected else path_with_added_args
                values.append({
                    "value": value,
                    "label": labels.get(value, value),
                    "count": n,
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(change(self.request, {key: value}))),
                    "selected": selected,
                })
            results.append({
                "name": name,
                "type": "column" if name in COLUMN_FACETS else TYPE,
                "hideable": source != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {f"_facet_{TYPE}": name})),
                "results": values,
                "truncated": len(rows) > size,
            })
        return results, []
