"""Words per second of the whole fact stage against the bare spaCy pipelines, same texts, same run."""

from __future__ import annotations

import json
import time
from pathlib import Path


def corpus_texts(shared: Path, min_words: int = 200_000) -> list[tuple[str, str]]:
    """(text, lang) pairs of real releases from ../shared/corpus, English and French, at least ``min_words``."""
    texts: list[tuple[str, str]] = []
    words = 0
    french = shared / "corpus" / "fr-orangesum-news" / "orangesum_crime_slice.jsonl"
    if french.exists():
        for line in french.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            text = f"{item.get('title', '')}\n{item.get('text', '')}"
            texts.append((text, "fr"))
            words += len(text.split())
            if words >= min_words // 4:
                break
    for path in sorted((shared / "corpus" / "us-prosecutor-press-releases" / "text").rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        texts.append((text, "en"))
        words += len(text.split())
        if words >= min_words:
            break
    return texts


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def run(shared: Path, settings) -> list[dict]:
    from extract.facts import FactExtractor
    from extract.facts.pipeline import Document

    texts = corpus_texts(shared)
    words = sum(len(t.split()) for t, _ in texts)
    extractor = FactExtractor(settings.facts)
    for lang in ("en", "fr"):
        extractor.nlp(lang)  # load outside the timings

    def bare_pass() -> None:
        for lang in ("en", "fr"):
            batch = [t for t, l in texts if l == lang]
            for _ in extractor.nlp(lang).pipe(batch, batch_size=settings.facts.batch_size):
                pass

    def stage_pass() -> None:
        for _ in extractor.extract_many(Document(t, lang=l) for t, l in texts):
            pass

    # Interleaved, best of two each: a busy machine slows both sides alike.
    bare = stage = float("inf")
    for _ in range(2):
        bare = min(bare, _timed(bare_pass))
        stage = min(stage, _timed(stage_pass))
    return [
        {"benchmark": "facts: bare spaCy pipelines (baseline)", "value": round(words / bare), "unit": "words/s"},
        {"benchmark": "facts: whole fact stage", "value": round(words / stage), "unit": "words/s",
         "ratio": round(bare / stage, 2), "goal": ">= 0.75 of baseline", "words": words},
    ]
