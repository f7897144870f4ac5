"""Places and countries a text names, geocoded with the offline gazetteer.

Candidates come from one left-to-right scan of capitalised token n-grams looked up in
the gazetteer (one dict access each, longest match first), so places the NER model
misses (all-caps datelines, "Dyersburg, TN") are found too. Each mention is then
filtered (a place inside an organisation's or a person's name, a street, a
neighbourhood "X, Brooklyn", a common word without support) and disambiguated
against the document's context: the countries and US states it names, then population.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections import Counter
from dataclasses import dataclass, field

from extract.facts.doc_text import text_of
from extract.facts.boilerplate import body_end
from extract.facts.geocode import DATA, Place, gazetteer, load_yaml, normalize
from extract.facts.numbers import has_data
from extract.facts.phrases import headline_line, title_case

PLACE_LABELS = {"GPE", "LOC"}
PERSON_LABELS = {"PERSON", "PER"}
CONNECTORS = {"of", "de", "du", "des", "la", "le", "les", "sur", "sous", "en", "et", "d'", "l'", "lès", "les", "-", "the", "upon", "am", "an", "der", "del", "los", "las", "el"}
# A town this small needs support (NER, a preposition, "Town, State") to count.
SMALL_TOWN = 5000
# Language priors: the country a text in this language most likely speaks of.


@dataclass
class Mention:
    start: int  # token indexes
    end: int
    text: str
    candidates: list[Place]
    state: Place | None = None  # "City, ST": the state written after it
    supported: bool = False  # NER, a locative word or a state after it
    chosen: Place | None = None
    extra: list[Place] = field(default_factory=list)
    strong: bool = False  # NER or a state after it (a preposition alone is weaker)
    vouched: bool = False  # the text itself places it: "in X", "X, ST", a dateline (not only the model's label)


def _capitalised(token) -> bool:
    text = token.text
    return bool(text) and (text[0].isupper() or (text[0].isdigit() is False and text[:1] in "ÉÎ"))


def _scan(doc, lang: str, limit: int) -> list[Mention]:
    gaz = gazetteer()
    max_words = min(gaz.max_words, 7)
    mentions: list[Mention] = []
    i, n_tokens = 0, len(doc)
    while i < n_tokens:
        token = doc[i]
        if token.idx >= limit:
            break
        if not token.text[:1].isupper():
            i += 1
            continue
        found = None
        for n in range(min(max_words, n_tokens - i), 0, -1):
            last = doc[i + n - 1]
            if n > 1 and (not last.text[:1].isupper() and not last.text[:1].isdigit() or last.lower_ in CONNECTORS):
                continue
            span = doc[i : i + n]
            if "\n" in span.text:
                continue
            if normalize(span.text) in gaz.blocked:  # "North America", "Xinhua News Agency"
                found = Mention(i, i + n, span.text, [])
                break
            candidates = gaz.lookup(span.text, lang)
            if not candidates:
                court = gaz.court_district(span.text) if n <= 4 else None
                candidates = [court] if court else []
            if candidates:
                found = Mention(i, i + n, span.text, candidates)
                break
        if found is None:
            i += 1
            continue
        if found.candidates:
            mentions.append(found)
        i = found.end
    return mentions


def _has_before(doc, index: int, phrases: list[list[str]]) -> bool:
    for words in phrases:
        n = len(words)
        if index - n < 0:
            continue
        if [normalize(t.text) for t in doc[index - n : index]] == words:
            return True
    return False


def _county_lists(doc, mentions: list[Mention], lang: str) -> None:
    """"Orange, Riverside and San Diego counties" -> each "<Name> County"."""
    gaz = gazetteer()
    data = gaz.language_data(lang)
    plural = data["county_plural"]
    if not plural:
        return
    word = normalize(data["county_word"])
    for mention in mentions:  # "County of Riverside" is Riverside County
        if mention.start >= 2 and normalize(doc[mention.start - 2].text) == word \
                and doc[mention.start - 1].lower_ == "of":
            county = [p for p in gaz.lookup(f"{mention.text} {data['county_word']}", lang) if p.feature == "county"]
            if county:
                mention.candidates = county
                mention.supported = mention.strong = True
    by_end = {m.end: m for m in mentions}
    for token in doc:
        if token.lower_ not in plural:
            continue
        j = token.i
        while j in by_end:
            mention = by_end[j]
            county = gaz.lookup(f"{mention.text} {data['county_word']}", lang)
            county = [p for p in county if p.feature == "county"]
            if not county:
                break
            mention.candidates = county
            mention.supported = mention.strong = True
            k = mention.start - 1
            while k >= 0 and doc[k].lower_ in {",", "and", "&", "et"}:
                k -= 1
            j = k + 1


NON_PLACE_LABELS = {"PERSON", "PER", "DATE", "TIME", "NORP", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "MONEY",
                    "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY", "MISC"}
# Without support a single word must be at least this big a city to count.
BIG_CITY = 100_000
# After "in"/"of", a town this big is a place even when the model calls it a person.
KNOWN_CITY = 50_000
# A city in a country the text gives no other sign of needs a model label or "Town, Country" below this size.
FOREIGN_CITY = 1_000_000


def _words_at(doc, index: int, phrases: list[list[str]]) -> bool:
    for words in phrases:
        n = len(words)
        if index + n <= len(doc) and [normalize(t.text) for t in doc[index : index + n]] == words:
            return True
    return False


def _filter(doc, mentions: list[Mention], lang: str, limit: int | None = None) -> list[Mention]:
    """Drop what is not a place mention; mark what the context supports."""
    gaz = gazetteer()
    data = gaz.language_data(lang)
    limit = len(text_of(doc)) if limit is None else limit
    lower_words = {t.lower_ for t in doc if t.text.islower()}
    person_words = {t.text for e in doc.ents if e.label_ in PERSON_LABELS for t in e if len(e) > 1}
    starts = {m.start: m for m in mentions}
    surnames = _surnames(doc, starts, gaz, limit)
    people = _person_votes(doc)
    headlines = _Headlines(doc)
    listed_after: dict[int, bool] = {}  # token index after a kept mention -> it was governed by "in", "à"...
    kept: list[Mention] = []
    for m in mentions:
        span = doc[m.start : m.end]
        after = doc[m.end] if m.end < len(doc) else None
        before = doc[m.start - 1] if m.start > 0 else None
        top = m.candidates[0]
        single = m.end - m.start == 1
        # part of a street, a school, a police force, a bank
        if any(normalize(t.text) in gaz.after_not_place for t in _next_words(doc, m.end, 2)) and top.feature != "country":
            continue
        if _has_before(doc, m.start, data["before_not_place"]):
            continue
        if before is not None and before.text[:1].isdigit() and top.feature != "country":
            continue  # "176 Washington Park": an address
        if after is not None and after.text in {"-", "‐"} and not span[-1].whitespace_ and not after.whitespace_ \
                and m.end + 1 < len(doc) and doc[m.end + 1].text[:1].isupper():
            continue  # "Bedford-Stuyvesant": part of a hyphenated name
        if before is not None and before.text in {"-", "‐"} and not before.whitespace_ and m.start > 1 \
                and doc[m.start - 2].text[:1].isupper() and not doc[m.start - 2].whitespace_:
            continue  # "Miami-Dade": the second half of a hyphenated name
        if _is_person(doc, m, data, surnames):
            continue
        if top.feature == "country" and _names_currency(doc, m, gaz, data):
            continue  # "U.S. dollars", "dollars de Hong Kong": a currency
        if single and _person_in_text(doc, m, people):
            continue  # "Lisa Monaco ... Monaco said", "Sara's case": the text's person
        if before is not None and before.text in {"&", "+"} or after is not None and after.text in {"&", "+"}:
            continue  # "Dooney & Burke": a firm's name
        if single and span[0].is_stop:
            continue
        labels = {t.ent_type_ for t in span} - {""}
        ner = bool(labels & PLACE_LABELS)
        country = top.feature == "country"
        locative = (
            before is not None and normalize(before.text) in data["locative"]
            and not (m.start > 1 and doc[m.start - 2].text[:1].isupper() and doc[m.start - 2].text.isalpha())
        ) or (before is not None and before.text in {",", "and", "or", "et", "ou"} and listed_after.get(m.start - 1, False))
        # "in Kampong Speu, Pursat, Kratie": a name listed after a place the preposition governs
        listed_after[m.end] = locative
        # the small models often call a well-known city after "in" a person: size and the preposition win
        known = locative and labels <= PERSON_LABELS and (
            top.feature == "admin1" or max(c.population for c in m.candidates) >= KNOWN_CITY)
        regional = _region_after(doc, m, starts)
        if not ner and not country and not known and not regional and labels & NON_PLACE_LABELS \
                and (single or not labels <= PERSON_LABELS):
            continue
        if single and span.text in person_words and not ner and not country and not known:
            continue  # "Moore", "Jackson": a person's name seen elsewhere in the text
        if single and span[0].ent_type_ in PERSON_LABELS and (
                span[0].ent_iob_ == "I" and before is not None and before.text[:1].isupper() and before.is_alpha
                or after is not None and after.ent_iob_ == "I" and after.text[:1].isupper() and after.is_alpha):
            continue  # "Jordan Bardella", "François Hollande" (not "Albert II de Monaco"): a person's name
        state_support = False
        # "City, ST" / "City, Calif." / "City, State"; "Neighbourhood, City"
        if after is not None and after.text == "," and m.end + 1 < len(doc):
            nxt = doc[m.end + 1]
            state = gaz.state_abbreviation(nxt.text, lang) if nxt.text[:1].isupper() else None
            nxt_mention = starts.get(m.end + 1)
            if state is None and nxt_mention is not None:
                following = nxt_mention.candidates[0]
                # "Atlanta, Georgia": the state among the next name's candidates that has this town
                us_state = next((c for c in nxt_mention.candidates if c.feature == "admin1" and c.country == "US"
                                 and any(t.country == "US" and t.admin1 == c.admin1 for t in m.candidates)), None)
                if us_state is not None:
                    state = us_state
                elif following.feature == "city" and top.feature == "city":
                    same = [c for c in m.candidates if c.country == following.country and c.admin1 == following.admin1]
                    if same and same[0].population < following.population:
                        continue
                elif regional and top.feature != "country":  # "China, Japan" is a list of countries
                    same = [c for c in m.candidates if c.country in regional and c.feature != "country"]
                    if same:  # "Cairo, Egypt", "Orillia, Ontario": the region or country after it decides
                        m.candidates = same
                        state_support = True
                    elif top.feature == "city" and following.feature == "country":
                        continue
            if state is None and nxt_mention is None and regional and nxt.lower_ in REGION_PREPOSITIONS:
                same = [c for c in m.candidates if c.country in regional and c.feature != "country"]
                if same:  # "Bristol, au Royaume-Uni"
                    m.candidates = same
                    state_support = True
            if state is not None:
                m.state = state
                state_support = True
                us = [c for c in m.candidates if c.country == "US" and c.admin1 == state.admin1]
                if not us and top.feature == "city":
                    # a town the gazetteer lacks in that state: named, not geocoded
                    us = [Place(m.text, "US", "city", admin1=state.admin1)]
                m.candidates = us or m.candidates
                if nxt_mention is None:
                    m.extra.append(state)
        dateline = (
            span.text.isupper() and (before is None or "\n" in before.text or before.is_space or m.start == 0
                                     or "\n" in headlines.text[before.idx + len(before.text) : span.start_char])
            and after is not None and after.text in {"–", "-", "—", ","}
        )
        titled = headlines.titled(m.start, span.start_char)
        # "Guangdong Province", "Shan State", "Wenzhou City": the place's own kind written after it
        own_kind = after is not None and normalize(after.text) in gaz.kind_words.get(top.feature, ())
        key = normalize(m.text)
        if ner and single and titled and top.feature == "city":
            ner = False  # in a headline the model's place label is a guess
        if ner and key in gaz.ambiguous and _entity_wider(doc, m):
            ner = False  # "Southern" in "Southern California": the entity is the longer name
        exact = gaz.is_alias(m.text, lang) or any(
            _same_name(c.name, m.text) or (c.population >= BIG_CITY or c.feature != "city") and normalize(c.name) == key
            or c.population >= data["alternate_names_population"] for c in m.candidates)
        strong = ner or state_support or dateline or m.strong
        if not exact and after is not None and after.is_alpha and after.text[:1].isupper():
            continue  # "Landen Alan ...": a first name that is also some city's alternate spelling
        if not exact and not (state_support or dateline or m.strong):
            continue  # "Sues" for Suez, "Titan" for Tītān: only "Town, ST" or a dateline vouches
        if key in gaz.ambiguous and not state_support and after is not None and after.text[:1].isupper() \
                and after.text.isalpha() and not _words_at(doc, m.end, gaz.keep_before) and not own_kind:
            continue  # "West Justice Center", "Southern District"
        if single and before is not None and normalize(before.text) in gaz.name_prefixes \
                and before.text[:1].isupper() and not before.is_sent_start and top.feature == "city" \
                and not state_support:
            continue  # "Fort Greene", "Ocean Hill": a longer name the gazetteer lacks
        if not titled and not span.text.isupper() and not country:
            # a capitalised neighbour makes it part of a longer name ("Fort Greene", "Merrill Lynch")
            if before is not None and before.text[:1].isupper() and not before.is_sent_start and before.text.isalpha() \
                    and normalize(before.text) not in gaz.place_modifiers:
                continue
            if after is not None and after.text[:1].isupper() and after.text.isalpha() \
                    and not _words_at(doc, m.end, gaz.keep_before) and m.end not in starts and not own_kind:
                continue
        if (key in gaz.ambiguous or (single and key in lower_words)) and not strong:
            continue
        if span.text.isupper() and single and not strong and top.feature not in {"country", "admin1"}:
            continue
        m.vouched = m.strong or state_support or dateline or locative
        m.supported = strong or locative
        m.strong = strong
        kept.append(m)
    return kept


def _same_name(name: str, text: str) -> bool:
    """The text spells the place's own name (case, hyphens and curly quotes aside, accents kept)."""
    def fold(value: str) -> str:
        return " ".join(value.casefold().replace("-", " ").replace("’", "'").replace(".", "").split())
    # capitals often lose their accents in print ("Epinay" for "Épinay"); small letters keep them
    name = "".join(normalize(c)[:1] or c if c.isupper() else c for c in name)
    return fold(name) == fold(text)


