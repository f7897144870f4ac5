"""`crackdown eval facts`: reading gold documents, the command, per-file scores and the pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crackdown.cli import cli
from extract.facts import evaluation
from extract.facts.gold import GoldError, fragment_text, gold_document, gold_files, load_gold

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "gold" / "dev.jsonl").is_file(), reason="../shared is absent")

FLOORS = evaluation.load_floors()


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
    mine = out["files"]["g.jsonl"]
    assert set(mine["fields"]) == {"amounts", "places", "countries", "charges", "counts", "legal_refs", "event_types"}
    assert mine["documents"] == 1 and set(mine["by_lang"]) == {"en"}
    assert mine["fields"]["counts"]["f1"] == 1.0 and mine["macro"] == out["all"]["macro"]
    table = CliRunner().invoke(cli, ["eval", "facts", str(path)])
    assert table.exit_code == 0 and "amount_roles" in table.output and "macro" in table.output


def _gold_line(ident, lang, text_file, counts):
    return {"id": ident, "doc": f"docs/{text_file}", "lang": lang, "relevant": True, "event_types": ["arrest"],
            "amounts": [], "countries": [], "places": [], "charges": [], "counts": counts, "legal_refs": []}


def test_evaluate_cuts_scores_per_file_and_language(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs" / "en.txt").write_text("Police arrested five suspects.", encoding="utf-8")
    (tmp_path / "docs" / "fr.txt").write_text("La police a interpellé trois suspects.", encoding="utf-8")
    one = tmp_path / "gold" / "dev_a.jsonl"
    two = tmp_path / "gold" / "dev_b.jsonl"
    one.write_text(json.dumps(_gold_line("a", "en", "en.txt", [{"action": "arrested", "n": 5}])) + "\n")
    # a wrong gold count: this file scores 0 on counts, the other 1, and "all" sits between
    two.write_text(json.dumps(_gold_line("b", "en", "en.txt", [{"action": "arrested", "n": 6}])) + "\n"
                   + json.dumps(_gold_line("c", "fr", "fr.txt", [{"action": "arrested", "n": 3}])) + "\n")
    assert gold_files(tmp_path / "gold") == [one, two]
    result = evaluation.evaluate([one, two], langs=["en", "fr"])
    by_name = {f.name: f for f in result.files}
    assert by_name["dev_a.jsonl"].scores.f1("counts") == 1.0
    assert by_name["dev_b.jsonl"].by_lang["en"].f1("counts") == 0.0
    assert by_name["dev_b.jsonl"].by_lang["fr"].f1("counts") == 1.0
    assert 0 < result.overall().f1("counts") < 1 and set(result.by_lang()) == {"en", "fr"}
    only_en = evaluation.evaluate([one, two], langs=["en"])
    assert [len(f.gold) for f in only_en.files] == [1, 1]
    floors = {"dev_a.jsonl": {"counts": 0.9}, "dev_b.jsonl": {"counts": 0.9}, "other.jsonl": {"counts": 1}}
    assert evaluation.floor_failures(result, floors) == ["dev_b.jsonl: counts 0.500 < floor 0.9"]
    table = evaluation.format_columns(result)
    assert table.splitlines()[0].split() == ["dev_a", "dev_b", "en", "fr", "all"]


def test_eval_facts_check_fails_below_a_floor(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "en.txt").write_text("Police arrested five suspects.", encoding="utf-8")
    (tmp_path / "gold").mkdir()
    path = tmp_path / "gold" / "dev.jsonl"
    path.write_text(json.dumps(_gold_line("a", "en", "en.txt", [{"action": "arrested", "n": 6}])) + "\n")
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"dev.jsonl": {"counts": 0.5}}))
    monkeypatch.setattr(evaluation, "FLOORS_FILE", floors)
    result = CliRunner().invoke(cli, ["eval", "facts", str(path), "--check"])
    assert result.exit_code == 1 and "dev.jsonl: counts 0.000 < floor 0.5" in result.output


def test_eval_facts_missing_gold_file_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "facts", str(tmp_path / "nope.jsonl")])
    assert result.exit_code != 0 and "gold file not found" in result.output


@pytest.fixture(scope="module")
def dev_evaluation():
    paths = [p for p in gold_files(SHARED / "gold") if p.name in FLOORS]
    from extract.facts.pipeline import FactExtractor

    extractor = FactExtractor()
    return evaluation.evaluate(paths, extractor, langs=extractor.languages)


FLOOR_CASES = [(name, field) for name, fields in sorted(FLOORS.items()) for field in sorted(fields)]


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize("gold_file,field", FLOOR_CASES, ids=[f"{n}:{f}" for n, f in FLOOR_CASES])
def test_dev_floors(dev_evaluation, gold_file, field):
    scores = {f.name: f.scores for f in dev_evaluation.files}
    assert gold_file in scores, f"{gold_file} is pinned in floors.json but not in ../shared/gold"
    value = evaluation.value_of(scores[gold_file], field)
    assert value >= FLOORS[gold_file][field], f"{gold_file} {field}: {value:.3f} < floor {FLOORS[gold_file][field]}"
