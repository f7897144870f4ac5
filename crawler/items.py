"""What a spider hands to the pipeline: one fetched article page and the hints about it."""

from __future__ import annotations

import scrapy


class ArticleItem(scrapy.Item):
    url = scrapy.Field()  # canonical URL: <link rel=canonical>, else the final URL, no fragment
    source = scrapy.Field()
    page_id = scrapy.Field()  # pages.id of the fetch the body came from
    body = scrapy.Field()  # bytes of that fetch (or of the API record wrapped in HTML)
    content_type = scrapy.Field()
    title_hint = scrapy.Field()  # title from the feed, listing or API
    date_hint = scrapy.Field()  # ISO date from the feed, listing or API
    date_hint_source = scrapy.Field()  # feed, listing or api
    lang_hint = scrapy.Field()  # the source's language
