"""Score predicted fact records against gold lines, exactly as ``shared/gold/README.md`` says.

Pure functions over gold-vocabulary records (what :func:`extract.facts.pipeline.to_gold`
returns): micro-averaged precision/recall/F1 per field, amount-role accuracy over the
matched amount pairs, relevance accuracy, and each document's misses for error analysis.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable

FIELDS = ("amounts", "places", "countries", "charges", "counts", "legal_refs", "event_types")
AMOUNT_TOLERANCE = 0.005  # values may differ by at most 0.5 %


@dataclass
class Tally:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if not self.fp else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"accuracy": round(self.value, 4), "correct": self.correct, "total": self.total}


@dataclass
class DocMisses:
    """What one document's prediction missed (in gold, not predicted) and added (predicted, not in gold)."""

    id: str
    missing: dict[str, list] = field(default_factory=dict)
    spurious: dict[str, list] = field(default_factory=dict)
    wrong_roles: list[dict] = field(default_factory=list)
    relevance: tuple[bool, bool] | None = None  # (gold, predicted) when they differ

    @property
    def empty(self) -> bool:
        return not (self.missing or self.spurious or self.wrong_roles or self.relevance)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "missing": self.missing, "spurious": self.spurious}
        if self.wrong_roles:
            out["wrong_roles"] = self.wrong_roles
        if self.relevance:
            out["relevance"] = {"gold": self.relevance[0], "predicted": self.relevance[1]}
        return out


@dataclass
class Scores:
    fields: dict[str, Tally]
    amount_roles: Accuracy
    relevance: Accuracy
    docs: list[DocMisses]

    def f1(self, name: str) -> float:
        """F1 of a field, or the accuracy for ``amount_roles`` / ``relevance`` (the floors' names)."""
        if name == "amount_roles":
            return self.amount_roles.value
        if name == "relevance":
            return self.relevance.value
        return self.fields[name].f1

    def as_dict(self) -> dict[str, Any]:
        return {
            "fields": {name: tally.as_dict() for name, tally in self.fields.items()},
            "amount_roles": self.amount_roles.as_dict(),
            "relevance": self.relevance.as_dict(),
            "documents": len(self.docs),
        }


# --- normalisation -------------------------------------------------------------------------------

def fold(text: str) -> str:
    """Case-fold and strip accents (place names)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


_ARTICLE_NOISE = re.compile(r"article|art\.|§|\s+", re.I)


def norm_article(article: str) -> str:
    """A statute's article without spaces, "§", "art.", "article", and case."""
    return _ARTICLE_NOISE.sub("", str(article or "").casefold())


def _place_key(p: dict) -> tuple[str, str]:
    return fold(p.get("name", "")), (p.get("country") or "").upper()


def _count_key(c: dict) -> tuple[str, int]:
    return c.get("action"), int(c.get("n"))


def _ref_key(r: dict) -> tuple[str, str]:
    return (r.get("jurisdiction") or "").upper(), norm_article(r.get("article", ""))


_KEYS = {
    "places": _place_key,
    "countries": lambda c: str(c).upper(),
    "charges": str,
    "event_types": str,
    "counts": _count_key,
    "legal_refs": _ref_key,
}


# --- matching ------------------------------------------------------------------------------------

def amounts_close(gold_value: float, predicted_value: float) -> bool:
    """Within 0.5 % of the gold value (exact when the gold value is 0)."""
    g, p = float(gold_value), float(predicted_value)
    return abs(g - p) <= AMOUNT_TOLERANCE * abs(g)


