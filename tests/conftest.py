"""Shared fixtures: where ../shared is, and a database built in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

needs_shared = pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared is absent (a user's clone)")


@pytest.fixture
def db(tmp_path):
    from db.store import open_db

    return open_db(tmp_path / "test.db")
