"""Publish-side maintenance: what a database needs before Datasette serves it.

The crawl and facts stages write; this step makes the result good to read. It is
idempotent and cheap when nothing changed, so the pipeline can run it after every
crawl or facts run and ``crackdown serve`` can run it before serving a writable file:

- full-text search over article titles and texts (FTS5, accents folded, kept current by
  triggers so later upserts stay searchable), Chinese included: each article's Chinese as
  character pairs in ``article_search_terms`` (``db.search_terms``), filled in here for rows a
  bulk loader wrote;
- ``events``: a view with one row per article and its facts aggregated, the flat table
  most researchers want (and what ``crackdown export --format csv`` writes);
- ``summary_*`` tables: the aggregates the canned queries read (per year, month, country,
  charge, statute...), rebuilt at every publish, so a query over millions of fact rows
  answers from a few thousand summary rows (see ``crackdown bench --only serve``);
- ``facet_values``, ``article_facets`` and ``facet_pairs`` (``db.facet_index``): the
  per-article facet values that let the articles page be narrowed by country, charge,
  event type... and counted fast;
- ``place_map`` (``db.place_map``): the places with a point, with their article's year,
  relevance, charges and a popup, which the map draws and narrows;
- ``summary_published``: when this step last ran, which the charts page shows;
- ``ANALYZE`` so the query planner picks the indexes for facets and canned queries;
- a WAL checkpoint: Datasette serves the file ``immutable``, and an immutable reader
  never looks at the ``-wal`` file, so anything left there would be invisible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
import sqlite3

import sqlite_utils

from db.article_key import fill_keys
from db.place_map import NEEDS as PLACE_MAP_NEEDS, PLACE_MAP, build_place_map
from db.facet_index import COOCCURRENCE_TABLE, PAIRS_TABLE, VALUES_TABLE, build_facet_index

from db.search_terms import TERMS_TABLE, TERMS_VERSION, terms as search_terms

FTS_COLUMNS = ["title", "text", "terms"]
# unicode61 folds case; remove_diacritics 2 also folds accents (é -> e), so "fraude" finds "fraudé".
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
FTS_TABLE = "articles_fts"
# What the index reads (external content): articles with their terms. A view, so the text is not stored twice.
SEARCH_VIEW = "articles_search"

# The country where an article's action took place, one per article (or none): what the per-country
# figures count, so that an article naming six countries adds its counts to one of them, not to all six.
# The first rule that decides wins:
#   agency: the country of the source's agency (a national police force, prosecutor or court acts in its
#           own country); international bodies (sources.country EU or XX: Europol, INTERPOL) do not decide;
#   action: the one country named in the sentences stating the action (a count of people, or an action
#           event: arrest, charge, plea, conviction, sentence, execution, seizure, takedown, extradition,
#           settlement); several countries there do not decide;
#   lead:   the one country named in the first LEAD_CHARS characters of the text (its dateline and lead);
#   none:   no country (NULL), rather than every country named.
# "Country named" means a row of the countries table, which holds the country of every place named.
# One scalar expression over ``articles a`` returning "CC basis", so the events view and
# summary_action_country cannot disagree.
LEAD_CHARS = 200
INTERNATIONAL_AGENCY_COUNTRIES = ("EU", "XX")
ACTION_EVENTS = ("arrest", "charge", "plea", "conviction", "sentence", "execution", "seizure", "takedown",
                 "extradition", "settlement")
ACTION_COUNTRY_SQL = f"""coalesce(
    (SELECT s.country || ' agency' FROM sources s WHERE s.name = a.source AND s.country GLOB '[A-Z][A-Z]'
       AND s.country NOT IN ({", ".join(f"'{c}'" for c in INTERNATIONAL_AGENCY_COUNTRIES)})),
    (SELECT min(c.country) || ' action' FROM countries c WHERE c.article_id = a.id
       AND c.sentence_start IN (
         SELECT sentence_start FROM counts WHERE article_id = a.id
         UNION SELECT sentence_start FROM event_types WHERE article_id = a.id
           AND event_type IN ({", ".join(f"'{e}'" for e in ACTION_EVENTS)}))
       GROUP BY c.article_id HAVING count(DISTINCT c.country) = 1),
    (SELECT min(c.country) || ' lead' FROM countries c WHERE c.article_id = a.id AND c.span_start < {LEAD_CHARS}
       GROUP BY c.article_id HAVING count(DISTINCT c.country) = 1))"""
ACTION_NEEDS = {"articles", "sources", "countries", "counts", "event_types"}
ACTION_TABLE = "summary_action_country"
AMOUNT_ROLES = ("loss", "proceeds", "seized", "penalty")  # the roles figures sum (not statutory, not other)

EVENTS_VIEW = "events"
EVENTS_SQL_TEMPLATE = """
SELECT
  a.id AS article_id,
  a.key AS article_key,
  a.published,
  a.year AS year,
  a.source,
  a.lang,
  a.title,
  a.url,
  r.relevant,
  substr({action}, 1, 2) AS action_country,
  coalesce(substr({action}, 4), 'none') AS action_country_basis,
  (SELECT group_concat(event_type, '; ') FROM (SELECT DISTINCT event_type FROM event_types WHERE article_id = a.id ORDER BY event_type)) AS event_types,
  (SELECT group_concat(country, '; ') FROM (SELECT DISTINCT country FROM countries WHERE article_id = a.id ORDER BY country)) AS countries,
  (SELECT group_concat(name, '; ') FROM (SELECT DISTINCT name FROM places WHERE article_id = a.id ORDER BY name)) AS places,
  (SELECT group_concat(charge, '; ') FROM (SELECT DISTINCT charge FROM charges WHERE article_id = a.id ORDER BY charge)) AS charges,
  (SELECT n FROM counts WHERE article_id = a.id AND action = 'arrested' ORDER BY n DESC LIMIT 1) AS arrested,
  (SELECT n FROM counts WHERE article_id = a.id AND action = 'charged' ORDER BY n DESC LIMIT 1) AS charged,
  (SELECT n FROM counts WHERE article_id = a.id AND action = 'convicted' ORDER BY n DESC LIMIT 1) AS convicted,
  (SELECT n FROM counts WHERE article_id = a.id AND action = 'sentenced' ORDER BY n DESC LIMIT 1) AS sentenced,
  (SELECT n FROM counts WHERE article_id = a.id AND action = 'executed' ORDER BY n DESC LIMIT 1) AS executed,
  (SELECT n FROM counts WHERE article_id = a.id AND action = 'victims' ORDER BY n DESC LIMIT 1) AS victims,
  (SELECT max(usd) FROM amounts WHERE article_id = a.id AND role = 'loss') AS largest_loss_usd,
  (SELECT max(usd) FROM amounts WHERE article_id = a.id AND role = 'proceeds') AS largest_proceeds_usd,
  (SELECT max(usd) FROM amounts WHERE article_id = a.id AND role = 'seized') AS largest_seized_usd,
  (SELECT max(usd) FROM amounts WHERE article_id = a.id AND role = 'penalty') AS largest_penalty_usd,
  (SELECT group_concat(statute, '; ') FROM (SELECT DISTINCT jurisdiction || ' ' || article AS statute FROM legal_refs WHERE article_id = a.id ORDER BY statute)) AS statutes
