"""Mojibake (UTF-8 once read as cp1252 or Latin-1) is repaired when certain; correct text is never changed."""

import codecs

import pytest

from extract.mojibake import repair
from extract.text import extract_text

SENTENCE = "警方抓获诈骗团伙嫌疑人32名，涉案金额3000余万元，其中12人被移交缅甸。"
FRENCH = "Un escroc présumé arrêté à Tanger : 3 000 € saisis, « fraude » au faux ordre de virement — déjà connu."


def _browser_cp1252(data: bytes) -> str:
    """cp1252 as browsers read it (WHATWG): the five undefined bytes become C1 controls, nothing is lost."""
    return "".join(
        chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in data
    )


@pytest.mark.parametrize("misread", [
    lambda t: t.encode("utf-8").decode("latin-1"),
    lambda t: _browser_cp1252(t.encode("utf-8")),
])
@pytest.mark.parametrize("text", [SENTENCE, FRENCH, "詐騙集團在柬埔寨被搗毀，逾百名嫌犯落網。"])
def test_mojibake_is_repaired(text, misread):
    broken = misread(text)
    assert broken != text
    assert repair(broken) == text


def test_lost_bytes_become_replacement_characters_and_the_rest_is_repaired():
    broken = SENTENCE.encode("utf-8").decode("cp1252", errors="replace")  # 名 and 额 hold undefined bytes
    fixed = repair(broken)
    assert fixed.count("\ufffd") <= 2 and "警方抓获诈骗团伙嫌疑人" in fixed and "3000余万元" in fixed


def test_one_broken_line_among_correct_ones():
    text = f"{SENTENCE}\n{FRENCH.encode('utf-8').decode('cp1252')}\n{SENTENCE}"
    assert repair(text) == f"{SENTENCE}\n{FRENCH}\n{SENTENCE}"


@pytest.mark.parametrize("text", [
    SENTENCE, FRENCH, "詐騙集團在柬埔寨被搗毀，逾百名嫌犯落網。",
    "São Paulo police seized R$ 1,2 milhão; Müller, naïve café owner, paid £500 (½ of ¥100,000) ©2024 ™",
    "Ｕｎ　全角１２３ and “curly” quotes… ﬁ ligature, NFC é vs NFD é, tab\tand\r\nCRLF",
    "Ελληνικά, русский текст, العربية, עברית, 日本語のテキスト, 한국어",
    "",
])
def test_correct_text_is_never_changed(text):
    assert repair(text) == text


def test_the_text_stage_repairs_a_page_that_carries_mojibake():
    broken = SENTENCE.encode("utf-8").decode("latin-1")
    page = (f"<html><head><meta charset='utf-8'><title>{broken[:24]}</title></head><body><article>"
            + "".join(f"<p>{broken}</p>" for _ in range(6)) + "</article></body></html>").encode("utf-8")
    result = extract_text(page, url="http://example.test/a.html")
    assert SENTENCE in result.text and "æ" not in result.text
    assert result.lang == "zh"


def test_the_text_stage_leaves_a_correct_gbk_page_alone():
    page = ("<html><head><meta charset='gbk'><title>诈骗</title></head><body><article>"
            + "".join(f"<p>{SENTENCE}</p>" for _ in range(6)) + "</article></body></html>").encode("gbk")
    result = extract_text(page, url="http://example.test/b.html")
    assert result.text.count(SENTENCE) >= 1 and "\ufffd" not in result.text
