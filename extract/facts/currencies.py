"""Currency vocabulary from CLDR (babel) and ISO 4217 (pycountry), and the home currency of a document.

The hand tables in ``data/<lang>/currencies.yml`` hold the common forms; this module adds every
current currency's CLDR name ("Kenyan shillings", "pesos mexicains") and symbol ("₱", "Rp", "R"),
so a currency nobody wrote down is still read. A bare form that several currencies share ("$",
"dollars", "pesos", "Rs") means the currency of the place the article reports from (gold
convention): the territory using one of those currencies that the text names most (its CLDR or
ISO name, the adjective of its currency's CLDR name, "Australian", and the places found in it).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache


@lru_cache(maxsize=None)
def territory_currency() -> dict[str, str]:
    """ISO 3166 alpha-2 -> its current ISO 4217 currency (CLDR territory data)."""
    import pycountry
    from babel.numbers import get_territory_currencies

    out = {}
    for country in pycountry.countries:
        found = get_territory_currencies(country.alpha_2)
        if found:
            out[country.alpha_2] = found[0]
    return out


@lru_cache(maxsize=None)
def territories_of(code: str) -> tuple[str, ...]:
    return tuple(sorted(t for t, c in territory_currency().items() if c == code))


def _name(code: str, lang: str, count: int | None = None) -> str | None:
    from babel.numbers import get_currency_name

    try:
        name = get_currency_name(code, count=count, locale=lang) if count else get_currency_name(code, locale=lang)
    except Exception:  # an unknown code or locale
        return None
    return None if name == code else name


def precision(code: str) -> int:
    """The currency's minor-unit digits (CLDR: 2 for most, 3 for KWD, 0 for JPY)."""
    from babel.numbers import get_currency_precision

    return get_currency_precision(code)


@lru_cache(maxsize=None)
def name_order(lang: str) -> dict:
    """How ``lang`` writes currency names (``data/<lang>/currencies.yml``, key ``names``):
    ``head: first`` when the noun comes first ("dollars australiens"), else last ("Australian dollars");
    ``iso_names: true`` when ISO 3166's (English) country names are the language's own."""
    from extract.facts.numbers import load_yaml

    return load_yaml(lang, "currencies").get("names") or {}


def head_word(name: str, lang: str) -> str:
    """The noun of a currency name: the last word in English ("Australian dollars"), the first in French."""
    words = name.split()
    return (words[0] if name_order(lang).get("head") == "first" else words[-1]).casefold()


@lru_cache(maxsize=None)
def cldr_names(lang: str) -> dict[str, str]:
    """Written name -> code for every current currency, singular and plural, in ``lang``.

    A bare head noun ("dollars", "pesos") is included only when a single current currency has it
    ("ringgit", "naira"); shared ones are resolved per document (:func:`home_currency`)."""
    out: dict[str, str] = {}
    heads: dict[str, set] = {}
    for code in sorted(set(territory_currency().values())):
        for count in (None, 2):
            name = _name(code, lang, count)
            if not name or "(" in name:
                continue
            out.setdefault(name, code)
            heads.setdefault(head_word(name, lang), set()).add(code)
    for head, codes in heads.items():
        if len(codes) == 1 and len(head) > 2:
            out.setdefault(head, next(iter(codes)))
    return out


@lru_cache(maxsize=None)
def families(lang: str) -> dict[str, frozenset]:
    """Head noun ("dollars", "peso") -> the current currencies whose CLDR name has it."""
    out: dict[str, set] = {}
    for code in set(territory_currency().values()):
        for count in (None, 2):
            name = _name(code, lang, count)
            if name and "(" not in name:
                out.setdefault(head_word(name, lang), set()).add(code)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def cldr_symbols(lang: str) -> dict[str, frozenset]:
    """Symbol -> the currencies CLDR writes it for, in the locales of ``lang`` (en_AU "$", en_ZA "R")."""
    from babel import Locale, localedata
    from babel.numbers import get_currency_symbol

    out: dict[str, set] = {}
    for code, symbol in Locale(lang).currency_symbols.items():
        if symbol != code and code in territory_currency().values():
            out.setdefault(symbol, set()).add(code)
    for ident in localedata.locale_identifiers():
        if not ident.startswith(lang + "_"):
            continue
        territory = Locale.parse(ident).territory
        code = territory_currency().get(territory or "")
        if not code:
            continue
        symbol = get_currency_symbol(code, ident)
        if symbol and symbol != code and not symbol.isdigit():
            out.setdefault(symbol.replace("\u202f", " "), set()).add(code)
    return {k: frozenset(v) for k, v in out.items()}


