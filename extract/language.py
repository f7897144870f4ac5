"""Language of a text: py3langid on the text, the page's declared language as a hint."""

from __future__ import annotations

import py3langid

# Languages crackdown reads; a detector restricted to plausible ones is far more accurate on short texts.
LIKELY = ["en", "fr", "zh", "es", "de", "it", "pt", "nl", "ru", "ar", "ja", "ko", "vi", "th", "id", "tr", "pl"]

_identifier = None


def _model():
    global _identifier
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        _identifier.set_languages(LIKELY)
    return _identifier


def detect_language(text: str, hint: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``; ``hint`` (e.g. ``<html lang>``) wins when the text is too short to tell."""
    sample = (text or "")[:5000]
    hint = (hint or "").split("-")[0].split("_")[0].lower() or None
    if len(sample.strip()) < 20:
        return hint
    lang, prob = _model().classify(sample)
    if hint and prob < 0.9:
        return hint
    return lang