FROM articles a
LEFT JOIN relevance r ON r.article_id = a.id
"""
EVENTS_SQL = EVENTS_SQL_TEMPLATE.replace("{action}", ACTION_COUNTRY_SQL)

# Indexes the canned queries and default facets lean on (the schema has the rest).
INDEXES = [
    ("articles", ["published"]),
    ("articles", ["first_seen"]),
    ("articles", ["source"]),  # narrow covering index scans instead of reading every article row
    ("articles", ["lang"]),
    # a page filtered by year or language lists its newest first straight from the index (~120 ms -> ~0 at 1M)
    ("articles", ["year", "published"]),
    ("articles", ["lang", "published"]),
    ("articles", ["date_source"]),
    ("relevance", ["relevant"]),
    ("places", ["latitude", "longitude"]),
]

# Precomputed aggregates, one per canned query that would otherwise scan every fact row.
# Each holds that query's result before its parameters are applied (they filter on group
# keys, so filtering the summary gives the same rows). name -> (tables it reads, SELECT).
TOP_AMOUNTS_CAP = 1000  # summary_top_amounts keeps the 1,000 largest sums per year (and per year and role)
SUMMARIES: dict[str, tuple[set[str], str]] = {
    # first: the others join it. Every per-country figure counts an article once, under its action
    # country (NULL when none could be decided); every summary but summary_top_amounts keeps the
    # article's relevance verdict as a key, so figures can count relevant articles only (the default).
    ACTION_TABLE: (ACTION_NEEDS, f"""
        select article_id, substr(ac, 1, 2) as country, coalesce(substr(ac, 4), 'none') as basis
        from (select a.id as article_id, {ACTION_COUNTRY_SQL} as ac from articles a)"""),
    "summary_articles_by_month": (ACTION_NEEDS | {"relevance"}, f"""
        select substr(a.published, 1, 7) as month, ac.country as country, r.relevant as relevant,
          count(*) as articles
        from articles a join {ACTION_TABLE} ac on ac.article_id = a.id
        left join relevance r on r.article_id = a.id
        where a.published is not null
        group by month, ac.country, r.relevant"""),
    "summary_charges_by_year": (ACTION_NEEDS | {"relevance", "charges"}, f"""
        select substr(a.published, 1, 4) as year, ch.charge as charge, ac.country as country,
          r.relevant as relevant, count(distinct a.id) as articles
        from charges ch join articles a on a.id = ch.article_id
        join {ACTION_TABLE} ac on ac.article_id = a.id
        left join relevance r on r.article_id = a.id
        group by year, ch.charge, ac.country, r.relevant"""),
    "summary_charge_pairs": ({"charges", "relevance"}, """
        select x.charge as charge_a, y.charge as charge_b, r.relevant as relevant, count(*) as articles
        from (select distinct article_id, charge from charges) x
        join (select distinct article_id, charge from charges) y
          on x.article_id = y.article_id and x.charge < y.charge
        left join relevance r on r.article_id = x.article_id
        group by x.charge, y.charge, r.relevant"""),
    "summary_statutes": ({"legal_refs", "relevance"}, """
        select l.jurisdiction as jurisdiction, l.article as article, r.relevant as relevant, max(l.code) as code,
          count(distinct l.article_id) as articles, count(*) as citations, min(l.text) as as_written
        from legal_refs l left join relevance r on r.article_id = l.article_id
        group by l.jurisdiction, l.article, r.relevant"""),
    # max_usd_article_id: the article of the group's largest sum (ties: the smallest article id), which the
    # charts link to when that one sum dominates its bar
    "summary_amounts_by_year": (ACTION_NEEDS | {"relevance", "amounts"}, f"""
        with m as (
          select substr(a.published, 1, 4) as year, m.currency as currency, m.role as role, ac.country as country,
            r.relevant as relevant, m.article_id as article_id, m.value as value, m.usd as usd,
            row_number() over (partition by substr(a.published, 1, 4), m.currency, m.role, ac.country, r.relevant
                               order by m.usd desc nulls last, m.article_id, m.idx) as n
          from amounts m join articles a on a.id = m.article_id
          join {ACTION_TABLE} ac on ac.article_id = a.id
          left join relevance r on r.article_id = a.id
        )
        select year, currency, role, country, relevant, count(*) as amounts, count(distinct article_id) as articles,
          sum(value) as total_value, sum(usd) as total_usd, max(usd) as max_usd,
          max(case when n = 1 and usd is not null then article_id end) as max_usd_article_id
        from m group by year, currency, role, country, relevant"""),
    # ties are broken by the article's URL (ids follow crawl order) and the sum's place in it,
    # so two builds of the same articles rank alike; the table is written in rank order
    "summary_top_amounts": ({"articles", "amounts"}, f"""
        select * from (
          select substr(a.published, 1, 4) as year,
            row_number() over (partition by substr(a.published, 1, 4) order by m.usd desc, a.url, m.idx) as rank,
            row_number() over (partition by substr(a.published, 1, 4), m.role order by m.usd desc, a.url, m.idx) as role_rank,
            m.usd as usd, m.value as value, m.currency as currency, m.role as role, m.approx as approx,
            m.text as words, a.title as title, a.id as article_id, a.url as url
          from amounts m join articles a on a.id = m.article_id
          where m.usd is not null
        ) where rank <= {TOP_AMOUNTS_CAP} or role_rank <= {TOP_AMOUNTS_CAP}
        order by year, rank"""),
    "summary_arrests_sentences": (ACTION_NEEDS | {"relevance"}, f"""
        with per_article as (
          select article_id,
            max(case when action = 'arrested' then n end) as arrested,
            max(case when action = 'sentenced' then n end) as sentenced
          from counts where action in ('arrested', 'sentenced') group by article_id
        )
        select substr(a.published, 1, 4) as year, ac.country as country, r.relevant as relevant,
          sum(p.arrested) as arrested, sum(p.sentenced) as sentenced, count(*) as articles
        from per_article p join articles a on a.id = p.article_id
        join {ACTION_TABLE} ac on ac.article_id = p.article_id
        left join relevance r on r.article_id = p.article_id
        group by year, ac.country, r.relevant"""),
    # a list of articles, not a sum: one row per article and country named among the four, for :country
    "summary_scam_compounds": ({"articles", "countries", "charges", "counts", "relevance"}, """
        select a.id as article_id, c.country as country, a.published as published, a.title as title,
          (select relevant from relevance where article_id = a.id) as relevant,
          (select max(n) from counts where article_id = a.id and action = 'victims') as victims,
          (select max(n) from counts where article_id = a.id and action = 'arrested') as arrested,
          (select group_concat(distinct charge) from charges where article_id = a.id) as charges,
          a.url as url
        from articles a join countries c on c.article_id = a.id
        where c.country in ('MM', 'KH', 'LA', 'PH')
          and (exists (select 1 from charges where article_id = a.id
                       and charge in ('fraud', 'human_trafficking', 'kidnapping'))
               or a.text like '%compound%')
        group by a.id, c.country"""),
}


@dataclass
class PublishReport:
    """What :func:`publish` did, for the one-line summary."""

    fts_created: bool = False
    fts_rows: int = 0
    views: list[str] = field(default_factory=list)
    indexes_created: list[str] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    facets: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"search index {'built' if self.fts_created else 'current'} ({self.fts_rows:,} articles), "
            f"{len(self.summaries)} summary tables, facets: {', '.join(self.facets) or 'none'}"
        )


# Every statement of the index's definition. publish compares them with sqlite_master: any difference
# (an older crackdown's index, another TERMS_VERSION) rebuilds the index.
# The index follows articles through triggers: an article inserted, updated (title or text) or deleted,
# and its terms row written. A changed title or text also drops the article's terms row (they are
# stale): upsert_article writes the new one at once, publish fills in any still missing. FTS5's
# 'delete' needs exactly the values that were indexed, so each trigger deletes with the terms
# indexed so far and inserts the row anew.
_TERMS_OF_NEW = f"(SELECT terms FROM [{TERMS_TABLE}] WHERE article_id = new.id)"
_TERMS_OF_OLD = f"(SELECT terms FROM [{TERMS_TABLE}] WHERE article_id = old.id)"
_INSERT = f"INSERT INTO [{FTS_TABLE}](rowid, title, text, terms)"
_DELETE = f"INSERT INTO [{FTS_TABLE}]([{FTS_TABLE}], rowid, title, text, terms)"
SEARCH_DEFINITION: dict[str, str] = {
    SEARCH_VIEW: (
        f"CREATE VIEW [{SEARCH_VIEW}] AS /* terms v{TERMS_VERSION} */ SELECT a.id AS id, a.title AS title, "
        f"a.text AS text, t.terms AS terms FROM articles a LEFT JOIN [{TERMS_TABLE}] t ON t.article_id = a.id"
    ),
    FTS_TABLE: (
        f"CREATE VIRTUAL TABLE [{FTS_TABLE}] USING FTS5 (title, text, terms, content=[{SEARCH_VIEW}], "
        f"content_rowid=[id], tokenize='{FTS_TOKENIZE}')"
    ),
    "articles_fts_ai": f"""CREATE TRIGGER [articles_fts_ai] AFTER INSERT ON articles BEGIN
  {_INSERT} VALUES (new.id, new.title, new.text, {_TERMS_OF_NEW});
