"""The database page lists the research tables first, ``articles`` leading.

Datasette 0.65 lists a database's tables by name, so a researcher met ``amounts`` before
``articles`` and had to read past crawl bookkeeping to find the facts. It has no setting
for the order, so a few lines of script move the table blocks into the codebook's reading
order (articles, relevance, the fact tables, then sources and crawl records); tables not
named here keep their place after them, and the SQL box starts from the leading table; without
JavaScript the page is Datasette's own.
"""

from __future__ import annotations

import json

from datasette import hookimpl

ORDER = (
    "articles", "relevance", "amounts", "places", "countries", "charges", "counts", "event_types", "legal_refs",
    "sources", "crawl_runs", "pages", "article_versions",
)

SCRIPT = """
(function (order) {
  var blocks = Array.prototype.slice.call(document.querySelectorAll("div.db-table"));
  if (blocks.length < 2) { return; }
  var parent = blocks[0].parentNode;
  var after = blocks[blocks.length - 1].nextSibling;
  function rank(block) {
    var link = block.querySelector("h3 a");
    var i = link ? order.indexOf(link.textContent.trim()) : -1;
    return i < 0 ? order.length : i;
  }
  var sorted = blocks.map(function (block, i) { return [rank(block), i, block]; })
    .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
  sorted.forEach(function (item) { parent.insertBefore(item[2], after); });
  // Datasette fills the SQL box with "select * from <first table by name>" before its editor
  // starts (on window load): start it from the table that now leads instead.
  var box = document.querySelector("textarea#sql-editor");
  var first = sorted[0][2].querySelector("h3 a");
  if (box && first && /^select \* from \S+$/.test(box.value.trim()) && /^[a-z_]+$/.test(first.textContent.trim())) {
    box.value = "select * from " + first.textContent.trim();
  }
})(%s);
"""


@hookimpl
def extra_body_script(template):
    if template != "database.html":
        return ""
    return SCRIPT % json.dumps(list(ORDER))