def _entity_wider(doc, m: Mention) -> bool:
    """The model's entity over the mention goes on before or after it ("Southern California")."""
    first, last = doc[m.start], doc[m.end - 1]
    if not last.ent_type_:
        return False
    return first.ent_iob_ == "I" or (m.end < len(doc) and doc[m.end].ent_iob_ == "I")


def _surnames(doc, starts: dict[int, Mention], gaz, limit: int) -> set[str]:
    """Words that end a person's full name in the text ("Ryan Patrick Natividad, 31,").

    A run of capitalised words the model calls a person, or followed by an age, ends in a
    surname; that word met alone elsewhere is the person, not a town of that name."""
    out: set[str] = set()
    run: list = []
    for token in [*doc, None]:
        if token is not None and token.idx < limit and token.is_alpha and token.text[:1].isupper() \
                and not token.text.isupper() and token.i not in starts and not token.is_sent_start:
            run.append(token)
            continue
        if len(run) >= 2 and normalize(run[0].text) not in gaz.ambiguous \
                and normalize(run[0].text) not in gaz.name_prefixes:
            last = run[-1]
            aged = last.i + 2 < len(doc) and doc[last.i + 1].text == "," and doc[last.i + 2].like_num
            if aged or last.ent_type_ in PERSON_LABELS:
                out.add(last.text)
        run = []
    return out


