"""`crackdown eval facts`: reading gold documents, the command, and the pinned dev floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crackdown.cli import cli
from crackdown.commands.eval_ import GoldError, fragment_text, gold_document, load_gold, run_facts_eval

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "gold" / "dev.jsonl").is_file(), reason="../shared is absent")

FLOORS = json.loads((ROOT / "extract" / "facts" / "floors.json").read_text())


def test_fragment_text_keeps_every_block():
    html = "<p>First  part.</p><div><a href='x'>Only a link</a></div><ul><li>one</li><li>two</li></ul>tail"
    assert fragment_text(html).split("\n") == ["First part.", "Only a link", "one", "two", "tail"]


def test_gold_document_forms(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "rows.csv").write_text(
        'id,title,body,date\n7,"Police seize boats","<p>Officers seized 3 boats.</p><p>More.</p>",1231390800\n',
        encoding="utf-8")
    (tmp_path / "c" / "lines.jsonl").write_text(
        json.dumps({"id": "9", "title": "Titre", "heading": "skip", "text": "Corps.", "date": "2020-07-02"}) + "\n",
        encoding="utf-8")
    (tmp_path / "c" / "casie.txt").write_text(
        "<title>Breach</title>\n<source> x </source>\n<date> 2018_11_09 </date>\n<text>\nBody here.\n</text>\n",
        encoding="utf-8")
    (tmp_path / "c" / "plain.txt").write_text("Headline\nBody line.\n", encoding="utf-8")
    row = gold_document(tmp_path, "c/rows.csv#id=7")
    assert row.text == "Police seize boats\n\nOfficers seized 3 boats.\nMore." and row.published == "2009-01-08"
    line = gold_document(tmp_path, "c/lines.jsonl#id=9")
    assert line.text == "Titre\n\nCorps." and line.published == "2020-07-02"
    casie = gold_document(tmp_path, "c/casie.txt")
    assert casie.text == "Breach\n\nBody here." and casie.published == "2018-11-09"
    assert gold_document(tmp_path, "c/plain.txt").text == "Headline\nBody line."
    with pytest.raises(GoldError, match="no row with id=8"):
        gold_document(tmp_path, "c/rows.csv#id=8")
    with pytest.raises(GoldError, match="file not found"):
        gold_document(tmp_path, "c/missing.txt")


def test_load_gold_names_the_bad_line(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"doc": "a.txt"}\n\nnot json\n', encoding="utf-8")
    with pytest.raises(GoldError, match=r"g.jsonl:3: not JSON"):
        load_gold(path)


def test_eval_facts_on_a_small_gold_file(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(
        "Police arrested five suspects in Lyon after a fraud that cost victims $2.5 million.", encoding="utf-8")
    gold = {"id": "a", "doc": "docs/a.txt", "lang": "en", "relevant": True, "event_types": ["arrest"],
            "amounts": [{"value": 2500000, "currency": "USD", "role": "loss", "approx": False}],
            "countries": ["FR"], "places": [{"name": "Lyon", "country": "FR"}], "charges": ["fraud"],
            "counts": [{"action": "arrested", "n": 5}], "legal_refs": []}
    path = tmp_path / "gold" / "g.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "facts", str(path), "--json", "--by-doc"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out["fields"]) == {"amounts", "places", "countries", "charges", "counts", "legal_refs", "event_types"}
    assert out["documents"] == 1
    table = CliRunner().invoke(cli, ["eval", "facts", str(path)])
    assert table.exit_code == 0 and "amount_roles" in table.output


def test_eval_facts_missing_gold_file_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "facts", str(tmp_path / "nope.jsonl")])
    assert result.exit_code != 0 and "gold file not found" in result.output


@pytest.fixture(scope="module")
def dev_scores():
    _, _, scores = run_facts_eval(SHARED / "gold" / "dev.jsonl")
    return scores


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize("field", sorted(FLOORS))
def test_dev_floors(dev_scores, field):
    value = dev_scores.f1(field)
    assert value >= FLOORS[field], f"{field}: {value:.3f} < floor {FLOORS[field]}"
