"""Numbers of people per action: arrested, charged, convicted, sentenced, executed, extradited,
victims, killed, injured.

A number (digits or words, ``data/<lang>/numbers.yml``) counts people when a person noun or an
action noun follows it ("five suspects", "100 victims", "quatorze personnes"), or an action word
directly ("Four charged", "deux blessés"). The action is the noun itself, else a cue word that
governs the number from just before it ("arrested and charged 12 defendants", "la mort de
quatorze personnes"), else the first cue after the people in the same clause, skipping an
appositive between commas ("onze personnes, reconnues coupables ..., venaient d'être exécutées").
Vague quantities ("des dizaines de blessés", "dozens of victims") are not numbers and give nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extract.facts.doc_text import text_of
from extract.facts import count_parse, fields  # sentence_span, at call time (fields imports this module)
from extract.facts.numbers import has_data, load_yaml, number_words, words_alternation

ACTIONS = ("arrested", "charged", "convicted", "sentenced", "executed", "extradited", "victims", "killed", "injured")
MAX_PEOPLE = 1_000_000  # larger "counts" are populations or sums, not people acted upon
_APOS = str.maketrans({"’": "'", "‘": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " "})


def _phrase(item: str) -> str:
    item = str(item).translate(_APOS).lower()
    stem = item.endswith("*")
    body = re.escape(item.rstrip("*")).replace(r"\ ", r"\s+")
    return body + (r"[\w-]*" if stem else "")


@dataclass(frozen=True)
class CountGrammar:
    numbers: re.Pattern  # a number (digits or words) followed by the people it counts
    number: re.Pattern  # a number alone (digits or words), for the parse linker
    cues: re.Pattern  # any action cue; group names a<i> -> actions[i]
    cue_actions: tuple
    before: re.Pattern  # cues (possibly joined) right before a number, with fillers
    action_nouns: dict
    object_only: frozenset
    max_after_words: int
    joiners: re.Pattern | None
    also: dict
    articles: frozenset  # number words that are also articles ("un homme"): a count only with an action word
    after_not_cues: frozenset  # cue matches that are nouns of another clause ("following his arrest")
    direct_not_acts: frozenset  # action words that, right after a number, are counted nouns ("33 charges")


@lru_cache(maxsize=None)
def grammar(lang: str) -> CountGrammar:
    data = load_yaml(lang, "count_actions")
    lex = number_words(lang)
    nouns = [str(n).translate(_APOS).lower() for n in data.get("person_nouns") or []]
    action_nouns: dict[str, str] = {}
    for action, words in (data.get("action_nouns") or {}).items():
        for w in words or []:
            action_nouns[str(w).translate(_APOS).lower()] = action
    phrases: list[tuple[str, str, tuple]] = []
    for action, items in (data.get("actions") or {}).items():
        for item in items or []:
            item = str(item)
            # longest literal first; a stem ("condamné*") after a phrase of the same length
            phrases.append((_phrase(item), action, (len(item.rstrip("*")), not item.endswith("*"))))
    phrases.sort(key=lambda p: p[2], reverse=True)
    cue_alt = "|".join(f"(?P<a{i}>{p})" for i, (p, _, _) in enumerate(phrases))
    cue_plain = "|".join(p for p, _, _ in phrases)
    head = words_alternation(nouns + list(action_nouns))
    between = int(data.get("max_words_between", 3))
    digits = r"(?<![\w.,$€£¥-])\d{1,3}(?:[,.  ]\d{3})*(?![\w.,/-]\d|[\w%$€£])"
    number = rf"(?P<num>{digits}|{lex.words_regex})"
    # people on the same line, never a partitive ("two of the defendants" is a part of a count given elsewhere),
    # never a unit or a date ("43 ans", "9 août"); the words between are plain words or initials ("U.S.")
    stop = words_alternation([str(w).translate(_APOS).lower() for w in data.get("between_stop") or []])
    units = words_alternation([str(w).translate(_APOS).lower() for w in data.get("not_people_after") or []])
    not_unit = rf"(?![ \t]+(?:{units})(?![\w-]))" if units else ""
    word = rf"(?!(?:{stop})(?![\w'-]))(?:(?:[a-z]\.){{1,3}}|[^\W\d][\w'-]*)" if stop else r"[^\W\d][\w'-]*"
    people = rf"{not_unit}(?:[ \t]+{word}){{0,{between}}}?[ \t]+(?P<noun>{head})(?!\w)"
    not_noun = words_alternation([str(w).translate(_APOS).lower() for w in data.get("direct_not_before") or []])
    direct = rf"[ \t]+(?P<act>{cue_plain})(?!\w)" + (rf"(?![ \t]*(?:{not_noun})(?!\w))" if not_noun else "")
    fillers = words_alternation([str(f).translate(_APOS).lower() for f in data.get("before_fillers") or []])
    joiners = words_alternation(data.get("joiners") or [])
    join = rf"(?:\s*,?\s+(?:{joiners})\s+)" if joiners else r"(?!)"
    before = re.compile(
        rf"(?<!\w)(?P<cues>(?:{cue_plain})(?:{join}(?:{cue_plain}))*)(?:\s+(?:{fillers}))*\s*$"
    )
    return CountGrammar(
        numbers=re.compile(rf"{number}(?:{people}|{direct})", re.I),
        number=re.compile(rf"{number}(?!\w)", re.I),
        cues=re.compile(rf"(?<!\w)(?:{cue_alt})(?!\w)"),
        cue_actions=tuple(a for _, a, _ in phrases),
        before=before,
        action_nouns=action_nouns,
        object_only=frozenset(data.get("object_only") or []),
        max_after_words=int(data.get("max_after_words", 8)),
        joiners=re.compile(rf"^{join}", re.I) if joiners else None,
        also={k: list(v or []) for k, v in (data.get("also") or {}).items()},
        articles=frozenset(str(w).lower() for w in data.get("article_numbers") or []),
        after_not_cues=frozenset(str(w).lower() for w in data.get("after_not_cues") or []),
        direct_not_acts=frozenset(str(w).lower() for w in data.get("direct_not_acts") or []),
    )


def _value(lang: str, written: str) -> int | None:
    written = written.strip()
    if written[:1].isdigit():
        digits = re.sub(r"[,.  ]", "", written)
        return int(digits) if digits.isdigit() else None
    value = number_words(lang).value(written)
    return int(value) if value is not None else None


def _cue_actions(g: CountGrammar, text: str) -> list[str]:
    """The actions of every cue in ``text``, in order."""
    out = []
    for m in g.cues.finditer(text):
        action = g.cue_actions[int(m.lastgroup[1:])]
        out.append(action)
    return out


def _with_also(g: CountGrammar, actions: list[str]) -> list[str]:
    out: list[str] = []
    for a in actions:
        for b in [a, *g.also.get(a, [])]:
            if b not in out:
                out.append(b)
    return out


def _after_actions(g: CountGrammar, tail: str) -> list[str]:
    """The first cue after the people (and one joined to it), skipping an appositive between commas."""
    tail = tail.lstrip()
    if tail.startswith(","):
        close = tail.find(",", 1)
        if 0 < close < 160:
            tail = tail[close + 1:]
    clause = re.split(r"[.;:!?\n]|\s\(", tail, maxsplit=1)[0]
    words = clause.split()
    clause = " ".join(words[: g.max_after_words])
    m = next((c for c in g.cues.finditer(clause) if c.group(0) not in g.after_not_cues), None)
    if not m:
        return []
    actions = [g.cue_actions[int(m.lastgroup[1:])]]
    if g.joiners is not None:
        j = g.joiners.match(clause[m.end():])
        if j:
            m2 = g.cues.match(clause, m.end() + j.end())
            if m2:
                actions.append(g.cue_actions[int(m2.lastgroup[1:])])
    return actions


def _governs(doc, number_start: int, noun_start: int) -> bool:
    """Whether the noun is the number's head in the parse (within three steps): "two passersby saw the
    victim" counts passersby, not victims."""
    span = doc.char_span(number_start, number_start + 1, alignment_mode="expand")
    noun = doc.char_span(noun_start, noun_start + 1, alignment_mode="expand")
    if span is None or noun is None:
        return True
    token, target = span[0], noun[0]
    for _ in range(3):
        if token.i == target.i:
            return True
        if token.head is token:
            break
        token = token.head
    return token.i == target.i