def _person_votes(doc) -> dict[str, list[int]]:
    """Per word: [times the model calls it a person, times a place, times it ends a longer person's name]."""
    votes: dict[str, list[int]] = {}
    for ent in doc.ents:
        if ent.label_ in PERSON_LABELS:
            for token in ent:
                votes.setdefault(token.text, [0, 0, 0])[0] += 1
            if len(ent) > 1 and ent[-1].text[:1].isupper() and not ent[-2].text.islower():  # not "Albert II de Monaco"
                votes.setdefault(ent[-1].text, [0, 0, 0])[2] += 1
        elif ent.label_ in PLACE_LABELS and len(ent) == 1:
            votes.setdefault(ent.text, [0, 0, 0])[1] += 1
    return votes


def _person_in_text(doc, m: Mention, people: dict[str, list[int]]) -> bool:
    """A single name the document uses for a person: it ends a person's full name elsewhere
    ("Lisa Monaco") and the model does not call this mention a place, or the model calls it a
    person more often than a place (twice at least)."""
    person, place, surname = people.get(doc[m.start].text, (0, 0, 0))
    label = doc[m.start].ent_type_
    if surname and label not in PLACE_LABELS:
        return True
    return person >= 2 and person > place


def _names_currency(doc, m: Mention, gaz, data: dict) -> bool:
    """A country's name used for its currency: "U.S. dollars", "dollars des États-Unis"."""
    if m.end < len(doc) and normalize(doc[m.end].text) in gaz.currency_nouns:
        return True
    before = [normalize(t.text) for t in doc[max(0, m.start - 2) : m.start]]
    return len(before) == 2 and before[1] in {"de", "des", "du"} and before[0] in data["currency_nouns_before"]


