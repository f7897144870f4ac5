"""Decoding: declared charsets reconciled with the bytes, never a U+FFFD for readable bytes."""

from __future__ import annotations

from extract.encoding import declared_charsets, decode, normalise

ZH = "警方今日破获一起虚构的电信诈骗案，抓获犯罪嫌疑人十二名，涉案金额三百万元。"


def page(charset_label: str, text: str) -> str:
    return f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset_label}"></head><body><p>{text}</p></body></html>'


def test_labels_map_to_the_superset_browsers_use():
    assert normalise("GB2312") == "gb18030"
    assert normalise("ISO-8859-1") == "cp1252"
    assert normalise("no-such-charset") is None


def test_declared_order_header_then_meta():
    body = page("gbk", "x").encode("ascii")
    assert declared_charsets(body, "text/html; charset=UTF-8") == ["utf-8", "gb18030"]


def test_gbk_page_declared_utf8_still_decodes():
    body = page("utf-8", ZH * 3).encode("gb18030")
    text = decode(body)
    assert ZH in text
    assert "\ufffd" not in text


def test_gb2312_declared_in_meta():
    body = page("gb2312", ZH).encode("gb18030")
    assert ZH in decode(body)


def test_header_charset_beats_nothing():
    body = f"<html><body><p>{ZH}</p></body></html>".encode("gb18030")
    assert ZH in decode(body, "text/html; charset=GBK")


def test_utf8_page_mislabelled_latin1_decodes_as_utf8():
    text = "Le parquet de Lyonville a saisi 2,5 millions d'euros après une escroquerie à la fausse société."
    body = page("iso-8859-1", text).encode("utf-8")
    assert text in decode(body)


def test_cp1252_page_labelled_latin1_keeps_curly_quotes():
    text = "The \u201cinvented\u201d firm\u2019s director was charged \u2013 a made-up case."
    body = page("iso-8859-1", text).encode("cp1252")
    assert text in decode(body)


def test_a_truncated_character_does_not_spoil_the_page():
    body = page("gb2312", ZH * 20).encode("gb18030")
    body = body.replace(b"</p>", b"\xb0</p>", 1)  # a lead byte cut off before markup, as in old portals
    text = decode(body)
    assert "\ufffd" not in text
    assert ZH * 20 + "</p>" in text


def test_bom_wins():
    body = "\ufeff<p>caf\u00e9</p>".encode("utf-8")
    assert decode(body) == "<p>caf\u00e9</p>"