def find_counts(text: str, lang: str, doc=None) -> list[dict[str, Any]]:
    """``{"action", "n", "start", "end"}`` for every counted group of people in ``text``; with the parsed
    ``doc``, a number must belong to the noun it counts when words stand between them."""
    if not has_data(lang, "count_actions"):
        return []
    g = grammar(lang)
    scales = number_words(lang).scales  # "million" alone is a sum's scale, not a count
    lowered = text.translate(_APOS).lower()
    out = []
    for m in g.numbers.finditer(lowered):
        n = _value(lang, m.group("num"))
        if n is None or n <= 0 or n > MAX_PEOPLE or m.group("num").strip() in scales:
            continue
        written = m.group("num").strip()
        if m.group("act") is not None:
            act = re.sub(r"\s+", " ", m.group("act"))
            if written in g.articles or act in g.direct_not_acts:
                continue  # "une mise en examen", "33 charges": a noun, not people
            actions = _cue_actions(g, m.group("act"))
        else:
            noun = re.sub(r"\s+", " ", m.group("noun"))
            if written in g.articles and noun not in g.action_nouns:
                continue  # "un homme a été interpellé": an article, not a count
            if doc is not None and lowered[m.end("num"):m.start("noun")].strip() and not _governs(
                    doc, m.start("num"), m.start("noun")):
                continue
            actions = [g.action_nouns[noun]] if noun in g.action_nouns else []
            if not actions:
                window = lowered[max(0, m.start() - 80):m.start()]
                line = window.rsplit("\n", 1)[-1]
                b = g.before.search(line)
                if b:
                    actions = _cue_actions(g, b.group("cues"))
                else:
                    actions = [a for a in _after_actions(g, lowered[m.end():m.end() + 400])
                               if a not in g.object_only]
        for action in _with_also(g, actions):
            out.append({"action": action, "n": n, "start": m.start(), "end": m.end(), "num_end": m.end("num"),
                        "direct": m.group("act") is not None})
    return out