def _next_words(doc, index: int, n: int) -> list:
    """Up to ``n`` tokens from ``index``, stopping at punctuation ("WASHINGTON - Police" names no police force)."""
    out = []
    for token in doc[index : index + n]:
        if token.is_punct or token.is_space:
            break
        out.append(token)
    return out


REGION_PREPOSITIONS = {"in", "au", "aux", "en"}


def _region_after(doc, m: Mention, starts: dict[int, Mention]) -> set[str]:
    """Countries of a country, or of a region the model calls a place, written right after
    "Town," ("Cairo, Egypt", "Orillia, Ontario"); empty when there is none."""
    if m.end + 1 >= len(doc) or doc[m.end].text != ",":
        return set()
    at = m.end + 1
    if doc[at].lower_ in REGION_PREPOSITIONS and at + 1 < len(doc):  # "Bristol, in England", "Bristol, au Royaume-Uni"
        at += 1
    following = starts.get(at)
    if following is None:
        return set()
    if following.candidates[0].feature == "country":
        return {following.candidates[0].country}
    if doc[at].ent_type_ not in PLACE_LABELS:
        return set()
    return {c.country for c in following.candidates if c.feature == "admin1" and c.country != "US"}


def _is_person(doc, m: Mention, data: dict, surnames: set[str]) -> bool:
    """A single name used as a person's: a title before it, "who" or an initial after it, a surname."""
    if m.end - m.start != 1:
        return False
    before = doc[m.start - 1] if m.start > 0 else None
    city = m.candidates[0].feature == "city"
    if city and before is not None and normalize(before.text) in data["person_before"]:
        return True
    j = m.end
    if j < len(doc) and doc[j].text in {",", "–", "—"}:
        j += 1
    if city and j < len(doc) and normalize(doc[j].text) in data["person_after"]:
        return True
    nxt = doc[m.end] if m.end < len(doc) else None
    if nxt is not None and len(nxt.text) == 2 and nxt.text[0].isupper() and nxt.text[1] == "." \
            and nxt.text[0].isalpha() and (m.end + 1 >= len(doc) or doc[m.end + 1].text != ","):
        return True  # "Diane C.", but not "Portland, Ore." style abbreviations
    return city and doc[m.start].text in surnames


