"""Chinese and French (and English web) news for the demo mirror, read in place from ``../shared/corpus``.

The guided tour searches in French and Chinese, runs the scam-compound query and maps
Myanmar, Cambodia and Laos: the DOJ and county releases alone hold none of that. This
module picks, in a fixed order so that the same corpus gives the same demo database:

- Chinese pages (served under ``/zh/`` as a listing): the GB2312/GBK pages of
  ``zh-web-content-extraction`` that report a police case, served byte for byte with their
  own charset; the Chinese web news of ``web-crackdown-news`` and a slice of
  ``zh-picker-security-news`` (crackdowns, scam compounds), served encoded as GBK, as many
  mainland sites still do, so the demo exercises the charset path too;
- news (served under ``/news/`` as an RSS feed): the French and South-East Asia web news
  of ``web-crackdown-news`` and a slice of French fraud news from ``fr-orangesum-news``.

Nothing is copied into the project; the texts stay in ``../shared``.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

# Picker articles: a crackdown word and a fraud or scam-compound word in the title.
_ZH_ACTION = re.compile("抓获|打掉|捣毁|破获|移交|判处|宣判|落网|刑拘|逮捕|侦破")
_ZH_TOPIC = re.compile("诈骗|缅北|缅甸|柬埔寨|老挝|跑分|洗钱|帮信")
_ZH_CASE = re.compile("诈骗|抓获|警方")  # a GB page worth serving reports a police case
_FR_TOPIC = re.compile(r"escroqu|arnaque|cybercrim|blanchiment|hameçonnage|rançongiciel", re.I)
_FR_ACTION = re.compile(r"interpell|démantel|mis en examen|condamn|garde à vue", re.I)
PICKER_MAX = 12
ORANGESUM_MAX = 10
_TABLE_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*(\w*)\s*\|\s*([\d-]*)\s*\|")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _iso(day: str | None) -> str | None:
    """A full ISO day or None: the corpus also has months ("2019-05") and times after the day."""
    match = re.match(r"\d{4}-\d{2}-\d{2}", day or "")
    return match.group(0) if match else None


def _paragraphs(lines) -> str:
    return "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in lines if line.strip())


def _title(text: str, limit: int = 60) -> str:
    """The first line long enough to be a headline (an excerpt may start with a menu row such as "||English")."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    first = next((line for line in lines if len(line) >= 12), lines[0] if lines else "")
    return first if len(first) <= limit else first[:limit].rstrip() + "…"


def _web_news(shared: Path, prefixes: tuple[str, ...]) -> list[dict]:
    """Files of ``web-crackdown-news`` whose name starts with a prefix, with the date SOURCE.md gives."""
    folder = shared / "corpus" / "web-crackdown-news"
    source = folder / "SOURCE.md"
    dates = {}
    if source.exists():
        for line in source.read_text(encoding="utf-8").splitlines():
            match = _TABLE_ROW.match(line)
            if match:
                dates[match.group(1)] = _iso(match.group(3))
    out = []
    for path in sorted(folder.glob("*.txt")):
        if path.name.startswith(prefixes):
            text = path.read_text(encoding="utf-8", errors="replace")
            out.append({"slug": path.stem, "title": _title(text), "date": dates.get(path.name), "text": text})
    return out


def _gb_pages(shared: Path) -> list[dict]:
    folder = shared / "corpus" / "zh-web-content-extraction"
    out = []
    for path in sorted((folder / "original").glob("*.html")):
        raw = path.read_bytes()
        declared = re.search(rb"""charset\s*=\s*["']?\s*(gb2312|gbk)""", raw[:4096], re.I)
        if not declared:
            continue
        text = raw.decode("gb18030", errors="replace")
        if not _ZH_CASE.search(text):
            continue
        title = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
        date_file = folder / "date" / f"{path.stem}.txt"
        day = date_file.read_text(encoding="utf-8").strip()[:10] if date_file.exists() else ""
        out.append({
            "slug": path.stem[:8], "title": html.unescape(title.group(1)).strip() if title else path.stem,
            "date": _iso(day), "raw": raw,
            "charset": declared.group(1).decode("ascii").lower(),
        })
    return out


def _picker(shared: Path) -> list[dict]:
    path = shared / "corpus" / "zh-picker-security-news" / "picker_cn_crime_slice.jsonl"
    if not path.exists():
        return []
    picked = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        title = item.get("title") or ""
        if _ZH_ACTION.search(title) and _ZH_TOPIC.search(title):
            lines = [_MD_LINK.sub(r"\1", l).lstrip("#*> ").strip() for l in item.get("text", "").splitlines()]
            body = [l for l in lines if len(l) > 8]  # drop the Markdown chrome: buttons, menus, bare links
            picked.append({"slug": item["id"], "title": title, "date": _iso(item.get("date")), "lines": body})
    return sorted(picked, key=lambda r: r["slug"])[:PICKER_MAX]


def _orangesum(shared: Path) -> list[dict]:
    path = shared / "corpus" / "fr-orangesum-news" / "orangesum_crime_slice.jsonl"
    if not path.exists():
        return []
    picked = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        text = f"{item.get('title', '')} {item.get('text', '')}"
        if item.get("text") and _FR_TOPIC.search(text) and _FR_ACTION.search(text):
            picked.append({"slug": f"orangesum-{item['id']}", "title": item["title"], "date": _iso(item.get("date")),
                           "text": item["text"]})
    return sorted(picked, key=lambda r: r["slug"])[:ORANGESUM_MAX]


def chinese_releases(shared: Path, release_type) -> list:
    """The ``/zh/`` section: GB pages served as they are, the rest encoded as GBK."""
    out = []
    for page in _gb_pages(shared):
        out.append(release_type(path=f"/zh/gb/{page['slug']}.html", title=page["title"], date=page["date"], lang="zh",
                                body_html="", charset=page["charset"], raw=page["raw"]))
    for item in _web_news(shared, ("zh",)):
        lines = item["text"].splitlines()
        out.append(release_type(path=f"/zh/news/{item['slug']}.html", title=item["title"], date=item["date"], lang="zh",
                                body_html=_paragraphs(lines), charset="gbk"))
    for item in _picker(shared):
        out.append(release_type(path=f"/zh/picker/{item['slug']}.html", title=item["title"], date=item["date"],
                                lang="zh", body_html=_paragraphs(item["lines"]), charset="gbk"))
    return out


def news_releases(shared: Path, release_type) -> list:
    """The ``/news/`` section: French web and wire news, and South-East Asia scam-compound news."""
    out = []
    for item in _web_news(shared, ("fr", "en-sea")):
        lang = "fr" if item["slug"].startswith("fr") else "en"
        out.append(release_type(path=f"/news/{item['slug']}.html", title=item["title"], date=item["date"], lang=lang,
                                body_html=_paragraphs(item["text"].splitlines())))
    for item in _orangesum(shared):
        out.append(release_type(path=f"/news/{item['slug']}.html", title=item["title"], date=item["date"], lang="fr",
                                body_html=_paragraphs(re.split(r"(?<=[.!?])(?=[A-ZÀ-Ý])|\n", item["text"]))))
    return out