def match_amounts(gold: list[dict], predicted: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pair predicted with gold amounts (same currency, values within 0.5 %, each gold used once).

    Returns ``(pairs, missing gold, spurious predictions)``. Each prediction takes the closest
    free gold value, preferring one with the same role when values tie.
    """
    free = list(range(len(gold)))
    pairs, spurious = [], []
    for pred in predicted:
        best, best_key = None, None
        for gi in free:
            g = gold[gi]
            if (g.get("currency") or "").upper() != (pred.get("currency") or "").upper():
                continue
            try:
                if not amounts_close(g["value"], pred["value"]):
                    continue
                diff = abs(float(g["value"]) - float(pred["value"]))
            except (TypeError, ValueError, KeyError):
                continue
            key = (diff, g.get("role") != pred.get("role"))
            if best_key is None or key < best_key:
                best, best_key = gi, key
        if best is None:
            spurious.append(pred)
        else:
            free.remove(best)
            pairs.append((gold[best], pred))
    return pairs, [gold[i] for i in free], spurious


def match_set(name: str, gold: Iterable, predicted: Iterable) -> tuple[int, list, list]:
    """Set comparison of one field after normalisation: ``(tp, missing, spurious)``."""
    key = _KEYS[name]
    gold_map = {key(g): g for g in gold}
    pred_map = {key(p): p for p in predicted}
    tp = len(gold_map.keys() & pred_map.keys())
    missing = [g for k, g in gold_map.items() if k not in pred_map]
    spurious = [p for k, p in pred_map.items() if k not in gold_map]
    return tp, missing, spurious


def score(gold_docs: list[dict], predicted_docs: list[dict]) -> Scores:
    """Score aligned lists of gold lines and predicted records (both in the gold vocabulary)."""
    if len(gold_docs) != len(predicted_docs):
        raise ValueError(f"{len(gold_docs)} gold documents but {len(predicted_docs)} predictions")
    tallies = {name: Tally() for name in FIELDS}
    roles, relevance = Accuracy(), Accuracy()
    docs = []
    for n, (gold, pred) in enumerate(zip(gold_docs, predicted_docs)):
        misses = DocMisses(id=str(gold.get("id", n)))
        pairs, missing, spurious = match_amounts(gold.get("amounts") or [], pred.get("amounts") or [])
        t = tallies["amounts"]
        t.tp += len(pairs)
        t.fn += len(missing)
        t.fp += len(spurious)
        if missing:
            misses.missing["amounts"] = missing
        if spurious:
            misses.spurious["amounts"] = spurious
        for g, p in pairs:
            roles.total += 1
            if g.get("role") == p.get("role"):
                roles.correct += 1
            else:
                misses.wrong_roles.append({"text": p.get("text"), "value": p.get("value"),
                                           "gold": g.get("role"), "predicted": p.get("role")})
        for name in FIELDS[1:]:
            tp, missing, spurious = match_set(name, gold.get(name) or [], pred.get(name) or [])
            t = tallies[name]
            t.tp += tp
            t.fn += len(missing)
            t.fp += len(spurious)
            if missing:
                misses.missing[name] = missing
            if spurious:
                misses.spurious[name] = spurious
        if "relevant" in gold:
            relevance.total += 1
            if bool(gold["relevant"]) == bool(pred.get("relevant")):
                relevance.correct += 1
            else:
                misses.relevance = (bool(gold["relevant"]), bool(pred.get("relevant")))
        docs.append(misses)
    return Scores(fields=tallies, amount_roles=roles, relevance=relevance, docs=docs)


def format_table(scores: Scores) -> str:
    """The human-readable score table: one line per field, then the two accuracies."""
    lines = [f"{'field':<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, t in scores.fields.items():
        lines.append(f"{name:<12} {t.precision:6.3f} {t.recall:6.3f} {t.f1:6.3f} {t.tp:5d} {t.fp:5d} {t.fn:5d}")
    r = scores.amount_roles
    lines.append(f"{'amount_roles':<12} accuracy {r.value:.3f} ({r.correct}/{r.total} matched amounts)")
    v = scores.relevance
    lines.append(f"{'relevance':<12} accuracy {v.value:.3f} ({v.correct}/{v.total} documents)")
    return "\n".join(lines)
