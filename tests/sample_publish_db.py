"""An invented crackdown database for the publishing tests (serve, metadata, plugins, export).

Every text below was written for these tests. Facts are placed by searching for their words
in the text, so spans are real offsets, as the facts stage would write them.
"""

from __future__ import annotations

from pathlib import Path

from db.store import open_db, record_crawl_run, record_page, upsert_article, upsert_source, write_facts

SOURCES = [
    {"name": "us-attorney-test", "agency": "Test US Attorney's Office", "country": "US", "language": "en", "kind": "feed",
     "start_urls": ["http://127.0.0.1:9/feed"]},
    {"name": "gendarmerie-test", "agency": "Test Gendarmerie", "country": "FR", "language": "fr", "kind": "listing",
     "start_urls": ["http://127.0.0.1:9/actus"]},
    {"name": "asia-police-test", "agency": "Test Regional Police", "country": "TH", "language": "en", "kind": "sitemap",
     "start_urls": ["http://127.0.0.1:9/sitemap.xml"]},
]


def _span(text: str, words: str, after: int = 0) -> tuple[int, int, int, int]:
    start = text.index(words, after)
    end = start + len(words)
    s_start = text.rfind(". ", 0, start)
    s_start = 0 if s_start < 0 else s_start + 2
    s_end = text.find(". ", end)
    s_end = len(text) if s_end < 0 else s_end + 1
    return start, end, s_start, s_end


def fact(text: str, words: str, **columns) -> dict:
    start, end, s_start, s_end = _span(text, words)
    return {"text": words, "start": start, "end": end, "sent_start": s_start, "sent_end": s_end, **columns}


ARTICLES = [
    {
        "url": "http://127.0.0.1:9/us/romance-fraud-sentencing",
        "source": "us-attorney-test",
        "title": "Three men sentenced for $4.5 million romance fraud scheme",
        "text": (
            "Three men were sentenced today in Miami for a romance fraud scheme that cost victims $4.5 million. "
            "The defendants pleaded guilty to wire fraud under 18 U.S.C. § 1343 and to money laundering. "
            "The court ordered restitution of $1.2 million."
        ),
        "published": "2023-05-10",
        "lang": "en",
        "body": b"<html><head><title>Three men sentenced</title><script>document.title='pwned'</script></head>"
        b"<body><h1>Three men sentenced</h1><p>Three men were sentenced today in Miami.</p></body></html>",
        "facts": lambda t: {
            "relevant": True, "relevance_score": 0.95, "relevance_reason": "sentence for fraud",
            "event_types": [fact(t, "sentenced", event_type="sentence"), fact(t, "pleaded guilty", event_type="plea")],
            "amounts": [
                fact(t, "$4.5 million", value=4_500_000, currency="USD", role="loss", approx=False, usd=4_500_000),
                fact(t, "$1.2 million", value=1_200_000, currency="USD", role="penalty", approx=False, usd=1_200_000),
            ],
            "countries": [fact(t, "Miami", country="US", name="United States")],
            "places": [fact(t, "Miami", name="Miami", country="US", admin1="FL", feature="PPLA2", geonameid=4164138,
                            latitude=25.77427, longitude=-80.19366)],
            "charges": [fact(t, "wire fraud", charge="fraud"), fact(t, "money laundering", charge="money_laundering")],
            "counts": [fact(t, "Three men", action="sentenced", n=3)],
            "legal_refs": [fact(t, "18 U.S.C. § 1343", jurisdiction="US", article="1343", code="U.S.C.")],
        },
    },
    {
        "url": "http://127.0.0.1:9/fr/escroquerie-faux-conseillers",
        "source": "gendarmerie-test",
        "title": "Escroquerie aux faux conseillers bancaires : cinq interpellations à Lyon",
        "text": (
            "Les gendarmes ont interpellé cinq personnes à Lyon. "
            "Elles auraient fraudé plus de 300 000 euros à des clients âgés en se présentant comme leurs conseillers. "
            "Elles sont poursuivies pour escroquerie en bande organisée et blanchiment."
        ),
        "published": "2024-02-01",
        "lang": "fr",
        "body": "<html><body><p>Les gendarmes ont interpellé cinq personnes à Lyon.</p></body></html>".encode("utf-8"),
        "facts": lambda t: {
            "relevant": True, "relevance_score": 0.9,
            "event_types": [fact(t, "interpellé", event_type="arrest"), fact(t, "poursuivies", event_type="charge")],
            "amounts": [fact(t, "plus de 300 000 euros", value=300_000, currency="EUR", role="loss", approx=True, usd=323_450.0)],
            "countries": [fact(t, "Lyon", country="FR", name="France")],
            "places": [fact(t, "Lyon", name="Lyon", country="FR", admin1="84", feature="PPLA", geonameid=2996944,
                            latitude=45.74846, longitude=4.84671)],
            "charges": [fact(t, "escroquerie", charge="fraud"), fact(t, "blanchiment", charge="money_laundering"),
                        fact(t, "bande organisée", charge="organized_crime")],
            "counts": [fact(t, "cinq personnes", action="arrested", n=5)],
        },
    },
    {
        "url": "http://127.0.0.1:9/asia/myawaddy-compound",
        "source": "asia-police-test",
        "title": "Police free 200 victims from scam compound near Myawaddy",
        "text": (
            "Police freed 200 victims from a scam compound near Myawaddy in Myanmar. "
            "Twelve suspects were arrested and 1,000,000 USDT was seized. "
            "The suspects face charges of human trafficking and fraud."
        ),
        "published": "2024-03-15",
        "lang": "en",
        "body": b"<html><body>Police freed 200 victims.</body></html>",
        "facts": lambda t: {
            "relevant": True, "relevance_score": 0.97,
            "event_types": [fact(t, "arrested", event_type="arrest"), fact(t, "seized", event_type="seizure")],
            "amounts": [fact(t, "1,000,000 USDT", value=1_000_000, currency="USDT", role="seized", approx=False, usd=1_000_000)],
            "countries": [fact(t, "Myanmar", country="MM", name="Myanmar")],
            "places": [fact(t, "Myawaddy", name="Myawaddy", country="MM", admin1="13", feature="PPLA2", geonameid=1308204,
                            latitude=16.68911, longitude=98.50893)],
            "charges": [fact(t, "human trafficking", charge="human_trafficking"), fact(t, "fraud", charge="fraud")],
            "counts": [fact(t, "200 victims", action="victims", n=200), fact(t, "Twelve suspects", action="arrested", n=12)],
        },
    },
    {
        "url": "http://127.0.0.1:9/asia/fraud-boss-executed",
        "source": "asia-police-test",
        "title": "Leader of telecom fraud gang executed",
        "text": (
            "The leader of a telecom fraud gang based in Wenzhou was executed on Tuesday. "
            "The gang defrauded victims of 80 million yuan."
        ),
        "published": "2023-11-21",
        "lang": "en",
        "body": b"<html><body>The leader was executed.</body></html>",
        "facts": lambda t: {
            "relevant": True, "relevance_score": 0.9,
            "event_types": [fact(t, "executed", event_type="execution")],
            "amounts": [fact(t, "80 million yuan", value=80_000_000, currency="CNY", role="loss", approx=False, usd=11_000_000)],
            "countries": [fact(t, "Wenzhou", country="CN", name="China")],
            "places": [fact(t, "Wenzhou", name="Wenzhou", country="CN", admin1="02", feature="PPLA2", geonameid=1791388,
                            latitude=27.99942, longitude=120.66682)],
            "charges": [fact(t, "fraud", charge="fraud")],
            "counts": [fact(t, "The leader", action="executed", n=1)],
        },
    },
    {
        "url": "http://127.0.0.1:9/us/consumer-warning",
        "source": "us-attorney-test",
        "title": "Office warns consumers about phone calls from fake agents",
        "text": "The office reminds consumers that its agents never ask for payment by phone.",
        "published": "2024-04-02",
        "lang": "en",
        "body": b"<html><body>A warning.</body></html>",
        "facts": lambda t: {"relevant": False, "relevance_score": 0.1, "relevance_reason": "warning"},
    },
    {
        "url": "http://127.0.0.1:9/asia/pending",
        "source": "asia-police-test",
        "title": "Raid on an online gambling den in Phnom Penh",
        "text": "Officers raided a building in Phnom Penh used for online gambling.",
        "published": "2024-05-05",
        "lang": "en",
        "body": b"<html><body>Officers raided a building.</body></html>",
        "facts": None,  # not read by the facts stage yet
    },
]


