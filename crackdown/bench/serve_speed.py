"""Response times of the published site at scale: the real ``crackdown serve``, over HTTP.

A synthetic database of a million articles (``crackdown.bench.generate``, cached under
``data/bench/``) is served by ``crackdown serve`` in a subprocess exactly as users run it
(uvicorn, immutable file), and each page a researcher uses is requested ~20 times after a
warm-up: full-text search, the faceted articles table, every canned query of
``metadata.yml`` with typical parameters, the article page and the charts page. Rows give
the 95th percentile in ms against the 500 ms goal; a page that errors or whose query was
cut off by the time limit counts as failed, however fast it answered.
"""

from __future__ import annotations

import math
import random
import sqlite3
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import yaml

from crackdown.bench.generate import cached_db
from db.publish import needs_publish, publish_file

N = 1_000_000
GOAL_MS = 500
REQUESTS = 20
WARMUP = 2
STARTUP_TIMEOUT_S = 900  # an immutable file's table counts are taken before the first response
REQUEST_TIMEOUT_S = 60
SEARCH_WORDS = ["fraud", "laundering", "bitcoin", "sentenced", "escroquerie", "indictment", "Medicare", "victims"]
# Chinese words of one to six characters (the index holds character pairs: db/search_terms.py)
ZH_SEARCH_WORDS = ["诈骗", "电信网络诈骗", "缅北", "跑分", "洗钱", "公安机关", "帮信", "骗"]
# Marks of a query Datasette stopped or refused: fast, but not an answer.
FAILURE_MARKS = ("SQL query took too long", "These facets timed out")


