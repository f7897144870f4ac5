"""Numbers written in digits or words, shared by the amount and count extractors.

The words of each language live in ``data/<lang>/numbers.yml``; this module only knows how
to combine them (units add, "hundred" multiplies, scales close a group) and how to read
digit groups in either convention ("1,234.5" / "1 234,5" / "1.234").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"

# Spaces that may separate digit groups: plain, no-break, narrow no-break, thin.
GROUP_SPACES = " \u00a0\u202f\u2009"
# Digits as numbers are written: grouped thousands with optional decimals, or plain.
DIGITS = (
    r"\d{1,3}(?:(?:[\u00a0\u202f\u2009 ]|[.,’'])\d{3})+(?:[.,]\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)?"
)


@lru_cache(maxsize=None)
def has_data(lang: str | None, name: str) -> bool:
    """Does ``data/<lang>/<name>.yml`` exist? A field engine reads a language when its file does."""
    return bool(lang) and (DATA / lang / f"{name}.yml").is_file()


def load_yaml(lang: str, name: str) -> dict:
    """``data/<lang>/<name>.yml`` as a dict (empty when the file is absent)."""
    path = DATA / lang / f"{name}.yml"
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def words_alternation(words) -> str:
    """A regex alternation of literal phrases, longest first, inner spaces matching any whitespace."""
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@dataclass(frozen=True)
class NumberWords:
    """One language's number vocabulary and the regex that finds a run of number words."""

    lang: str
    decimal_mark: str
    units: dict
    multiplying_tens: frozenset
    hundreds: frozenset
    scales: dict
    joiners: frozenset
    collectives: dict
    articles: frozenset
    vague_multipliers: dict
    abbreviations: dict  # scale abbreviations right after digits ("100k", "1,2M"), case-sensitive
    negatives: tuple  # words or signs before a number that make it negative ("minus", "-")
    words_regex: str  # a run of number words (no capturing groups)
    fractions: tuple = ()  # (phrase, factor) before a scale word: "half a" million, "un demi"-million

    def fraction(self, text: str) -> tuple[float, str] | None:
        """("half a million") -> (0.5, "million"); None when the text does not start with a fraction."""
        folded = re.sub(r"\s+", " ", text.casefold().strip())
        for phrase, factor in self.fractions:
            if folded.startswith(phrase):
                rest = folded[len(phrase):].lstrip(" -")
                if rest in self.scales:
                    return factor, rest
        return None

    def value(self, text: str) -> int | None:
        """The value of a run of number words ("twenty-one", "quatre-vingt-dix", "two million")."""
        part = self.fraction(text)
        if part is not None:
            return part[0] * self.scales[part[1]]
        words = [w for w in re.split(r"[\s\-]+", text.casefold()) if w]
        if not words:
            return None
        key = " ".join(words)
        if key in self.collectives:
            return self.collectives[key]
        total, current, seen, last_unit = 0, 0, False, False
        for w in words:
            if w in self.joiners:
                continue
            if w in self.articles and w not in self.units:
                current, seen, last_unit = max(current, 1), True, False
            elif w in self.units:
                v = self.units[w]
                if w in self.multiplying_tens and last_unit and 1 <= current <= 9:
                    current *= v
                else:
                    current += v
                seen, last_unit = True, True
            elif w in self.hundreds:
                current = max(current, 1) * 100
                seen, last_unit = True, False
            elif w in self.scales:
                total += max(current, 1) * self.scales[w]
                current, seen, last_unit = 0, True, False
            elif w in self.collectives:
                current = max(current, 1) * self.collectives[w]
                seen, last_unit = True, False
            else:
                return None
        return total + current if seen else None

    def parse_digits(self, text: str) -> float | None:
        """A digit string in this language's convention ("1,4" fr, "1,400" en, "190.000" fr)."""
        return parse_digits(text, self.decimal_mark)


def parse_digits(text: str, decimal_mark: str = ".") -> float | None:
    """Read "1,234.56", "1 234,56", "1.234" (a 3-digit group after a single non-decimal mark is thousands)."""
    s = re.sub(f"[{GROUP_SPACES}’']", "", text.strip())
    if not s or not re.fullmatch(r"[\d.,]+", s) or not s[0].isdigit():
        return None
    s = s.rstrip(".,")
    if "." in s and "," in s:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        grp = "," if dec == "." else "."
        s = s.replace(grp, "").replace(dec, ".")
    elif "," in s or "." in s:
        mark = "," if "," in s else "."
        parts = s.split(mark)
        if len(parts) > 2:
            s = "".join(parts)  # several marks: thousands
        elif mark != decimal_mark and len(parts[1]) == 3:
            s = "".join(parts)  # "1,400" in English, "190.000" in French
        elif mark == "," and decimal_mark == "." and len(parts[1]) > 3:
            return None  # "160,0000": a typo, no reading is safe
        else:
            s = parts[0] + "." + parts[1]
    try:
        return float(s)
    except ValueError:
        return None


