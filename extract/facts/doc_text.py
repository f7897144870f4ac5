"""A parsed document's text, joined once.

spaCy's ``Doc.text`` joins every token's text again at each access; the field modules read
it a dozen times per document, which cost as much as a third of the fact stage on long pages.
"""

from __future__ import annotations


def text_of(doc) -> str:
    """``doc.text``, computed on first use and kept in ``doc.user_data``."""
    text = doc.user_data.get("crackdown_text")
    if text is None:
        text = doc.user_data["crackdown_text"] = doc.text
    return text
