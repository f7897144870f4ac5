"""The text-stage gate: scorers on hand-made cases, then the full benchmarks run once.

The gate fails when the stage drops below bare trafilatura (measured in the same run)
or below the floors pinned in ``extract/text_floors.json`` on any benchmark.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import text_eval

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def test_shingle_scores():
    truth = "one two three four five six"
    assert text_eval.shingle_pr(truth, truth) == (1.0, 1.0)
    assert text_eval.shingle_pr(truth, "") == (0.0, 0.0)
    p, r = text_eval.shingle_pr(truth, "menu menu menu menu " + truth)
    assert r == 1.0 and p == pytest.approx(3 / 7)
    p, r = text_eval.shingle_pr(truth, "one two three four")
    assert p == 1.0 and r == pytest.approx(1 / 3)


def test_char_tokens_split_chinese_per_character():
    assert text_eval.char_tokens("警方破获 case 42") == ["警", "方", "破", "获", "case", "42"]


def test_mean_f1_is_f1_of_the_means():
    scores = text_eval.mean_f1([(1.0, 0.5), (0.5, 1.0)])
    assert scores["precision"] == 0.75 and scores["recall"] == 0.75 and scores["f1"] == 0.75


def test_segment_counts_normalise_whitespace():
    item = {"with": ["a  b\nc", "missing"], "without": ["menu"]}
    assert text_eval.segment_counts(item, "x a b c y menu") == (1, 1, 1, 0)
    assert text_eval.segment_scores([(1, 1, 1, 0)])["f1"] == pytest.approx(0.5)


def test_date_matches_to_gold_precision():
    assert text_eval.date_matches("2005-5-7 21:23:57", "2005-05-07") is True
    assert text_eval.date_matches("1998-3", "1998-03-20") is True
    assert text_eval.date_matches("1998-3", "1998-01-01") is False
    assert text_eval.date_matches("UNKNOWN", "2001-01-01") is None


def test_failures_report_floor_and_baseline():
    scores = {"zyte": {"ours": {"f1": 0.90}, "bare": {"f1": 0.95}}}
    problems = text_eval.failures(scores, {"zyte": 0.93})
    assert len(problems) == 2


@pytest.fixture(scope="module")
def scores():
    return text_eval.evaluate(SHARED, processes=2)


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared is absent (a user's clone)")
def test_gate_against_floors_and_bare_trafilatura(scores):
    floors = text_eval.load_floors()
    assert set(floors) == {"zyte", "zh", "zh_dates", "trafilatura"}
    assert scores["zyte"]["ours"]["n"] == 181
    assert scores["zh"]["ours"]["n"] == 69
    assert scores["trafilatura"]["ours"]["n"] == 990
    assert text_eval.failures(scores, floors) == [], text_eval.table(scores)
