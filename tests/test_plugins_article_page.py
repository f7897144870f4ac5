import re

import pytest

from datasette_plugins.app import make_datasette
from datasette_plugins.article_page import SANDBOX_CSP, highlight, safe_href
from db.article_key import article_key
from sample_publish_db import ARTICLES, build_sample_db


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("article") / "crackdown.db")


@pytest.fixture
def ds(sample_db):
    return make_datasette(sample_db)


async def test_every_fact_is_highlighted_at_its_span(ds):
    html = (await ds.client.get("/-/article/1", follow_redirects=True)).text  # an old id redirects to the key
    marks = re.findall(r'<mark class="fact ([^"]+)"[^>]*>(.*?)</mark>', html)
    assert ("fact-amount", "$4.5 million") in marks
    assert ("fact-statute", "18 U.S.C. § 1343") in marks
    assert ("fact-country fact-place", "Miami") in marks  # two facts on one span share one mark
    assert len(marks) == 9
    assert "<h2>Facts (10)</h2>" in html
    assert 'id="amount-0"' in html and "4,500,000 USD (loss)" in html


async def test_links_to_original_archive_row_and_permalink(ds):
    html = (await ds.client.get("/-/article/2", follow_redirects=True)).text
    assert f'href="{ARTICLES[1]["url"]}"' in html
    assert 'href="/-/archive/2"' in html and 'href="/crackdown/articles/2"' in html
    assert f'class="permalink" href="http://localhost/-/article/{article_key(ARTICLES[1]["url"])}"' in html
    assert "≈ 323,450 USD" in html


async def test_missing_article_is_404(ds):
    assert (await ds.client.get("/-/article/999")).status_code == 404


@pytest.mark.parametrize("path", ["/-/article/", "/-/archive/"])
@pytest.mark.parametrize("number", [2**63 - 1, 2**63, 10**40])
async def test_ids_past_sqlite_integers_are_404_not_500(ds, path, number):
    """SQLite integers stop at 2**63 - 1; a larger id in the URL is simply not there."""
    response = await ds.client.get(f"{path}{number}")
    assert response.status_code == 404


async def test_archive_is_sandboxed_and_served_as_stored(ds):
    response = await ds.client.get("/-/archive/1")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == SANDBOX_CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content == ARTICLES[0]["body"]
    assert (await ds.client.get("/-/archive/999")).status_code == 404


async def test_titles_and_fact_words_link_to_the_article_page(ds):
    html = (await ds.client.get("/crackdown/articles")).text
    key = article_key(ARTICLES[0]["url"])  # titles link to the stable permalink
    assert f'<a href="/-/article/{key}">Three men sentenced for $4.5 million romance fraud scheme</a>' in html
    html = (await ds.client.get("/crackdown/amounts")).text
    start = ARTICLES[0]["text"].index("$4.5 million")
    assert f'<a href="/-/article/1#span-{start}">$4.5 million</a>' in html  # at its words (test_plugins_text_cells.py)


def test_highlight_escapes_and_skips_bad_spans():
    text = "<script>x</script> stole €5"
    facts = [
        {"span_start": text.index("€5"), "span_end": len(text), "kind": "amount", "label": "5 EUR", "anchor": "amount-0"},
        {"span_start": 5, "span_end": 500, "kind": "place", "label": "bad", "anchor": "place-0"},
        {"span_start": None, "span_end": None, "kind": "country", "label": "none", "anchor": "country-0"},
    ]
    out = str(highlight(text, facts))
    assert "<script>" not in out and "&lt;script&gt;" in out
    at = text.index("€5")
    assert out.endswith(f'<mark class="fact fact-amount" id="span-{at}" title="amount: 5 EUR" data-fact="amount-0">€5</mark>')
    assert out.count("<mark") == 1


def test_only_http_links():
    assert safe_href("javascript:alert(1)") is None
    assert safe_href("https://example.org/a") == "https://example.org/a"
