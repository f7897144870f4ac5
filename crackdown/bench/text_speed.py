"""Pages per second of the text stage against bare trafilatura, same Zyte pages, same run."""

from __future__ import annotations

import time
from pathlib import Path


def zyte_pages(shared: Path) -> list[tuple[bytes, str | None, str]]:
    """(body, url, filename) of the Zyte article-extraction benchmark pages, read into memory."""
    from extract.text_eval import load_pages, read_page

    pages = [p for p in load_pages(shared) if p.corpus == "zyte"]
    return [(read_page(p.path), p.url, Path(p.path).name.removesuffix(".gz")) for p in pages]


def _timed(fn, pages) -> float:
    start = time.perf_counter()
    for body, url, name in pages:
        fn(body, url, name)
    return time.perf_counter() - start


def run(shared: Path, settings) -> list[dict]:
    import trafilatura

    from extract.text import extract_text

    pages = zyte_pages(shared)

    def ours(body, url, name):
        extract_text(body, url=url, filename=name)

    def bare(body, url, name):
        trafilatura.extract(body)

    ours(*pages[0])  # imports and caches outside the timings
    bare(*pages[0])
    # interleaved, best of two: a background hiccup does not land on one side only
    bare_s, ours_s = float("inf"), float("inf")
    for _ in range(2):
        bare_s = min(bare_s, _timed(bare, pages))
        ours_s = min(ours_s, _timed(ours, pages))
    n = len(pages)
    return [
        {"benchmark": "text: bare trafilatura.extract (baseline)", "value": round(n / bare_s, 1), "unit": "pages/s"},
        {"benchmark": "text: extract_text (crackdown text)", "value": round(n / ours_s, 1), "unit": "pages/s",
         "ratio": round(bare_s / ours_s, 2), "pages": n},
    ]
