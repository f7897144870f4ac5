"""Counts of people from the dependency parse: a number, the people it counts, the action that governs them.

Why a parse and not phrases: news states the same fact in many word orders ("police detained 283
suspects", "111 suspects have been handed over to China", "the arrest of 269 people", "Fourteen
persons were arrested in Serbia and one in Germany", "11 were sentenced"). The linker climbs from
the number to the noun it modifies (or takes the number itself as the noun, "the seven"), through
coordinations and appositions to the head of the group, and from there to the verb or action noun
that governs the group: as its object, passive subject, participle ("12 people arrested"), relative
clause ("who had been detained"), or the "of"/"de" complement of an action noun ("the arrest of").
The verb's own conjuncts without a subject of their own share the group ("arrested and charged").
Which lemmas name which action is vocabulary (``data/<lang>/count_actions.yml``, key ``lemmas``).

What is not a count: subsets ("including five", "dont 41", "five of them"), alternatives ("pleaded
guilty, been convicted, or are awaiting trial"), negated or announced actions ("will be charged"),
numbers of things ("41 parks") and French "un"/"une", which are articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.facts.numbers import load_yaml

SUBJECT_PASSIVE = ("nsubjpass", "nsubj:pass")
OBJECT = ("dobj", "obj")
SUBJECT = ("nsubj",)
NOUN_POS = ("NOUN", "PROPN", "PRON", "NUM", "ADJ")  # the French model tags some plural nouns ADJ ("suspects")


def _low(word) -> str:
    return str(word).replace("’", "'").lower()


@dataclass(frozen=True)
class Lemmas:
    verbs: dict  # lemma -> actions; the people are its object, passive subject or participle head
    intransitive: dict  # lemma -> actions; the people are the subject of the active verb ("14 died")
    phrases: dict  # (lemma, frozenset of other lemmas among its dependents) -> actions ("mettre en examen")
    destination: dict  # lemma -> actions, only with a destination ("transferred to China")
    destination_preps: frozenset
    nouns_of: dict  # action noun -> actions; the people are its "of"/"de" complement
    count_nouns: dict  # nouns that are the people counted and the action ("100 victims", "14 deaths")
    person_nouns: frozenset  # lemmas and forms of nouns for people
    group_nouns: frozenset  # "a total of N", "a group of N": the people are the complement
    subset_words: frozenset  # "including", "among", "dont", "parmi"
    partitive_preps: frozenset  # "five of them", "cinq d'entre eux"
    negations: frozenset
    modals: frozenset  # auxiliaries of what has not happened ("will", "could", "pouvoir")
    alternatives: frozenset  # "or", "ou"
    articles: frozenset  # number words that are articles ("un", "une")


def _actions(value) -> tuple:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


@lru_cache(maxsize=None)
def lemmas(lang: str) -> Lemmas:
    data = load_yaml(lang, "count_actions")
    lex = data.get("lemmas") or {}
    phrases = {}
    for phrase, action in (lex.get("phrases") or {}).items():
        words = _low(phrase).split()
        phrases[(words[0], frozenset(words[1:]))] = _actions(action)

    def table(key):
        return {_low(k): _actions(v) for k, v in (lex.get(key) or {}).items()}

    person = {_low(w) for w in data.get("person_nouns") or []} | {_low(w) for w in lex.get("person_lemmas") or []}
    return Lemmas(
        verbs=table("verbs"),
        intransitive=table("intransitive"),
        phrases=phrases,
        destination=table("destination"),
        destination_preps=frozenset(_low(w) for w in lex.get("destination_preps") or []),
        nouns_of=table("nouns_of"),
        count_nouns=table("count_nouns"),
        person_nouns=frozenset(person),
        group_nouns=frozenset(_low(w) for w in lex.get("group_nouns") or []),
        subset_words=frozenset(_low(w) for w in lex.get("subset_words") or []),
        partitive_preps=frozenset(_low(w) for w in lex.get("partitive_preps") or []),
        negations=frozenset(_low(w) for w in lex.get("negations") or []),
        modals=frozenset(_low(w) for w in lex.get("modals") or []),
        alternatives=frozenset(_low(w) for w in lex.get("alternatives") or []),
        articles=frozenset(_low(w) for w in data.get("article_numbers") or []),
    )


def _anchor(span):
    """The token of a number span whose head lies outside it."""
    for t in span:
        if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i:
            return t
    return span[-1]


def _is_people(lx: Lemmas, noun) -> bool:
    if noun.pos_ == "NUM" or noun.ent_type_ == "NORP":
        return True  # "the seven", "64 South Koreans"
    return _low(noun.lemma_) in lx.person_nouns or _low(noun.text) in lx.person_nouns


def _is_subset(lx: Lemmas, span) -> bool:
    """A part of a group counted elsewhere: "including five", "dont 41", "455 of the 807", "cinq d'entre eux"."""
    doc = span.doc
    before = doc[max(span.sent.start, span.start - 3):span.start]
    if any(_low(t.text) in lx.subset_words for t in before):
        return True
    number = _anchor(span)
    if number.dep_ == "nummod":  # "six individuals among the 204 detained", "five members of them"
        for prep in number.head.children:
            if prep.dep_ == "prep" and _low(prep.text) in lx.partitive_preps and any(
                    o.pos_ == "PRON" or any(c.dep_ == "nummod" for c in o.children) for o in prep.children):
                return True
    after = doc[span.end:min(span.end + 2, len(doc))]
    return bool(after) and _low(after[0].text) in lx.partitive_preps and (
        len(after) < 2 or after[1].pos_ in ("DET", "PRON", "NUM") or _low(after[1].text) in lx.partitive_preps)


def _beside_names(noun) -> bool:
    """"Li, Luo and nine others": named people and a number are not a count of either."""
    return noun.dep_ == "conj" and noun.head.pos_ == "PROPN" and noun.head.ent_type_ != "NORP"


def _has_destination(lx: Lemmas, verb) -> bool:
    for child in verb.subtree:
        if child.ent_type_ in ("GPE", "LOC") and any(_low(c.text) in lx.destination_preps
                                                    for c in (*child.children, child.nbor(-1) if child.i else child)):
            return True
    return False


def _dependent_lemmas(verb, group) -> set:
    skip = {t.i for t in group.subtree}
    return {_low(t.lemma_) for c in verb.children if c.i not in skip for t in c.subtree} | \
        {_low(t.text) for c in verb.children if c.i not in skip for t in c.subtree}


def _verb_actions(lx: Lemmas, verb, role: str, group) -> tuple:
    lemma = _low(verb.lemma_)
    found: list = []
    if role in ("object", "passive"):
        found += lx.verbs.get(lemma, ())
        if lemma in lx.destination and _has_destination(lx, verb):
            found += lx.destination[lemma]
    if role in ("subject", "passive"):
        found += lx.intransitive.get(lemma, ())
    around = None
    for (head, others), actions in lx.phrases.items():
        if head == lemma:
            around = around if around is not None else _dependent_lemmas(verb, group)
            if others <= around:
                found += actions
    return tuple(dict.fromkeys(found))


def _not_happened(lx: Lemmas, verb) -> bool:
    for child in verb.children:
        if child.dep_ in ("neg", "advmod") and _low(child.lemma_) in lx.negations:
            return True
        if child.dep_.startswith("aux") and _low(child.lemma_) in lx.modals:
            return True
    return "Fut" in verb.morph.get("Tense") or "Cnd" in verb.morph.get("Mood")


def _alternatives(lx: Lemmas, verb) -> bool:
    """Whether the verb is one of alternatives ("pleaded guilty, been convicted, or are awaiting trial")."""
    top = verb
    while top.dep_ == "conj" and top.head is not top:
        top = top.head
    chain, todo = [], [top]
    while todo:
        v = todo.pop()
        chain.append(v)
        todo += [c for c in v.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    return any(c.dep_ == "cc" and _low(c.text) in lx.alternatives for v in chain for c in v.children)


def _conjuncts(verb, role: str):
    """The verb and the verbs coordinated with it that share its people: no subject of their own, and,
    when the people are the object, no object of their own ("caused 14 deaths and wounded six others")."""
    own = SUBJECT + SUBJECT_PASSIVE + (OBJECT if role == "object" else ())
    out = [verb]
    for child in verb.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX", "ADJ") and not any(
                c.dep_ in own for c in child.children):
            out.extend(_conjuncts(child, role))
    return out


def _governing(lx: Lemmas, group):
    """(verb, role) pairs and action nouns that govern the group's head token."""
    dep = group.dep_
    verbs = []
    head = group.head
    if dep in SUBJECT_PASSIVE:
        verbs.append((head, "passive"))
    elif dep in OBJECT:
        verbs.append((head, "object"))
    elif dep in SUBJECT:
        # French parses "ont été arrêtés" sometimes as nsubj with aux:pass
        passive = any(c.dep_ in ("aux:pass", "auxpass") for c in head.children)
        verbs.append((head, "passive" if passive else "subject"))
    for child in group.children:
        if child.dep_ in ("acl", "relcl", "acl:relcl") and child.pos_ in ("VERB", "ADJ", "AUX"):
            if child.dep_ == "acl" or any(c.dep_ in SUBJECT_PASSIVE or (c.dep_ in OBJECT and c.pos_ == "PRON")
                                          for c in child.children):
                verbs.append((child, "passive"))
    nouns = []
    if dep in ("pobj", "nmod") and head is not group:
        noun = head.head if head.dep_ == "prep" else head
        case = head if head.dep_ == "prep" else next((c for c in group.children if c.dep_ == "case"), None)
        if case is not None and _low(case.text) in ("of", "de", "d'", "des"):
            nouns.append(noun)
    return verbs, nouns