END""",
    "articles_fts_ad": f"""CREATE TRIGGER [articles_fts_ad] AFTER DELETE ON articles BEGIN
  {_DELETE} VALUES ('delete', old.id, old.title, old.text, {_TERMS_OF_OLD});
  DELETE FROM [{TERMS_TABLE}] WHERE article_id = old.id;
END""",
    "articles_fts_au": f"""CREATE TRIGGER [articles_fts_au] AFTER UPDATE OF id, title, text ON articles BEGIN
  {_DELETE} VALUES ('delete', old.id, old.title, old.text, {_TERMS_OF_OLD});
  {_INSERT} VALUES (new.id, new.title, new.text, {_TERMS_OF_NEW});
  DELETE FROM [{TERMS_TABLE}] WHERE article_id IN (old.id, new.id);
END""",
    # an article's terms inserted, changed or deleted: re-index the article (nothing when it is gone)
    "article_search_terms_ai": f"""CREATE TRIGGER [article_search_terms_ai] AFTER INSERT ON [{TERMS_TABLE}]
WHEN new.terms IS NOT NULL BEGIN
  {_DELETE} SELECT 'delete', id, title, text, NULL FROM articles WHERE id = new.article_id;
  {_INSERT} SELECT id, title, text, new.terms FROM articles WHERE id = new.article_id;
