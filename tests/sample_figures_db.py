"""The invented sample database plus the traps that made crackdown's figures mislead (issue 13).

Every text below was written for these tests. On top of tests/sample_publish_db.py's six articles:

- a speech (not relevant) by an international body, naming six countries and 90 arrests;
- an INTERPOL release whose arrests took place in Ghana (the one country of the arrest sentence),
  naming two more countries further on;
- an INTERPOL release with an Abuja dateline and no country in the arrest sentence;
- a US release whose $375,000 theft comes with a $1,000,000 bail and a $250,000 statutory maximum;
- a US release (not relevant) stating a $90 million loss;
- a US release with one mis-read sum of $1,003,680,000,000, which dwarfs every other.
"""

from __future__ import annotations

from pathlib import Path

from db.store import open_db, upsert_article, upsert_source, write_facts
from sample_publish_db import build_sample_db, fact

INTL = {"name": "intl-test", "agency": "Test International Police Organisation", "country": "XX", "language": "en",
        "kind": "feed", "start_urls": ["http://127.0.0.1:9/intl/feed"]}

SIX = [("France", "FR", "France"), ("Spain", "ES", "Spain"), ("Italy", "IT", "Italy"), ("Ghana", "GH", "Ghana"),
       ("Kenya", "KE", "Kenya"), ("Brazil", "BR", "Brazil")]

SPEECH = (
    "The Secretary General spoke today about cooperation against cybercrime. "
    "Last year operations in France, Spain, Italy, Ghana, Kenya and Brazil led to 90 arrests. "
    "More cooperation is needed, the Secretary General said."
)
GHANA = (
    "An operation coordinated by the organisation ended this week. "
    "Police in Ghana arrested 14 suspects of romance fraud and money laundering. "
    "Investigators had traced payments made by victims over many months through several mule accounts. "
    "Victims were also found in Nigeria and Kenya, where inquiries continue."
)
ABUJA = (
    "ABUJA, Nigeria - The organisation announced the end of an operation against invoice fraud. "
    "Officers arrested 7 people suspected of running a business email compromise ring. "
    "The suspects had sent forged invoices to companies for more than two years, the organisation said in a statement. "
    "Some of the companies were based in Canada and in Germany."
)
BAIL = (
    "A woman was charged today with stealing $375,000 from her employer. "
    "The judge set bail at $1,000,000. "
    "Theft carries a maximum fine of $250,000."
)
NOT_RELEVANT_LOSS = "The office warns that scams cost residents $90 million last year and urges caution."
MISREAD = (
    "A man was sentenced today for filing bogus liens of $1,003,680,000,000 against officials. "
    "He had been convicted of fraud."
)

EXTRA = [
    {"url": "http://127.0.0.1:9/intl/speech", "source": "intl-test", "title": "Speech on cooperation",
     "text": SPEECH, "published": "2024-06-03",
     "facts": lambda t: {
         "relevant": False, "relevance_score": 0.2, "relevance_reason": "speech",
         "countries": [fact(t, words, country=code, name=name) for words, code, name in SIX],
         "counts": [fact(t, "90 arrests", action="arrested", n=90)],
         "charges": [fact(t, "cybercrime", charge="fraud"), fact(t, "cooperation against", charge="money_laundering")],
     }},
    {"url": "http://127.0.0.1:9/intl/ghana", "source": "intl-test", "title": "14 arrested in Ghana",
     "text": GHANA, "published": "2024-06-10",
     "facts": lambda t: {
         "relevant": True, "relevance_score": 0.9,
         "event_types": [fact(t, "arrested", event_type="arrest")],
         "countries": [fact(t, "Ghana", country="GH", name="Ghana"), fact(t, "Nigeria", country="NG", name="Nigeria"),
                       fact(t, "Kenya", country="KE", name="Kenya")],
         "counts": [fact(t, "14 suspects", action="arrested", n=14)],
         "charges": [fact(t, "romance fraud", charge="fraud")],
     }},
    {"url": "http://127.0.0.1:9/intl/abuja", "source": "intl-test", "title": "7 arrested over invoice fraud",
     "text": ABUJA, "published": "2024-06-20",
     "facts": lambda t: {
         "relevant": True, "relevance_score": 0.9,
         "event_types": [fact(t, "arrested", event_type="arrest")],
         "countries": [fact(t, "ABUJA", country="NG", name="Nigeria"), fact(t, "Canada", country="CA", name="Canada"),
                       fact(t, "Germany", country="DE", name="Germany")],
         "counts": [fact(t, "7 people", action="arrested", n=7)],
         "charges": [fact(t, "business email compromise", charge="fraud")],
     }},
    {"url": "http://127.0.0.1:9/us/bail", "source": "us-attorney-test", "title": "Woman charged with theft",
     "text": BAIL, "published": "2023-08-01",
     "facts": lambda t: {
         "relevant": True, "relevance_score": 0.9,
         "amounts": [
             fact(t, "$375,000", value=375_000, currency="USD", role="loss", approx=False, usd=375_000),
             fact(t, "$1,000,000", value=1_000_000, currency="USD", role="other", approx=False, usd=1_000_000),
             fact(t, "$250,000", value=250_000, currency="USD", role="statutory", approx=False, usd=250_000),
         ],
     }},
    {"url": "http://127.0.0.1:9/us/scam-warning", "source": "us-attorney-test", "title": "Scams cost residents",
     "text": NOT_RELEVANT_LOSS, "published": "2023-09-01",
     "facts": lambda t: {
         "relevant": False, "relevance_score": 0.1, "relevance_reason": "warning",
         "amounts": [fact(t, "$90 million", value=90_000_000, currency="USD", role="loss", approx=False, usd=90_000_000)],
         "charges": [fact(t, "scams", charge="fraud")],
     }},
    {"url": "http://127.0.0.1:9/us/liens", "source": "us-attorney-test", "title": "Man sentenced for bogus liens",
     "text": MISREAD, "published": "2023-10-01",
     "facts": lambda t: {
         "relevant": True, "relevance_score": 0.9,
         "amounts": [fact(t, "$1,003,680,000,000", value=1_003_680_000_000, currency="USD", role="loss", approx=False,
                          usd=1_003_680_000_000)],
         "charges": [fact(t, "fraud", charge="fraud")],
     }},
]


def build_figures_db(path: Path, *, publish: bool = True) -> tuple[Path, dict[str, int]]:
    """The sample database with the traps above; returns its path and the new articles' ids by URL tail."""
    build_sample_db(path, publish=False)
    db = open_db(path)
    upsert_source(db, INTL)
    ids = {}
    for item in EXTRA:
        article_id, _ = upsert_article(db, {
            "url": item["url"], "source": item["source"], "title": item["title"], "text": item["text"],
            "published": item["published"], "date_source": "page", "lang": "en", "extraction_version": 1,
        })
        write_facts(db, article_id, item["facts"](item["text"]), item["text"], 1)
        ids[item["url"].rsplit("/", 1)[1]] = article_id
    if publish:
        from db.publish import publish as run_publish

        run_publish(db)
    db.close()
    return path, ids
