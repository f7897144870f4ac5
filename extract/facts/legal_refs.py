"""Statutes cited: jurisdiction (alpha-2), article as written (without "§" / "Article"), code.

Two citation shapes, with codes, article words and country cues from ``data/<lang>/statutes.yml``:
"<article word> <articles> <link> <code>" ("article 313-1 du Code pénal", "Section 11(b) of the
Voting Rights Act") and "<code> <article word>? <articles>" ("18 U.S.C. § 1343", "Penal Code
section 487"). A list ("sections 1343 and 1349") gives one reference each. A code cited without
its country ("du Code pénal") belongs to the country named right after it ("chinois"), else to
the country the text is about (its cue words), else to the language's default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extract.facts.doc_text import text_of
from extract.facts import fields  # sentence_span, at call time (fields imports this module)
from extract.facts.numbers import has_data, load_yaml, words_alternation

# one article: "1343", "253-1", "530.5", "11(b)", "L. 123-4", "1028A", "66C"
# a parenthesised subdivision is short ("(a)", "(1)", "(iii)"); "(hacking)" is a gloss, not part of it
ARTICLE = r"(?:[LRD]\.?\s?)?\d+[A-Z]?(?:[-.](?:\d+[A-Za-z]?|[A-Z](?!\w)))*(?:[ \t]?\((?:\d{1,3}|[A-Za-z]{1,4})\))*"
# what may follow one article of a list without being one: a gloss ("420 (cheating)") or, in
# French and Swiss usage, the paragraphs cited ("147 al. 1 et 2": the article is 147)
GLOSS = r"[ \t]*\((?!(?:\d{1,3}|[A-Za-z]{1,4})\))[^()\n]{2,60}\)"
PARAGRAPHS = r"[ \t]*,?[ \t]*(?:al\.|alinéa|para\.)[ \t]*\d+(?:[ \t]*(?:,|et|and|à)[ \t]*\d+(?![-.\d]))*"
_NOT_ARTICLE = re.compile(f"{GLOSS}|{PARAGRAPHS}")


@dataclass(frozen=True)
class Code:
    name: str
    jurisdiction: str
    pattern: str
    needs_word: bool = False  # a named law: a number after it is a year or a count unless "section" precedes it


@dataclass(frozen=True)
class StatuteGrammar:
    regex: re.Pattern
    codes: tuple
    article_list: re.Pattern
    adjectives: re.Pattern | None
    adjective_map: dict
    hints: dict  # country -> compiled regex of its cue words
    default: str
    bare_code: str = ""
    short_title_year: tuple = ()  # countries whose Acts are cited "<Name> Act <year>", without "of"


@lru_cache(maxsize=None)
def grammar(lang: str) -> StatuteGrammar:
    data = load_yaml(lang, "statutes")
    codes = tuple(Code(str(c["name"]), str(c.get("jurisdiction", "context")), str(c["pattern"]),
                       bool(c.get("needs_word", False)))
                  for c in data.get("codes") or [])
    words = "(?i:" + words_alternation(data.get("article_words") or []) + ")"
    links = "(?i:" + words_alternation(data.get("links") or []) + ")"
    joiners = "(?i:" + words_alternation(data.get("list_joiners") or []) + ")"
    # a list continues with "§" at most: ", Section 11(b) of ..." starts another citation
    one = rf"{ARTICLE}(?:{GLOSS}|{PARAGRAPHS})?"
    arts = rf"{one}(?:\s*(?:{joiners})\s*(?:§+\s*)?{one})*"
    code_alt = "|".join(f"(?P<c{i}>{c.pattern})" for i, c in enumerate(codes))
    code_alt2 = "|".join(f"(?P<k{i}>{c.pattern})" for i, c in enumerate(codes))
    # "article 313-1 du Code pénal" | "18 U.S.C. § 1343"
    # a short gloss may stand between the articles and their code: "section 43 (hacking) of the IT Act"
    form_a = rf"(?<!\w)(?:{words})\s*(?P<arts_a>{arts})(?:\s*\([^()\n]{{1,40}}\))?\s*,?\s*(?:(?:{links})\s+)?(?:{code_alt})"
    form_b = rf"(?:{code_alt2})\s*,?\s*(?:(?P<word_b>{words})\s*)?(?P<arts_b>{arts})(?![\w-])"
    # "l'article 450-1" alone: a code's numbering (data ``bare_article``), the code the context's
    bare = data.get("bare_article")
    bare_arts = rf"{bare}(?:\s*(?:{joiners})\s*{bare})*" if bare else None
    form_c = rf"(?<!\w)(?:{words})\s*(?P<arts_c>{bare_arts})(?![\w-])" if bare else r"(?!)"
    adjectives = {str(k).lower(): str(v) for k, v in (data.get("adjectives") or {}).items()}
    hints = {}
    for country, cue_words in (data.get("country_hints") or {}).items():
        alt = words_alternation([str(w).lower() for w in cue_words or []])
        if alt:
            hints[str(country)] = re.compile(rf"(?<!\w)(?:{alt})(?!\w)")
    adj_alt = words_alternation(adjectives)
    return StatuteGrammar(
        regex=re.compile(f"{form_a}|{form_b}|{form_c}"),
        bare_code=str(data.get("bare_code", "")),
        codes=codes,
        article_list=re.compile(ARTICLE),
        adjectives=re.compile(rf"^\s*,?\s*(?:{adj_alt})(?!\w)", re.I) if adj_alt else None,
        adjective_map=adjectives,
        hints=hints,
        default=str(data.get("default_jurisdiction", "")),
        short_title_year=tuple(str(c) for c in data.get("short_title_year") or ()),
    )


def _context_country(g: StatuteGrammar, lowered: str) -> str:
    """The country the text is about, by its cue words; the language's default when none stands out."""
    counts = {country: len(rx.findall(lowered)) for country, rx in g.hints.items()}
    default_hits = counts.get(g.default, 0)
    best = max(counts, key=counts.get, default=None)
    if best and best != g.default and counts[best] >= 2 and counts[best] > default_hits:
        return best
    return g.default


