"""Where the extractor's data entries come from, and what a file's own entries carry.

Every phrase in ``extract/facts/data`` (a charge phrase, an event cue, a place alias) should be
general: a word of a statute, a dictionary or a grammar that occurs in many documents. An entry
that occurs in the documents of one gold file and nowhere else in ``shared/corpus`` was most
likely written for that file. Two tools:

- :func:`audit`: for each entry, the gold documents (per file) and the other corpus documents
  whose text contains it (word-bounded, case and accents folded, a few letters of inflection
  allowed at the end: an approximation of the lemma matching the extractor does).
- :func:`leave_one_file_out`: for each gold file, drop the entries that only its documents
  contain, run the extractor again on every file (in a subprocess, on a copy of the package
  with those entries removed) and report every file's scores with and without them. The file's
  own drop is how much of its score nothing else supports; a move in another file shows that
  an entry written for one file changes the others.
"""

from __future__ import annotations

import bisect
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from extract.facts.gold import fragment_text, gold_document, load_gold, shared_root

PACKAGE = Path(__file__).resolve().parents[1]  # the ``extract`` package
DATA = Path(__file__).resolve().parent / "data"
# the corpus folders of the kinds of documents the extractor reads (web-page benchmarks left out)
DOMAIN_CORPORA = ("web-crackdown-news", "us-prosecutor-press-releases", "doj-press-samples", "fr-orangesum-news",
                  "casie-cyber-events", "india-police-events")
MIN_ENTRY_LETTERS = 4  # shorter entries (abbreviations, number words) are not audited
_TOKEN = re.compile(r"\w+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    out = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return out.replace("’", "'")


@dataclass(frozen=True)
class Entry:
    """One data entry: its file (relative to ``data/``), the keys that lead to it, and its text."""

    file: str
    where: str
    text: str

    @property
    def label(self) -> str:
        return f"{self.file}:{self.where}: {self.text}"


def data_entries(data_dir: Path = DATA) -> list[Entry]:
    """Phrase entries of every YAML data file: list items and the keys of nested name -> value maps."""
    out: list[Entry] = []

    def walk(node, rel: str, where: list[str]):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, (str, int, float)) and isinstance(key, str):
                    if where:  # a top-level scalar is a setting ("threshold: 0.5"), not a phrase
                        out.append(Entry(rel, ".".join(where), key))
                else:
                    walk(value, rel, [*where, str(key)])
        elif isinstance(node, list):
            for item in node:
                if isinstance(item, str):
                    out.append(Entry(rel, ".".join(where), item))
                else:
                    walk(item, rel, where)

    for path in sorted(Path(data_dir).rglob("*.y*ml")):
        with open(path, encoding="utf-8") as fh:
            walk(yaml.safe_load(fh), path.relative_to(data_dir).as_posix(), [])
    return [e for e in out if sum(c.isalpha() for c in e.text) >= MIN_ENTRY_LETTERS]


def entry_pattern(text: str) -> re.Pattern | None:
    words = _TOKEN.findall(fold(text.rstrip("*")))
    if not words:
        return None
    body = r"\W+".join(re.escape(w) for w in words)
    ending = r"\w*" if text.endswith("*") else r"\w{0,3}(?!\w)"  # "laund*" is a stem
    return re.compile(r"(?<!\w)" + body + ending)


