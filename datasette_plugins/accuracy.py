"""The fact extractor's measured accuracy, as the "how to cite" page shows it.

``crackdown eval facts --write-scores`` writes ``accuracy.json`` beside this module from a
real scoring run on the development gold files; the page reads it and says where the
figures come from (which files, how many documents per language, which facts version,
when). Nothing here computes a score: a figure the page shows is one the eval command
measured, never a hand-typed number.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SCORES_PATH = Path(__file__).resolve().parent / "accuracy.json"
FIELDS = ("amounts", "places", "countries", "charges", "counts", "legal_refs", "event_types")


def scores_record(result: Any, facts_version: int, measured_at: str | None = None) -> dict[str, Any]:
    """What ``accuracy.json`` holds for one :class:`extract.facts.evaluation.Evaluation`."""
    scores = result.as_dict()
    files = {}
    for f in result.files:
        files[f.name] = {"documents": len(f.scores.docs),
                         "by_lang": {lang: len(s.docs) for lang, s in sorted(f.by_lang.items())}}
    return {
        "about": "Scores of crackdown eval facts on the development gold files (the extractor was built "
                 "against them, so text it has not seen may score lower).",
        "measured_at": measured_at or datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "facts_version": facts_version,
        "gold_files": files,
        "langs": scores["langs"],
        "all": scores["all"],
    }


def write_scores(record: dict[str, Any], path: Path = SCORES_PATH) -> Path:
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def load_scores(path: Path = SCORES_PATH) -> dict[str, Any] | None:
    """The last written scores, or None when the eval command has not written any."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def score_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per field (and amount roles, relevance) with its score per language and over all documents."""
    columns = [*sorted(record.get("langs", {})), "all"]
    by_column = {**record.get("langs", {}), "all": record.get("all", {})}
    rows = []
    for name in (*FIELDS, "amount_roles", "relevance"):
        cells = {}
        for column in columns:
            scores = by_column.get(column) or {}
            if name in FIELDS:
                tally = (scores.get("fields") or {}).get(name)
                cells[column] = None if tally is None else {
                    "value": tally["f1"], "detail": f"P {tally['precision']:.2f} R {tally['recall']:.2f}",
                    "n": tally["tp"] + tally["fn"]}
            else:
                acc = scores.get(name)
                cells[column] = None if acc is None else {"value": acc["accuracy"], "detail": "accuracy",
                                                          "n": acc["total"]}
        rows.append({"name": name, "measure": "F1" if name in FIELDS else "accuracy", "cells": cells})
    return rows