def find(doc, lang: str, spans) -> list[dict]:
    """``{"action", "n", "start", "end", "group"}`` for every number span ``(start, end, n)`` the parse
    links to people and an action; ``group`` is the index of the group's head token."""
    lx = lemmas(lang)
    out = []
    for start, end, n in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        number = _anchor(span)
        if _low(span.text) in lx.articles:
            continue
        gapped = number.dep_ == "conj" and number.head.pos_ in ("VERB", "AUX")  # "… in Serbia and one in Germany"
        if number.dep_ in ("nummod", "amod", "det", "nmod", "quantmod") and number.head.pos_ in NOUN_POS \
                and number.head.i != number.i:
            noun = number.head
        elif number.i + 1 < len(doc) and doc[number.i + 1].pos_ == "NOUN" and doc[number.i + 1].head is not number \
                and number.pos_ != "NUM":
            noun = doc[number.i + 1]  # a number word the model mistagged ("neuf/VERB hommes")
        else:
            noun = number
        if noun is number and (noun.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY")
                               or number.dep_ in ("appos", "npadvmod")):
            continue  # "A man, 26, was arrested": an age
        if _beside_names(noun):
            continue
        # "a total of 64 South Koreans": the group noun stands for its people
        group = noun
        if group.dep_ in ("pobj", "nmod") and group.head.dep_ == "prep" \
                and _low(group.head.head.lemma_) in lx.group_nouns:
            group = group.head.head
        elif group.dep_ == "nmod" and _low(group.head.lemma_) in lx.group_nouns:
            group = group.head
        counted_noun = _low(noun.lemma_) in lx.count_nouns or _low(noun.text) in lx.count_nouns
        if not counted_noun and not _is_people(lx, noun):
            continue
        if _is_subset(lx, span):
            continue
        actions: list = []
        if counted_noun:  # "six victims died": the noun names the action; the verb adds nothing
            actions = list(lx.count_nouns.get(_low(noun.lemma_)) or lx.count_nouns.get(_low(noun.text), ()))
            out += [{"action": a, "n": n, "start": start, "end": end, "group": noun.i, "number": number.i}
                    for a in actions]
            continue
        while group.dep_ in ("conj", "appos") and group.head.pos_ in NOUN_POS and group.head is not group:
            group = group.head
        if gapped:
            verbs, nouns = [(number.head, "passive")], []
            verbs += [(v, r) for v, r in ([(number.head.head, "passive")] if number.head.dep_ == "conj" else [])]
        else:
            verbs, nouns = _governing(lx, group)
            if noun is not group:  # "a total of 64 people who had been detained"
                verbs += [(v, r) for v, r in _governing(lx, noun)[0] if v.head.i == noun.i]
        for verb, role in verbs:
            if _not_happened(lx, verb) or _alternatives(lx, verb):
                continue
            for v in _conjuncts(verb, role) if not gapped else [verb]:
                if v is not verb and _not_happened(lx, v):
                    continue
                actions += _verb_actions(lx, v, role, group)
        for noun_of in nouns:
            actions += lx.nouns_of.get(_low(noun_of.lemma_), ()) or lx.nouns_of.get(_low(noun_of.text), ())
        for action in dict.fromkeys(actions):
            out.append({"action": action, "n": n, "start": start, "end": end, "group": group.i,
                        "number": number.i})
    return out