def number_spans(text: str, lang: str) -> list[tuple[int, int, int]]:
    """``(start, end, value)`` of every number in ``text`` that could count people."""
    g = grammar(lang)
    scales = number_words(lang).scales
    out = []
    for m in g.number.finditer(text.translate(_APOS)):
        written = m.group("num").strip()
        n = _value(lang, written)
        if n is None or n <= 0 or n > MAX_PEOPLE or written.lower() in scales:
            continue
        out.append((m.start("num"), m.end("num"), n))
    return out


def _drop_parts(values: list[int]) -> set[int]:
    """Values that are parts of a stated total: two or more other mentions summing to it ("Four arrests
    ... two men and two women"; gold/README.md: "when a total and its parts are stated, the total only")."""
    if len(set(values)) < 2 or len(values) > 14:
        return set()
    parts: set[int] = set()
    for total in set(values):
        smaller = [v for v in values if v < total]
        for mask in range(1, 1 << len(smaller)):
            chosen = [v for i, v in enumerate(smaller) if mask >> i & 1]
            if len(chosen) >= 2 and sum(chosen) == total:
                parts.update(chosen)
    return parts


def _rounded(values: list[int]) -> set[int]:
    """Round values that restate a larger precise one of the same action ("more than 1,200" beside "1,207"):
    headlines round what the body counts exactly."""
    out = set()
    for n in values:
        if n >= 100 and n % 10 == 0 and any(n < m <= 1.1 * n and m % 10 for m in values):
            out.add(n)
    return out


def extract(doc, lang, document) -> list[dict[str, Any]]:
    """Every distinct count per action, from the parse linker and the phrase patterns; parts of a
    stated total are dropped in favour of the total."""
    text = text_of(doc)
    if not text or not has_data(lang, "count_actions"):
        return []
    found = count_parse.find(doc, lang, number_spans(text, lang)) + [
        c for c in find_counts(text, lang, doc) if not count_parse.vetoed(doc, lang, c["start"], c["num_end"], not c["direct"])]
    first: dict[tuple, dict] = {}
    mentions: dict[str, dict[int, int]] = {}  # action -> {number's start: n}, for parts and totals
    for c in sorted(found, key=lambda c: c["start"]):
        first.setdefault((c["action"], c["n"]), c)
        mentions.setdefault(c["action"], {}).setdefault(c["start"], c["n"])
    by_action = {action: list(at.values()) for action, at in mentions.items()}
    parts = {a: _drop_parts(ns) | _rounded(ns) for a, ns in by_action.items()}
    if "victims" in by_action:  # victims who testified, died or were elderly are parts of the largest group
        parts["victims"] |= {n for n in by_action["victims"] if n < max(by_action["victims"])}
    out = []
    for (action, n), c in sorted(first.items(), key=lambda kv: kv[1]["start"]):
        if n in parts[action]:
            continue
        sent_start, sent_end = fields.sentence_span(doc, c["start"])
        out.append({"action": action, "n": n, "start": c["start"], "end": c["end"], "text": text[c["start"]:c["end"]],
                    "sent_start": sent_start, "sent_end": sent_end})
    return out
