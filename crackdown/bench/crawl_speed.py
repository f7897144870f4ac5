"""Pages per second of the whole crawl (fetch, archive, extract, store) against a bare Scrapy spider.

Both crawl the same generated site of 2,000 article pages behind one RSS feed, served by
a threaded server on 127.0.0.1, with the same politeness (2 requests at a time per host,
no delay, no AutoThrottle: the figure is our overhead, not the publisher's speed). Each
crawl runs in its own subprocess (Twisted's reactor starts once per process). A second
crackdown run over the unchanged site measures what incremental crawling re-fetches.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

N_ARTICLES = 2000
CRAWL = {"download_delay": 0, "autothrottle": "false", "retry_times": 1, "retry_backoff": 0,
         "download_timeout": 30, "backfill_limit": 100_000, "log_level": "WARNING"}


def _config(tmp: Path, source: dict) -> tuple[Path, Path]:
    lines = ["[crawl]"] + [f"{k} = {json.dumps(v) if isinstance(v, str) and v != 'false' else v}" for k, v in CRAWL.items()]
    config = tmp / "crackdown.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sources = tmp / "sources.yml"
    sources.write_text(yaml.safe_dump({"sources": [source]}), encoding="utf-8")
    return config, sources


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CRACKDOWN_")}


def crackdown_crawl(tmp: Path, config: Path, sources: Path, db: Path) -> dict:
    command = [sys.executable, "-m", "crackdown", "--config", str(config), "crawl", "--sources", str(sources),
               "--db", str(db), "--json"]
    result = subprocess.run(command, cwd=tmp, env=_env(), capture_output=True, text=True, timeout=3600)
    if not result.stdout.strip():
        raise RuntimeError(f"crawl failed: {result.stderr[-500:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def bare_crawl(tmp: Path, feed_url: str) -> dict:
    command = [sys.executable, "-m", "crackdown.bench.crawl_speed", "bare", feed_url]
    result = subprocess.run(command, cwd=tmp, env=_env(), capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise RuntimeError(f"bare crawl failed: {result.stderr[-500:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(shared: Path, settings) -> list[dict]:
    from crawler.generated_site import GeneratedSite

    site = GeneratedSite(n_articles=N_ARTICLES)
    base = site.start()
    try:
        with tempfile.TemporaryDirectory(prefix="crackdown-bench-") as tmp_name:
            tmp = Path(tmp_name)
            config, sources = _config(tmp, site.source(base, name="bench-site"))
            bare = bare_crawl(tmp, base + "/feed.xml")
            site.requests.clear()
            first = crackdown_crawl(tmp, config, sources, tmp / "bench.db")
            stored = first["new"]
            site.requests.clear()
            second = crackdown_crawl(tmp, config, sources, tmp / "bench.db")
            refetched = len([p for p, _ in site.requests if p.startswith("/news/")])
    finally:
        site.stop()
    ours = stored / first["seconds"] if first["seconds"] else 0.0
    return [
        {"benchmark": "crawl: bare Scrapy spider, fetch only (baseline)", "value": round(bare["pages"] / bare["seconds"], 1),
         "unit": "pages/s", "pages": bare["pages"]},
        {"benchmark": "crawl: crackdown crawl (fetch, archive, extract, store)", "value": round(ours, 1), "unit": "pages/s",
         "ratio": round(ours / (bare["pages"] / bare["seconds"]), 2), "articles": stored, "errors": first["errors"]},
        {"benchmark": "crawl: article pages fetched again by a second run", "value": round(refetched / N_ARTICLES, 4),
         "unit": "share", "goal": 0, "not_modified": second.get("not_modified"), "new": second["new"]},
    ]


def _bare(feed_url: str) -> None:
    """The baseline: read the feed, fetch every linked page, keep nothing."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    from crawler.feeds import parse_feed

    class Bare(scrapy.Spider):
        name = "bare"
        pages = 0

        async def start(self):
            yield scrapy.Request(feed_url, callback=self.parse_feed)

        def parse_feed(self, response):
            for entry in parse_feed(response.body, base_url=response.url):
                yield scrapy.Request(entry.url, callback=self.parse_page)

        def parse_page(self, response):
            Bare.pages += 1

    process = CrawlerProcess({
        "LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": True, "CONCURRENT_REQUESTS_PER_DOMAIN": 2, "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False, "TELNETCONSOLE_ENABLED": False,
        "DOWNLOADER": "crawler.downloader.PoliteDownloader",  # the same 2-per-host limit, enforced
    })
    process.crawl(Bare)
    started = time.monotonic()
    process.start()
    print(json.dumps({"pages": Bare.pages, "seconds": round(time.monotonic() - started, 2)}))


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "bare":
    _bare(sys.argv[2])