class _Headlines:
    """Whether a token's sentence or line is written like a headline, computed once per sentence
    and per line (a 5 MB text with no full stop is one sentence: asking per mention is quadratic)."""

    def __init__(self, doc):
        self.doc = doc
        self.text = text_of(doc)  # Doc.text joins every token again at each call
        self.starts = [s.start for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
        self._sents: dict[int, bool] = {}
        self._lines: dict[int, bool] = {}

    def titled(self, token_index: int, char: int) -> bool:
        k = bisect.bisect_right(self.starts, token_index) - 1
        if k not in self._sents:
            end = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.doc)
            self._sents[k] = title_case(self.doc[self.starts[k] : end])
        if self._sents[k]:
            return True
        line = self.text.rfind("\n", 0, char) + 1
        if line not in self._lines:
            self._lines[line] = headline_line(self.text, char)
        return self._lines[line]


def _towns_with_region(doc, mentions: list[Mention], lang: str, limit: int) -> list[Mention]:
    """"Giverny (Eure)": a town the gazetteer lacks, placed by the region in brackets after it."""
    gaz = gazetteer()
    starts = {m.start: m for m in mentions}
    ends = {m.end for m in mentions}
    out = []
    for token in doc:
        if token.idx >= limit:
            break
        if token.text != "(" or token.i + 1 not in starts:
            continue
        region = starts[token.i + 1]
        closing = region.end
        if closing >= len(doc) or doc[closing].text != ")" or region.candidates[0].feature != "admin1":
            continue
        j = token.i
        k = j
        joiners = {"-", "'", "’", "sur", "en", "la", "le", "lès", "les", "de"}
        while k > 0 and j - k < 6:
            word = doc[k - 1].text
            plain = word.replace("-", "").replace("'", "").replace("’", "")
            if not (word in joiners or (plain.isalpha() and word[:1].isupper())):
                break
            k -= 1
        while k < j and not doc[k].text[:1].isupper():
            k += 1
        if k == j or j in ends:
            continue
        name = doc[k:j].text
        region_place = region.candidates[0]
        town = Place(name, region_place.country, "city", admin1=region_place.admin1)
        out.append(Mention(k, j, name, [town], supported=True, strong=True, vouched=True))
    return out


