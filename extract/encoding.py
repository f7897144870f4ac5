"""Bytes to text: the HTTP header, the page's own declarations and the bytes, reconciled.

Declarations lie (GBK pages labelled UTF-8, UTF-8 pages labelled ISO-8859-1) and pages
hold stray broken bytes. The order below keeps every character that some encoding can
read: a strict decode with a declared or likely charset first, then a lenient one when
only a handful of bytes are broken, then detection from the bytes.
"""

from __future__ import annotations

import codecs
import re

_META = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML = re.compile(rb"""<(?:\?xml|text)\b[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_HEADER = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)

# What browsers really use for a label (WHATWG Encoding Standard): supersets of the named charset.
_SUPERSET = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252",
    "iso-8859-9": "cp1254", "big5": "big5hkscs", "shift_jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "tis-620": "cp874", "iso-8859-11": "cp874",
    "utf8": "utf-8", "unicode": "utf-8",
    # the same, under Python's own codec names
    "iso8859-1": "cp1252", "iso8859-9": "cp1254", "euc_kr": "cp949", "iso8859-11": "cp874",
}
_SINGLE_BYTE = {"cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
                "cp874", "koi8-r", "koi8-u", "mac-roman"}
# Share of broken characters a declared multi-byte encoding may show before we distrust it.
_LENIENT_MAX = 0.002


def header_charset(content_type: str | None) -> str | None:
    match = _HEADER.search(content_type or "")
    return match.group(1) if match else None


def declared_charsets(body: bytes, content_type: str | None = None) -> list[str]:
    """Charsets the HTTP header, ``<?xml encoding>`` and ``<meta>`` tags name, normalised, in that order."""
    head = body[:8192]
    names = [header_charset(content_type)]
    names += [m.group(1).decode("ascii", "ignore") for m in _XML.finditer(head[:512])]
    names += [m.group(1).decode("ascii", "ignore") for m in _META.finditer(head)]
    out: list[str] = []
    for name in names:
        codec = normalise(name)
        if codec and codec not in out:
            out.append(codec)
    return out


def normalise(name: str | None) -> str | None:
    """Python codec name for a charset label, or None when unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    label = _SUPERSET.get(label, label)
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return _SUPERSET.get(codec, codec)


def _is_utf8_with_multibyte(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(body: bytes, content_type: str | None = None) -> str:
    """The text of ``body``, decoded as described in the module docstring."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if body.startswith(bom):
            return body[len(bom):].decode(codec, errors="replace")
    declared = declared_charsets(body, content_type)
    # Valid UTF-8 with non-ASCII bytes is almost never another encoding by chance: a single-byte label is wrong.
    if _is_utf8_with_multibyte(body) and (not declared or declared[0] in _SINGLE_BYTE or declared[0] == "utf-8"):
        return body.decode("utf-8")
    candidates = declared + [c for c in ("utf-8",) if c not in declared]
    for codec in candidates:
        try:
            return body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    for codec in declared:
        if codec in _SINGLE_BYTE:  # decodes anything: leniency would hide a wrong label
            continue
        text = body.decode(codec, errors="replace")
        if text.count("\ufffd") <= max(2, _LENIENT_MAX * sum(1 for ch in text if ord(ch) > 127)):
            return body.decode(codec, errors="ignore")  # a few truncated characters: drop them, keep the rest
    detected = _detect(body)
    if detected is not None:
        return detected
    return body.decode("utf-8", errors="replace")


def _detect(body: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    return str(best) if best is not None else None
