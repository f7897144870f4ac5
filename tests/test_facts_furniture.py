"""Page furniture yields no facts: where the fact stage ends a release (invented pages), and the
county prosecutor pages of ``../shared`` (their sidebars, tag lists, comment forms and footers)."""

from __future__ import annotations

import re

import pytest

from conftest import SHARED, needs_shared
from extract.facts.boilerplate import body_end

STORY = ("The invented county prosecutor announced that two owners of a fictional clinic were charged "
         "with billing insurers $2.4 million for treatments never given in Springfield.\n") * 4


@pytest.mark.parametrize("furniture", [
    "Recent Posts\nClinic owner in invented town charged over $9 million scheme",
    "Tagged with: Insurance Fraud, Invented Clinic\nShare",
    "Leave a Reply\nYour email address will not be published. Required fields are marked *\nName *",
    "Name*\nEmail*\nAre You a Human? 4 + 6 =\nRecent Posts\nOther invented story worth $50 million",
    "#####\nFor more, call the invented office at\n(555) 201-3344",
    "T\nHE\nI\nNVENTED\nC\nOUNTY\nOffice of the District Attorney\n12 Sample Street\nSpringfield, IL 62701\nCareers",
])
def test_furniture_after_the_story_is_cut(furniture):
    text = STORY + furniture
    assert body_end(text, "en") == len(STORY)


def test_story_lines_and_early_widgets_are_kept():
    # a contact sentence is prose, not a footer; a short closing line without a contact is kept
    prose = STORY + "Anyone with information may call investigators at (555) 201-3344.\nCase 12-345"
    assert body_end(prose, "en") == len(prose)
    # a widget title in the first quarter of the page (a header menu) does not end it
    header = "Recent Posts\n" + STORY * 2
    assert body_end(header, "en") == len(header)
    # a table of charges closing a release has no contact detail: it stays
    table = STORY + "Defendant\nCharges\nOne felony count of grand theft\nMaximum Sentence\nFive years"
    assert body_end(table, "en") == len(table)


COUNTY = SHARED / "corpus" / "us-prosecutor-press-releases" / "text"
# Headings of furniture blocks seen on these sites (written here, independently of the extractor's data).
FURNITURE = re.compile(r"^(?:Latest Posts|Recent Posts|Related Posts|Recent News|Latest News|Tagged with:|"
                       r"Are You a Human\?.*|Newsletter Sign-Up|District Attorney's Action Center)$", re.M)


def _county_texts():
    return {p: p.read_text("utf-8", errors="replace").strip() for p in sorted(COUNTY.rglob("*.txt"))}


@needs_shared
@pytest.mark.shared
def test_every_furniture_heading_of_the_county_pages_lies_after_the_body():
    missed = []
    for path, text in _county_texts().items():
        end = body_end(text, "en")
        for match in FURNITURE.finditer(text):
            if match.start() >= 0.25 * len(text) and match.start() < end:
                missed.append(f"{path.parent.name}/{path.name}: {match.group()!r}")
    assert not missed, missed[:10]


@needs_shared
@pytest.mark.shared
def test_no_fact_is_taken_from_the_furniture_of_county_pages():
    from extract.facts.pipeline import Document, FactExtractor

    texts = _county_texts()
    # a few pages per office that carry furniture, chosen by name order (deterministic, fast)
    sample, per_office = [], {}
    for path, text in texts.items():
        if FURNITURE.search(text) and per_office.get(path.parent.name, 0) < 4:
            per_office[path.parent.name] = per_office.get(path.parent.name, 0) + 1
            sample.append(text)
    assert len(sample) >= 12
    records = FactExtractor().extract_many([Document(text=t, lang="en") for t in sample])
    for text, record in zip(sample, records):
        end = body_end(text, "en")
        assert end < len(text)
        for field in ("amounts", "places", "countries", "charges", "counts", "legal_refs", "event_types"):
            for item in record[field]:
                assert item["start"] < end, (field, item.get("text"), text[end:end + 60])