def _score(place: Place, countries: Counter, states: Counter) -> float:
    votes = countries.get(place.country, 0)
    s = (2.5 + 0.5 * min(votes, 4)) if votes else 0.0
    if place.country == "US" and place.admin1:
        s += min(states.get(place.admin1, 0), 3.0)
    size = {"country": 8.0, "admin1": 6.0, "county": 4.5}.get(place.feature)
    return s + 1.5 * (size if size is not None else math.log10(place.population + 1))


def _choose(mentions: list[Mention], lang: str) -> list[Mention]:
    """Pick one candidate per mention from context (countries, US states) and size; drop weak ones."""
    gaz = gazetteer()
    countries: Counter[str] = Counter()
    states: Counter[str] = Counter()
    own: Counter[tuple] = Counter()  # votes a name casts for its own country ("Salgado" thrice is still no context)
    prior = _prior_country(lang)
    if prior:
        countries[prior] += 0.5
    for m in mentions:
        top = m.candidates[0]
        if not m.supported and top.feature not in {"country", "admin1"}:
            continue
        if len({c.country for c in m.candidates}) == 1:
            countries[top.country] += 1
            if top.feature != "country":
                own[(normalize(m.text), top.country)] += 1
        if m.state is not None:
            states[m.state.admin1] += 2
            countries["US"] += 1
        elif len(m.candidates) == 1 and top.country == "US" and top.feature == "admin1":
            states[top.admin1] += 1
    # the text is set somewhere else: another country has evidence and the language's own has none
    elsewhere = prior is not None and countries.get(prior, 0) < 1 and any(
        v >= 2 for c, v in countries.items() if c != prior)
    kept = []
    for m in mentions:
        key = normalize(m.text)
        # a place whose own name is written beats one reached through an alternate name unless ten times
        # bigger ("Zaragoza" is the Spanish city, not Puebla de Zaragoza)
        m.chosen = max(m.candidates, key=lambda p: _score(p, countries, states) + 1.5 * (normalize(p.name) == key))
        chosen = m.chosen
        if gaz.is_neighbourhood(chosen):
            continue
        if chosen.feature == "city" and chosen.population < SMALL_TOWN and not m.strong:
            continue
        # neither named elsewhere nor the language's own country
        foreign = countries.get(chosen.country, 0) - own[(normalize(m.text), chosen.country)] < 0.5
        if foreign and chosen.feature == "city" and chosen.population < FOREIGN_CITY \
                and not (m.strong and m.vouched):
            continue  # "of Titan", "Valdivia said": a town abroad that nothing else in the text points to
        if chosen.country == prior and elsewhere and countries.get(prior, 0) - own[(normalize(m.text), prior)] < 1 \
                and chosen.feature == "city" and chosen.population < BIG_CITY and m.state is None:
            continue  # a small US town in a story the text sets in Australia: the language's prior is no evidence
        if foreign and chosen.feature == "admin1" and (key in gaz.ambiguous or len(key) <= 3
                                                       or not (m.vouched or m.strong and _same_name(chosen.name, m.text))):
            continue  # "the South" is not Cameroon's South region, "Van" not the Turkish province
        if not m.supported:
            single = m.end - m.start == 1
            strong = chosen.feature == "country" or (chosen.feature == "city" and chosen.population >= BIG_CITY)
            in_context = countries.get(chosen.country, 0) >= 1 and (
                chosen.feature in {"admin1", "county"} or chosen.population >= SMALL_TOWN)
            if not (strong or (in_context and not (single and chosen.feature == "city" and chosen.population < 20000))):
                continue
            if doc_upper(m) and chosen.feature == "city" and chosen.population < 15000:
                continue
        if chosen.country == "US" and chosen.admin1 and chosen.feature != "admin1":
            states[chosen.admin1] += 0.5
        m.chosen = _own_name(m, chosen, countries, states)
        kept.append(m)
    return kept


