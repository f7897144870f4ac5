"""Data-entry provenance: which entries only one gold file's documents contain, and removing them."""

from __future__ import annotations

import json

import yaml

from extract.facts import provenance
from extract.facts.provenance import Entry


def test_data_entries_takes_list_items_and_map_keys(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "charges.yml").write_text(yaml.safe_dump(
        {"fraud": ["wire fraud", "scam"], "aliases": {"Antwerpen": "Antwerp"}, "weight": 2}), encoding="utf-8")
    entries = provenance.data_entries(tmp_path)
    texts = {(e.file, e.where, e.text) for e in entries}
    # "scam" has four letters and stays; numbers and values are not entries
    assert texts == {("en/charges.yml", "fraud", "wire fraud"), ("en/charges.yml", "fraud", "scam"),
                     ("en/charges.yml", "aliases", "Antwerpen")}


def test_entry_pattern_folds_case_accents_and_allows_an_ending():
    pattern = provenance.entry_pattern("escroquerie en bande")
    assert pattern.search(provenance.fold("Une ESCROQUERIE en bandes organisées"))
    assert not pattern.search(provenance.fold("escroqueries et bande"))
    assert provenance.entry_pattern("laund*").search("laundering")


def test_audit_tells_one_file_entries_from_general_ones(tmp_path):
    shared = tmp_path / "shared"
    corpus = shared / "corpus" / "web-crackdown-news"
    corpus.mkdir(parents=True)
    (corpus / "a.txt").write_text("Police dismantled a pig-butchering ring.", encoding="utf-8")
    (corpus / "b.txt").write_text("The wire fraud scheme was dismantled.", encoding="utf-8")
    (corpus / "c.txt").write_text("A wire fraud indictment.", encoding="utf-8")
    (shared / "gold").mkdir()
    gold = shared / "gold" / "dev_x.jsonl"
    gold.write_text("\n".join(json.dumps({"id": n, "doc": f"corpus/web-crackdown-news/{n}.txt"}) for n in "ab"))
    entries = [Entry("en/c.yml", "fraud", "pig-butchering"), Entry("en/c.yml", "fraud", "wire fraud"),
               Entry("en/c.yml", "fraud", "ransomware")]
    occ = provenance.audit([gold], entries)
    assert occ.only_in("dev_x.jsonl") == [entries[0]]
    assert occ.suspects() == [entries[0]]
    assert occ.elsewhere[entries[1]] == 1 and occ.gold[entries[2]] == {}


def test_remove_entries_rewrites_only_those(tmp_path):
    (tmp_path / "en").mkdir()
    path = tmp_path / "en" / "c.yml"
    path.write_text(yaml.safe_dump({"fraud": ["wire fraud", "pig-butchering"], "aliases": {"Berne": "Bern", "Wien": "Vienna"}},
                                   allow_unicode=True), encoding="utf-8")
    provenance.remove_entries(tmp_path, [Entry("en/c.yml", "fraud", "pig-butchering"),
                                         Entry("en/c.yml", "aliases", "Wien")])
    assert yaml.safe_load(path.read_text()) == {"fraud": ["wire fraud"], "aliases": {"Berne": "Bern"}}


def test_scores_without_runs_on_the_pruned_copy(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Man sentenced for wire fraud\n\nA jury convicted him of wire fraud.",
                                             encoding="utf-8")
    gold = {"id": "a", "doc": "docs/a.txt", "lang": "en", "relevant": True, "event_types": ["conviction", "sentence"],
            "amounts": [], "countries": [], "places": [], "charges": ["fraud"], "counts": [], "legal_refs": []}
    path = tmp_path / "gold" / "dev.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    charge_phrases = [e for e in provenance.data_entries() if e.file == "en/charges.yml" and e.where.startswith("charges.")]
    assert provenance.scores_without([path], ["en"], [])["files"]["dev.jsonl"]["fields"]["charges"]["f1"] == 1.0
    pruned = provenance.scores_without([path], ["en"], charge_phrases)
    assert pruned["files"]["dev.jsonl"]["fields"]["charges"]["f1"] == 0.0