END""",
    "article_search_terms_au": f"""CREATE TRIGGER [article_search_terms_au] AFTER UPDATE ON [{TERMS_TABLE}]
WHEN old.terms IS NOT new.terms OR old.article_id IS NOT new.article_id BEGIN
  {_DELETE} SELECT 'delete', id, title, text, old.terms FROM articles WHERE id = old.article_id;
  {_INSERT} SELECT id, title, text, NULL FROM articles WHERE id = old.article_id AND old.article_id IS NOT new.article_id;
  {_DELETE} SELECT 'delete', id, title, text, NULL FROM articles WHERE id = new.article_id AND old.article_id IS NOT new.article_id;
  {_INSERT} SELECT id, title, text, new.terms FROM articles WHERE id = new.article_id;
END""",
    "article_search_terms_ad": f"""CREATE TRIGGER [article_search_terms_ad] AFTER DELETE ON [{TERMS_TABLE}]
WHEN old.terms IS NOT NULL BEGIN
  {_DELETE} SELECT 'delete', id, title, text, old.terms FROM articles WHERE id = old.article_id;
  {_INSERT} SELECT id, title, text, NULL FROM articles WHERE id = old.article_id;
END""",
}
# what earlier crackdowns made (sqlite-utils' enable_fts): dropped when the index is rebuilt
OLD_TRIGGERS = ("articles_ai", "articles_ad", "articles_au")


def has_fts(db: sqlite_utils.Database) -> bool:
    return FTS_TABLE in db.table_names()


def _fts_current(db: sqlite_utils.Database) -> bool:
    """True when the index, its content view and its triggers are exactly as this code defines them."""
    present = dict(db.execute(
        "SELECT name, sql FROM sqlite_master WHERE name IN ({})".format(", ".join("?" * len(SEARCH_DEFINITION))),
        list(SEARCH_DEFINITION),
    ).fetchall())
    return present == SEARCH_DEFINITION and TERMS_TABLE in db.table_names()


def drop_search(db: sqlite_utils.Database) -> None:
    """Drop the index, its view and triggers (this code's and an older crackdown's)."""
    for name in [*OLD_TRIGGERS, *(n for n, sql in SEARCH_DEFINITION.items() if sql.startswith("CREATE TRIGGER"))]:
        db.execute(f"DROP TRIGGER IF EXISTS [{name}]")
    db.execute(f"DROP TABLE IF EXISTS [{FTS_TABLE}]")
    db.execute(f"DROP VIEW IF EXISTS [{SEARCH_VIEW}]")


TERMS_BATCH = 2_000


def fill_search_terms(db: sqlite_utils.Database) -> int:
    """Write the terms of every article that has no row in ``article_search_terms`` (bulk loads,
    rows whose title or text changed outside ``upsert_article``). Returns how many were written."""
    written, last = 0, 0
    while True:
        rows = db.execute(
            f"SELECT a.id, a.title, a.text FROM articles a WHERE a.id > ? AND NOT EXISTS "
            f"(SELECT 1 FROM [{TERMS_TABLE}] t WHERE t.article_id = a.id) ORDER BY a.id LIMIT {TERMS_BATCH}",
            [last],
        ).fetchall()
        if not rows:
            return written
        db.conn.executemany(
            f"INSERT INTO [{TERMS_TABLE}] (article_id, terms) VALUES (?, ?)",
            [(article_id, search_terms(title, text)) for article_id, title, text in rows],
        )
        written += len(rows)
        last = rows[-1][0]


def enable_search(db: sqlite_utils.Database) -> bool:
    """Bring the article index up to date: every article's terms written, and the index (re)built when
    its definition differs from this code's. Returns True if the index was built."""
    if _fts_current(db):
        fill_search_terms(db)  # the triggers index what this adds
        return False
    view = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [SEARCH_VIEW]).fetchone()
    drop_search(db)
    if not view or view[0] != SEARCH_DEFINITION[SEARCH_VIEW]:
        db.execute(f"DELETE FROM [{TERMS_TABLE}]")  # computed by another TERMS_VERSION (or unknown): redo
    fill_search_terms(db)
    for sql in SEARCH_DEFINITION.values():
        db.execute(sql)
    db.execute(f"INSERT INTO [{FTS_TABLE}]([{FTS_TABLE}]) VALUES('rebuild')")
    return True


