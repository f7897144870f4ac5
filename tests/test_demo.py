"""`crackdown demo --no-serve`: the end-to-end run behind `make demo SERVE=0`.

Run on the built-in fixture site (as in a user's clone without ../shared), so the
result does not depend on the shared corpus; the browser test runs it on ../shared.
"""

import subprocess
import sys

import sqlite_utils


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
