"""Repair of mojibake: UTF-8 text that was once decoded with another code page.

Some pages (and some corpus articles) carry "ç”µä¿¡è¯ˆéª—" where "电信诈骗" was meant: a
CMS or a copy read the UTF-8 bytes as Windows-1252 or Latin-1 and stored the result. No
charset choice can undo that, so the decoded text is repaired afterwards with ftfy's
encoding fixer only (``ftfy.fix_encoding``: no quote, width or Unicode normalisation
changes), line by line, so one broken line among correct ones is still found. ftfy changes
a line only when re-encoding it gives valid UTF-8 and its badness heuristic says the result is far more plausible: a repair that is not certain is not made, and correct
text (which has no such sequences) is returned as it is. Bytes the first decoding lost
(cp1252 has five undefined bytes) become U+FFFD; the rest of the line is still repaired.
"""

from __future__ import annotations

import re

# Every mojibake of UTF-8 through a single-byte code page holds a character of U+0080-U+00FF
# or one of the cp1252 letters in U+0152-U+2122: text without any is returned at once.
_SUSPECT = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")


def repair(text: str) -> str:
    """``text`` with certain mojibake undone; anything else unchanged."""
    if not text or not _SUSPECT.search(text):
        return text
    import ftfy

    # split on "\n" only: str.splitlines() would also cut at U+0085, which Latin-1 mojibake is full of
    return "\n".join(ftfy.fix_encoding(line) if _SUSPECT.search(line) else line for line in text.split("\n"))
