"""Score the text stage against bare trafilatura on three public benchmarks, in one run.

* Zyte article-extraction benchmark: 4-gram shingles of ``\\w+`` tokens, per-document
  precision and recall averaged, F1 of the means (as the benchmark's evaluate.py does).
* Chinese web content extraction set: the same shingle score, but every CJK character is a
  token ("per character"), plus the share of known publication dates found (same day).
* trafilatura's own evaluation set: whitespace-normalised substring match of its must-have
  ``with`` and must-not-have ``without`` segments, precision/recall/F1 over all counts.

Both systems run on the same bytes in the same worker, so the comparison is like for like.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FLOORS_FILE = Path(__file__).with_name("text_floors.json")

_WORDS = re.compile(r"\w+")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CHARS = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
_SPACE = re.compile(r"\s+")


def word_tokens(text: str) -> list[str]:
    return _WORDS.findall(text or "")


def char_tokens(text: str) -> list[str]:
    """Words, except that each CJK character is a token of its own (Chinese has no spaces)."""
    return _CHARS.findall(text or "")


def shingle_pr(truth: str, pred: str, tokenize=word_tokens, n: int = 4) -> tuple[float, float]:
    """Per-document precision and recall over multisets of ``n``-token shingles."""

    def shingles(text: str) -> Counter:
        toks = tokenize(text)
        return Counter(tuple(toks[i : i + n]) for i in range(max(len(toks) - n + 1, 1))) if toks else Counter()

    want, got = shingles(truth), shingles(pred)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def mean_f1(pairs: list[tuple[float, float]]) -> dict:
    p = sum(x for x, _ in pairs) / len(pairs)
    r = sum(y for _, y in pairs) / len(pairs)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "n": len(pairs)}


def norm_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def segment_counts(item: dict, text: str | None) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of trafilatura's segment scoring for one page."""
    found = norm_space(text or "")
    tp = sum(1 for s in item["with"] if norm_space(s) in found)
    fp = sum(1 for s in item["without"] if norm_space(s) in found)
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def segment_scores(counts: list[tuple[int, int, int, int]]) -> dict:
    tp, fp, fn, tn = (sum(c[i] for c in counts) for i in range(4))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * tp / (2 * tp + fp + fn) if tp else 0.0, "n": len(counts)}


_GOLD_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def date_matches(gold: str, predicted: str | None) -> bool | None:
    """Whether ``predicted`` agrees with ``gold`` to gold's precision; None when gold has no date."""
    match = _GOLD_DATE.match(gold or "")
    if not match:
        return None
    want = [int(g) for g in match.groups() if g]
    got = [int(g) for g in re.findall(r"\d+", predicted or "")[:3]]
    return got[: len(want)] == want


@dataclass
class Page:
    corpus: str
    key: str
    path: str
    url: str | None = None
    truth: object = None
    extra: dict = field(default_factory=dict)


def load_pages(shared: Path = SHARED) -> list[Page]:
    corpus = shared / "corpus"
    pages: list[Page] = []
    zyte = corpus / "zyte-article-extraction-benchmark"
    for key, item in sorted(json.loads((zyte / "ground-truth.json").read_text("utf-8")).items()):
        pages.append(Page("zyte", key, str(zyte / "html" / f"{key}.html.gz"), item.get("url"), item["articleBody"]))
    zh = corpus / "zh-web-content-extraction"
    texts = json.loads((zh / "eval" / "cleaned_ground.json").read_text("utf-8"))
    dates = json.loads((zh / "eval" / "date_ground.json").read_text("utf-8"))
    for key in sorted(texts):
        pages.append(
            Page("zh", key, str(zh / "original" / f"{key}.html"), None, texts[key]["articleBody"],
                 {"date": dates.get(key, {}).get("articleBody", "")})
        )
    traf = corpus / "trafilatura-eval"
    for url, item in json.loads((traf / "evaldata.json").read_text("utf-8")).items():
        path = traf / "html" / f"{item['file']}.gz"
        if path.exists():
            pages.append(Page("trafilatura", url, str(path), url, {"with": item["with"], "without": item["without"]}))
    return pages


