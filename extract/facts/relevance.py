"""Does a document report a crackdown on fraud, cybercrime or the organised crime behind them?

A structural rule on the facts already extracted, with no weights to tune (the contract in
shared/gold/README.md, "relevant", read literally):

1. an enforcement action is reported: an event cue of ``action_events`` that passed the
   grammar checks of :mod:`extract.facts.event_grammar`, or a sanctions designation;
2. against an offence of the family (``family`` in ``data/relevance.yml``): a recognised
   charge of the family anywhere in the article, or, when none was recognised, the topic's
   own words ("scam", "escroquerie") in the title or in a sentence that reports the action
   (the actors and the offence in the same passage);
3. theft counts only without violence beside it (theft with force is robbery); and
   not a story about something else: an offence of ``overriding`` (state espionage,
   terrorism) with no financial offence beside it, or a title that announces a law, an
   award or a warning and no action of its own (checked by the caller).

Other crimes beside a fraud (the killings and kidnappings of a scam compound) no longer
pull a document down: they are not evidence against it. The accuracy of this rule per
development file is printed by ``crackdown eval facts`` (row ``relevance``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from extract.facts.geocode import DATA, load_yaml


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    return load_yaml(DATA / "relevance.yml")


@dataclass(frozen=True)
class Decision:
    relevant: bool
    score: float  # 1.0 a family charge, 0.7 the topic's words beside an action, 0 otherwise
    reason: str


def decide(event_types: set[str], charges: set[str], topic_near_action: bool, sanction: bool = False) -> Decision:
    """The rule above on one document's facts.

    ``event_types``: the reported event types; ``charges``: charge slugs; ``topic_near_action``:
    the topic's words sit in the title or in a sentence with an action cue; ``sanction``: a
    sanctions designation was reported."""
    data = rules()
    family = set(data.get("family") or [])
    overriding = set(data.get("overriding") or [])
    financial = set(data.get("financial") or [])
    actions = sorted(e for e in event_types if e in set(data.get("action_events") or []))
    if sanction:
        actions.append("sanctions")
    if not actions:
        return Decision(False, 0.0, "no law-enforcement action reported")
    # theft with violence is robbery (e.g. Cal. Penal Code § 211, Theft Act 1968 s. 8): a violent crime
    violent = set(data.get("violent") or [])
    found = sorted(c for c in charges & family if not (c == "theft" and charges & violent))
    if charges & overriding and not charges & financial:
        other = ", ".join(sorted(charges & overriding))
        return Decision(False, 0.0, f"{'+'.join(actions)}, but the story is about {other}")
    if found:
        return Decision(True, 1.0, f"{'+'.join(actions)} for {', '.join(found)}")
    if topic_near_action:
        return Decision(True, 0.7, f"{'+'.join(actions)} for fraud/cyber wording beside the action")
    offence = ", ".join(sorted(charges)) or "no fraud or cybercrime offence"
    return Decision(False, 0.0, f"{'+'.join(actions)}, but for {offence}")
