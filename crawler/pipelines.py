"""From a fetched page to an ``articles`` row: extract the text, pick the date, upsert.

The date a feed, listing or API gives wins over the date found in the page (publishers
put last-modified or event dates in pages); ``date_source`` records which one was used.
A page without main text is an error for the source's report, not an article.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from crawler.context import crawl_db
from db.store import upsert_article
from extract.text import EXTRACTION_VERSION, extract_text

logger = logging.getLogger(__name__)


class ArticlePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.db = crawl_db(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        spider = self.crawler.spider
        report = spider.report
        url = item["url"]
        result = extract_text(
            item.get("body") or b"",
            url=url,
            content_type=item.get("content_type"),
            lang_hint=item.get("lang_hint"),
        )
        if result.error or not (result.text or "").strip():
            message = f"no text in {url}: {result.error or 'empty text'}"
            report.error(message)
            raise DropItem(message)
        hint_date = item.get("date_hint")
        published = hint_date or result.date
        date_source = item.get("date_hint_source") if hint_date else ("page" if result.date else None)
        article = {
            "url": url,
            "source": item["source"],
            "page_id": item.get("page_id"),
            "title": result.title or item.get("title_hint"),
            "text": result.text,
            "published": published,
            "date_source": date_source,
            "feed_date": hint_date,
            "page_date": result.date,
            "lang": result.lang or item.get("lang_hint"),
            "extraction_version": EXTRACTION_VERSION,
        }
        article_id, status = upsert_article(self.db, article)
        report.count(status)
        return {"url": url, "article_id": article_id, "status": status, "page_id": item.get("page_id")}
