"""Tables researchers read: a short opening of each text, the search's snippet, links to the article page."""

import re

import pytest

from datasette_plugins.app import make_datasette
from datasette_plugins.text_cells import PREVIEW_CHARS, han_snippet, preview
from db.publish import publish
from db.store import open_db, upsert_article, write_facts
from sample_publish_db import ARTICLES, build_sample_db

# written for these tests: an article longer than a preview, in Chinese, and one with a title-only fact
LONG_TEXT = " ".join(
    f"Paragraph {i}: the investigators traced the payments of the scheme through shell companies." for i in range(40)
) + " In the end the court ordered the forfeiture of the yacht."
CHINESE_TEXT = "警方近日破获一起電信網絡詐騙案件，抓获犯罪嫌疑人十二名。" * 3 + "该团伙通过虚假投资平台实施诈骗。"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = build_sample_db(tmp_path_factory.mktemp("text_cells") / "crackdown.db", publish=False)
    db = open_db(path)
    for url, title, text, lang in [
        ("http://127.0.0.1:9/us/long", "A long release about a yacht", LONG_TEXT, "en"),
        ("http://127.0.0.1:9/cn/1", "警方打击诈骗", CHINESE_TEXT, "zh"),
    ]:
        upsert_article(db, {"url": url, "source": "asia-police-test", "title": title, "text": text,
                            "published": "2024-06-01", "date_source": "page", "lang": lang, "extraction_version": 1})
    # a fact read from the title has no span in the text
    title_id = db.execute("select id from articles where url like '%long'").fetchone()[0]
    write_facts(db, title_id, {"relevant": True, "relevance_score": 0.9,
                               "charges": [{"text": "yacht", "start": None, "end": None, "sentence": "A long release",
                                            "charge": "fraud"}]}, LONG_TEXT, 1)
    publish(db)
    db.close()
    return path


@pytest.fixture
def ds(sample_db):
    return make_datasette(sample_db)


def _cell(html: str, column: str) -> list[str]:
    return re.findall(rf'<td class="col-{column} type-\w+">(.*?)</td>', html, re.S)


async def test_articles_table_shows_an_opening_not_the_whole_text(ds):
    response = await ds.client.get("/crackdown/articles")
    html = response.text
    assert "forfeiture of the yacht" not in html  # the end of the long text
    texts = _cell(html, "text")
    assert len(texts) == len(ARTICLES) + 2
    assert all(len(t) <= PREVIEW_CHARS + 40 for t in texts)  # escaped, with the ellipsis
    assert any(t.startswith("Paragraph 0: the investigators") and t.endswith("…") for t in texts)


async def test_the_full_text_stays_on_the_row_and_article_pages_and_in_exports(ds):
    article_id = (await ds.client.get("/crackdown.json?sql=select+id+from+articles+where+url+like+'%25long'&_shape=arrayfirst")).json()[0]
    for path in (f"/crackdown/articles/{article_id}", f"/-/article/{article_id}", "/crackdown/articles.csv?_size=max",
                 "/crackdown/articles.json?_size=max", f"/crackdown.json?sql=select+text+from+articles+where+id={article_id}"):
        response = await ds.client.get(path, follow_redirects=True)  # /-/article/<id> redirects to its key
        assert response.status_code == 200, path
        assert "forfeiture of the yacht" in response.text, path


async def test_a_search_shows_the_matching_words_highlighted(ds):
    html = (await ds.client.get("/crackdown/articles?_search=restitution")).text
    texts = _cell(html, "text")
    assert len(texts) == 1
    assert "<mark>restitution</mark>" in texts[0]
    html = (await ds.client.get("/crackdown/articles?_search=yacht")).text
    (text,) = _cell(html, "text")
    assert ">…In the end the court" in text and "<mark>yacht</mark>" in text and "Paragraph 0:" not in text
    # accents folded, as the search is
    html = (await ds.client.get("/crackdown/articles?_search=fraude")).text
    assert "<mark>fraudé</mark>" in "".join(_cell(html, "text"))


async def test_a_chinese_search_marks_the_characters_in_either_script(ds):
    html = (await ds.client.get("/crackdown/articles?_search=电信网络诈骗")).text
    (text,) = _cell(html, "text")
    assert "<mark>電信網絡詐騙</mark>" in text
    html = (await ds.client.get("/crackdown/articles?_search=詐騙")).text
    (text,) = _cell(html, "text")
    assert text.count("<mark>") >= 3


async def test_search_snippets_escape_the_text(ds, sample_db):
    db = open_db(sample_db)
    upsert_article(db, {"url": "http://127.0.0.1:9/x", "source": "asia-police-test", "title": "Hostile",
                        "text": "<script>alert(1)</script> a phishing kit", "published": "2024-06-02",
                        "date_source": "page", "lang": "en", "extraction_version": 1})
    publish(db)
    db.close()
    html = (await make_datasette(sample_db).client.get("/crackdown/articles?_search=phishing")).text
    (text,) = _cell(html, "text")
    assert "&lt;script&gt;" in text and "<mark>phishing</mark>" in text and "<script>alert" not in html


async def test_fact_rows_link_to_the_article_page_at_their_span(ds):
    html = (await ds.client.get("/crackdown/amounts")).text
    start = ARTICLES[0]["text"].index("$4.5 million")
    assert f'<a href="/-/article/1#span-{start}">$4.5 million</a>' in html
    for table, words in [("places", "Miami"), ("charges", "wire fraud"), ("counts", "Three men"),
                         ("legal_refs", "18 U.S.C. § 1343"), ("event_types", "pleaded guilty"), ("countries", "Miami")]:
        html = (await ds.client.get(f"/crackdown/{table}?article_id=1")).text
        start = ARTICLES[0]["text"].index(words)
        assert f'href="/-/article/1#span-{start}"' in html, table
    # the article page has that anchor, on the mark of those words
    page = (await ds.client.get("/-/article/1", follow_redirects=True)).text
    start = ARTICLES[0]["text"].index("$4.5 million")
    assert re.search(rf'<mark class="fact fact-amount" id="span-{start}"[^>]*>\$4.5 million</mark>', page)
    # a fact read from the title has no span: it links to its line in the fact list
    html = (await ds.client.get("/crackdown/charges?charge=fraud&_sort=article_id")).text
    assert re.search(r'href="/-/article/\d+#charge-0">yacht</a>', html)


async def test_titles_link_to_the_article_page_under_a_base_url(sample_db):
    ds = make_datasette(sample_db, base_url="/crackdown-app/")
    html = (await ds.client.get("/crackdown-app/crackdown/articles?_search=restitution")).text
    assert re.search(rf'<a href="/crackdown-app/-/article/\w+">{re.escape(ARTICLES[0]["title"])}</a>', html)
    assert "<mark>restitution</mark>" in html


def test_preview_and_han_snippet():
    assert preview("short") == "short"
    cut = preview("word " * 100, 50)
    assert cut.endswith("…") and len(cut) <= 51 and not cut.startswith(" ")
    snippet = han_snippet("前文" * 100 + "詐騙案" + "后文" * 100, "诈骗", width=10)
    assert snippet == "…" + "前文" * 5 + "\ue000詐騙\ue001案" + "后文" * 4 + "后…"
    assert han_snippet("没有", "诈骗") is None
