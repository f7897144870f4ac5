"""charges: not written yet (placeholder until the field module lands)."""


def extract(doc, lang, document):
    return []
