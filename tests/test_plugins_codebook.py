"""Table pages load the script that folds the codebook away; other pages do not."""

import pytest

from datasette_plugins.app import make_datasette
from sample_publish_db import build_sample_db


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return make_datasette(build_sample_db(tmp_path_factory.mktemp("codebook") / "crackdown.db"))


async def test_table_page_loads_the_codebook_script(ds):
    page = await ds.client.get("/crackdown/articles")
    assert page.status_code == 200
    assert "/crackdown-static/codebook.js" in page.text
    assert 'class="column-descriptions"' in page.text  # what the script folds
    script = await ds.client.get("/crackdown-static/codebook.js")
    assert script.status_code == 200 and "details" in script.text


async def test_home_page_hides_plumbing_tables(ds):
    home = (await ds.client.get("/crackdown")).text
    assert "summary_top_amounts" not in home
    assert "articles" in home
    assert "/crackdown-static/codebook.js" not in (await ds.client.get("/")).text
