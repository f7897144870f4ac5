"""Line rules of the press-release cleanup, on invented lines."""

from __future__ import annotations

from extract import boilerplate


def test_title_repeated_on_top_is_dropped_but_not_a_sentence_starting_like_it():
    text = "Invented Fraud Ring Charged | Example Police\nThe invented fraud ring was charged today."
    assert boilerplate.clean(text, "Invented Fraud Ring Charged") == "The invented fraud ring was charged today."
    long_line = "Invented Fraud Ring Charged " + "with details of the invented case, " * 5
    assert boilerplate.clean(long_line, "Invented Fraud Ring Charged") == long_line.strip()


def test_related_heading_takes_its_short_items_with_it():
    text = "Story sentence one.\nMost read in invented news\nFirst other story\nSecond other story\n" \
           "A long closing paragraph of the story goes on after the widget, and it ends with a full stop."
    cleaned = boilerplate.clean(text)
    assert "other story" not in cleaned
    assert cleaned.startswith("Story sentence one.") and cleaned.endswith("full stop.")


def test_cross_link_takes_following_bullets_only():
    text = "Story.\nREAD MORE: Invented scam hits pensioners\n- Invented bullet link\nStory goes on"
    assert boilerplate.clean(text) == "Story.\nStory goes on"


def test_dominant_cell_only_for_table_layouts():
    prose = "An invented story told in one long table cell, sentence after sentence. " * 6
    layout = f"| Home \\| News \\| Sport |\n| Menu | {prose} |\n| Imprint |"
    assert boilerplate.dominant_cell(layout) == prose.strip()
    plain = "First paragraph.\n| a | b |\nSecond paragraph of prose."
    assert boilerplate.dominant_cell(plain) == plain


def test_fraud_vocabulary_is_not_taken_for_widgets():
    kept = [
        "The invented scammers e-mailed victims and signed them up for a fake newsletter about shares.",
        "Copyright infringement charges were filed against the fictional streaming site.",
        "Published reports of 12 invented victims led to the arrest.",
        "If you receive such a message in your inbox, call the invented hotline.",
    ]
    for line in kept:
        assert boilerplate.clean(f"Story.\n{line}") == f"Story.\n{line}", line
    dropped = [
        "Subscribe to the Invented Daily newsletter",
        "Sign up for our invented briefing and get it delivered to your inbox every morning.",
        "Copyright 2024 Invented Gazette. All rights reserved.",
        "(Reporting by Imaginary Person; Editing by Another One)",
        "Follow the invented reporter on Twitter @nobody",
    ]
    for line in dropped:
        assert boilerplate.clean(f"Story.\n{line}") == "Story.", line


def test_lead_sentence_that_a_truncated_title_starts_is_kept():
    """A <title> cut from the first sentence must not take that sentence away with it."""
    lead = "Invented county police today announced the arrest of three people for a phone scam."
    assert boilerplate.clean(lead + "\nMore text.", lead[:30]).startswith(lead)
    zh = "虚构市公安局今日通报，警方破获一起冒充客服的诈骗案，抓获犯罪嫌疑人三名。"
    assert boilerplate.clean(zh + "\n其余内容。", zh[:20]).startswith(zh)


def test_scroll_to_top_widget_is_dropped():
    assert boilerplate.clean("Scroll to top\nThe invented story.\nReturn to top") == "The invented story."


def test_wordpress_post_footer_and_sidebar_end_the_story():
    story = "An invented clerk was charged with taking $40,000 from a fictional parish.\n" * 5
    page = story + "Tagged with:\nInvented Fraud\nRecent Posts\nOther invented case worth $90 million\nAre You a Human? 3 + 4 ="
    assert boilerplate.clean(page) == story.strip()