def corpus_units(shared: Path, folders: Iterable[str] = DOMAIN_CORPORA) -> Iterator[tuple[str, str]]:
    """(ref, text) of every document of the domain corpora and the seeds, refs as gold ``doc`` fields."""
    shared = Path(shared)
    for name in folders:
        root = shared / "corpus" / name
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(shared).as_posix()
            if path.suffix == ".txt" and path.name != "SOURCE.md":
                yield rel, gold_document(shared, rel).text
            elif path.suffix == ".csv" and "press_releases" in path.name:
                csv.field_size_limit(sys.maxsize)
                with open(path, encoding="utf-8", newline="") as fh:
                    for row in csv.DictReader(fh):
                        yield f"{rel}#id={row.get('id')}", f"{row.get('title') or ''}\n{fragment_text(row.get('body') or '')}"
            elif path.suffix == ".jsonl" and path.name in {"orangesum_crime_slice.jsonl", "docs.jsonl"}:
                with open(path, encoding="utf-8") as fh:
                    for line in fh:
                        if line.strip():
                            item = json.loads(line)
                            ident = item.get("id", item.get("doc_id"))
                            text = "\n".join(str(item.get(k) or "") for k in ("title", "text", "doc_text"))
                            yield f"{rel}#id={ident}", text
    seeds = shared / "seeds"
    if seeds.is_dir():
        for path in sorted(seeds.glob("*.txt")):
            yield path.relative_to(shared).as_posix(), path.read_text(encoding="utf-8", errors="replace")


@dataclass
class Occurrences:
    """Where each entry occurs: gold documents per gold file, and how many other corpus documents."""

    gold: dict[Entry, dict[str, set[str]]] = field(default_factory=dict)  # entry -> file -> doc refs
    elsewhere: dict[Entry, int] = field(default_factory=dict)

    def only_in(self, file: str) -> list[Entry]:
        """Entries found in this gold file's documents and in no other document of the corpus."""
        return [e for e, files in self.gold.items() if set(files) == {file} and not self.elsewhere.get(e)]

    def suspects(self) -> list[Entry]:
        """Entries found in exactly one gold document and nowhere else."""
        return [e for e, files in self.gold.items()
                if sum(len(refs) for refs in files.values()) == 1 and not self.elsewhere.get(e)]


def audit(gold_paths: Iterable[Path], entries: list[Entry] | None = None) -> Occurrences:
    """Find every entry in the gold files' documents and in the rest of the domain corpus."""
    gold_paths = [Path(p) for p in gold_paths]
    entries = data_entries() if entries is None else entries
    gold_refs: dict[str, str] = {}  # doc ref -> gold file name
    for path in gold_paths:
        for line in load_gold(path):
            gold_refs[line["doc"]] = path.name
    shared = shared_root(gold_paths[0]) if gold_paths else None
    units = list(corpus_units(shared)) if shared else []
    # an inverted index of folded words narrows each entry to the documents holding all its words
    texts = [fold(text) for _, text in units]
    index: dict[str, set[int]] = defaultdict(set)
    for i, text in enumerate(texts):
        for word in set(_TOKEN.findall(text)):
            index[word].add(i)
    vocabulary = sorted(index)
    occ = Occurrences()
    for entry in entries:
        pattern = entry_pattern(entry.text)
        if pattern is None:
            continue
        words = _TOKEN.findall(fold(entry.text.rstrip("*")))
        # the last word may carry an inflection: look its stem up among the words that start with it
        candidates = set.intersection(*(index.get(w, set()) for w in words[:-1])) if len(words) > 1 else None
        last = {i for w in _with_prefix(vocabulary, words[-1]) for i in index[w]}
        candidates = last if candidates is None else candidates & last
        files: dict[str, set[str]] = {}
        elsewhere = 0
        for i in candidates:
            if pattern.search(texts[i]):
                ref = units[i][0]
                if ref in gold_refs:
                    files.setdefault(gold_refs[ref], set()).add(ref)
                else:
                    elsewhere += 1
        occ.gold[entry] = files
        occ.elsewhere[entry] = elsewhere
    return occ


def _with_prefix(vocabulary: list[str], word: str) -> Iterator[str]:
    """Words of the sorted ``vocabulary`` that are ``word`` plus at most three letters."""
    at = bisect.bisect_left(vocabulary, word)
    while at < len(vocabulary) and vocabulary[at].startswith(word):
        if len(vocabulary[at]) <= len(word) + 3:
            yield vocabulary[at]
        at += 1