def canned_params(name: str, params: list[str], last_day: str, article_ids: list[int]) -> list[dict]:
    """Typical parameters per canned query: mostly the "any" default, a concrete value where one is needed."""
    values: dict[str, list[str]] = {
        "q": ["fraud", "money laundering", "bitcoin", "escroquerie"],
        "since": [last_day[:8] + "01"],  # new_since / executions: this month
        "article_id": [str(i) for i in article_ids],
        "top": ["10"],
    }
    out = []
    for i in range(4):
        out.append({p: values.get(p, [""])[i % len(values.get(p, [""]))] for p in params})
    return out


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 20 samples is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, float, str]:
    """(status, milliseconds, body) of one GET; the body is read whole, as a browser would."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_S) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        body = exc.read()
        status = exc.code
    return status, (time.perf_counter() - start) * 1000, body.decode("utf-8", errors="replace")


class Server:
    """``crackdown serve DB --port P`` in a subprocess; stopped on exit."""

    def __init__(self, db: Path, port: int | None = None, extra: list[str] | None = None):
        self.db = Path(db)
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.args = [sys.executable, "-m", "crackdown", "serve", str(self.db), "--port", str(self.port), *(extra or [])]
        self.proc: subprocess.Popen | None = None
        self.startup_s = 0.0

    def __enter__(self) -> "Server":
        start = time.perf_counter()
        self.proc = subprocess.Popen(self.args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while time.perf_counter() - start < STARTUP_TIMEOUT_S:
            if self.proc.poll() is not None:
                raise RuntimeError(f"crackdown serve exited with {self.proc.returncode}: "
                                   f"{self.proc.stderr.read().decode(errors='replace').strip()[-500:]}")
            try:
                with urllib.request.urlopen(self.base + "/-/versions.json", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        else:
            raise RuntimeError(f"crackdown serve did not answer within {STARTUP_TIMEOUT_S} s")
        self.startup_s = time.perf_counter() - start
        return self

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc and self.proc.stderr:
            self.proc.stderr.close()


def narrowings(conn: sqlite3.Connection, n: int) -> dict[str, list[str]]:
    """Query strings of the facet clicks a researcher makes, chosen from the data (facet index counts).

    Countries named by 1-5 % of the articles (a country page of a few tens of thousands), each
    with the most common charge as a second click, the four latest full years (~10 % each), the
    crackdowns (most articles) and the most named country.
    """
    countries = [v for (v,) in conn.execute(
        "select value from facet_values where facet = 'country' and articles between ? and ? "
        "order by articles desc limit 4", [n // 100, n // 20])]
    charge = conn.execute(
        "select value from facet_values where facet = 'charge' order by articles desc limit 1").fetchone()
    years = [v for (v,) in conn.execute(
        "select value from facet_values where facet = 'year' order by value desc limit 4 offset 1")]
    quote = urllib.parse.urlencode
    common = conn.execute(
        "select value from facet_values where facet = 'country' order by articles desc limit 1").fetchone()
    return {
        "relevant": [quote({"_fact_relevant": "1"})],
        "common_country": [quote({"_fact_country": common[0]})] if common else [],
        "country": [quote({"_fact_country": c}) for c in countries],
        "country_charge": [quote({"_fact_country": c, "_fact_charge": charge[0]}) for c in countries] if charge else [],
        "year": [quote({"year": y}) for y in years],
    }


def pages(db_name: str, last_day: str, article_ids: list[int], metadata: dict,
          narrow: dict[str, list[str]] | None = None) -> list[tuple[str, list[str]]]:
    """(label, paths to cycle through) for every page measured."""
    narrow = narrow or {}
    out = [
        ("full-text search: articles?_search=", [f"/{db_name}/articles?_search={urllib.parse.quote(w)}" for w in SEARCH_WORDS]),
        ("full-text search in Chinese: articles?_search=",
         [f"/{db_name}/articles?_search={urllib.parse.quote(w)}" for w in ZH_SEARCH_WORDS]),
        ("articles table with default facets", [f"/{db_name}/articles"]),
        ("events view with default facets", [f"/{db_name}/events"]),
    ]
    for key, label in [("country", "articles narrowed by a country (1-5 % of articles)"),
                       ("country_charge", "articles narrowed by a country and a charge"),
                       ("year", "articles narrowed by a year (~10 % of articles)"),
                       ("relevant", "articles narrowed to crackdowns (_fact_relevant=1, ~75 %)"),
                       ("common_country", "articles narrowed by the most named country (~45 %)")]:
        if narrow.get(key):
            out.append((label, [f"/{db_name}/articles?{q}" for q in narrow[key]]))
    out += [
        ("article page /-/article/<id>", [f"/-/article/{i}" for i in article_ids]),
        ("charts page /-/crackdown/charts", ["/-/crackdown/charts"]),
    ]
    queries = metadata["databases"]["crackdown"].get("queries", {})
    for name, query in queries.items():
        params = query.get("params", [])
        paths = [f"/{db_name}/{name}" + ("?" + urllib.parse.urlencode(p) if p else "")
                 for p in canned_params(name, params, last_day, article_ids)]
        out.append((f"canned query {name}", list(dict.fromkeys(paths))))
    return out


def failure(status: int, body: str) -> str | None:
    if status != 200:
        return f"HTTP {status}"
    for mark in FAILURE_MARKS:
        if mark in body:
            return mark
    return None


def measure(base: str, paths: list[str], requests: int = REQUESTS, warmup: int = WARMUP) -> dict:
    """p95 and max ms over ``requests`` GETs cycling through ``paths``, after ``warmup`` untimed rounds."""
    for _ in range(warmup):
        for path in paths:
            fetch(base + path)
    times, failures = [], []
    for i in range(requests):
        status, ms, body = fetch(base + paths[i % len(paths)])
        times.append(ms)
        problem = failure(status, body)
        if problem:
            failures.append(f"{paths[i % len(paths)]}: {problem}")
    return {"p95": percentile(times, 95), "max": max(times), "median": percentile(times, 50), "failures": failures}


def run_with(shared: Path, settings, n: int, *, requests: int = REQUESTS, warmup: int = WARMUP, seed: int = 0,
             cache_dir: Path | None = None, only: list[str] | None = None) -> list[dict]:
    """The benchmark on a database of ``n`` articles (tests and quick looks use a small ``n``)."""
    from datasette_plugins.app import METADATA_PATH, database_name

    cache_dir = cache_dir or Path(settings.data_dir) / "bench"
    path, report = cached_db(n, Path(shared), seed, cache_dir)
    rows: list[dict] = []
    if report:
        rows.append({"benchmark": f"serve: generate {n:,} articles", "value": report["total_s"], "unit": "s",
                     "load_s": report["load_s"], "publish_s": report["publish_s"]})
    if needs_publish(path):  # cached by an older crackdown: bring it up to date before timing `serve`
        start = time.perf_counter()
        publish_file(path)
        rows.append({"benchmark": f"serve: publish step on {n:,} articles", "value": round(time.perf_counter() - start, 1),
                     "unit": "s"})
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        last_day = conn.execute("select max(published) from articles").fetchone()[0]
        top = conn.execute("select max(id) from articles").fetchone()[0]
        narrow = narrowings(conn, n)
    finally:
        conn.close()
    rng = random.Random(seed)
    article_ids = [rng.randint(1, top) for _ in range(8)]
    metadata = yaml.safe_load(METADATA_PATH.read_text(encoding="utf-8"))
    with Server(path) as server:
        rows.append({"benchmark": f"serve: startup at {n:,} articles", "value": round(server.startup_s, 1), "unit": "s"})
        for label, paths in pages(database_name(path), last_day, article_ids, metadata, narrow):
            if only and not any(o in label for o in only):
                continue
            result = measure(server.base, paths, requests, warmup)
            ok = result["p95"] < GOAL_MS and not result["failures"]
            row = {"benchmark": f"serve: {label}", "value": round(result["p95"]), "unit": "ms p95",
                   "goal": f"< {GOAL_MS} ms", "status": "ok" if ok else ("failed" if result["failures"] else "slow"),
                   "median": round(result["median"]), "max": round(result["max"]), "articles": n}
            if result["failures"]:
                row["failures"] = f"{len(result['failures'])}: {result['failures'][0]}"
            rows.append(row)
    return rows


def run(shared: Path, settings) -> list[dict]:
    return run_with(shared, settings, N)