def _fold(text: str) -> str:
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFD", text.casefold()) if unicodedata.category(ch) != "Mn")


@dataclass(frozen=True)
class TerritoryNames:
    regex: re.Pattern  # one alternation; the group name says the territory
    groups: dict  # group name -> alpha-2


@lru_cache(maxsize=None)
def territory_names(lang: str, aliases: tuple = ()) -> TerritoryNames:
    """A regex of the names of every territory that uses a currency: ISO and CLDR names, and the
    adjective of its currency's CLDR name ("Australian", "canadien"); ``aliases``: (name, alpha-2)."""
    import pycountry
    from babel import Locale

    loc = Locale(lang)
    names: dict[str, set] = {}
    for t, code in territory_currency().items():
        forms = set()
        c = pycountry.countries.get(alpha_2=t)
        for attr in ("name", "common_name") if name_order(lang).get("iso_names") else ():
            if getattr(c, attr, None):
                forms.add(re.escape(getattr(c, attr)))
        if loc.territories.get(t):
            forms.add(re.escape(loc.territories[t]))
        name = _name(code, lang)
        if name and "(" not in name:
            words = name.split()
            adjective = " ".join(words[1:]) if name_order(lang).get("head") == "first" else " ".join(words[:-1])
            # the adjective names the territory it comes from ("Australian" Australia, not Nauru)
            if adjective and _fold(adjective)[:4] == _fold(loc.territories.get(t, ""))[:4]:
                # "Australian" also reads "Australians"; "canadien" reads "canadienne(s)"
                forms.add(re.escape(adjective) + r"(?:s|ne|nes)?")
        names[t] = forms
    for alias, t in aliases:
        names.setdefault(t, set()).add(re.escape(alias))
    groups, parts = {}, []
    for i, (t, forms) in enumerate(sorted(names.items())):
        if not forms:
            continue
        groups[f"t{i}"] = t
        alt = "|".join(sorted(forms, key=len, reverse=True))
        parts.append(rf"(?P<t{i}>{alt})")
    regex = re.compile(r"(?<![\w.])(?:" + "|".join(parts) + r")(?![\w])")
    return TerritoryNames(regex, groups)


def territory_mentions(text: str, lang: str, places=(), aliases: tuple = ()) -> Counter:
    """How often the text names each currency territory (names, currency adjectives, places found)."""
    names = territory_names(lang, aliases)
    counts: Counter = Counter()
    for m in names.regex.finditer(text):
        counts[names.groups[m.lastgroup]] += 1
    seen = set()
    for item in places or ():
        written, country = item.get("text"), item.get("country")
        if not written or not country or (written, country) in seen:
            continue
        seen.add((written, country))
        if names.regex.fullmatch(written):
            continue  # a country's name: counted above
        counts[country] += max(1, len(re.findall(rf"(?<!\w){re.escape(written)}(?!\w)", text)))
    return counts


def home_currency(candidates, default: str | None, mentions: Counter) -> str | None:
    """The currency among ``candidates`` of the territory the text names most; ``default`` unless
    another currency's territories are named at least twice and more than the default's."""
    totals: Counter = Counter()
    for code in candidates:
        for t in territories_of(code):
            totals[code] += mentions.get(t, 0)
    best = max(sorted(totals), key=lambda c: totals[c], default=None)
    if best is None or totals[best] == 0:
        return default
    if default is None:
        return best
    if best != default and totals[best] >= 2 and totals[best] > totals.get(default, 0):
        return best
    return default
