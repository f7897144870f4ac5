"""Score the fact extractor on several gold files at once: per file, per language, overall.

The extractor runs once over every document of every file (batched per language, the language
detected as in production); the scores are then cut three ways so that a rule tuned on one
file shows what it does to the others. ``macro`` is the mean F1 of the seven fact fields
(amounts, places, countries, charges, counts, legal_refs, event_types); amount roles and
relevance are accuracies beside it. Floors (``floors.json``) are pinned per gold file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from extract.facts import scoring
from extract.facts.gold import gold_documents, load_gold

FLOORS_FILE = Path(__file__).with_name("floors.json")
# what a floor can name: a field's F1, or one of the two accuracies, or the macro F1
FLOOR_NAMES = (*scoring.FIELDS, "amount_roles", "relevance", "macro")


def macro_f1(scores: scoring.Scores) -> float:
    """Mean F1 of the seven fact fields."""
    return sum(t.f1 for t in scores.fields.values()) / len(scores.fields)


def value_of(scores: scoring.Scores, name: str) -> float:
    """A floor's quantity: a field's F1, ``amount_roles`` / ``relevance`` accuracy, or ``macro``."""
    return macro_f1(scores) if name == "macro" else scores.f1(name)


@dataclass
class FileResult:
    """One gold file: its lines in scope, the predictions, and their scores (all and per language)."""

    name: str  # the file's name, e.g. "dev_news.jsonl" (the key of its floors)
    path: Path
    gold: list[dict]
    predicted: list[dict]
    scores: scoring.Scores
    by_lang: dict[str, scoring.Scores] = field(default_factory=dict)


@dataclass
class Evaluation:
    files: list[FileResult]

    def _subset(self, keep) -> scoring.Scores:
        gold, predicted = [], []
        for f in self.files:
            for g, p in zip(f.gold, f.predicted):
                if keep(f, g):
                    gold.append(g)
                    predicted.append(p)
        return scoring.score(gold, predicted)

    @property
    def langs(self) -> list[str]:
        return sorted({lang for f in self.files for lang in f.by_lang})

    def by_lang(self) -> dict[str, scoring.Scores]:
        """Scores per language over all files."""
        return {lang: self._subset(lambda f, g, lang=lang: g.get("lang") == lang) for lang in self.langs}

    def overall(self) -> scoring.Scores:
        return self._subset(lambda f, g: True)

    def columns(self) -> list[tuple[str, scoring.Scores]]:
        """(label, scores) for every file, every language, and all documents: the table's columns."""
        cols = [(f.name.removesuffix(".jsonl"), f.scores) for f in self.files]
        if len(self.langs) > 1 or len(self.files) > 1:
            cols += [(lang, s) for lang, s in self.by_lang().items()]
        if len(self.files) > 1:
            cols.append(("all", self.overall()))
        return cols

    def as_dict(self) -> dict[str, Any]:
        def one(s: scoring.Scores) -> dict[str, Any]:
            return {**s.as_dict(), "macro": round(macro_f1(s), 4)}

        return {
            "files": {f.name: {**one(f.scores), "by_lang": {k: one(v) for k, v in f.by_lang.items()}}
                      for f in self.files},
            "langs": {k: one(v) for k, v in self.by_lang().items()},
            "all": one(self.overall()),
        }


def evaluate(paths: Iterable[Path], extractor=None, langs: Iterable[str] | None = None) -> Evaluation:
    """Run ``extractor`` (a :class:`~extract.facts.pipeline.FactExtractor`) over the gold files' documents.

    ``langs``: keep only gold lines of these languages (the ones the extractor supports); a file
    with no such line is left out. Raises :class:`~extract.facts.gold.GoldError` on a bad line."""
    from extract.facts.pipeline import FactExtractor, to_gold

    extractor = extractor or FactExtractor()
    wanted = set(langs) if langs is not None else None
    loaded = []
    for path in paths:
        path = Path(path)
        lines = [g for g in load_gold(path) if wanted is None or g.get("lang") in wanted]
        if lines:
            loaded.append((path, lines, gold_documents(path, lines)))
    everything = [doc for _, _, docs in loaded for doc in docs]
    predicted = [to_gold(record) for record in extractor.extract_many(everything)]
    results, at = [], 0
    for path, lines, docs in loaded:
        mine = predicted[at : at + len(docs)]
        at += len(docs)
        by_lang = {}
        for lang in sorted({g.get("lang") for g in lines if g.get("lang")}):
            pairs = [(g, p) for g, p in zip(lines, mine) if g.get("lang") == lang]
            by_lang[lang] = scoring.score([g for g, _ in pairs], [p for _, p in pairs])
        results.append(FileResult(path.name, path, lines, mine, scoring.score(lines, mine), by_lang))
    return Evaluation(results)


def load_floors(path: Path | None = None) -> dict[str, dict[str, float]]:
    """``{gold file name: {field: floor}}`` (default: ``floors.json`` beside this module)."""
    return json.loads(Path(path or FLOORS_FILE).read_text(encoding="utf-8"))


def floor_failures(evaluation: Evaluation, floors: dict[str, dict[str, float]]) -> list[str]:
    """One line per floor not met by the file it names (files not evaluated are not checked)."""
    problems = []
    for f in evaluation.files:
        for name, floor in sorted((floors.get(f.name) or {}).items()):
            value = value_of(f.scores, name)
            if value < floor:
                problems.append(f"{f.name}: {name} {value:.3f} < floor {floor}")
    return problems


def format_columns(evaluation: Evaluation) -> str:
    """One row per field, one column per file, language and all documents (F1 or accuracy)."""
    cols = evaluation.columns()
    width = max(9, *(len(label) + 1 for label, _ in cols))
    head = f"{'':<13}" + "".join(f"{label:>{width}}" for label, _ in cols)
    docs = f"{'documents':<13}" + "".join(f"{len(s.docs):>{width}}" for _, s in cols)
    lines = [head, docs]
    for name in FLOOR_NAMES:
        lines.append(f"{name:<13}" + "".join(f"{value_of(s, name):>{width}.3f}" for _, s in cols))
    lines.append("(F1 per field; accuracy for amount_roles and relevance; macro = mean F1 of the seven fields)")
    return "\n".join(lines)