def search_terms_missing(db: sqlite_utils.Database) -> bool:
    """True when some article has no terms row (loaded in bulk since the last publish)."""
    n_articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    return n_articles != db.execute(f"SELECT count(*) FROM [{TERMS_TABLE}]").fetchone()[0]


EVENTS_NEEDS = {"articles", "sources", "relevance", "event_types", "countries", "places", "charges", "counts", "amounts", "legal_refs"}


def create_views(db: sqlite_utils.Database) -> list[str]:
    """(Re)create the publish views; replacing keeps them in step with this code's definition."""
    if not EVENTS_NEEDS <= set(db.table_names()):
        return []
    db.execute(f"DROP VIEW IF EXISTS [{EVENTS_VIEW}]")
    db.execute(f"CREATE VIEW [{EVENTS_VIEW}] AS {EVENTS_SQL}")
    return [EVENTS_VIEW]


def create_indexes(db: sqlite_utils.Database) -> list[str]:
    made = []
    for table, columns in INDEXES:
        if table not in db.table_names():
            continue
        existing = {tuple(index.columns) for index in db[table].indexes}
        if tuple(columns) not in existing:
            db[table].create_index(columns, if_not_exists=True)
            made.append(f"{table}({', '.join(columns)})")
    return made


def create_summaries(db: sqlite_utils.Database) -> list[str]:
    """(Re)build every summary table whose source tables exist; returns their names."""
    present = set(db.table_names())
    made = []
    for name, (needs, sql) in SUMMARIES.items():
        db.execute(f"DROP TABLE IF EXISTS [{name}]")
        if needs <= present:
            db.execute(f"CREATE TABLE [{name}] AS {sql}")
            made.append(name)
    return made


