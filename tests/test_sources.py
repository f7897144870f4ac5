"""The sources file: good entries load, each broken entry is one clear line and is skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from crackdown.cli import cli
from crawler.sources import SourceError, SourcesFileError, load_sources, parse_sources, validate_source

REPO = Path(__file__).resolve().parents[1]


def feed(**extra) -> dict:
    return {"name": "example-feed", "agency": "Example Police", "country": "gb", "language": "EN",
            "kind": "feed", "start_urls": "https://police.example/news.xml", **extra}


def test_good_entry_is_normalised():
    source = validate_source(feed(download_delay="2.5", allow=r"/news/\d+"))
    assert source["country"] == "GB" and source["language"] == "en"
    assert source["start_urls"] == ["https://police.example/news.xml"]
    assert source["download_delay"] == 2.5 and source["allow"] == [r"/news/\d+"]
    assert source["enabled"] is True and source["max_pages"] == 5
    assert validate_source(feed(verified="saved-markup"))["verified"] == "saved-markup"
    assert validate_source(source) == source  # validating twice changes nothing


@pytest.mark.parametrize(
    "entry, message",
    [
        (feed(agency=None), "source 'example-feed': missing required key agency"),
        ({"kind": "feed"}, "source #1: missing required keys name, agency, country, language, start_urls"),
        (feed(kind="fed"), "source 'example-feed': unknown kind 'fed', expected one of api, feed, sitemap, listing (did you mean 'feed'?)"),
        (feed(donwload_delay=1), "source 'example-feed': unknown key 'donwload_delay' (did you mean 'download_delay'?)"),
        (feed(country="XY"), "source 'example-feed': country 'XY' is not an ISO 3166 alpha-2 code"),
        (feed(language="english"), "source 'example-feed': language 'english' is not an ISO 639-1 code"),
        (feed(start_urls=["ftp://police.example/x"]), "source 'example-feed': start URL 'ftp://police.example/x' is not an http(s) URL"),
        (feed(deny=["("]), "source 'example-feed': deny pattern '(' is not a valid regex"),
        (feed(download_delay=-1), "source 'example-feed': download_delay must not be negative"),
        (feed(kind="listing"), "source 'example-feed': kind listing needs 'link_selector'"),
        (feed(kind="listing", link_selector="a[href"), "source 'example-feed': link_selector 'a[href' does not compile"),
        (feed(kind="listing", link_selector="//a[@href", ), "source 'example-feed': link_selector '//a[@href' does not compile"),
        (feed(kind="api", fields={"items": "results"}), "source 'example-feed': fields.url is required for kind api"),
        (feed(kind="api", fields={"items": "results", "url": "url", "titel": "title"}),
         "source 'example-feed': unknown key fields.'titel' (did you mean 'title'?)"),
        (feed(kind="api", fields={"items": "r", "url": "u"}, pagination={"page_parm": "page"}),
         "source 'example-feed': unknown key pagination.'page_parm' (did you mean 'page_param'?)"),
        (feed(verified="checked against saved pages"), "source 'example-feed': verified must be true, false or a short word"),
        (feed(verified=1), "source 'example-feed': verified must be true, false or a short word"),
        ("just a string", "source #1: expected a mapping of keys, got str"),
    ],
)
def test_bad_entries_say_why_in_one_line(entry, message):
    with pytest.raises(SourceError) as info:
        validate_source(entry)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_bad_entries_are_skipped_and_the_rest_goes_on():
    data = {"sources": [feed(), feed(name="broken", kind="rss"), feed(name="other", link_selector="a"), feed()]}
    result = parse_sources(data)
    assert [s["name"] for s in result.sources] == ["example-feed"]
    assert result.errors == [
        "source 'broken': unknown kind 'rss', expected one of api, feed, sitemap, listing",
        "source 'other': unknown key 'link_selector'",
        "source 'example-feed': duplicate name, the later entry is skipped",
    ]


def test_file_level_errors(tmp_path):
    with pytest.raises(SourcesFileError, match="does not exist"):
        load_sources(tmp_path / "missing.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("sources: [\n  - name: x\n", encoding="utf-8")
    with pytest.raises(SourcesFileError, match="invalid YAML"):
        load_sources(bad)
    bad.write_text("- just: a list\n", encoding="utf-8")
    with pytest.raises(SourcesFileError, match="top-level 'sources:' list"):
        load_sources(bad)


def test_names_filter_reports_unknown_names(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump({"sources": [feed(), feed(name="second-feed")]}), encoding="utf-8")
    result = load_sources(path, names=["second-feed", "exampel-feed"])
    assert [s["name"] for s in result] == ["second-feed"]
    assert result.errors == [f"no usable source named 'exampel-feed' in {path} (did you mean 'example-feed'?)"]


def test_the_shipped_sources_file_is_valid():
    result = load_sources(REPO / "sources.yml")
    assert result.errors == []
    assert len(result.sources) >= 5
    assert {s["language"] for s in result.sources} >= {"en", "fr", "zh"}
    assert {s["kind"] for s in result.sources} >= {"api", "feed", "listing"}


def test_sources_check_command(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump({"sources": [feed(), feed(name="typo", kind="feeed")]}), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["sources", "check", "--sources", str(path)])
    assert result.exit_code == 1
    assert "1 usable sources, 1 errors" in result.output
    listed = runner.invoke(cli, ["sources", "list", "--sources", str(REPO / "sources.yml")])
    assert listed.exit_code == 0 and "doj-opa-api\tapi\tUS\ten" in listed.output


def _run(db, source: str, n: int, outcome: str = "ok", new: int = 0, errors=()):
    from db.store import record_crawl_run

    record_crawl_run(db, {"run_id": f"run-{n:02d}", "source": source, "started": f"2024-05-{n:02d}T02:00:00+00:00",
                          "outcome": outcome, "new_articles": new, "updated_articles": 0,
                          "errors": len(errors), "error_messages": list(errors)})


def test_source_health_flags_silent_and_failing_sources(tmp_path):
    from db.store import open_db, source_health, upsert_source

    db = open_db(tmp_path / "health.db")
    for name in ("steady", "gone-quiet", "broken", "quiet-twice", "never"):
        upsert_source(db, feed(name=name))
    for n in range(1, 6):
        _run(db, "steady", n, new=1)
        _run(db, "gone-quiet", n, new=4 if n <= 2 else 0)  # yielded, then 3 empty runs
        _run(db, "quiet-twice", n, new=2 if n <= 3 else 0)  # only 2 empty runs: not silent yet
        _run(db, "broken", n, new=3 if n == 1 else 0, outcome="failed" if n == 5 else "ok",
             errors=["HTTP 500 for https://police.example/news.xml"] if n == 5 else ())
    health = {r["source"]: r for r in source_health(db)}
    assert {k: v["flag"] for k, v in health.items()} == {
        "steady": "ok", "gone-quiet": "silent", "quiet-twice": "ok", "broken": "failing", "never": "never run",
    }
    assert health["gone-quiet"]["runs_since_last_article"] == 3 and health["steady"]["runs_since_last_article"] == 0
    assert health["broken"]["last_run"] == "run-05" and health["broken"]["articles_last_run"] == 0

    runner = CliRunner()
    result = runner.invoke(cli, ["sources", "health", "--db", str(tmp_path / "health.db")])
    assert result.exit_code == 1  # a failing or silent source
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["source", "flag", "last_outcome"]
    assert any(line.split()[:2] == ["gone-quiet", "silent"] for line in lines)
    assert "broken: HTTP 500 for https://police.example/news.xml" in result.output
    as_json = runner.invoke(cli, ["sources", "health", "--json", "--db", str(tmp_path / "health.db")])
    rows = [json.loads(line) for line in as_json.output.splitlines() if line.startswith("{")]
    assert {r["source"]: r["last_errors"] for r in rows}["broken"] == ["HTTP 500 for https://police.example/news.xml"]
    missing = runner.invoke(cli, ["sources", "health", "--db", str(tmp_path / "nope.db")])
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_live_probe_against_a_local_site():
    from crackdown.settings import CrawlSettings
    from crawler.generated_site import GeneratedSite
    from crawler.probe import probe_source

    site = GeneratedSite(n_articles=3)
    base = site.start()
    try:
        crawl = CrawlSettings(download_timeout=10)
        assert probe_source(validate_source(site.source(base)), crawl).message == "HTTP 200, 3 feed entries"
        listing = validate_source(site.source(base, kind="listing"))
        assert probe_source(listing, crawl).ok
        missing = probe_source(validate_source(feed(start_urls=base + "/missing.xml")), crawl)
        assert not missing.ok and missing.message == f"HTTP 404 for {base}/missing.xml"
        wrong = probe_source(validate_source(feed(start_urls=base + "/news?page=1")), crawl)
        assert not wrong.ok and "not an RSS or Atom feed" in wrong.message
    finally:
        site.stop()