@lru_cache(maxsize=None)
def number_words(lang: str) -> NumberWords:
    data = load_yaml(lang, "numbers")
    units = {str(k).casefold(): int(v) for k, v in (data.get("units") or {}).items()}
    hundreds = frozenset(str(w).casefold() for w in data.get("hundred") or [])
    scales = {str(k).casefold(): int(v) for k, v in (data.get("scales") or {}).items()}
    joiners_data = data.get("joiners") or {}
    joiners = frozenset(str(w).casefold() for w in joiners_data)
    collectives = {str(k).casefold(): int(v) for k, v in (data.get("collectives") or {}).items()}
    articles = frozenset(str(w).casefold() for w in data.get("articles") or [])
    single = [w for w in collectives if " " not in w]
    alternation = words_alternation(list(units) + list(hundreds) + list(scales) + single)
    word = rf"(?:{alternation})(?!\w)" if alternation else ""
    join_forms = []
    for joiner, rule in joiners_data.items():
        rule = rule or {}
        after = "|".join(f"(?<={re.escape(str(w))})" for w in rule.get("after") or [])
        before = words_alternation(rule.get("before") or [])
        form = rf"\s+{re.escape(str(joiner))}\s+"
        if after:
            form = rf"(?:{after}){form}"
        if before:
            form = rf"{form}(?=(?:{before})(?!\w))"
        join_forms.append(form)
    join = "|".join(join_forms)
    join_or_space = f"(?:{join})|\\s+" if join else r"\s+"
    lead = words_alternation(list(articles))
    # a run: optional article, then words joined by spaces, hyphens or a joiner ("twenty-one", "vingt et un")
    run = rf"(?<!\w)(?:(?:{lead})\s+(?={word}))?(?:{word})(?:(?:\s*-\s*|{join_or_space})(?:{word}))*" if word else r"(?!)"
    fractions = {str(k).casefold(): float(v) for k, v in (data.get("fractions") or {}).items()}
    if fractions and scales:
        # "half a million", "a quarter of a billion", "un demi-million": a fraction of one scale word
        run = (rf"(?<!\w)(?:{words_alternation(fractions)})[\s-]*(?:{words_alternation(scales)})(?!\w)|" + run)
    return NumberWords(
        lang=lang,
        decimal_mark=str(data.get("decimal_mark", ".")),
        units=units,
        multiplying_tens=frozenset(str(w).casefold() for w in data.get("multiplying_tens") or []),
        hundreds=hundreds,
        scales=scales,
        joiners=joiners,
        collectives=collectives,
        articles=articles,
        vague_multipliers={str(k).casefold(): int(v) for k, v in (data.get("vague_multipliers") or {}).items()},
        abbreviations={str(k): int(v) for k, v in (data.get("scale_abbreviations") or {}).items()},
        negatives=tuple(sorted((str(w).casefold() for w in data.get("negatives") or []), key=len, reverse=True)),
        words_regex=run,
        fractions=tuple(sorted(fractions.items(), key=lambda kv: len(kv[0]), reverse=True)),
    )


def parse_number(text: str, lang: str) -> float | None:
    """Digits or number words, in ``lang``'s conventions; None when it is neither.

    Also reads digits with a scale ("3 million", "12 lakhs", "2 dozen"), a scale abbreviation
    ("100k", "1,2M") and a leading sign or negative word ("-504", "minus three").
    """
    text = re.sub(r"\s+", " ", text.strip())
    if not text:
        return None
    lex = number_words(lang)
    folded = text.casefold()
    for neg in lex.negatives:
        if folded.startswith(neg) and (not neg[-1].isalpha() or folded[len(neg):len(neg) + 1] in (" ", "")):
            value = parse_number(text[len(neg):], lang)
            return -value if value is not None else None
    if text[0].isdigit() or (text[0] in ".," and text[1:2].isdigit()):
        m = re.fullmatch(rf"((?:{DIGITS}|[.,]\d+))\s?(.*)", text)
        if not m:
            return None
        written = m.group(1)
        base = lex.parse_digits("0" + written if written[0] in ".," else written)
        rest = m.group(2)
        if base is None or not rest:
            return base
        if rest in lex.abbreviations:
            return base * lex.abbreviations[rest]
        scale = lex.value(rest)
        words = rest.casefold().split()
        if scale is None or not all(w in lex.scales or w in lex.collectives or w in lex.hundreds
                                    or w in lex.vague_multipliers for w in words):
            scale = lex.vague_multipliers.get(rest.casefold()) if len(words) == 1 else None
        return base * scale if scale is not None else None
    return lex.value(text)
