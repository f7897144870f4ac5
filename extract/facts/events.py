"""events: not written yet (placeholder until the field module lands)."""


def extract(doc, lang, document, record):
    return {"event_types": [], "relevant": False, "relevance_score": 0.0, "relevance_reason": None}
