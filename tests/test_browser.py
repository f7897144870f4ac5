"""What a person sees: headless Chromium on a `crackdown demo` database served by `crackdown serve`.

Debian's chromium is driven by Playwright through ``executable_path`` (no browser
download). Every page fails the test on a JavaScript error; screenshots go to
``screenshots/`` at the repository root (see README).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"),
]

SCREENSHOTS = ROOT / "screenshots"
CRACKDOWN = [sys.executable, "-m", "crackdown"]
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def site(demo_db):
    """Serve the session's demo database (conftest's ``demo_db``), yield its base URL."""
    folder, db = demo_db.parent, demo_db
    port = _free_port()
    server = subprocess.Popen([*CRACKDOWN, "serve", str(db), "--port", str(port)], cwd=folder,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("crackdown serve did not start")
            time.sleep(0.3)
    yield base
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: _console(page, msg))
    page.on("requestfailed", lambda req: page.errors.append(f"failed: {req.url}") if _local(req.url) else None)
    yield page
    context.close()


def _local(url: str) -> bool:
    return url.startswith("http://127.0.0.1")


def _console(page, msg) -> None:
    """Console errors count, except resources from other hosts (map tiles: there is no internet here)."""
    if msg.type != "error":
        return
    source = (msg.location or {}).get("url", "")
    if msg.text.startswith("Failed to load resource") and (not _local(source) or "favicon" in source):
        return
    page.errors.append(msg.text)


def visit(page, url: str, shot: str):
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, f"{url} answered {response and response.status}"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=False)
    assert page.errors == [], f"JavaScript errors on {url}: {page.errors}"
    return page


def test_home_page(site, page):
    visit(page, site + "/", "01-home")
    assert "demo" in page.content()


def test_full_text_search(site, page):
    visit(page, site + "/demo/articles?_search=fraud", "02-search")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() > 0
    # each row shows where the word matched, highlighted, not the first 2,048 characters
    assert page.locator("td.col-text .crackdown-snippet mark").count() > 0
    assert max(len(t) for t in page.locator("td.col-text").all_inner_texts()) < 400


def test_articles_rows_are_short_and_link_to_the_article(site, page):
    visit(page, site + "/demo/articles", "06b-articles-rows")
    assert max(len(t) for t in page.locator("td.col-text").all_inner_texts()) <= 201
    page.locator("td.col-title a").first.click()
    page.wait_for_load_state("networkidle")
    assert "/-/article/" in page.url and page.locator("div.crackdown-text").count() == 1


def test_a_fact_row_opens_the_article_at_its_words(site, page):
    visit(page, site + "/demo/amounts", "10-amounts")
    link = page.locator("td.col-text a[href*='#span-']").first
    words = link.inner_text()
    link.click()
    page.wait_for_load_state("networkidle")
    target = page.locator("mark.fact:target")
    assert target.count() == 1 and words.startswith(target.inner_text().strip()[:3])
    assert target.bounding_box()["y"] < 900  # scrolled into view
    page.screenshot(path=str(SCREENSHOTS / "11-fact-at-span.png"))


def test_faceted_table(site, page):
    visit(page, site + "/demo/articles", "03-facets")  # the default facets of the codebook
    assert page.locator(".facet-info").count() >= 2
    codebook = page.locator("details.crackdown-codebook")
    assert codebook.count() == 1 and codebook.get_attribute("open") is None  # folded: the rows come first
    assert codebook.bounding_box()["height"] < 60  # one summary line, not a screen of definitions


def test_one_click_on_a_fact_facet_narrows_the_articles(site, page):
    visit(page, site + "/demo/articles", "03-facets")
    total = page.locator("h3").first.inner_text()
    first_country = page.locator("#facet-country li a").first
    label = first_country.inner_text()
    first_country.click()
    page.wait_for_load_state("networkidle")
    assert page.errors == []
    heading = page.locator("h3").first.inner_text()
    assert "country has" in heading and heading != total, heading
    assert page.locator("table.rows-and-columns tbody tr").count() > 0
    assert label in page.locator("#facet-country").inner_text()  # the chosen value stays listed, with its cross
    page.screenshot(path=str(SCREENSHOTS / "09-narrowed.png"))


def test_database_page_lists_articles_first(site, page):
    visit(page, site + "/demo", "08-database")
    names = page.locator("div.db-table h3 a").all_inner_texts()
    assert names[0] == "articles" and names.index("relevance") < names.index("sources"), names
    sql = page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert sql == "select * from articles", sql


def test_map_shows_markers(site, page):
    visit(page, site + "/demo/place_map", "04-map")
    page.wait_for_selector(".leaflet-container", timeout=15000)
    page.wait_for_selector(".leaflet-marker-icon, .marker-cluster", timeout=15000)
    assert page.locator(".leaflet-marker-icon, .marker-cluster").count() > 0
    assert page.locator(".leaflet-container").bounding_box()["y"] < 500  # near the top, above the facets
    assert page.locator("#facet-year").count() == 1 and page.locator("#facet-charge").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "04-map.png"))


def test_map_popup_gives_title_date_sentence_and_a_link(site, page):
    visit(page, site + "/demo/place_map?_size=1", "04b-map-popup")  # one place: one marker, no cluster
    page.wait_for_selector(".leaflet-marker-icon", timeout=15000)
    page.locator(".leaflet-marker-icon").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    assert "idx" not in text and "span_start" not in text  # no raw columns
    link = popup.locator("a[href*='/-/article/']")
    assert link.count() == 1 and "#span-" in link.get_attribute("href")
    page.screenshot(path=str(SCREENSHOTS / "04b-map-popup.png"))
    link.click()
    page.wait_for_load_state("networkidle")
    assert "/-/article/" in page.url and page.locator("mark.fact:target").count() == 1


def test_charts(site, page):
    visit(page, site + "/-/crackdown/charts", "05-charts")
    assert page.locator("svg rect").count() > 0


def test_charts_follow_the_country_filter(site, page):
    visit(page, site + "/-/crackdown/charts?country=US", "05b-charts-us")
    titles = page.locator("svg[role=img][aria-label] > title").all_text_contents()  # the charts, not the menu icon
    assert len(titles) == 3 and all("action in US" in t for t in titles)


def test_article_page_highlights_facts(site, page):
    visit(page, site + "/demo/articles?_sort=id", "06-articles")
    first = page.locator("table.rows-and-columns tbody tr").first
    assert first is not None
    with urllib.request.urlopen(site + "/demo.json?sql=select+article_id+from+amounts+limit+1&_shape=arrays") as r:
        import json

        article_id = json.load(r)["rows"][0][0]
    visit(page, f"{site}/-/article/{article_id}", "07-article")
    assert page.locator("mark").count() > 0


def _tour_urls(site: str) -> list[str]:
    """The README tour's URLs as written (tests/test_readme_tour.py), placeholders filled from the demo database."""
    import json

    sys.path.insert(0, str(ROOT / "tests"))
    from test_readme_tour import concrete, tour_urls

    with urllib.request.urlopen(site + "/demo.json?sql=select+key+from+articles+order+by+id+limit+1&_shape=arrays") as r:
        key = json.load(r)["rows"][0][0]
    return [concrete(url, key) for url in tour_urls()]


