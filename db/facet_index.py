"""Per-article facet values: what lets one articles page be narrowed by country, charge, year... in a click.

An article names several countries, charges and event types, so they cannot be columns of
``articles``; Datasette's own ``array`` facet over JSON columns reads every row and its JSON
(seconds at a million articles). Instead the publish step writes narrow tables:

- ``facet_values``: one row per (facet, value) with the number of articles that have it,
  which is also the answer for the unfiltered articles page;
- ``article_facets``: (article_id, value_id) pairs, keyed both ways, so that a filter reads
  the articles of one value through an index, and facet counts for any filtered set of
  articles are one pass over that set's integer pairs (``datasette_plugins.fact_facets``).

A page narrowed to one common value (``?_fact_relevant=1``, ``?lang=en``: hundreds of
thousands of articles) would need that pass over most of the index, so publish also writes

- ``facet_pairs``: for every value held by at least ``PAIRS_MIN_ARTICLES`` articles, how many
  of its articles have each other value (co-occurrence counts, computed with numpy in a few
  seconds at a million articles); such a page reads its facet counts from there.

Facets come from article columns (source, lang, year, date_source), the source's agency,
relevance, and the distinct values of the fact tables. The tables are rebuilt whole at
every publish (about 42 s at a million articles, 12 s of it the co-occurrence counts), like
the ``summary_*`` tables.
"""

from __future__ import annotations

import sqlite_utils

VALUES_TABLE = "facet_values"
PAIRS_TABLE = "article_facets"
COOCCURRENCE_TABLE = "facet_pairs"
# below this many articles the one-pass count over a page's articles takes < ~100 ms
PAIRS_MIN_ARTICLES = 20_000

# facet -> (tables it reads, SELECT of (value, article_id) rows; NULLs are dropped afterwards)
FACETS: dict[str, tuple[set[str], str]] = {
    "source": ({"articles"}, "SELECT source, id FROM articles"),
    "agency": ({"articles", "sources"}, "SELECT s.agency, a.id FROM articles a JOIN sources s ON s.name = a.source"),
    "lang": ({"articles"}, "SELECT lang, id FROM articles"),
    "year": ({"articles"}, "SELECT CAST(year AS TEXT), id FROM articles"),
    "date_source": ({"articles"}, "SELECT date_source, id FROM articles"),
    "relevant": ({"relevance"}, "SELECT CAST(relevant AS TEXT), article_id FROM relevance"),
    "country": ({"countries"}, "SELECT country, article_id FROM countries"),
    "charge": ({"charges"}, "SELECT charge, article_id FROM charges"),
    "event_type": ({"event_types"}, "SELECT event_type, article_id FROM event_types"),
    "currency": ({"amounts"}, "SELECT currency, article_id FROM amounts"),
    "amount_role": ({"amounts"}, "SELECT role, article_id FROM amounts"),
}
# facets read from a column of articles: the page filters them as Datasette column filters
COLUMN_FACETS = ("source", "lang", "year", "date_source")


def available_facets(db: sqlite_utils.Database) -> list[str]:
    """The facets whose source tables exist (and have the needed columns) in ``db``."""
    tables = set(db.table_names())
    out = []
    for name, (needs, _) in FACETS.items():
        if not needs <= tables:
            continue
        if name in COLUMN_FACETS and name not in db["articles"].columns_dict:
            continue
        out.append(name)
    return out