def vetoed(doc, lang: str, start: int, end: int, noun: bool = True) -> bool:
    """Whether the parse says the number at ``start:end`` cannot be a count, whatever words surround it:
    a subset, a number of things ("two scam centres"), the "eight" of "two of these eight", or a
    group whose verb did not happen or is one of alternatives. For the phrase patterns of counts.py;
    ``noun``: whether the pattern read a noun after the number (not "FOUR CHARGED")."""
    lx = lemmas(lang)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    if _is_subset(lx, span):
        return True
    check_noun = noun
    number = _anchor(span)
    noun = number.head if number.dep_ in ("nummod", "amod", "det", "quantmod") and number.head.i != number.i \
        else number
    if check_noun and noun is not number and noun.pos_ == "NOUN" and not _is_people(lx, noun) \
            and _low(noun.lemma_) not in lx.count_nouns and _low(noun.text) not in lx.count_nouns \
            and _low(noun.lemma_) not in lx.nouns_of:
        return True
    if _beside_names(noun):
        return True
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and _low(noun.head.text) in lx.partitive_preps \
            and noun.head.head.pos_ == "NUM":
        return True
    verbs, _ = _governing(lx, noun)
    return any(_not_happened(lx, v) or _alternatives(lx, v) for v, _ in verbs)