def test_every_tour_url_opens_without_errors(site, page):
    for n, url in enumerate(_tour_urls(site)):
        if url.endswith((".csv", ".atom", ".svg")):  # files, not pages: a download or raw XML
            with urllib.request.urlopen(site + url) as r:
                assert r.status == 200, url
            continue
        visit(page, site + url, f"10-tour-{n:02d}")


def test_dashboard_draws_its_figures_charts_and_map(site, page):
    visit(page, site + "/-/dashboards", "11-dashboards")
    assert "No dashboards found" not in page.content()
    page.click("text=Crackdowns")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("#chart-articles p", timeout=15000)
    assert int(page.locator("#chart-articles p").inner_text()) > 0
    page.wait_for_selector("#chart-per_month svg, #chart-per_month canvas", timeout=15000)
    page.wait_for_selector("#chart-map .leaflet-marker-icon", timeout=15000)
    assert page.errors == [], page.errors
    page.screenshot(path=str(SCREENSHOTS / "11-dashboard.png"), full_page=True)
    visit(page, site + "/-/dashboards/crackdowns?country=ZZ", "11-dashboard-empty")  # no place: a world map, no error
    page.wait_for_selector("#chart-map .leaflet-container", timeout=15000)
    assert page.errors == [], page.errors


def test_article_permalink_and_citation(site, page):
    with urllib.request.urlopen(site + "/demo.json?sql=select+id,key+from+articles+order+by+id+limit+1&_shape=arrays") as r:
        import json

        article_id, key = json.load(r)["rows"][0]
    visit(page, f"{site}/-/article/{article_id}", "12-article-by-id")  # an old id link lands on the permalink
    assert page.url == f"{site}/-/article/{key}"
    assert key in page.locator(".citation").inner_text()
    page.click(".crackdown-cite a")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.crackdown-scores tbody tr").count() >= 9
    page.screenshot(path=str(SCREENSHOTS / "13-cite.png"))
