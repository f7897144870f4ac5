"""Characters per second of the Chinese fact stage against the bare segmenter, same texts, same run.

Chinese has no words between spaces, so the unit is the character. The baseline is what
every Chinese fact must pay anyway: spaCy's Chinese class with the jieba segmenter, nothing
else. The stage is the whole of it as the pipeline runs it (folding, sentences, every
field, relevance) through :meth:`FactExtractor.extract_many`. Goal: at least half the
baseline's speed.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

MIN_CHARS = 300_000


def corpus_texts(shared: Path, min_chars: int = MIN_CHARS) -> list[str]:
    """Chinese articles of ../shared/corpus (the security-news slice, then the web news), in a fixed order."""
    texts: list[str] = []
    picker = shared / "corpus" / "zh-picker-security-news" / "picker_cn_crime_slice.jsonl"
    if picker.exists():
        for line in picker.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            texts.append(f"{item.get('title', '')}\n{item.get('text', '')}")
            if sum(map(len, texts)) >= min_chars:
                return texts
    for path in sorted((shared / "corpus" / "web-crackdown-news").glob("zh*.txt")):
        texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def bare_segmenter():
    """spaCy's Chinese class with jieba and no component: tokenisation only."""
    import logging

    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def run_with(texts: list[str], settings, rounds: int = 2) -> list[dict]:
    from extract.facts import FactExtractor
    from extract.facts.pipeline import Document

    chars = sum(map(len, texts))
    extractor = FactExtractor(settings.facts)
    extractor.nlp("zh")  # load outside the timings
    bare_nlp = bare_segmenter()
    bare_nlp("预热")  # jieba builds its prefix dictionary on first use: not part of either timing
    for _ in extractor.extract_many([Document(texts[0], lang="zh")]):
        pass

    def bare_pass() -> None:
        for _ in bare_nlp.pipe(texts, batch_size=settings.facts.batch_size):
            pass

    def stage_pass() -> None:
        for _ in extractor.extract_many(Document(t, lang="zh") for t in texts):
            pass

    # Interleaved, best of each: a busy machine slows both sides alike.
    bare = stage = float("inf")
    for _ in range(rounds):
        bare = min(bare, _timed(bare_pass))
        stage = min(stage, _timed(stage_pass))
    return [
        {"benchmark": "facts zh: bare segmenter, spaCy zh + jieba (baseline)", "value": round(chars / bare),
         "unit": "chars/s"},
        {"benchmark": "facts zh: whole Chinese fact stage", "value": round(chars / stage), "unit": "chars/s",
         "ratio": round(bare / stage, 2), "goal": ">= 0.5 of baseline", "chars": chars, "articles": len(texts)},
    ]


def run(shared: Path, settings) -> list[dict]:
    return run_with(corpus_texts(shared), settings)
