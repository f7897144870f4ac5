"""Under ``--base-url /prefix/`` every link Datasette and our plugins write carries the prefix exactly once."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from crackdown.commands.serve import make_datasette
from crackdown.settings import ServeSettings
from datasette_plugins.base_url import strip_prefix
from db.article_key import article_key
from sample_publish_db import ARTICLES, build_sample_db

PREFIX = "/pub/"
PAGES = ["", "crackdown", "crackdown/articles", "crackdown/articles?_search=fraud&_sort=title",
         "crackdown/articles/1", "crackdown/amounts?_facet=role", "crackdown/events",
         "crackdown/search_articles?q=fraud", f"-/article/{article_key(ARTICLES[0]['url'])}", "-/crackdown/charts"]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("base_url") / "crackdown.db")


def links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'(?:href|src|action)="(/[^"]*)"', html)]


def check_links(html: str, page: str) -> None:
    found = links(html)
    assert found, page
    doubled = [h for h in found if h.startswith(PREFIX + PREFIX.strip("/") + "/")]
    outside = [h for h in found if not h.startswith(PREFIX)]
    assert not doubled and not outside, (page, doubled[:3], outside[:3])


def test_strip_prefix():
    assert strip_prefix("/pub/db/table", "/pub/") == "/db/table"
    assert strip_prefix("/pub", "/pub/") == "/"
    assert strip_prefix("/public/x", "/pub/") is None
    assert strip_prefix("/db/table", "/pub/") is None


async def test_links_are_prefixed_once_in_the_test_client(sample_db):
    ds = make_datasette(sample_db, ServeSettings(base_url=PREFIX))
    for page in PAGES:
        response = await ds.client.get("/" + page)
        assert response.status_code == 200, (page, response.text[:300])
        check_links(response.text, page)
    table = (await ds.client.get("/crackdown/articles")).text
    assert f'href="{PREFIX}crackdown/articles.json' in table  # the export link that used to read /pub/pub/...


def test_links_are_prefixed_once_by_the_running_server(sample_db, unused_tcp_port):
    port = unused_tcp_port
    proc = subprocess.Popen(
        [sys.executable, "-m", "crackdown", "serve", str(sample_db), "--port", str(port), "--base-url", PREFIX],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # wait for the server, not a timing assertion
            if proc.poll() is not None:
                pytest.fail(proc.stderr.read().decode(errors="replace"))
            try:
                urllib.request.urlopen(base + PREFIX + "-/versions.json", timeout=5).close()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        for page in PAGES:
            with urllib.request.urlopen(base + PREFIX + page, timeout=30) as response:
                check_links(response.read().decode("utf-8"), page)
        # the links lead somewhere: follow the table page's sort and export links
        with urllib.request.urlopen(base + PREFIX + "crackdown/articles", timeout=30) as response:
            targets = [h for h in links(response.read().decode("utf-8")) if "_sort=" in h or ".json" in h]
        assert targets
        for href in targets[:10]:
            with urllib.request.urlopen(base + href, timeout=30) as response:
                assert response.status == 200, href
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stderr.close()
