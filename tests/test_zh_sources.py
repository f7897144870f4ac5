"""The Chinese sources of ``sources.yml``, read by the generic spiders, as data only.

``tests/fixtures/zh_sources/<host>/`` holds pages written for these tests in each site's
markup, as public scrapers of those sites read it (the cases in them are invented). The
entries are taken from the shipped ``sources.yml`` unchanged, except that their start URLs
point at a server on 127.0.0.1 serving the host's folder; their ``allow`` patterns are
path-only, so the same entry works there. An entry marked ``verified: saved-markup`` must
have its pages here.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from crackdown.cli import cli
from crawl_cli import run_crawl_cli, summary_of
from crawler.dates import to_iso_date
from crawler.listing import parse_listing
from crawler.sources import load_sources
from extract.text import extract_text

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "zh_sources"
SOURCES = {s["name"]: s for s in load_sources(REPO / "sources.yml").sources}

# what each source's saved pages must yield: (path, title, ISO date), in listing order
EXPECTED = {
    "cn-spp-qwfb": [
        ("/spp/xwfbh/wsfbt/202405/t20240521_650112.shtml", "检察机关依法对“北岭跨境电诈集团”案提起公诉", "2024-05-21"),
        ("/spp/qwfb/202405/t20240517_650034.shtml", "最高检发布一批惩治帮助信息网络犯罪活动典型案例", "2024-05-17"),
        ("/spp/qwfb/202405/t20240508_649871.shtml", "检察机关从严惩治侵犯公民个人信息犯罪", "2024-05-08"),
        ("/spp/qwfb/202404/t20240426_648920.shtml", "最高检、公安部联合挂牌督办一批网络赌博犯罪案件", "2024-04-26"),
    ],
}
# a phrase of each article's body, to show the text (not the page's chrome) was extracted
BODY = {
    "/spp/xwfbh/wsfbt/202405/t20240521_650112.shtml": "骗取全国各地被害人钱款共计人民币4200余万元",
    "/spp/qwfb/202405/t20240517_650034.shtml": "为他人“跑分”洗钱",
    "/spp/qwfb/202405/t20240508_649871.shtml": "非法获取并出售公民个人信息五万余条",
    "/spp/qwfb/202404/t20240426_648920.shtml": "抓获犯罪嫌疑人二十六名",
}


def host_dir(source: dict) -> Path:
    return FIXTURES / urlsplit(source["start_urls"][0]).netloc


def saved(source: dict, url: str) -> Path:
    return host_dir(source) / urlsplit(url).path.lstrip("/")


def test_sources_checked_against_saved_markup_have_their_pages_and_expectations():
    marked = {name for name, s in SOURCES.items() if s.get("verified") == "saved-markup"}
    assert marked == set(EXPECTED)
    for name in marked:
        source = SOURCES[name]
        assert source["language"] == "zh" and source["enabled"]
        assert source.get("download_delay", 0) >= 2  # polite: government sites, one request every few seconds
        for url in source["start_urls"]:
            assert saved(source, url).is_file(), url
        for path, _, _ in EXPECTED[name]:
            assert (host_dir(source) / path.lstrip("/")).is_file(), path


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_listing_pages_yield_the_expected_links_titles_and_dates(name):
    source = SOURCES[name]
    found = []
    for url in source["start_urls"]:
        entries, next_url = parse_listing(saved(source, url).read_bytes().decode("utf-8"), url, source)
        assert next_url is None  # the pager is drawn by script: the pages are the start URLs
        found += [(e.url, e.title, to_iso_date(e.date, source.get("date_format"), ["zh"])) for e in entries]
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(source["start_urls"][0]))
    expected = [(origin + path, title, date) for path, title, date in EXPECTED[name]]
    allow = [re.compile(p) for p in source["allow"]]
    kept = [row for row in found if any(p.search(row[0]) for p in allow)]
    assert kept == expected
    assert len(found) > len(kept)  # the special-topic row of the list is left out by allow


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_article_pages_extract_chinese_text(name):
    source = SOURCES[name]
    for path, _, date in EXPECTED[name]:
        body = (host_dir(source) / path.lstrip("/")).read_bytes()
        result = extract_text(body, url=source["start_urls"][0], content_type="text/html", lang_hint="zh")
        assert result.error is None and result.lang == "zh"
        assert BODY[path] in result.text and "版权所有" not in result.text and "分享到" not in result.text


class HostHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".shtml": "text/html"}

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self.server.requests.append(self.path)
        return super().do_GET()


@pytest.fixture(scope="module")
def hosts():
    """One server on 127.0.0.1 per saved host folder: {host: (server, base URL)}."""
    started = {}
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(HostHandler, directory=str(folder)))
        server.daemon_threads = True
        server.requests = []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started[folder.name] = (server, f"http://127.0.0.1:{server.server_address[1]}")
    yield started
    for server, _ in started.values():
        server.shutdown()
        server.server_close()


def test_crawl_of_the_shipped_entries_from_the_local_server(tmp_path, hosts):
    sources, bases = [], {}
    for name in sorted(EXPECTED):
        source = dict(SOURCES[name])
        server, base = hosts[urlsplit(source["start_urls"][0]).netloc]
        bases[name] = base
        source["start_urls"] = [base + urlsplit(u).path for u in source["start_urls"]]
        source["download_delay"] = 0  # the entry's own politeness is checked above; here it would only slow the test
        sources.append(source)
    result = run_crawl_cli(tmp_path, sources)
    assert result.returncode == 0, result.stderr[-3000:]
    assert summary_of(result)["outcome"] == "ok"
    db = sqlite3.connect(tmp_path / "crawl.db")
    runs = dict(db.execute("SELECT source, outcome FROM crawl_runs"))
    assert runs == {name: "ok" for name in EXPECTED}
    for name, rows in EXPECTED.items():
        got = {r[0]: r[1:] for r in db.execute(
            "SELECT url, title, published, date_source, lang, text FROM articles WHERE source = ?", [name])}
        assert sorted(got) == sorted(bases[name] + path for path, _, _ in rows)
        for path, title, date in rows:
            got_title, published, date_source, lang, text = got[bases[name] + path]
            assert (published, date_source, lang) == (date, "listing", "zh")
            # the page's <title> wins over the listing's, and TRS sites append the site's name to it
            assert got_title in (title, title + "_中华人民共和国最高人民检察院")
            assert BODY[path] in text
    db.close()
    requested = hosts["www.spp.gov.cn"][0].requests
    assert "/spp/zdgz/index.shtml" not in requested  # not a release: never fetched


def test_sources_list_names_the_chinese_sources_and_how_they_were_checked():
    listed = CliRunner().invoke(cli, ["sources", "list", "--sources", str(REPO / "sources.yml")])
    assert listed.exit_code == 0
    lines = {line.split("\t")[0]: line for line in listed.output.splitlines()}
    assert lines["cn-spp-qwfb"].startswith("cn-spp-qwfb\tlisting\tCN\tzh\t最高人民检察院")
    assert lines["cn-spp-qwfb"].endswith("(not checked live: saved-markup)")
    for name in ("cn-mps-news", "tw-cib-news", "cn-beijing-gaj-jwbd", "cn-jiangsu-jcy-yaowen"):
        assert "(disabled)" in lines[name] and "\tzh\t" in lines[name]
    assert "521" in SOURCES["cn-mps-news"]["notes"]
    checked = CliRunner().invoke(cli, ["sources", "check", "--sources", str(REPO / "sources.yml")])
    assert checked.exit_code == 0 and " 0 errors" in checked.output


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_live_check_accepts_the_saved_first_page(name):
    """``crackdown sources check --live`` judges the first start URL's body the same way."""
    from crawler.probe import check_body

    source = SOURCES[name]
    url = source["start_urls"][0]
    result = check_body(source, saved(source, url).read_bytes(), url)
    assert result.ok and "listing links" in result.message
