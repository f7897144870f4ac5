"""Idempotent writes: every stage stores through these functions.

Pages are fetch events (one row per fetch) whose bodies are kept once per content hash,
zlib-compressed, in ``page_bodies``. Articles are upserted by canonical URL. A stage that
runs twice over the same input leaves the same rows: facts are replaced per article with
stable ``(article_id, idx)`` keys, and nothing is deleted that a later step needs.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

import sqlite_utils

from db.article_key import key_for
from db.search_terms import write_terms
from db.schema import FACT_TABLES, PROVENANCE, NotACrackdownDatabase, check_is_crackdown, migrate


def open_db(path: str | Path, *, create: bool = True) -> sqlite_utils.Database:
    """Open (and create or upgrade) the database at ``path``."""
    path = Path(path)
    if not create and not path.exists():
        raise FileNotFoundError(f"database {path} does not exist")
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    try:
        check_is_crackdown(db, str(path))  # before anything (WAL mode included) is changed in the file
    except NotACrackdownDatabase:
        db.close()
        raise
    db.execute("PRAGMA busy_timeout = 30000")
    db.execute("PRAGMA foreign_keys = ON")
    if db.journal_mode != "wal":
        db.enable_wal()
    migrate(db)
    return db


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def upsert_source(db: sqlite_utils.Database, source: Mapping[str, Any]) -> None:
    db["sources"].upsert(
        {
            "name": source["name"],
            "agency": source.get("agency"),
            "country": source.get("country"),
            "language": source.get("language"),
            "kind": source.get("kind"),
            "start_urls": json.dumps(list(source.get("start_urls") or [])),
            "config": json.dumps(dict(source), sort_keys=True, default=str),
            "updated_at": now(),
        },
        pk="name",
    )


def store_body(db: sqlite_utils.Database, body: bytes) -> str:
    """Keep ``body`` once, compressed; return its content hash."""
    digest = sha256(body)
    if not db.execute("SELECT 1 FROM page_bodies WHERE content_hash = ?", [digest]).fetchone():
        db["page_bodies"].insert(
            {"content_hash": digest, "encoding": "zlib", "size": len(body), "body": zlib.compress(body, 6)},
            pk="content_hash",
            ignore=True,
        )
    return digest


def load_body(db: sqlite_utils.Database, content_hash: str) -> bytes | None:
    row = db.execute("SELECT encoding, body FROM page_bodies WHERE content_hash = ?", [content_hash]).fetchone()
    if row is None:
        return None
    encoding, body = row
    return zlib.decompress(body) if encoding == "zlib" else body


def record_page(
    db: sqlite_utils.Database,
    *,
    url: str,
    status: int,
    body: bytes,
    headers: Mapping[str, Any] | None = None,
    final_url: str | None = None,
    source: str | None = None,
    run_id: str | None = None,
    fetched_at: str | None = None,
    content_type: str | None = None,
) -> int:
    """One fetch: its metadata in ``pages``, its body in ``page_bodies``. Returns the page id."""
    digest = store_body(db, body)
    headers = {str(k): str(v) for k, v in (headers or {}).items()}
    if content_type is None:
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    table = db["pages"]
    table.insert(
        {
            "source": source,
            "run_id": run_id,
            "url": url,
            "final_url": final_url or url,
            "status": status,
            "headers": json.dumps(headers, sort_keys=True),
            "content_type": content_type,
            "fetched_at": fetched_at or now(),
            "content_hash": digest,
            "size": len(body),
        }
    )
    return table.last_pk


ARTICLE_FIELDS = (
    "source",
    "page_id",
    "title",
    "text",
    "published",
    "date_source",
    "feed_date",
    "page_date",
    "lang",
    "extraction_version",
)


def publication_year(published: str | None) -> int | None:
    """The year of an ISO date, or None: kept in ``articles.year`` for faceting."""
    head = (published or "")[:4]
    return int(head) if head.isdigit() else None


def upsert_article(db: sqlite_utils.Database, article: Mapping[str, Any]) -> tuple[int, str]:
    """Insert or update the article at ``article['url']``.

    Returns ``(id, status)`` with status ``new``, ``updated`` (text changed: its facts are
    due again) or ``unchanged``. ``first_seen`` is kept from the first insert.
    """
    url = article["url"]
    text = article.get("text") or ""
    content_hash = sha256(text)
    row = db.execute(
        "SELECT id, content_hash, extraction_version, title, published FROM articles WHERE url = ?", [url]
    ).fetchone()
    values = {k: article.get(k) for k in ARTICLE_FIELDS if k in article}
    if "published" in values:
        values["year"] = publication_year(values["published"])
    values.update(content_hash=content_hash, word_count=len(text.split()))
    stamp = now()
    if row is None:
        table = db["articles"]
        with db.conn:
            table.insert({"url": url, "key": key_for(db, url), **values, "version": 1, "facts_version": 0,
                          "first_seen": stamp, "updated_at": stamp})
            write_terms(db, table.last_pk)
        return table.last_pk, "new"
    article_id, old_hash, old_version, old_title, old_published = row
    same = (
        old_hash == content_hash
        and old_version == values.get("extraction_version", old_version)
        and old_title == values.get("title", old_title)
        and old_published == values.get("published", old_published)
    )
    if same:
        return article_id, "unchanged"
    if old_hash != content_hash:
        values["facts_version"] = 0
    values["updated_at"] = stamp
    with db.conn:
        if old_hash != content_hash and values.get("page_id") is not None:
            _keep_version(db, article_id, values["page_id"], values)
        db["articles"].update(article_id, values)
        write_terms(db, article_id)
    return article_id, "updated"


def _keep_version(db: sqlite_utils.Database, article_id: int, new_page_id: int, values: dict) -> None:
    """A new fetch changed the text: keep the row being replaced in ``article_versions``.

    Only a new page (a new fetch) makes a version; re-extracting the same page with a
    better extractor updates the row in place.
    """
    old = db.execute(
        "SELECT a.version, a.content_hash, a.title, a.text, a.page_id, p.fetched_at "
        "FROM articles a LEFT JOIN pages p ON p.id = a.page_id WHERE a.id = ?",
        [article_id],
    ).fetchone()
    version, content_hash, title, text, page_id, fetched_at = old
    if page_id == new_page_id:
        return
    version = version or 1
    db["article_versions"].insert(
        {"article_id": article_id, "version": version, "content_hash": content_hash, "title": title,
         "text": text, "page_id": page_id, "fetched_at": fetched_at},
        pk=("article_id", "version"),
        replace=True,
    )
    values["version"] = version + 1


def _row(article_id: int, idx: int, fact: Mapping[str, Any], text: str, table: str, version: int) -> dict:
    s_start, s_end = fact.get("sent_start"), fact.get("sent_end")
    row = {
        "article_id": article_id,
        "idx": idx,
        "text": fact.get("text"),
        "span_start": fact.get("start"),
        "span_end": fact.get("end"),
        "sentence_start": s_start,
        "sentence_end": s_end,
        "sentence": fact.get("sentence") or (text[s_start:s_end] if s_start is not None and s_end is not None else None),
        "facts_version": version,
    }
    for column in FACT_TABLES[table]:
        value = fact.get(column)
        if isinstance(value, bool):
            value = int(value)
        row[column] = value
    return row


def write_facts(
    db: sqlite_utils.Database, article_id: int, facts: Mapping[str, Any], text: str, version: int
) -> None:
    """Replace every fact of one article, in one transaction.

    ``facts`` is the extractor's full record (see ``extract.facts``): lists of dicts per
    table, each with its own columns plus ``text``, ``start``/``end`` and
    ``sent_start``/``sent_end`` offsets into ``text``.
    """
    with db.conn:
        for table in FACT_TABLES:
            db.execute(f"DELETE FROM [{table}] WHERE article_id = ?", [article_id])
            rows = [_row(article_id, i, fact, text, table, version) for i, fact in enumerate(facts.get(table) or [])]
            if rows:
                db[table].insert_all(rows, pk=("article_id", "idx"), columns={**PROVENANCE, **FACT_TABLES[table]})
        db["relevance"].upsert(
            {
                "article_id": article_id,
                "relevant": int(bool(facts.get("relevant"))),
                "score": facts.get("relevance_score"),
                "reason": facts.get("relevance_reason"),
                "facts_version": version,
            },
            pk="article_id",
        )
        db.execute("UPDATE articles SET facts_version = ? WHERE id = ?", [version, article_id])


def record_crawl_run(db: sqlite_utils.Database, run: Mapping[str, Any]) -> None:
    """One row per source per run; writing the same run again replaces it."""
    row = dict(run)
    for key in ("status_counts", "error_messages"):
        if key in row and not isinstance(row[key], str):
            row[key] = json.dumps(row[key], sort_keys=True)
    existing = db.execute(
        "SELECT id FROM crawl_runs WHERE run_id = ? AND source = ?", [row["run_id"], row["source"]]
    ).fetchone()
    if existing:
        db["crawl_runs"].update(existing[0], row)
    else:
        db["crawl_runs"].insert(row)


def articles_needing_facts(db: sqlite_utils.Database, version: int, limit: int | None = None) -> Iterable[dict]:
    sql = "SELECT id, url, title, text, lang, published FROM articles WHERE coalesce(facts_version, 0) < ? ORDER BY id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return db.query(sql, [version])


def validators(db: sqlite_utils.Database, url: str) -> dict | None:
    """ETag, Last-Modified and archived body of the last 200 response for ``url`` (or ``None``)."""
    rows = list(db.query("SELECT * FROM http_cache WHERE url = ?", [url]))
    return rows[0] if rows else None


def remember_validators(
    db: sqlite_utils.Database,
    url: str,
    *,
    etag: str | None,
    last_modified: str | None,
    content_hash: str | None,
    content_type: str | None,
    page_id: int | None,
) -> None:
    """What the next conditional request for ``url`` sends, and the body a 304 stands for."""
    db["http_cache"].upsert(
        {"url": url, "etag": etag, "last_modified": last_modified, "content_hash": content_hash,
         "content_type": content_type, "page_id": page_id, "checked_at": now()},
        pk="url",
    )


def source_health(db: sqlite_utils.Database) -> list[dict]:
    """One row per source: last run, its outcome, articles, and the ``flag`` (ok, partial, silent, failing)."""
    return list(db.query("SELECT * FROM source_health ORDER BY source"))