def build_sample_db(path: Path, *, publish: bool = True) -> Path:
    """Write the invented database at ``path`` (then run the publish step unless told not to)."""
    db = open_db(path)
    for source in SOURCES:
        upsert_source(db, source)
    for item in ARTICLES:
        page_id = record_page(db, url=item["url"], status=200, body=item["body"], source=item["source"], run_id="run-1",
                              headers={"Content-Type": "text/html; charset=utf-8"})
        article_id, _ = upsert_article(db, {
            "url": item["url"], "source": item["source"], "page_id": page_id, "title": item["title"], "text": item["text"],
            "published": item["published"], "date_source": "page", "lang": item["lang"], "extraction_version": 1,
        })
        if item["facts"] is not None:
            write_facts(db, article_id, item["facts"](item["text"]), item["text"], 1)
    record_crawl_run(db, {"run_id": "run-1", "source": "us-attorney-test", "started": "2024-05-06T02:00:00+00:00",
                          "finished": "2024-05-06T02:03:00+00:00", "duration_s": 180.0, "requests": 40, "responses": 40,
                          "status_counts": {"200": 38, "404": 2}, "new_articles": 2, "updated_articles": 0,
                          "unchanged_articles": 10, "errors": 0, "error_messages": [], "outcome": "ok"})
    record_crawl_run(db, {"run_id": "run-1", "source": "asia-police-test", "started": "2024-05-06T02:00:00+00:00",
                          "finished": "2024-05-06T02:01:00+00:00", "duration_s": 60.0, "requests": 5, "responses": 1,
                          "status_counts": {"200": 1, "503": 4}, "new_articles": 0, "updated_articles": 0,
                          "unchanged_articles": 0, "errors": 4, "error_messages": ["HTTP 503 on sitemap"], "outcome": "failed"})
    if publish:
        from db.publish import publish as run_publish

        run_publish(db)
    db.close()
    return path
