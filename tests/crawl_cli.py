"""Run ``crackdown crawl`` in a subprocess (Twisted's reactor starts once per process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

CRACKDOWN = Path(sys.executable).with_name("crackdown")
FAST = {"download_delay": 0, "autothrottle": "false", "retry_times": 1, "retry_backoff": 0, "download_timeout": 10}


def write_config(tmp_path: Path, sources: list, **crawl) -> tuple[Path, Path]:
    """A crackdown.toml with fast, test-friendly crawl settings, and the sources file."""
    values = {**FAST, "log_level": "INFO", **crawl}  # log_level=None: the default (one line per error)
    lines = ["[crawl]", *(f"{k} = {json.dumps(v) if isinstance(v, str) and v not in ('true', 'false') else v}"
                          for k, v in values.items() if v is not None)]
    config = tmp_path / "crackdown.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sources_file = tmp_path / "sources.yml"
    sources_file.write_text(yaml.safe_dump({"sources": sources}, allow_unicode=True), encoding="utf-8")
    return config, sources_file


def crawl_command(tmp_path: Path, sources: list, *args: str, db: Path | None = None, **crawl) -> tuple[list[str], dict]:
    config, sources_file = write_config(tmp_path, sources, **crawl)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRACKDOWN_")}
    command = [str(CRACKDOWN), "--config", str(config), "crawl", "--sources", str(sources_file),
               "--db", str(db or tmp_path / "crawl.db"), "--json", *args]
    return command, env


def run_crawl_cli(tmp_path: Path, sources: list, *args: str, db: Path | None = None, **crawl) -> subprocess.CompletedProcess:
    command, env = crawl_command(tmp_path, sources, *args, db=db, **crawl)
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)


def summary_of(result: subprocess.CompletedProcess) -> dict:
    return json.loads(result.stdout.strip().splitlines()[-1])
