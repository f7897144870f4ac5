"""Near-duplicate groups on invented releases, in a real SQLite file."""

from __future__ import annotations

from db.store import open_db, upsert_article
from extract import dedup

FACTS = [
    "The invented Northfield prosecutor's office charged three people on Tuesday with running a fictional "
    "romance scam that took money from forty-one victims in six made-up counties.",
    "According to the imaginary indictment, the defendants created profiles on dating sites, won the trust "
    "of lonely victims over several weeks and then asked for money to pay customs fees, medical bills and "
    "travel costs that never existed.",
    "Investigators from the invented state police traced the payments through a chain of prepaid cards and "
    "cryptocurrency wallets to an apartment in the fictional town of Eastbrook, where officers seized laptops, "
    "phones and nineteen thousand dollars in cash.",
    "The defendants face charges of wire fraud conspiracy, money laundering and aggravated identity theft; "
    "each charge carries a maximum sentence of twenty years in an invented federal prison.",
    "The prosecutor thanked the made-up financial crimes unit and urged anyone who sent money to an online "
    "partner they have never met to call the fictional hotline listed on the office website.",
]
RELEASE = "\n".join(FACTS)

OTHER = (
    "The invented customs service seized two tonnes of counterfeit perfume at the fictional port of Westhaven "
    "after a routine inspection of a container declared as garden furniture. The made-up importer, a company "
    "registered in an imaginary free zone, is under investigation for trademark counterfeiting and tax evasion. "
    "Officials said the fake bottles would have sold for about eight hundred thousand dollars and warned buyers "
    "that such products often contain substances banned in cosmetics. The investigation continues with the "
    "help of the invented brand owners and of partner agencies in three other fictional countries."
)


def _db(tmp_path):
    return open_db(tmp_path / "crackdown.db")


def _add(db, url, text):
    return upsert_article(db, {"url": url, "title": "t", "text": text})[0]


def _groups(db):
    return dict(db.execute("SELECT id, dup_group FROM articles ORDER BY id").fetchall())


def test_near_identical_releases_share_a_group_and_others_do_not(tmp_path):
    db = _db(tmp_path)
    first = _add(db, "https://one.example/pr/1", "NORTHFIELD, March 3 (Invented Wire) - " + RELEASE)
    republished = _add(
        db,
        "https://two.example/news/romance-scam",
        "EASTBROOK - March 4, 2024\n" + RELEASE + "\nShare this page\nFor more invented news, follow our office online.",
    )
    other = _add(db, "https://one.example/pr/2", OTHER)
    # the same office, another case: same wording in places, different release
    different_case = _add(db, "https://one.example/pr/3", "\n".join([FACTS[0].replace("three", "two"), OTHER, FACTS[4]]))
    summary = dedup.assign_groups(db)
    groups = _groups(db)
    assert groups[first] == groups[republished] == min(first, republished)
    assert groups[other] == other
    assert groups[different_case] == different_case
    assert summary["groups_with_duplicates"] == 1 and summary["duplicates"] == 1


def test_incremental_and_idempotent(tmp_path):
    db = _db(tmp_path)
    a = _add(db, "https://one.example/a", RELEASE)
    b = _add(db, "https://one.example/b", OTHER)
    first = dedup.assign_groups(db)
    assert first["hashed"] == 2 and first["updated"] == 2
    again = dedup.assign_groups(db)
    assert again == {"hashed": 0, "updated": 0, "groups_with_duplicates": 0, "duplicates": 0}
    # a re-publication arrives: only it is hashed, and it joins the first release's group
    c = _add(db, "https://three.example/copy", RELEASE + "\nMedia contact: invented press office.")
    third = dedup.assign_groups(db)
    assert third["hashed"] == 1
    assert _groups(db) == {a: a, b: b, c: a}
    stored = db.execute("SELECT count(*) FROM article_minhash").fetchone()[0]
    assert stored == 3


def test_changed_text_is_rehashed_and_leaves_the_group(tmp_path):
    db = _db(tmp_path)
    a = _add(db, "https://one.example/a", RELEASE)
    b = _add(db, "https://two.example/b", RELEASE)
    dedup.assign_groups(db)
    assert _groups(db) == {a: a, b: a}
    upsert_article(db, {"url": "https://two.example/b", "title": "t", "text": OTHER})
    summary = dedup.assign_groups(db)
    assert summary["hashed"] == 1
    assert _groups(db) == {a: a, b: b}


def test_empty_text_is_its_own_group(tmp_path):
    db = _db(tmp_path)
    a = _add(db, "https://one.example/a", "")
    b = _add(db, "https://one.example/b", "")
    dedup.assign_groups(db)
    assert _groups(db) == {a: a, b: b}


def test_signature_round_trips_through_the_blob():
    sig = dedup.signature(RELEASE)
    back = dedup.from_blob(dedup.to_blob(sig))
    assert back.jaccard(sig) == 1.0
    assert dedup.signature("   ") is None
    assert dedup.shingles("one two") == {"one two"}
