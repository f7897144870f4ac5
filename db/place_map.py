"""``place_map``: the table the map draws, one row per place with a point, carrying what a researcher narrows by.

datasette-cluster-map draws any table with ``latitude``/``longitude`` columns and shows, in a
marker's popup, a ``popup`` column's JSON (``title``, ``description``, ``link``) or else every
raw column. The ``places`` table gave raw columns (idx, span_start...) and no link, and could
not be narrowed by year, relevance, charge or amount role. This table, rebuilt by each publish
in a fixed order (the same articles give the same rows), joins each geocoded place with its
article's date, year, relevance, action country, charges, amount roles and event types, and a
popup: the article's title and date, the place, the sentence naming it, and a link to the
article page at the place's words. The link is relative to the table page
(``../-/article/<id>#span-<start>``), so it holds under any ``base_url``.
"""

from __future__ import annotations

import sqlite_utils

PLACE_MAP = "place_map"
NEEDS = {"articles", "places", "relevance", "charges", "amounts", "event_types"}
SENTENCE_CHARS = 280  # a popup shows at most this much of the sentence
INDEXES = [["article_id"], ["year"], ["relevant"], ["country"], ["published"]]

COLUMNS = """
  article_id INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  place TEXT,
  country TEXT,
  feature TEXT,
  latitude REAL,
  longitude REAL,
  published TEXT,
  year INTEGER,
  relevant INTEGER,
  action_country TEXT,
  charges TEXT,
  amount_roles TEXT,
  event_types TEXT,
  title TEXT,
  popup TEXT,
  PRIMARY KEY (article_id, idx)
"""


def _distinct(column: str, table: str) -> str:
    return (f"(SELECT group_concat({column}, '; ') FROM (SELECT DISTINCT {column} FROM {table} "
            f"WHERE article_id = m.article_id AND {column} IS NOT NULL ORDER BY {column}))")


def select_sql(action_table: str | None) -> str:
    """Places with a point joined with their article's facets, worked out once per article (not per place)."""
    sentence = (f"CASE WHEN length(p.sentence) > {SENTENCE_CHARS} "
                f"THEN substr(p.sentence, 1, {SENTENCE_CHARS - 1}) || '…' ELSE p.sentence END")
    anchor = "CASE WHEN p.span_start IS NOT NULL THEN '#span-' || p.span_start ELSE '#place-' || p.idx END"
    action = (f"(SELECT country FROM [{action_table}] WHERE article_id = m.article_id)" if action_table else "NULL")
    return f"""
WITH mapped AS (
  SELECT DISTINCT article_id FROM places WHERE latitude IS NOT NULL AND longitude IS NOT NULL
), facts AS MATERIALIZED (
  SELECT m.article_id, {action} AS action_country,
    {_distinct('charge', 'charges')} AS charges, {_distinct('role', 'amounts')} AS amount_roles,
    {_distinct('event_type', 'event_types')} AS event_types
  FROM mapped m
)
SELECT p.article_id, p.idx, p.name, p.country, p.feature, p.latitude, p.longitude,
  a.published, a.year, r.relevant, f.action_country, f.charges, f.amount_roles, f.event_types,
  a.title,
  json_object(
    'title', coalesce(nullif(a.title, ''), '(no title)'),
    'date', a.published,
    'place', p.name,
    'sentence', {sentence},
    'description', coalesce(a.published, 'undated') || ' · ' || coalesce(p.name, '?')
       || coalesce(': ' || {sentence}, ''),
    'link', '../-/article/' || p.article_id || {anchor}
  )
FROM places p
JOIN articles a ON a.id = p.article_id
JOIN facts f ON f.article_id = p.article_id
LEFT JOIN relevance r ON r.article_id = p.article_id
WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL
ORDER BY p.article_id, p.idx"""


def build_place_map(db: sqlite_utils.Database, action_table: str | None = None) -> bool:
    """(Re)build ``place_map`` when its source tables exist; returns whether it was built."""
    db.execute(f"DROP TABLE IF EXISTS [{PLACE_MAP}]")
    present = set(db.table_names())
    if not NEEDS <= present:
        return False
    action = action_table if action_table in present else None
    db.execute(f"CREATE TABLE [{PLACE_MAP}] ({COLUMNS})")
    db.execute(f"INSERT INTO [{PLACE_MAP}] {select_sql(action)}")
    for columns in INDEXES:
        db[PLACE_MAP].create_index(columns, if_not_exists=True)
    return True