def read_page(path: str) -> bytes:
    raw = Path(path).read_bytes()
    return gzip.decompress(raw) if path.endswith(".gz") else raw


def run_page(page: Page) -> dict:
    """Both systems on one page: text and date of each."""
    import trafilatura

    from extract.text import extract_text

    body = read_page(page.path)
    ours = extract_text(body, url=page.url, filename=Path(page.path).name.removesuffix(".gz"))
    try:
        bare_text = trafilatura.extract(body)
    except Exception:  # a crash of the baseline counts as an empty answer, as in its own eval
        bare_text = None
    bare_date = None
    if page.corpus == "zh":
        meta = trafilatura.extract_metadata(body)
        bare_date = meta.date if meta else None
    return {"ours": ours.text or "", "ours_date": ours.date, "bare": bare_text or "", "bare_date": bare_date}


def score(pages: list[Page], outputs: list[dict]) -> dict:
    """Scores per benchmark and system: {"zyte": {"ours": {...}, "bare": {...}}, ...}."""
    result: dict = {}
    for system in ("ours", "bare"):
        zyte, zh, dates, segs = [], [], [], []
        for page, out in zip(pages, outputs):
            text = out[system]
            if page.corpus == "zyte":
                zyte.append(shingle_pr(page.truth, text))
            elif page.corpus == "zh":
                zh.append(shingle_pr(page.truth, text, char_tokens))
                ok = date_matches(page.extra["date"], out[f"{system}_date"])
                if ok is not None:
                    dates.append(ok)
            else:
                segs.append(segment_counts(page.truth, text))
        if zyte:
            result.setdefault("zyte", {})[system] = mean_f1(zyte)
        if zh:
            result.setdefault("zh", {})[system] = mean_f1(zh)
        if dates:
            result.setdefault("zh_dates", {})[system] = {"accuracy": sum(dates) / len(dates), "n": len(dates)}
        if segs:
            result.setdefault("trafilatura", {})[system] = segment_scores(segs)
    return result


def evaluate(shared: Path = SHARED, processes: int = 2, limit: int | None = None) -> dict:
    pages = load_pages(shared)
    if limit:
        pages = [p for c in ("zyte", "zh", "trafilatura") for p in [q for q in pages if q.corpus == c][:limit]]
    if processes > 1:
        with get_context("spawn").Pool(processes) as pool:
            outputs = pool.map(run_page, pages, chunksize=8)
    else:
        outputs = [run_page(p) for p in pages]
    return score(pages, outputs)


def load_floors() -> dict:
    return json.loads(FLOORS_FILE.read_text("utf-8"))


def table(scores: dict) -> str:
    """Side-by-side table: one line per benchmark metric, this stage vs bare trafilatura."""
    lines = [f"{'benchmark':<28}{'metric':<10}{'crackdown':>10}{'trafilatura':>12}{'diff':>8}"]
    names = {"zyte": "Zyte (181, 4-gram words)", "zh": "Chinese (69, 4-gram chars)",
             "zh_dates": "Chinese dates (same day)", "trafilatura": "trafilatura-eval (990)"}
    for bench, systems in scores.items():
        metrics = ["accuracy"] if bench == "zh_dates" else ["precision", "recall", "f1"]
        for metric in metrics:
            a, b = systems["ours"][metric], systems["bare"][metric]
            lines.append(f"{names.get(bench, bench):<28}{metric:<10}{a:>10.3f}{b:>12.3f}{a - b:>+8.3f}")
    return "\n".join(lines)


def failures(scores: dict, floors: dict) -> list[str]:
    """Why the stage fails the gate: below a pinned floor or below bare trafilatura."""
    problems = []
    for bench, metric in (("zyte", "f1"), ("zh", "f1"), ("zh_dates", "accuracy"), ("trafilatura", "f1")):
        if bench not in scores:
            continue
        ours, bare = scores[bench]["ours"][metric], scores[bench]["bare"][metric]
        floor = floors.get(bench)
        if floor is not None and ours < floor:
            problems.append(f"{bench} {metric} {ours:.4f} below floor {floor:.4f}")
        if ours < bare:
            problems.append(f"{bench} {metric} {ours:.4f} below bare trafilatura {bare:.4f}")
    return problems
