"""Event types a text reports, and whether it is a crackdown on fraud or cybercrime.

Event cues per language live in ``data/<lang>/events.yml``; sentences that only say what
*may* happen ("If convicted, he faces…", "presumed innocent") are skipped, and each cue
must pass the parse checks of :mod:`extract.facts.event_grammar` (not negated, future,
threatened or in another sense of the word). Relevance is the structural rule of
:mod:`extract.facts.relevance` on these events and the charges.
"""

from __future__ import annotations

import functools
from typing import Any

from extract.facts.doc_text import text_of
from extract.facts.boilerplate import body_end
from extract.facts.event_grammar import reported
from extract.facts.geocode import DATA, load_yaml
from extract.facts.phrases import PhraseMatcher, in_proper_name
from extract.facts.relevance import decide, rules

IGNORE = "__ignore__"
ACCUSATION_EVENTS = {"charge", "plea", "conviction", "sentence", "settlement", "other"}
ACTION_TITLE_EVENTS = {"arrest", "charge", "plea", "conviction", "sentence", "execution", "seizure", "takedown",
                       "extradition", "settlement"}


@functools.lru_cache(maxsize=None)
def _language(lang: str) -> dict[str, Any] | None:
    data = load_yaml(DATA / lang / "events.yml")
    if not data:
        return None
    vocabulary = {**(data.get("events") or {}), IGNORE: data.get("ignore") or []}
    # cues whose sense the parse must confirm: label "<event type>@<kind>" (see event_grammar.reported)
    for kind, entry in (data.get("grammar_cues") or {}).items():
        vocabulary[f"{entry['event']}@{kind}"] = entry.get("phrases") or []
    return {
        "events": PhraseMatcher(vocabulary),
        "hypothetical": PhraseMatcher({"if": data.get("hypothetical") or []}),
        "topic": PhraseMatcher({"topic": data.get("topic_words") or []}),
        "not_a_case": PhraseMatcher({"title": data.get("not_a_case_titles") or []}),
    }


def _events(doc, lang: str, limit: int) -> list[dict]:
    from extract.facts.fields import sentence_span

    tools = _language(lang)
    if tools is None:
        return []
    skipped: dict[int, bool] = {}
    out, seen = [], set()
    for match in tools["events"](doc):
        span = doc[match.start : match.end]
        if span.start_char >= limit:
            break
        label, _, kind = match.label.partition("@")
        if match.label in seen or label == IGNORE:
            continue
        if in_proper_name(doc, match.start, match.end):
            continue  # "Frozen Planet Yogurt", "Asset Forfeiture Bureau": a name, not an action
        sent = span.sent
        if sent.start not in skipped:
            skipped[sent.start] = bool(tools["hypothetical"](doc, sent.start, sent.end))
        if skipped[sent.start]:
            continue
        if not reported(doc, match.start, match.end, label, kind or None):
            continue
        seen.add(match.label)
        s_start, s_end = sentence_span(doc, span.start_char)
        item = {"event_type": label, "text": span.text, "start": span.start_char, "end": span.end_char,
                "sent_start": s_start, "sent_end": s_end}
        if kind:
            item["cue"] = kind
        out.append(item)
    return out


def _not_a_case_title(doc, tools, events: list[dict]) -> str | None:
    """The title's words when it announces something other than a case (an award, a law, a
    warning) and names no action of its own; None otherwise."""
    if tools is None:
        return None
    title_end = text_of(doc).find("\n")
    title_end = len(text_of(doc)) if title_end < 0 else title_end
    if any(e["start"] < title_end and e["event_type"] in ACTION_TITLE_EVENTS for e in events):
        return None
    end = next((t.i for t in doc if t.idx >= title_end), len(doc))
    found = tools["not_a_case"](doc, 0, end)
    if not found:
        return None
    # an action cue in the title that _events skipped (a later duplicate) still makes it a case
    if any(m.label in ACTION_TITLE_EVENTS for m in tools["events"](doc, 0, end)):
        return None
    return doc[found[0].start : found[0].end].text


def _topic_near_action(doc, tools, events: list[dict], limit: int) -> bool:
    """The topic's words ("scam", "escroquerie") in the title or in a sentence that reports an action."""
    if tools is None:
        return False
    action_types = set(rules().get("action_events") or [])
    title_end = text_of(doc).find("\n")
    title_end = len(text_of(doc)) if title_end < 0 else title_end
    spans = [(e["sent_start"], e["sent_end"]) for e in events if e["event_type"] in action_types or e.get("cue")]
    for m in tools["topic"](doc):
        at = doc[m.start].idx
        if at >= limit:
            break
        if at < title_end or any(a <= at < b for a, b in spans):
            return True
    return False


def extract(doc, lang, document, record):
    """``event_types``, ``relevant``, ``relevance_score``, ``relevance_reason`` (and ``charges``
    gains ``other`` when someone is accused of an offence outside the vocabulary)."""
    from extract.facts.fields import sentence_span

    lang = lang or "en"
    limit = body_end(text_of(doc), lang)
    events = _events(doc, lang, limit)
    if any(e["event_type"] in (rules().get("action_events") or []) for e in events):
        # "other" is for documents whose action fits no listed type (a lawsuit, a parole hearing)
        # ... but a sanctions designation is `other` whatever else happened (gold/README.md conventions)
        events = [e for e in events if e["event_type"] != "other" or e.get("cue") == "sanction"]
    types = {e["event_type"] for e in events}
    charges = list(record.get("charges") or [])
    result: dict[str, Any] = {"event_types": events}
    if not charges and types & ACCUSATION_EVENTS:
        first = next(e for e in events if e["event_type"] in ACCUSATION_EVENTS)
        s_start, s_end = sentence_span(doc, first["start"])
        charges = [{"charge": "other", "text": first["text"], "start": first["start"], "end": first["end"],
                    "sent_start": s_start, "sent_end": s_end}]
        result["charges"] = charges
    tools = _language(lang)
    decision = decide(types, {c["charge"] for c in charges}, _topic_near_action(doc, tools, events, limit),
                      sanction=any(e.get("cue") == "sanction" for e in events))
    relevant, score, reason = decision.relevant, decision.score, decision.reason
    topic_title = _not_a_case_title(doc, tools, events)
    if relevant and topic_title:
        relevant, reason = False, f"the title announces {topic_title!r}, not a case"
    result.update(relevant=relevant, relevance_score=score, relevance_reason=reason)
    return result