# --- leave one file out ------------------------------------------------------------------------

def remove_entries(data_dir: Path, entries: Iterable[Entry]) -> None:
    """Rewrite the YAML files under ``data_dir`` without these entries (list items and map keys)."""
    by_file: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for e in entries:
        by_file[e.file].add((e.where, e.text))
    for rel, drop in by_file.items():
        path = Path(data_dir) / rel
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)

        def prune(node, where: list[str]):
            if isinstance(node, dict):
                out = {}
                for key, value in node.items():
                    if isinstance(value, (str, int, float)) and (".".join(where), key) in drop:
                        continue
                    out[key] = value if isinstance(value, (str, int, float)) else prune(value, [*where, str(key)])
                return out
            if isinstance(node, list):
                return [item for item in (i if isinstance(i, str) else prune(i, where) for i in node)
                        if not (isinstance(item, str) and (".".join(where), item) in drop)]
            return node

        with open(path, "w", encoding="utf-8") as fh:
            yaml.safe_dump(prune(data, []), fh, allow_unicode=True, sort_keys=False)


def scores_without(gold_paths: list[Path], langs: list[str], entries: list[Entry]) -> dict[str, Any]:
    """``crackdown eval facts --json`` on a copy of the package without ``entries``, in a subprocess."""
    with tempfile.TemporaryDirectory(prefix="crackdown-lofo-") as tmp:
        copy = Path(tmp) / "extract"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
        remove_entries(copy / "facts" / "data", entries)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([tmp, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
        args = [sys.executable, "-m", "crackdown", "eval", "facts", *(str(Path(p).resolve()) for p in gold_paths),
                "--json"]
        for lang in langs:
            args += ["--lang", lang]
        # run from the copy: ``-m`` puts the working directory first on sys.path, before PYTHONPATH
        done = subprocess.run(args, env=env, cwd=tmp, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"ablated evaluation failed: {done.stderr.strip()[-500:]}")
        return json.loads(done.stdout)


@dataclass
class LofoRow:
    file: str  # the file whose own entries were left out
    entries: list[Entry]
    before: dict[str, float]  # gold file -> macro F1 with every entry
    after: dict[str, float]  # gold file -> macro F1 without this file's own entries


def leave_one_file_out(gold_paths: Iterable[Path], langs: list[str], baseline=None) -> list[LofoRow]:
    """For each gold file: its own entries, and every file's macro F1 with and without them."""
    from extract.facts.evaluation import evaluate, macro_f1

    gold_paths = [Path(p) for p in gold_paths]
    if baseline is None:
        baseline = evaluate(gold_paths, langs=langs)
    before = {f.name: round(macro_f1(f.scores), 4) for f in baseline.files}
    occ = audit(gold_paths)
    rows = []
    for f in baseline.files:
        own = occ.only_in(f.name)
        if own:
            result = scores_without(gold_paths, langs, own)
            after = {name: scores["macro"] for name, scores in result["files"].items()}
        else:
            after = dict(before)
        rows.append(LofoRow(f.name, own, before, after))
    return rows


def format_lofo(rows: list[LofoRow]) -> str:
    names = list(rows[0].before) if rows else []
    lines = ["leave one file out: macro F1 of every file without the data entries only one file's documents contain",
             f"{'entries of':<18}{'count':>6}" + "".join(f"{n.removesuffix('.jsonl'):>20}" for n in names)]
    for row in rows:
        cells = "".join(f"{row.before[n]:>9.3f} -> {row.after.get(n, float('nan')):.3f}" for n in names)
        lines.append(f"{row.file.removesuffix('.jsonl'):<18}{len(row.entries):>6}{cells}")
    for row in rows:
        if row.entries:
            lines.append(f"-- only in {row.file}: " + "; ".join(e.label for e in row.entries[:60])
                         + (" ..." if len(row.entries) > 60 else ""))
    return "\n".join(lines)
