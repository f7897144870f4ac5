"""`crackdown extract` re-reads archived pages when the text stage is newer than an article."""

from click.testing import CliRunner

from crackdown.cli import cli
from db.store import open_db, record_page, upsert_article
from extract.text import EXTRACTION_VERSION

PAGE = b"""<html lang="en"><head><title>Two charged in gift-card fraud</title></head><body>
<nav>Home | News | Contact</nav>
<article><h1>Two charged in gift-card fraud</h1>
<p>SPRINGFIELD - Two men were charged on Monday with wire fraud for a scheme that drained gift cards
bought by elderly victims, prosecutors said. Investigators traced more than 400 cards to the pair.</p>
<p>The men face up to 20 years in prison if convicted. The case is being prosecuted by the county fraud unit,
which asks anyone who was contacted by the callers to report it.</p></article>
<footer>Copyright County Prosecutor</footer></body></html>"""


def _old_article(db):
    page = record_page(db, url="http://127.0.0.1/r/1", status=200, body=PAGE, headers={"Content-Type": "text/html"})
    article_id, _ = upsert_article(db, {"url": "http://127.0.0.1/r/1", "page_id": page, "title": "old",
                                        "text": "stale text", "lang": "en", "extraction_version": 0})
    return article_id


def test_extract_rereads_outdated_articles_from_the_archive(tmp_path):
    path = tmp_path / "x.db"
    article_id = _old_article(open_db(path))
    result = CliRunner().invoke(cli, ["extract", "--db", str(path)])
    assert result.exit_code == 0, result.output
    row = open_db(path)["articles"].get(article_id)
    assert row["extraction_version"] == EXTRACTION_VERSION
    assert "drained gift cards" in row["text"] and "Copyright" not in row["text"]
    assert row["facts_version"] == 0  # new text: facts are due again

    again = CliRunner().invoke(cli, ["extract", "--db", str(path)])
    assert '"articles": 0' in again.stdout  # nothing outdated any more
    assert open_db(path)["articles"].get(article_id) == row


def test_extract_counts_a_missing_body_as_an_error(tmp_path):
    path = tmp_path / "x.db"
    db = open_db(path)
    upsert_article(db, {"url": "http://127.0.0.1/r/2", "title": "t", "text": "x", "extraction_version": 0})
    result = CliRunner().invoke(cli, ["extract", "--db", str(path)])
    assert result.exit_code == 0
    assert '"errors": 1' in result.stdout
