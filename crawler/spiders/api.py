"""Paginated JSON APIs (the justice.gov News API shape and the like), mapped by data.

``fields`` names where each value sits in a record (dotted paths); ``pagination`` names
the page parameter, its first value, an optional path to the total count and
``max_pages``. A record that carries its body is stored as a page of its own (the
fragment wrapped in a minimal HTML document) so the text can be re-extracted from the
archive; a record with only a URL is fetched like a feed entry.
"""

from __future__ import annotations

import html
import json
from typing import Any

from w3lib.url import add_or_replace_parameter

from crawler.archive import flat_headers
from crawler.dates import to_iso_date
from crawler.spiders.base import SourceSpider
from db.store import now, record_page


def get_path(data: Any, path: str | None) -> Any:
    """``a.b.0.c`` into nested dicts and lists; ``None`` when any step is missing."""
    if not path:
        return None
    for part in str(path).split("."):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.lstrip("-").isdigit():
            index = int(part)
            data = data[index] if -len(data) <= index < len(data) else None
        else:
            return None
        if data is None:
            return None
    return data


def wrap_fragment(fragment: str, title: str | None, url: str, lang: str | None) -> bytes:
    """A minimal HTML document around an API body fragment."""
    title = html.escape(title or "")
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang or "")}"><head><meta charset="utf-8">'
        f'<title>{title}</title><link rel="canonical" href="{html.escape(url)}"></head>\n'
        f"<body><article><h1>{title}</h1>\n{fragment}\n</article></body></html>\n"
    ).encode("utf-8")


def _text_of(value: Any) -> str | None:
    if isinstance(value, dict):  # Drupal-style {"value": ..., "format": ...}
        value = value.get("value") or value.get("processed")
    if isinstance(value, list):
        value = value[0] if value else None
    return None if value is None else str(value)


class ApiSpider(SourceSpider):
    name = "api"
    kind = "api"

    def page_url(self, url: str, page: int) -> str:
        param = (self.source.get("pagination") or {}).get("page_param")
        return add_or_replace_parameter(url, param, str(page)) if param else url

    def first_request(self, url):
        start = int((self.source.get("pagination") or {}).get("start", 0))
        return self.index_request(self.page_url(url, start), self.parse_api, page=start, base=url, pages_read=1)

    def parse_api(self, response):
        fields = self.source["fields"]
        try:
            data = json.loads(response.body)
        except (ValueError, UnicodeDecodeError) as exc:
            self.index_error(response, f"API response is not JSON: {exc}")
            return
        records = get_path(data, fields["items"])
        if not isinstance(records, list):
            self.index_error(response, f"API response has no list at {fields['items']!r}")
            return
        self.report.index_ok += 1
        lang = self.source["language"]
        total, taken = 0, 0
        known_before = self.report.skipped_known
        for record in records:
            if not isinstance(record, dict):
                continue
            total += 1
            url = _text_of(get_path(record, fields["url"]))
            if not url:
                self.report.error(f"API record without {fields['url']!r} on {response.url}")
                continue
            url = response.urljoin(url.strip())
            title = _text_of(get_path(record, fields.get("title")))
            date = to_iso_date(_text_of(get_path(record, fields.get("date"))), fields.get("date_format"), [lang])
            body = _text_of(get_path(record, fields.get("body")))
            if body is None:
                requests, _ = self.article_requests([(url, title, date)], "api")
                taken += len(requests)
                yield from requests
                continue
            if not self.take(url):
                continue
            taken += 1
            document = wrap_fragment(body, title, url, lang)
            page_id = record_page(
                self.db,
                url=url,
                final_url=url,
                status=response.status,
                headers={**flat_headers(response.headers), "Content-Type": "text/html; charset=utf-8"},
                body=document,
                source=self.source_name,
                run_id=self.run_id,
                fetched_at=now(),
                content_type="text/html; charset=utf-8",
            )
            self.crawler.stats.inc_value("crackdown/pages_archived")
            yield self.article_item(
                url=url,
                page_id=page_id,
                body=document,
                content_type="text/html; charset=utf-8",
                hints={"title": title, "date": date, "date_source": "api"},
            )
        all_known = total > 0 and self.report.skipped_known - known_before == total
        yield from self.next_page(response, data, len(records), all_known)

    def next_page(self, response, data, count: int, all_known: bool):
        pagination = self.source.get("pagination") or {}
        if not pagination.get("page_param") or count == 0 or (all_known and self.stop_when_all_known) or self.exhausted:
            return
        pages_read = response.meta.get("pages_read", 1)
        max_pages = int(pagination.get("max_pages") or self.max_pages)
        if pages_read >= max_pages:
            return
        page = response.meta["page"]
        start = int(pagination.get("start", 0))
        total = get_path(data, pagination.get("total"))
        try:
            if total is not None and (page - start + 1) * count >= int(total):
                return
        except (TypeError, ValueError):
            pass
        base = response.meta["base"]
        yield self.index_request(
            self.page_url(base, page + 1), self.parse_api, page=page + 1, base=base, pages_read=pages_read + 1
        )