PUBLISHED_TABLE = "summary_published"


def record_publish(db: sqlite_utils.Database) -> None:
    """One row saying when the summaries and facet index were built, and over how many articles.

    A live (``--no-immutable``) server shows articles stored since then at once, but the charts,
    canned aggregates and facet counts only after the next publish: the charts page says as of when.
    """
    db.execute(f"DROP TABLE IF EXISTS [{PUBLISHED_TABLE}]")
    db.execute(
        f"CREATE TABLE [{PUBLISHED_TABLE}] AS SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now') AS published_at, "
        "(SELECT count(*) FROM articles) AS articles"
    )


def publish(db: sqlite_utils.Database) -> PublishReport:
    """Make ``db`` ready to serve: FTS, views, indexes, statistics, WAL folded into the file."""
    report = PublishReport()
    if "articles" not in db.table_names():
        raise ValueError("not a crackdown database: it has no articles table")
    with db.conn:
        fill_keys(db)  # rows a bulk loader wrote without their stable key
        report.fts_created = enable_search(db)
        report.views = create_views(db)
        report.indexes_created = create_indexes(db)
        # rows written by bulk loaders (the benchmark generator) bypass upsert_article's year
        db.execute(
            "UPDATE articles SET year = CAST(substr(published, 1, 4) AS INTEGER) "
            "WHERE year IS NULL AND published GLOB '[0-9][0-9][0-9][0-9]*'"
        )
        report.summaries = create_summaries(db)
        if build_place_map(db, ACTION_TABLE):
            report.summaries.append(PLACE_MAP)
        report.facets = build_facet_index(db)
        record_publish(db)
    db.execute("ANALYZE")
    db.conn.commit()
    report.fts_rows = db.execute(f"SELECT count(*) FROM [{FTS_TABLE}]").fetchone()[0]
    checkpoint(db)
    return report


