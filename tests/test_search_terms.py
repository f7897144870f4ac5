"""Chinese full-text search: character pairs in the index, queries turned into phrases of pairs.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import sqlite3

import pytest

from datasette_plugins.app import make_datasette
from db.publish import FTS_TABLE, SEARCH_DEFINITION, SEARCH_VIEW, needs_publish, publish
from db.search_terms import TERMS_TABLE, escape_fts, fold, fts_query, phrase, terms
from db.store import open_db, upsert_article

ARTICLES = {
    "telecom": ("公安机关打击电信网络诈骗犯罪", "公安机关开展打击电信网络诈骗犯罪专项行动，本月共破获案件120起。", "zh"),
    "helping": ("两名男子因帮信罪获刑", "法院审理查明，被告人明知他人利用信息网络实施犯罪，仍出售银行卡，他因帮信罪被判处有期徒刑一年。", "zh"),
    "running": ("警方破獲跑分集團", "警方破獲一個為境外賭博網站跑分洗錢的集團，拘捕八人。", "zh"),  # traditional
    "myanmar": ("一批人员从缅北移交我方", "一批在缅北园区从事诈骗活动的人员近日被移交我方。", "zh"),
    "mixed": ("USDT跑分平台被查", "该平台用USDT跑分，涉案金额约3000万元。", "zh"),
    "english": ("Wire fraud ring charged", "Four people were charged over a wire fraud ring run from an invented town.", "en"),
    "french": ("Escroquerie : un suspect interpellé", "Le suspect a fraudé plusieurs assureurs fictifs.", "fr"),
    "weather": ("天气预报", "明天多云，气温二十度。", "zh"),
}


def _build(path):
    db = open_db(path)
    ids = {}
    for i, (key, (title, text, lang)) in enumerate(ARTICLES.items()):
        ids[key], _ = upsert_article(db, {"url": f"http://127.0.0.1:9/zh/{i}", "title": title, "text": text, "lang": lang,
                                          "published": f"2024-0{i % 9 + 1}-01", "source": None})
    publish(db)
    return db, ids


@pytest.fixture
def built(tmp_path):
    db, ids = _build(tmp_path / "crackdown.db")
    yield db, ids, tmp_path / "crackdown.db"
    db.close()


def _search(db, query, *, raw=False):
    """Keys of the articles the index matches, the query escaped as the search box does (or raw)."""
    keys = {v: k for k, v in _search.ids.items()}
    match = fts_query(query) if raw else escape_fts(query)
    rows = db.execute(f"SELECT rowid FROM [{FTS_TABLE}] WHERE [{FTS_TABLE}] MATCH ? ORDER BY rowid", [match]).fetchall()
    return {keys[r[0]] for r in rows}


def _integrity(db):
    db.execute(f"INSERT INTO [{FTS_TABLE}]([{FTS_TABLE}], rank) VALUES('integrity-check', 1)")


# -- terms and queries ---------------------------------------------------------------------------

def test_terms_are_character_pairs_with_each_runs_last_character():
    assert terms("打击诈骗", "") == "打击 击诈 诈骗 骗"
    assert terms(None, "用USDT跑分。") == "用 USDT 跑分 分 。"
    assert terms("Fraud", "No Chinese here.") is None


def test_traditional_and_full_width_fold_to_the_simplified_and_ascii_forms():
    assert fold("詐騙集團在緬北") == "诈骗集团在缅北"
    assert fold("ＵＳＤＴ１２") == "USDT12"
    assert terms("詐騙", "") == terms("诈骗", "")
    assert fold(fold("薴")) == fold("薴")  # a chain in OpenCC's table is followed to its end


def test_queries_become_phrases_of_pairs():
    assert phrase("诈骗") == '"诈骗"'
    assert phrase("电信网络诈骗") == '"电信 信网 网络 络诈 诈骗"'
    assert phrase("骗") == '"骗"*'  # one character: every pair starting with it
    assert phrase("USDT跑分") == '"USDT" + "跑分"'
    assert phrase("跑分USDT") == '"跑分 分" + "USDT"'  # the run ends inside the phrase: its last character too
    assert escape_fts("fraude wire") == '"fraude" "wire"'  # no Chinese: Datasette's own escaping
    assert escape_fts('诈骗 "money laundering"') == '"诈骗" "money laundering"'
    assert fts_query('跑分 NOT 赌博 OR title:缅北*') == '"跑分" NOT "赌博" OR title:"缅北"*'
    assert fts_query("fraud NOT warning") == "fraud NOT warning"


# -- the index -----------------------------------------------------------------------------------

def test_the_five_words_are_found_in_chinese_articles(built):
    db, ids, _ = built
    _search.ids = ids
    assert _search(db, "诈骗") == {"telecom", "myanmar"}
    assert _search(db, "缅北") == {"myanmar"}
    assert _search(db, "电信网络诈骗") == {"telecom"}
    assert _search(db, "帮信") == {"helping"}  # a segmenter cuts 他因帮信罪 into 他/因帮/信罪
    assert _search(db, "跑分") == {"running", "mixed"}  # "running" is written in traditional characters


def test_traditional_and_simplified_queries_match_both_scripts(built):
    db, ids, _ = built
    _search.ids = ids
    assert _search(db, "詐騙") == _search(db, "诈骗")
    assert _search(db, "赌博") == {"running"}  # the text says 賭博
    assert _search(db, "破獲") == _search(db, "破获") == {"running", "telecom"}


def test_short_long_and_mixed_queries(built):
    db, ids, _ = built
    _search.ids = ids
    assert _search(db, "缅") == {"myanmar"}
    assert _search(db, "USDT") == {"mixed"}  # in the text column unicode61 sees one token "usdt跑分"
    assert _search(db, "USDT跑分") == {"mixed"}
    assert _search(db, "3000万元") == {"mixed"}
    assert _search(db, "诈骗 缅北") == {"myanmar"}  # every word required
    assert _search(db, "网络诈骗犯罪专项") == {"telecom"}
    assert _search(db, "诈骗犯罪专项行动计划") == set()  # a phrase longer than any text
    assert _search(db, "跑分 NOT USDT", raw=True) == {"running"}
    assert _search(db, "帮信 OR 缅北", raw=True) == {"helping", "myanmar"}


def test_french_and_english_keep_word_matching_and_accent_folding(built):
    db, ids, _ = built
    _search.ids = ids
    assert _search(db, "fraude") == _search(db, "fraudé") == {"french"}
    assert _search(db, "interpelle") == {"french"}
    assert _search(db, "fraud") == {"english"}  # a word, not a prefix: "fraudé" is another word
    assert _search(db, "charged ring") == {"english"}


def test_updates_and_deletes_keep_the_index_consistent(built):
    db, ids, path = built
    _search.ids = ids
    upsert_article(db, {"url": "http://127.0.0.1:9/zh/0", "title": "公安机关打击跑分", "text": "新的文本提到帮信。"})
    assert _search(db, "跑分") == {"running", "mixed", "telecom"}
    assert "telecom" in _search(db, "帮信") and "telecom" not in _search(db, "诈骗")
    db["articles"].update(ids["weather"], {"text": "直接改写的文本提到缅北园区"})  # not through upsert_article
    db.conn.commit()
    assert "weather" not in _search(db, "缅北")  # its terms are dropped as stale ...
    publish(db)
    assert "weather" in _search(db, "缅北")  # ... and written again by the next publish
    db.execute("DELETE FROM articles WHERE id = ?", [ids["myanmar"]])
    db.conn.commit()
    assert _search(db, "缅北") == {"weather"}
    assert db.execute(f"SELECT count(*) FROM [{TERMS_TABLE}] WHERE article_id = ?", [ids["myanmar"]]).fetchone()[0] == 0
    _integrity(db)


def test_publish_is_idempotent_with_chinese(built):
    db, ids, path = built
    before = db.execute(f"SELECT * FROM [{TERMS_TABLE}] ORDER BY article_id").fetchall()
    again = publish(db)
    assert again.fts_created is False and again.fts_rows == len(ARTICLES)
    assert db.execute(f"SELECT * FROM [{TERMS_TABLE}] ORDER BY article_id").fetchall() == before
    assert not needs_publish(path)
    _integrity(db)


def test_rows_loaded_in_bulk_get_their_terms_at_publish(built):
    db, ids, path = built
    db.execute("INSERT INTO articles (url, title, text) VALUES ('http://127.0.0.1:9/bulk', '批量', '批量写入的跑分文章。')")
    db.conn.commit()
    _search.ids = {**ids, "bulk": db.execute("SELECT max(id) FROM articles").fetchone()[0]}
    assert "bulk" not in _search(db, "跑分")
    assert needs_publish(path)
    publish(db)
    assert "bulk" in _search(db, "跑分")
    _integrity(db)


def test_an_older_index_or_terms_version_is_rebuilt(built):
    db, ids, _ = built
    _search.ids = ids
    # an older crackdown's index: sqlite-utils' enable_fts over title and text only
    from db.publish import drop_search

    drop_search(db)
    db["articles"].enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True,
                              tokenize="unicode61 remove_diacritics 2", replace=True)
    assert _search(db, "fraude") == {"french"}
    assert publish(db).fts_created is True
    assert _search(db, "帮信") == {"helping"}
    assert {"articles_ai", "articles_au", "articles_ad"}.isdisjoint(t.name for t in db.triggers)
    # terms written by another version of terms(): the view's version mark differs, so all are redone
    db.execute(f"UPDATE [{TERMS_TABLE}] SET terms = 'stale' WHERE article_id = ?", [ids["helping"]])
    db.execute(f"DROP VIEW [{SEARCH_VIEW}]")
    db.execute(SEARCH_DEFINITION[SEARCH_VIEW].replace("terms v", "terms v0."))
    db.conn.commit()
    assert publish(db).fts_created is True
    assert _search(db, "帮信") == {"helping"}
    _integrity(db)


def test_an_immutable_reader_without_the_plugin_matches_pairs(built):
    db, ids, path = built
    db.close()
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        hits = conn.execute(f"SELECT rowid FROM [{FTS_TABLE}] WHERE [{FTS_TABLE}] MATCH ?", ['"电信 信网 网络"']).fetchall()
        assert hits == [(ids["telecom"],)]
    finally:
        conn.close()


# -- through Datasette ---------------------------------------------------------------------------

@pytest.fixture
def site(built):
    db, ids, path = built
    db.close()
    return make_datasette(path), ids


async def _titles(ds, query):
    response = await ds.client.get(f"/crackdown/{query}")
    assert response.status_code == 200, response.text
    return {row["title"] for row in response.json()}


async def test_the_search_box_finds_chinese_words(site):
    ds, _ = site
    assert await _titles(ds, "articles.json?_search=诈骗&_shape=array") == {ARTICLES["telecom"][0], ARTICLES["myanmar"][0]}
    assert await _titles(ds, "articles.json?_search=电信网络诈骗&_shape=array") == {ARTICLES["telecom"][0]}
    assert await _titles(ds, "articles.json?_search=帮信&_shape=array") == {ARTICLES["helping"][0]}
    assert await _titles(ds, "articles.json?_search=跑分&_shape=array") == {ARTICLES["running"][0], ARTICLES["mixed"][0]}
    assert await _titles(ds, "articles.json?_search=缅北&_shape=array") == {ARTICLES["myanmar"][0]}
    assert await _titles(ds, "articles.json?_search=詐騙&_shape=array") == {ARTICLES["telecom"][0], ARTICLES["myanmar"][0]}
    page = await ds.client.get("/crackdown/articles?_search=电信网络诈骗")
    assert page.status_code == 200 and 'value="电信网络诈骗"' in page.text  # the box shows what was typed
    assert ARTICLES["telecom"][0] in page.text


async def test_the_search_box_keeps_french_and_english(site):
    ds, _ = site
    assert await _titles(ds, "articles.json?_search=fraude&_shape=array") == {ARTICLES["french"][0]}
    assert await _titles(ds, "articles.json?_search=fraud&_shape=array") == {ARTICLES["english"][0]}
    assert await _titles(ds, "articles.json?_search=wire%20fraud&_shape=array") == {ARTICLES["english"][0]}


async def test_raw_mode_and_the_canned_search_rewrite_chinese(site):
    ds, _ = site
    raw = await _titles(ds, "articles.json?_search=跑分%20NOT%20USDT&_searchmode=raw&_shape=array")
    assert raw == {ARTICLES["running"][0]}
    canned = await _titles(ds, "search_articles.json?q=电信网络诈骗&_shape=array")
    assert canned == {ARTICLES["telecom"][0]}
    canned = await _titles(ds, "search_articles.json?q=fraude&_shape=array")
    assert canned == {ARTICLES["french"][0]}


async def test_a_large_chinese_search_is_counted_by_the_index(built):
    from crackdown.settings import ServeSettings

    db, ids, path = built
    db.close()
    ds = make_datasette(path, ServeSettings(search_facets_max_matches=1))
    body = (await ds.client.get("/crackdown/articles.json?_search=诈骗")).json()
    assert body["filtered_table_rows_count"] is None  # over the limit: counted by the index, no count query
    assert len(body["rows"]) == 2
    response = await ds.client.get("/crackdown/articles?_search=诈骗")
    assert "2 rows match" in response.text