_BARE_YEAR = re.compile(r"\bAct,?\s+\d{4}\b")


def _short_title_country(g: StatuteGrammar, lowered: str) -> str:
    """For an Act cited with a bare year: the listed country the text's cue words point to most, else the first."""
    counts = {c: len(g.hints[c].findall(lowered)) for c in g.short_title_year if c in g.hints}
    best = max(counts, key=counts.get, default="")
    return best if best and counts[best] else g.short_title_year[0]


def find_refs(text: str, lang: str) -> list[dict[str, Any]]:
    """Every cited article, as ``{"jurisdiction", "article", "code", "start", "end"}``."""
    if not has_data(lang, "statutes"):
        return []
    g = grammar(lang)
    lowered: str | None = None
    context: str | None = None
    out = []
    for m in g.regex.finditer(text):
        groups = m.groupdict()
        if groups.get("arts_c") is not None:
            code = Code(g.bare_code, "context", "")
        else:
            index = next(int(k[1:]) for k, v in groups.items() if v is not None and k[0] in "ck" and k[1:].isdigit())
            code = g.codes[index]
            if code.needs_word and groups.get("arts_b") is not None and groups.get("word_b") is None:
                continue  # "the Fair Housing Act, 130 of which", "la loi du 6 juillet 1989"
        arts = groups.get("arts_a") or groups.get("arts_b") or groups.get("arts_c") or ""
        jurisdiction = code.jurisdiction
        if jurisdiction == "context":
            after = text[m.end():m.end() + 60]
            adj = g.adjectives.match(after) if g.adjectives else None
            if adj:
                jurisdiction = g.adjective_map.get(adj.group(0).strip(" ,").lower(), "")
            if jurisdiction == "context" or not jurisdiction:
                if context is None:
                    lowered = text.lower()
                    context = _context_country(g, lowered)
                jurisdiction = context
                if (code.name == "Act" and g.short_title_year and jurisdiction not in g.short_title_year
                        and _BARE_YEAR.search(m.group(0))):
                    jurisdiction = _short_title_country(g, lowered or text.lower())
        if not jurisdiction:
            continue
        for a in g.article_list.finditer(_NOT_ARTICLE.sub(" ", arts)):
            article = re.sub(r"\s+", "", a.group(0))
            out.append({"jurisdiction": jurisdiction, "article": article, "code": code.name,
                        "start": m.start(), "end": m.end()})
    return out


def extract(doc, lang, document) -> list[dict[str, Any]]:
    text = text_of(doc)
    if not text or not has_data(lang, "statutes"):
        return []
    seen, out = set(), []
    for r in find_refs(text, lang):
        key = (r["jurisdiction"], r["article"])
        if key in seen:
            continue
        seen.add(key)
        sent_start, sent_end = fields.sentence_span(doc, r["start"])
        out.append({**r, "text": text[r["start"]:r["end"]], "sent_start": sent_start, "sent_end": sent_end})
    return out
