"""The offences people are accused, convicted or sentenced for, as charge slugs.

The vocabulary per language lives in ``data/<lang>/charges.yml``: statutory offence names
(US Code, state penal codes, the PRC Criminal Law's English names, the French Code pénal),
the everyday words news use for the same acts ("scam", "escroc") and the nouns for the
people who commit them ("fraudster" -> fraud). :class:`~extract.facts.phrases.PhraseMatcher`
finds them through lemmas, so "conspiracy to commit wire fraud" yields ``fraud``.

Releases accuse in formal sentences; news say what the arrested people did ("ran scam
compounds", "laundered the proceeds"). So a mention counts when the document reports an
action against people (an accusation or enforcement cue somewhere: charged, arrested,
raided, executed, handed over...) and the mention sits in the title or in a sentence that
either carries such a cue or a crime-frame word attributing acts to someone (involved in,
run, commit, lure, defraud). It does not count:

- in a document with no such action at all (a warning, a policy story): its title
  "Beware of bank scams" is no charge;
- in an office's name ("Fraud Unit", "Action Fraud") or after the article's end;
- in a sentence about what the law allows anyone ("can be prosecuted for");
- under a verb by which scammers deceive their victims ("told them their names came up in
  money laundering cases", "threatened her with arrest for tax violations"): a pretext
  is no offence of theirs (dependency ancestors, ``pretext_verbs``);
- in a clause whose subject is the speaker ("we fight every kind of fraud").

A cue reports a case only when it is not negated, not a gerund naming a task, not "my
arrest", not under a pretext verb, and (for enforcement verbs) in the past. A "criminal
group" is ``organized_crime`` only when the people acted against are that group: named
("the Bai family criminal group") or the object of leading, joining or designating.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from extract.facts.doc_text import text_of
from extract.facts.boilerplate import body_end
from extract.facts.geocode import DATA, load_yaml, normalize
from extract.facts.phrases import PhraseMatcher, in_proper_name

IGNORE = "__ignore__"
GROUP = "__group__"  # "criminal group": organized_crime when the people are that group
NEUTRAL = "__neutral__"  # phrases that hold a cue word without being one ("digital arrest")
CUE = "cue"  # a step of a prosecution ("charged", "pleaded guilty")
ACTION = "action"  # an enforcement action ("detained", "raided"), a case when in the past
CASE = "case"  # a word of a case's paperwork ("two counts", "the complaint")
FRAME = "frame"  # acts attributed to someone ("involved in", "ran")


@dataclass(frozen=True)
class _Tools:
    vocabulary: PhraseMatcher
    cues: PhraseMatcher
    heads: frozenset[str]
    pretext: frozenset[str]
    group_verbs: frozenset[str]
    accusations: frozenset[str]  # single-word accusation and action cues, for the speaker test
    compulsion: frozenset[str]  # "force, fraud or coercion": nouns of the means a statute lists
    defining: frozenset[str]  # '"Forced labor" means ...': verbs of a statute's definitions


@functools.lru_cache(maxsize=None)
def _tools(lang: str) -> _Tools | None:
    data = load_yaml(DATA / lang / "charges.yml")
    if not data:
        return None
    vocabulary = dict(data.get("charges") or {})
    vocabulary[IGNORE] = data.get("ignore") or []
    vocabulary[GROUP] = data.get("groups") or []
    cues = PhraseMatcher({
        CUE: data.get("accusation_cues") or [],
        ACTION: data.get("action_cues") or [],
        CASE: data.get("case_words") or [],
        FRAME: data.get("crime_frames") or [],
        NEUTRAL: data.get("not_cues") or [],
        IGNORE: data.get("hypothetical") or [],
    })
    heads = frozenset(normalize(w) for w in data.get("organisation_heads") or [])
    pretext = frozenset(normalize(w) for w in data.get("pretext_verbs") or [])
    group_verbs = frozenset(normalize(w) for w in data.get("group_verbs") or [])
    accusations = frozenset(normalize(w) for w in [*(data.get("accusation_cues") or []), *(data.get("action_cues") or [])])
    compulsion = frozenset(normalize(w) for w in data.get("compulsion_nouns") or [])
    defining = frozenset(normalize(w) for w in data.get("definition_verbs") or [])
    return _Tools(PhraseMatcher(vocabulary), cues, heads, pretext, group_verbs, accusations, compulsion, defining)


def _title_end(doc) -> int:
    """The first line (a press release's headline) as a character offset."""
    newline = text_of(doc).find("\n")
    return newline if newline >= 0 else len(text_of(doc))


def _under_pretext(span, verbs: frozenset[str]) -> bool:
    """The offence hangs (through the parse) under a verb of deceiving a victim."""
    return bool(verbs) and any(normalize(t.lemma_) in verbs for t in span.root.ancestors)


_PERSONAL = frozenset({"my", "your", "me", "you", "us", "our", "mon", "ma", "mes", "ton", "ta", "tes", "vous", "votre",
                       "vos", "nous", "notre", "nos", "te", "moi", "toi"})


def _group_acted_against(span, verbs: frozenset[str]) -> bool:
    """A criminal group the people are: named by a proper noun just before it ("the Bai family
    criminal group"), or the object of a verb of leading, joining, designating or targeting
    ("convicted of leading a criminal organisation", "an operation against a criminal gang")."""
    doc = span.doc
    j = span.start - 1
    while j >= 0 and doc[j].lower_ in ("family", "clan", "-", "'s", "’s"):
        j -= 1
    if j >= 0 and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and not doc[j].is_sent_start:
        return True
    if span.root.dep_.startswith("nsubj"):
        return False  # "a criminal group targeted retirees": the group acts, nobody acts on it
    head = span.root.head
    if head.pos_ == "ADP":  # "participation in a criminal group", "designated as a criminal organization"
        head = head.head
    # "faire partie d'un réseau": the parse may hang the group on "faire", beside its object "partie"
    words = [head, *(c for c in head.children if c.dep_ in ("obj", "dobj", "attr") and c is not span.root)]
    return any(normalize(w.lemma_) in verbs or normalize(w.text) in verbs for w in words)


_SPEAKER = frozenset({"we", "i", "nous", "je", "j'", "j’"})


def _speakers_pledge(span, cues: frozenset[str]) -> bool:
    """The offence sits in a clause whose subject is the speaker ("we are committed to protecting
    Brooklyn from all types of fraud", "nous luttons contre l'escroquerie"): an office's mission,
    not an accusation, unless that clause's verb accuses ("we charged him with fraud")."""
    for verb in span.root.ancestors:
        subjects = [c for c in verb.children if c.dep_.startswith("nsubj")]
        if subjects:
            return subjects[0].lower_ in _SPEAKER and normalize(verb.lemma_) not in cues
    return False


def _among_means(span, nouns: frozenset[str]) -> bool:
    """The offence is one of a list of means beside force and coercion ("obtained through force,
    fraud, or coercion", the wording of trafficking statutes): how another crime is committed."""
    root = span.root
    first = root
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    group = [first, *first.conjuncts]
    # two of them: "charged with fraud and threats" names two offences, "force, fraud or coercion" a formula
    return bool(nouns) and sum(t is not root and normalize(t.lemma_) in nouns for t in group) >= 2


_QUOTES = "\"“”«»'‘’"


def _defines(sent, verbs: frozenset[str]) -> bool:
    """A statute's definition quoted in a release ('"Forced labor" means labor obtained through
    fraud ...', « X » désigne ...): it says what a word means, it accuses nobody."""
    root = sent.root
    if not verbs or normalize(root.lemma_) not in verbs:
        return False
    before = text_of(sent.doc)[sent.start_char : root.idx]
    return sum(before.count(q) for q in _QUOTES) >= 2


def _reports(span, label: str, pretext: frozenset[str]) -> bool:
    """The cue reports an action on someone: an accusation, or an enforcement verb in the past
    ("were arrested", "a été interpellé", not "crackdowns are rising"); not negated ("do not
    arrest people", "there is no charge for the card"), not addressed to the speaker or reader ("a warrant for my arrest"), not
    the threat a scammer makes (under a pretext verb)."""
    if label not in (CUE, ACTION):
        return False
    root = span.root
    if label == ACTION and not (root.pos_ in ("VERB", "AUX") and "Past" in root.morph.get("Tense")):
        return False
    if root.tag_ == "VBG" and not any(c.dep_ == "aux" for c in root.children):
        return False  # "agencies responsible for prosecuting smuggling": a gerund names a task
    if any(c.dep_ == "neg" or c.lower_ in _PERSONAL or c.lower_ in ("no", "aucun", "aucune") for c in root.children):
        return False
    return not _under_pretext(span, pretext)


def extract(doc, lang, document):
    """Charge items: ``charge`` slug plus spans (see :mod:`extract.facts.pipeline`)."""
    from extract.facts.fields import sentence_span

    tools = _tools(lang or "en")
    if tools is None:
        return []
    limit = body_end(text_of(doc), lang)
    title_end = _title_end(doc)
    kinds: dict[int, str | None] = {}

    def kind(sent) -> str | None:
        if sent.start not in kinds:
            matches = tools.cues(doc, sent.start, sent.end)
            found = {m.label for m in matches}
            if IGNORE in found or _defines(sent, tools.defining):
                kinds[sent.start] = None  # "can be prosecuted for fraud", a definition: nobody accused
            elif any(_reports(doc[m.start : m.end], m.label, tools.pretext) for m in matches):
                kinds[sent.start] = CUE
            elif found & {ACTION, CASE, FRAME}:
                kinds[sent.start] = FRAME
            else:
                kinds[sent.start] = None
        return kinds[sent.start]

    candidates = []
    for match in tools.vocabulary(doc):
        if match.label == IGNORE:
            continue
        span = doc[match.start : match.end]
        if span.start_char >= limit:
            break
        if tools.heads and in_proper_name(doc, match.start, match.end, tools.heads):
            continue  # "Insurance Fraud Division", "Elder Abuse Unit": an office's name
        label = match.label
        if label == GROUP:
            if not _group_acted_against(span, tools.group_verbs):
                continue
            label = "organized_crime"
        candidates.append((label, span))
    if not candidates:
        return []
    # only a document that reports an action against people has charges
    if not any(kind(sent) == CUE for sent in doc.sents if sent.start_char < limit):
        return []
    out: list[dict] = []
    seen: set[str] = set()
    for label, span in candidates:
        if label in seen:
            continue
        if span.start_char > title_end and kind(span.sent) is None:
            continue
        if (_under_pretext(span, tools.pretext) or _speakers_pledge(span, tools.accusations)
                or _among_means(span, tools.compulsion)):
            continue
        seen.add(label)
        s_start, s_end = sentence_span(doc, span.start_char)
        out.append({"charge": label, "text": span.text, "start": span.start_char, "end": span.end_char,
                    "sent_start": s_start, "sent_end": s_end})
    return out
