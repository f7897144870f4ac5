"""Shared fixtures: where ../shared is, and a database built in tmp_path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

needs_shared = pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared is absent (a user's clone)")


@pytest.fixture
def db(tmp_path):
    from db.store import open_db

    return open_db(tmp_path / "test.db")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """``crackdown demo --no-serve`` once per test session (about a minute): from ../shared when it is
    there, else from the built-in fixture site; the demo and browser tests read it, none writes it."""
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.db"
    shared = SHARED if (SHARED / "corpus").is_dir() else folder / "no-shared"
    result = subprocess.run(
        [sys.executable, "-m", "crackdown", "demo", "--no-serve", "--db", str(db), "--shared", str(shared)],
        cwd=folder, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return db