def publish_file(path: str | Path) -> PublishReport:
    """Open the crackdown database at ``path``, publish it and close it (for commands given a file)."""
    from db.store import open_db

    db = open_db(path, create=False)
    try:
        return publish(db)
    finally:
        db.close()


def checkpoint(db: sqlite_utils.Database) -> None:
    """Fold the write-ahead log into the main file so immutable readers see every row."""
    if db.journal_mode == "wal":
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def needs_publish(path: str | Path) -> bool:
    """True when the file at ``path`` lacks the search index or views, or has a non-empty WAL."""
    path = Path(path)
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return True
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        db = sqlite_utils.Database(conn)
        tables = set(db.table_names())
        summaries = {name for name, (needs, _) in SUMMARIES.items() if needs <= tables}
        try:
            keyless = db.execute("SELECT 1 FROM articles WHERE key IS NULL LIMIT 1").fetchone() is not None
        except sqlite3.OperationalError:  # an older schema: no key column until migrated
            keyless = True
        return not (
            not keyless
            and _fts_current(db)
            and not search_terms_missing(db)
            and EVENTS_VIEW in db.view_names()
            and summaries <= tables
            and (PLACE_MAP in tables or not PLACE_MAP_NEEDS <= tables)
            and {VALUES_TABLE, PAIRS_TABLE, COOCCURRENCE_TABLE, PUBLISHED_TABLE} <= tables
        )
    finally:
        conn.close()