def _own_name(m: Mention, chosen: Place, countries: Counter, states: Counter) -> Place:
    """The candidate of the chosen country that bears the written name itself ("New Delhi", not Delhi
    reached through one of its alternate names; "Henan", not a city called so in some list)."""
    key = normalize(m.text)
    if normalize(chosen.name) == key:
        return chosen
    own = [c for c in m.candidates if c.country == chosen.country and normalize(c.name) == key]
    return max(own, key=lambda p: _score(p, countries, states)) if own else chosen


def doc_upper(m: Mention) -> bool:
    return m.text.isupper()


@functools.lru_cache(maxsize=None)
def _prior_country(lang: str) -> str | None:
    """The country a text in ``lang`` most likely reports on (``prior_country`` in ``data/<lang>/places.yml``):
    half a vote for it when names are ambiguous."""
    return load_yaml(DATA / lang / "places.yml").get("prior_country")


def extract(doc, lang, document):
    """(places, countries) as fact items with spans; see :mod:`extract.facts.pipeline`."""
    if not has_data(lang, "places"):
        lang = "en"  # a language without place data reads names as English ones
    from extract.facts.fields import sentence_span

    gaz = gazetteer()
    limit = body_end(text_of(doc), lang)
    mentions = _scan(doc, lang, limit)
    _county_lists(doc, mentions, lang)
    mentions = _filter(doc, mentions, lang, limit)
    mentions += _towns_with_region(doc, mentions, lang, limit)
    mentions.sort(key=lambda m: m.start)
    mentions = _choose(mentions, lang)

    places: list[dict] = []
    countries: list[dict] = []
    seen_places: set[tuple] = set()
    seen_countries: set[str] = set()

    def add_country(code: str, start: int, end: int, text: str) -> None:
        if code in seen_countries:
            return
        seen_countries.add(code)
        s_start, s_end = sentence_span(doc, start)
        countries.append({"country": code, "name": gaz.country(code).name, "text": text, "start": start,
                          "end": end, "sent_start": s_start, "sent_end": s_end})

    for m in mentions:
        span = doc[m.start : m.end]
        start, end = span.start_char, span.end_char
        for place in [m.chosen, *m.extra]:
            if place is None:
                continue
            if place.feature == "country":
                add_country(place.country, start, end, span.text)
                if place.country in gaz.city_states:
                    place = gaz.city_states[place.country]
                elif place.country in gaz.territories:
                    place = Place(place.name, place.country, "admin1")
                else:
                    continue
            key = (normalize(place.name), place.country)
            if key not in seen_places:
                seen_places.add(key)
                s_start, s_end = sentence_span(doc, start)
                places.append({**place.as_fact(), "text": span.text, "start": start, "end": end,
                               "sent_start": s_start, "sent_end": s_end})
            add_country(place.country, start, end, span.text)
    return places, countries
