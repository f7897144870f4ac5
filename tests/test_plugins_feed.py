from xml.etree import ElementTree

import pytest

from datasette_plugins.app import make_datasette
from sample_publish_db import build_sample_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("feed") / "crackdown.db")


async def test_feed_lists_only_relevant_articles(sample_db):
    ds = make_datasette(sample_db)
    response = await ds.client.get("/-/crackdown/feed.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    titles = {e.find(f"{ATOM}title").text for e in entries}
    assert len(entries) == 4
    assert "Office warns consumers about phone calls from fake agents" not in titles
    assert "Escroquerie aux faux conseillers bancaires : cinq interpellations à Lyon" in titles
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert all(i.startswith("http://localhost/-/article/") for i in ids)


async def test_feed_narrows_to_one_source(sample_db):
    ds = make_datasette(sample_db)
    root = ElementTree.fromstring((await ds.client.get("/-/crackdown/feed.atom?source=gendarmerie-test")).content)
    assert [e.find(f"{ATOM}author/{ATOM}name").text for e in root.findall(f"{ATOM}entry")] == ["gendarmerie-test"]
