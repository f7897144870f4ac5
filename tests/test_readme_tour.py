"""Every URL of the README's guided tour answers 200 on a database named like the demo's, as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from datasette_plugins.app import make_datasette
from db.article_key import article_key
from sample_publish_db import ARTICLES, build_sample_db

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "1. **Home**", "**How figures count.**"


def tour_urls(text: str | None = None) -> list[str]:
    """The local URLs (backticked, starting with ``/``) of the tour's numbered steps, in order, once each."""
    text = text or README.read_text(encoding="utf-8")
    tour = text[text.index(START):text.index(END)]
    urls = []
    for token in re.findall(r"`(/[^`\s]*)`", tour):
        if token not in urls:
            urls.append(token)
    return urls


def concrete(url: str, key: str) -> str:
    """Placeholders as a reader fills them in: an article's key or id, a chart's name."""
    return url.replace("<key>", key).replace("<id>", "1").replace("<name>", "per_month")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("tour") / "demo.db")


def test_the_tour_names_the_pages_it_promises():
    urls = tour_urls()
    for url in ("/", "/demo/articles?_search=escroquerie", "/demo/place_map", "/-/crackdown/charts",
                "/-/dashboards/crackdowns", "/-/article/<key>", "/-/cite", "/-/crackdown/feed.atom"):
        assert url in urls, url
    assert not [u for u in urls if u.startswith("/crackdown/")], "the demo's database is named demo"


async def test_every_tour_url_answers_200_on_the_demo(demo_db):
    ds = make_datasette(demo_db)
    key = article_key(ARTICLES[0]["url"])
    failures = []
    for url in tour_urls():
        response = await ds.client.get(concrete(url, key), follow_redirects=True)  # an old id link redirects
        if response.status_code != 200:
            failures.append((url, response.status_code))
    assert failures == []
