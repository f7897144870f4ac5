"""``crackdown nightly``: one locked run of every stage over a local site, progress per stage, one summary line."""

from __future__ import annotations

import sqlite3
import subprocess

from click.testing import CliRunner

from crackdown.cli import cli
from crackdown.commands.nightly import run_lock
from crawl_cli import crawl_command
from crawler.generated_site import GeneratedSite


def test_nightly_crawls_extracts_and_reports_health(tmp_path):
    site = GeneratedSite(n_articles=4)
    base = site.start()
    try:
        broken = {"name": "broken-entry", "agency": "x", "country": "GB", "language": "en", "kind": "rss",
                  "start_urls": [base + "/feed.xml"]}
        command, env = crawl_command(tmp_path, [site.source(base), broken])
        command[command.index("crawl")] = "nightly"
        command.remove("--json")
        result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    finally:
        site.stop()
    assert result.returncode == 1, result.stderr[-3000:]  # the broken entry makes the run partial
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nightly ") and "PARTIAL" in lines[0]
    assert "4 new / 0 updated articles" in lines[0] and "facts for 4 articles" in lines[0]
    assert "1 failing" in lines[0]
    for n, name in enumerate(["crawl", "extract and facts", "publish", "source health"], 1):
        assert f"nightly: [{n}/4] {name}" in result.stderr
    assert "broken-entry failing" in result.stderr and "unknown kind 'rss'" in result.stderr
    db = sqlite3.connect(tmp_path / "crawl.db")
    assert db.execute("SELECT count(*) FROM articles WHERE facts_version > 0").fetchone()[0] == 4
    health = dict(db.execute("SELECT source, flag FROM source_health"))
    assert health == {"generated": "ok", "broken-entry": "failing"}
    db.close()


def test_a_second_nightly_run_waits_for_the_first(tmp_path):
    db = tmp_path / "crackdown.db"
    with run_lock(tmp_path / "crackdown.db.lock"):
        result = CliRunner().invoke(cli, ["nightly", "--db", str(db), "--sources", str(tmp_path / "none.yml")])
    assert result.exit_code == 75
    assert "another crackdown run holds" in result.output
    assert not db.exists()
