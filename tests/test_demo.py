"""`crackdown demo --no-serve`: the end-to-end run behind `make demo SERVE=0`.

The first test runs on the built-in fixture site (as in a user's clone without ../shared),
so its result does not depend on the shared corpus; the others build the demo from
../shared once and check what the README's tour shows: Chinese and French articles with
facts, Chinese searches, the scam-compound countries.
"""

import subprocess
import sys

import pytest
import sqlite_utils

from conftest import SHARED


def test_demo_builds_a_database_with_articles_and_facts(tmp_path):
    db_path = tmp_path / "demo.db"
    result = subprocess.run(
        [sys.executable, "-m", "crackdown", "demo", "--no-serve", "--db", str(db_path), "--shared", str(tmp_path / "absent")],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "built-in fixture site" in result.stderr
    db = sqlite_utils.Database(db_path)
    assert db["articles"].count >= 12
    kinds = {r["kind"] for r in db.query("SELECT DISTINCT s.kind FROM articles a JOIN sources s ON s.name = a.source")}
    assert len(kinds) >= 2
    for table in ("amounts", "places", "charges", "counts", "event_types"):
        assert db[table].count > 0, f"no rows in {table}"
    assert db.execute("SELECT count(*) FROM articles WHERE facts_version = 0").fetchone()[0] == 0
    assert db["articles_fts"].exists()
    assert "demo:" in result.stdout and "articles from" in result.stdout


@pytest.fixture(scope="module")
def shared_demo(demo_db):
    """The demo built from ../shared (conftest's ``demo_db``, built once per session)."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is absent (a user's clone): the demo serves its fixture site instead")
    return demo_db


@pytest.mark.shared
@pytest.mark.parametrize("lang", ["zh", "fr"])
def test_the_shared_demo_holds_chinese_and_french_articles_with_facts(shared_demo, lang):
    db = sqlite_utils.Database(shared_demo)
    assert db.execute("SELECT count(*) FROM articles WHERE lang = ?", [lang]).fetchone()[0] >= 15
    for table in ("places", "charges", "event_types"):
        n = db.execute(f"SELECT count(*) FROM {table} f JOIN articles a ON a.id = f.article_id WHERE a.lang = ?",
                       [lang]).fetchone()[0]
        assert n > 0, f"no {table} in {lang} articles"


@pytest.mark.shared
def test_the_shared_demo_serves_gb_pages_and_the_scam_compound_countries(shared_demo):
    db = sqlite_utils.Database(shared_demo)
    gb = db.execute("SELECT count(*) FROM articles WHERE url LIKE '%/zh/gb/%' OR url LIKE '%/zh/news/%'").fetchone()[0]
    assert gb >= 10
    assert "\ufffd" not in "".join(r[0] for r in db.execute("SELECT text FROM articles WHERE lang = 'zh'"))
    countries = {r[0] for r in db.execute("SELECT DISTINCT country FROM summary_scam_compounds")}
    assert {"MM", "KH", "LA"} <= countries


@pytest.mark.shared
@pytest.mark.parametrize("query,lang", [("诈骗", "zh"), ("缅北", "zh"), ("escroquerie", "fr")])
async def test_searches_of_the_tour_return_rows_on_the_shared_demo(shared_demo, query, lang):
    from datasette_plugins.app import make_datasette
    from crackdown.settings import ServeSettings

    response = await make_datasette(shared_demo, ServeSettings()).client.get(
        f"/{shared_demo.stem}/articles.json?_search={query}&_shape=objects&_size=50"
    )
    assert response.status_code == 200, response.text
    rows = response.json()["rows"]
    assert rows and any(r["lang"] == lang for r in rows)