def build_cooccurrence(db: sqlite_utils.Database, min_articles: int = PAIRS_MIN_ARTICLES) -> int:
    """(Re)build ``facet_pairs`` for the values held by ``min_articles`` or more; returns its rows."""
    import numpy as np

    db.execute(f"DROP TABLE IF EXISTS [{COOCCURRENCE_TABLE}]")
    db.execute(
        f"CREATE TABLE [{COOCCURRENCE_TABLE}] (value_id INTEGER NOT NULL, other_id INTEGER NOT NULL, "
        "articles INTEGER NOT NULL, PRIMARY KEY (value_id, other_id)) WITHOUT ROWID"
    )
    anchors = [r[0] for r in db.execute(
        f"SELECT id FROM [{VALUES_TABLE}] WHERE articles >= ? ORDER BY id", [max(1, min_articles)])]
    if not anchors:
        return 0
    total = db.execute(f"SELECT count(*) FROM [{PAIRS_TABLE}]").fetchone()[0]
    flat = np.fromiter(
        (x for row in db.execute(f"SELECT article_id, value_id FROM [{PAIRS_TABLE}]") for x in row),
        dtype=np.int64, count=2 * total,
    ).reshape(-1, 2)
    articles, values = flat[:, 0], flat[:, 1]
    size = int(values.max()) + 1
    has = np.zeros(int(articles.max()) + 1, dtype=bool)
    rows = []
    for anchor in anchors:
        has[:] = False
        has[articles[values == anchor]] = True
        counts = np.bincount(values[has[articles]], minlength=size)
        rows.extend((anchor, int(other), int(counts[other])) for other in np.flatnonzero(counts))
    db.conn.executemany(f"INSERT INTO [{COOCCURRENCE_TABLE}] VALUES (?, ?, ?)", rows)
    return len(rows)


def build_facet_index(db: sqlite_utils.Database, pairs_min_articles: int = PAIRS_MIN_ARTICLES) -> list[str]:
    """(Re)build ``facet_values``, ``article_facets`` and ``facet_pairs``; returns the facets indexed.

    Call inside the publish transaction; the result depends only on the data, so running
    it twice gives the same tables (value ids follow (facet, value) order).
    """
    names = available_facets(db)
    db.execute(f"DROP TABLE IF EXISTS [{COOCCURRENCE_TABLE}]")
    db.execute(f"DROP TABLE IF EXISTS [{PAIRS_TABLE}]")
    db.execute(f"DROP TABLE IF EXISTS [{VALUES_TABLE}]")
    db.execute(
        f"CREATE TABLE [{VALUES_TABLE}] (id INTEGER PRIMARY KEY, facet TEXT NOT NULL, value TEXT NOT NULL, "
        "articles INTEGER NOT NULL, UNIQUE (facet, value))"
    )
    db.execute(
        f"CREATE TABLE [{PAIRS_TABLE}] (article_id INTEGER NOT NULL, value_id INTEGER NOT NULL, "
        "PRIMARY KEY (article_id, value_id)) WITHOUT ROWID"
    )
    if not names:
        build_cooccurrence(db, pairs_min_articles)
        return []
    db.execute("DROP TABLE IF EXISTS temp.facet_rows")
    union = "\nUNION ".join(
        f"SELECT * FROM (WITH t(v, id) AS ({FACETS[name][1]}) SELECT '{name}' AS facet, v AS value, id AS article_id "
        "FROM t WHERE v IS NOT NULL AND v != '')"
        for name in names
    )
    db.execute(f"CREATE TEMP TABLE facet_rows AS SELECT * FROM ({union})")
    db.execute(
        f"INSERT INTO [{VALUES_TABLE}] (facet, value, articles) "
        "SELECT facet, value, count(*) FROM temp.facet_rows GROUP BY facet, value ORDER BY facet, value"
    )
    db.execute(
        f"INSERT INTO [{PAIRS_TABLE}] (article_id, value_id) "
        f"SELECT r.article_id, v.id FROM temp.facet_rows r JOIN [{VALUES_TABLE}] v "
        "ON v.facet = r.facet AND v.value = r.value ORDER BY 1, 2"
    )
    db.execute("DROP TABLE temp.facet_rows")
    db.execute(f"CREATE INDEX [idx_{PAIRS_TABLE}_value] ON [{PAIRS_TABLE}] (value_id, article_id)")
    build_cooccurrence(db, pairs_min_articles)
    return names
