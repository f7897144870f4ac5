"""Chinese facts: the grammar that data files cannot say (segmentation and numerals).

There is no trained Chinese spaCy pipeline that installs offline (no parse, POS or NER), so
every field rests on jieba's segmentation, patterns and the vocabularies of ``data/zh/``:
the text is folded first (traditional characters to simplified, one to one, with OpenCC's
table; full-width digits to ASCII), so one simplified vocabulary reads both scripts and every
offset stays that of the original text. Relevance is the shared rule of
:mod:`extract.facts.relevance` on the events and charges found here.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from extract.facts.boilerplate import body_end
from extract.facts.numbers import load_yaml
from extract.facts.pipeline import empty_record
from extract.facts.relevance import decide, rules

LANG = "zh"


@functools.lru_cache(maxsize=None)
def _data(name: str) -> dict:
    """``data/zh/<name>.yml``, read once (read-only: the callers only look values up)."""
    return load_yaml(LANG, name)
SENTENCE_END = "。！？!?；;\n"
CLAUSE_END = SENTENCE_END + "，,：:"

# --- the pipeline -------------------------------------------------------------------------------


def make_nlp(name: str = "blank:zh"):
    """spaCy's Chinese class with the jieba segmenter (its dictionary ships in the package: nothing
    is downloaded) and a sentencizer on Chinese sentence ends."""
    import logging

    import jieba
    import spacy

    from extract.facts.places_zh import segmentation_words

    jieba.setLogLevel(logging.WARNING)
    for word in segmentation_words():  # the listed place names stay whole (jieba's global dictionary)
        jieba.add_word(word)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("sentencizer", config={"punct_chars": list("。！？!?；")})
    return nlp


@functools.lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    from db.search_terms import fold_table

    table = dict(fold_table())
    for c in range(0xFF01, 0xFF5F):  # full-width ASCII forms, except the clause punctuation Chinese keeps
        if chr(c) not in "，；：（）！？":
            table[c] = chr(c - 0xFEE0)
    table[0x3000] = " "
    return table


def fold(text: str) -> str:
    """Traditional -> simplified and full-width -> ASCII, one character to one (offsets unchanged)."""
    return text.translate(_fold_table())


# --- numerals -----------------------------------------------------------------------------------

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_CN = "".join(CN_DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
# a written number: Arabic (2,129 / 1.34) or Chinese numerals, with units, 余/多 and single spaces inside
NUMBER = rf"(?:\d[\d,]*(?:\.\d+)?|[{_CN}])(?:\s?(?:\d[\d,]*(?:\.\d+)?|[{_CN}余多]))*"
_ARABIC = re.compile(r"\d+(?:\.\d+)?")


def parse_number(text: str) -> tuple[float, bool] | None:
    """``(value, approx)`` of a written number: "3000余万" (3e7, approx), "百余" (100, approx),
    "1.2亿", "十一", "二百八十七", "2,129 万余"; None when it holds no number."""
    s = text.replace(",", "").replace(" ", "")
    approx = False
    total = section = 0.0
    cur: float | None = None
    seen = False
    i = 0
    while i < len(s):
        ch = s[i]
        m = _ARABIC.match(s, i)
        if m:
            cur, seen = float(m.group()), True
            i = m.end()
            continue
        if ch in CN_DIGITS:
            cur = CN_DIGITS[ch] if cur is None else cur * 10 + CN_DIGITS[ch]
            seen = True
        elif ch in SMALL_UNITS:
            section += (cur if cur is not None else 1) * SMALL_UNITS[ch]
            cur, seen = None, True
        elif ch == "万":
            total += ((section + (cur or 0)) or 1) * 10_000
            section, cur, seen = 0.0, None, True
        elif ch == "亿":
            total = (total + section + (cur or 0) or 1) * 100_000_000
            section, cur, seen = 0.0, None, True
        elif ch in "余多":
            approx = True
        else:
            return None
        i += 1
    if not seen:
        return None
    return total + section + (cur or 0), approx


# --- shared helpers -----------------------------------------------------------------------------


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _span_of(text: str, at: int, stops: str = SENTENCE_END) -> tuple[int, int]:
    start = max((text.rfind(c, 0, at) for c in stops), default=-1) + 1
    ends = [e for e in (text.find(c, at) for c in stops) if e >= 0]
    return start, (min(ends) + 1 if ends else len(text))


def _item(text: str, start: int, end: int, **fields) -> dict[str, Any]:
    s_start, s_end = _span_of(text, start)
    return {**fields, "text": text[start:end], "start": start, "end": end, "sent_start": s_start, "sent_end": s_end}


@functools.lru_cache(maxsize=None)
def _vocabulary(name: str, key: str) -> tuple[re.Pattern, dict[str, str]]:
    """A regex of every phrase of ``data/zh/<name>.yml`` ``key`` (label -> phrases), longest first,
    and the phrase -> label table."""
    table = {}
    for label, phrases in (_data(name).get(key) or {}).items():
        for phrase in phrases or ():
            table.setdefault(fold(str(phrase)), label)
    return re.compile(_alternation(table)), table


def _ignored(folded: str, name: str) -> list[tuple[int, int]]:
    words = _data(name).get("ignore") or []
    if not words:
        return []
    return [m.span() for m in re.finditer(_alternation(fold(w) for w in words), folded)]


def _inside(span: tuple[int, int], spans) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


# --- amounts ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _amount_grammar():
    cur = _data("currencies")
    prefix = {fold(k): v for k, v in (cur.get("prefix") or {}).items()}
    suffix = {fold(k): v for k, v in (cur.get("suffix") or {}).items()}
    approx = r"约为|约合|大约|约|将近|接近|近|超过|超|逾|多达|数|上|几"
    regex = re.compile(
        rf"(?P<pre>{approx})?\s?(?P<cur1>{_alternation(prefix)})?\s?"
        rf"(?:(?P<lo>{NUMBER})\s?(?:至|到|~|-|—|－)\s?)?(?P<num>{NUMBER})(?:\s?(?P<scale>million|billion|trillion))?\s?(?P<cur2>{_alternation(suffix)})?")
    home = {fold(k): v for k, v in (cur.get("home") or {}).items()}
    roles = _data("amount_roles")
    cues, after = {}, {}
    for role, entry in (roles.get("roles") or {}).items():
        for w in entry.get("cues") or ():
            cues.setdefault(fold(w), role)
        for w in entry.get("after") or ():
            after.setdefault(fold(w), role)
    return {"regex": regex, "prefix": {k.lower(): v for k, v in prefix.items()},
            "suffix": {k.lower(): v for k, v in suffix.items()}, "home": home,
            "home_regex": re.compile(_alternation(home)) if home else None,
            "home_default": cur.get("home_default") or "CNY", "home_countries": cur.get("home_countries") or {},
            "cues": re.compile(_alternation(cues)), "cue_role": cues,
            "after": re.compile(_alternation(after)), "after_role": after, "default": roles.get("default", "loss")}


def home_currency(folded: str, places=()) -> str:
    """The currency of a bare 元 or "$": that of the region the text names most (Taiwan: TWD), a
    place of the title counting three times."""
    g = _amount_grammar()
    title_end = _title_end(folded)
    counts: dict[str, int] = {}
    if g["home_regex"] is not None:
        for m in g["home_regex"].finditer(folded):
            code = g["home"][m.group()]
            counts[code] = counts.get(code, 0) + (3 if m.start() < title_end else 1)
    for p in places:
        code = g["home_countries"].get(p.get("country"))
        if code:
            counts[code] = counts.get(code, 0) + (3 if p["start"] < title_end else 1)
    return max(sorted(counts), key=counts.get) if counts else g["home_default"]


def _role(folded: str, start: int, end: int) -> str:
    g = _amount_grammar()
    aside = re.match(r"\s*[（(][^）)\n]{0,30}[）)]", folded[end : end + 34])  # 二十万元（约台币八十八万元）奖金
    at = end + (aside.end() if aside else 0)
    m = g["after"].match(folded, at, min(len(folded), at + 6))
    if m:
        return g["after_role"][m.group()]
    c_start, _ = _span_of(folded, start, CLAUSE_END)
    s_start, _ = _span_of(folded, start)
    for lo in (c_start, s_start):
        window = folded[max(lo, start - 40) : start]
        found = [g["cue_role"][f.group()] for f in g["cues"].finditer(window)]
        for strong in ("seized", "penalty", "statutory"):  # 扣押涉案资金19万元: what was done to the money
            if strong in found:
                return strong
        if found:
            return found[-1]
    return g["default"]


def find_amounts(text: str, folded: str | None = None, places=()) -> list[dict[str, Any]]:
    """Every sum of money, in order: ``{"value", "currency", "approx", "start", "end"}`` (a range gives two)."""
    folded = fold(text) if folded is None else folded
    g = _amount_grammar()
    home = None
    out = []
    for m in g["regex"].finditer(folded):
        cur1, cur2 = (m.group("cur1") or "").lower(), (m.group("cur2") or "").lower()
        if cur1 and re.match(r"[A-Za-z]", cur1[-1]) and m.start("cur1") > 0 and folded[m.start("cur1") - 1].isascii() \
                and folded[m.start("cur1") - 1].isalnum():
            continue  # "RM" inside a word or a URL
        if not (cur1 or cur2):
            continue
        code = g["prefix"].get(cur1) if cur1 else None
        if cur2 and (code is None or code == "~home"):
            code = g["suffix"][cur2] if g["suffix"][cur2] != "~home" or code is None else code
        if code == "~home":
            home = home or home_currency(folded, places)
            code = home
        num = m.group("num")
        if not re.search(r"\d", num) and not re.search(f"[{_CN}]", num):
            continue
        if re.fullmatch(r"[余多]+", num):
            continue
        before = folded[max(0, m.start() - 3) : m.start("num")]
        if "兑" in before or "汇率" in folded[max(0, m.start() - 8) : m.start()]:
            continue  # an exchange rate, not a sum
        parsed = parse_number(num)
        if parsed is None or parsed[0] <= 0:
            continue
        value, approx = parsed
        value *= {"million": 1e6, "billion": 1e9, "trillion": 1e12}.get(m.group("scale") or "", 1)
        pre = m.group("pre") or ""
        if pre:
            approx = True
        ends = [(num, value)]
        lo = m.group("lo")
        if lo:
            low = parse_number(lo)
            if low:
                unit = re.search(r"[万亿千百]+$", num.strip())
                low_value = low[0]
                if unit and not re.search(r"[万亿千百]$", lo.strip()):
                    low_value *= parse_number(unit.group())[0]
                ends.insert(0, (lo, low_value))
        for _, v in ends:
            out.append({"value": v, "currency": code, "approx": approx, "start": m.start(), "end": m.end()})
    return out


def extract_amounts(text: str, folded: str, published: str | None, limit: int, places=()) -> list[dict]:
    from extract.facts.amounts import _plain, to_usd

    kept: list[dict] = []
    for f in find_amounts(text, folded, places):
        if f["start"] >= limit:
            break
        if any(k["currency"] == f["currency"] and abs(k["_value"] - f["value"]) <= 0.005 * max(k["_value"], f["value"])
               for k in kept):
            continue
        kept.append(_item(text, f["start"], f["end"], value=_plain(f["value"]), currency=f["currency"],
                          role=_role(folded, f["start"], f["end"]), approx=f["approx"],
                          usd=to_usd(f["value"], f["currency"], published), _value=f["value"]))
    for k in kept:
        del k["_value"]
    return kept


# --- counts -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _count_grammar():
    data = _data("count_actions")
    verbs = {}
    for action, words in (data.get("actions") or {}).items():
        for w in words:
            verbs.setdefault(fold(w), action)
    people = _alternation(fold(p) for p in data.get("people") or [])
    cls = _alternation(data.get("classifiers") or ["名", "人"])
    number = rf"(?<![第\d.])(?!一\s?[个名位])(?P<num>{NUMBER})\s?(?:{cls})(?![民次均])"
    gap = r"[^。！？；;\n，,]{0,20}?"
    return {
        "verbs": verbs,
        # 抓获犯罪嫌疑人31名 / 抓获31名犯罪嫌疑人 / 抓获...等31人
        "after": re.compile(rf"(?P<verb>{_alternation(verbs)}){gap}(?:等\s?)?{number}"),
        # 31名犯罪嫌疑人被抓获 / 22名嫌疑人已被依法刑事拘留
        "before": re.compile(rf"{number}\s?(?:{people})?[^。！？；;\n，,]{{0,10}}?(?P<verb>{_alternation(verbs)})"),
        # 233名冒充…的犯罪嫌疑人被押解回国, 1178名…嫌疑人，被公安机关经泰国押解回国: a passive verb after a
        # long description, a comma and the agent
        "passive": re.compile(rf"{number}[^。！？；;\n，,]{{0,30}}?(?:{people})[，,]?[^。！？；;\n，,被]{{0,15}}?被"
                              rf"[^。！？；;\n，,]{{0,12}}?"
                              rf"(?P<verb>{_alternation(verbs)})"),
        # 将抓获的920余名犯罪嫌疑人，通过口岸移交中方: the object of 将/把 takes the verb after it
        "disposal": re.compile(rf"(?:将|把)[^。！？；;\n]{{0,25}}?{number}\s?(?:{people})?[^。！？；;\n]{{0,40}}?"
                               rf"(?P<verb>{_alternation(verbs)})"),
        # 、诈骗集团案件21件143人 / ，电信诈骗嫌疑人2名: a list's next item has the same verb
        "next": re.compile(rf"[、，,和及]\s?(?P<gap>[^。！？；;\n，,、]{{0,12}}?){number}"),
    }


def find_counts(text: str, folded: str | None = None) -> list[dict[str, Any]]:
    folded = fold(text) if folded is None else folded
    g = _count_grammar()
    out = []

    def number_of(m) -> int | None:
        num = m.group("num")
        if re.fullmatch(r"[余多]+", num) or folded[m.end("num") : m.end("num") + 2] in ("人民", "名义"):
            return None
        parsed = parse_number(num)
        if parsed is None:
            return None
        n = int(parsed[0])
        if n < 1 or n > 1_000_000 or (n == 1 and not num.isdigit()):
            return None  # 一名男子 is "a man", not a count
        return n

    verbs = re.compile(_alternation(g["verbs"]))
    for kind in ("after", "before", "passive", "disposal"):
        for m in g[kind].finditer(folded):
            n = number_of(m)
            if n is None:
                continue
            action = g["verbs"][m.group("verb")]
            out.append({"action": action, "n": n, "start": m.start(), "end": m.end()})
            if kind != "after":
                continue
            end = m.end()
            while (nxt := g["next"].match(folded, end)) and not verbs.search(nxt.group("gap")):
                if (k := number_of(nxt)) is not None:
                    out.append({"action": action, "n": k, "start": nxt.start("num"), "end": nxt.end()})
                end = nxt.end()
    out.sort(key=lambda c: c["start"])
    return out


def extract_counts(text: str, folded: str, limit: int) -> list[dict]:
    out, seen = [], set()
    subset = re.compile(_alternation(fold(w) for w in _data("count_actions").get("subset_words") or ["其中"]))
    largest: dict[str, int] = {}
    for c in find_counts(text, folded):
        if c["start"] >= limit or (c["action"], c["n"]) in seen:
            continue
        clause, _ = _span_of(folded, c["start"], CLAUSE_END)
        if subset.search(folded, clause, c["start"] + 1) and largest.get(c["action"], 0) > c["n"]:
            continue  # 当中香港逮捕了11人: a part of the total before it
        largest[c["action"]] = max(largest.get(c["action"], 0), c["n"])
        seen.add((c["action"], c["n"]))
        out.append(_item(text, c["start"], c["end"], action=c["action"], n=c["n"]))
    return out


# --- events, charges, relevance -----------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _event_words():
    data = _data("events")

    def regex(key):
        words = [fold(w) for w in data.get(key) or []]
        return re.compile(_alternation(words)) if words else None

    return {"hypothetical": regex("hypothetical"), "future": regex("future"), "topic": regex("topic_words"),
            "not_a_case": regex("not_a_case_titles"), "objects": regex("takedown_objects"),
            "civil": frozenset(fold(w) for w in data.get("civil_cues") or ()), "criminal": regex("criminal_words"),
            "generic": frozenset(fold(w) for w in data.get("needs_object") or ()),
            "also_takedown": frozenset(fold(w) for w in data.get("takedown_with_object") or ())}


def _object_near(folded: str, words, at: tuple[int, int], sentence: tuple[int, int]) -> bool:
    """A takedown object (团伙, 网站, 机房) within 12 characters after the cue, or before it in a
    passive (网站已被查封)."""
    objects = words["objects"]
    if objects is None:
        return False
    if objects.search(folded, at[1], min(sentence[1], at[1] + 12)):
        return True
    before = folded[max(sentence[0], at[0] - 12) : at[0]]
    return "被" in before and bool(objects.search(before))


def find_events(text: str, folded: str, limit: int) -> list[dict]:
    regex, table = _vocabulary("events", "events")
    words = _event_words()
    ignored = _ignored(folded, "events")
    out, seen, hypothetical = [], set(), {}
    for m in regex.finditer(folded, 0, limit):
        label = table[m.group()]
        if label in seen or _inside(m.span(), ignored):
            continue
        s_start, s_end = _span_of(folded, m.start())
        if s_start not in hypothetical:
            hypothetical[s_start] = bool(words["hypothetical"] and words["hypothetical"].search(folded, s_start, s_end))
        if hypothetical[s_start] and label != "warning":
            continue
        if folded[max(0, m.start() - 2) : m.start()] in ("未被", "尚未", "没有") or folded[m.start() - 1 : m.start()] in ("未", "拟"):
            continue
        if label == "charge" and m.group() in words["civil"] and not (
                words["criminal"] and words["criminal"].search(folded, s_start, s_end)):
            label = "other"  # Reddit 起诉 Anthropic: a lawsuit, not a criminal charge
            if label in seen:
                continue
        near = _object_near(folded, words, m.span(), (s_start, s_end))
        if m.group() in words["generic"] and not near:
            continue  # "打击" of a slogan; "打掉...团伙" is a takedown
        seen.add(label)
        out.append(_item(text, m.start(), m.end(), event_type=label))
        if near and m.group() in words["also_takedown"] and "takedown" not in seen:
            seen.add("takedown")  # 查封…网站: the site is seized and taken down
            out.append(_item(text, m.start(), m.end(), event_type="takedown"))
    implies = _data("events").get("implies") or {}
    for e in list(out):
        extra = implies.get(e["event_type"])
        if extra and extra not in seen:
            seen.add(extra)
            out.append({**e, "event_type": extra})
    # a case report ends with advice to readers (提醒, 防范): a warning only when the title gives it
    # or no action is reported
    actions = set(rules().get("action_events") or [])
    if any(e["event_type"] in actions for e in out):
        title_end = _title_end(folded)
        out = [e for e in out if e["event_type"] != "warning" or e["start"] < title_end]
    return out


def find_charges(text: str, folded: str, limit: int, title_end: int) -> list[dict]:
    regex, table = _vocabulary("charges", "charges")
    ignored = _ignored(folded, "charges")
    events, _ = _vocabulary("events", "events")
    out, seen = [], set()
    for m in regex.finditer(folded, 0, limit):
        label = table[m.group()]
        if label in seen or _inside(m.span(), ignored):
            continue
        s_start, s_end = _span_of(folded, m.start())
        if m.start() > title_end and not (events.search(folded, s_start, s_end) or re.search(
                r"涉嫌|罪|犯罪嫌疑人|团伙|案", folded[s_start:s_end])):
            continue  # named in a sentence that reports no action on anyone
        seen.add(label)
        out.append(_item(text, m.start(), m.end(), charge=label))
    return out


def _title_end(text: str) -> int:
    end = text.find("\n")
    return len(text) if end < 0 else end


def decide_relevance(folded: str, events: list[dict], charges: list[dict], limit: int) -> tuple[bool, float, str]:
    words = _event_words()
    title_end = _title_end(folded)
    actions = set(rules().get("action_events") or [])
    spans = [(e["sent_start"], e["sent_end"]) for e in events if e["event_type"] in actions]
    topic = False
    if words["topic"]:
        for m in words["topic"].finditer(folded, 0, limit):
            if m.start() < title_end or any(a <= m.start() < b for a, b in spans):
                topic = True
                break
    types = {e["event_type"] for e in events}
    decision = decide(types, {c["charge"] for c in charges}, topic, sanction="other" in types)
    relevant, score, reason = decision.relevant, decision.score, decision.reason
    if relevant and words["not_a_case"]:
        title_actions = [e for e in events if e["start"] < title_end and e["event_type"] in actions]
        found = words["not_a_case"].search(folded, 0, title_end)
        if found and not title_actions:
            relevant, reason = False, f"the title announces {found.group()!r}, not a case"
    return relevant, score, reason


# --- legal references ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _statute_grammar():
    data = _data("statutes")
    num = rf"[\d{_CN}]+"
    return {
        "codes": {fold(k): v for k, v in (data.get("codes") or {}).items()},
        "default": data.get("default", "CN"),
        "regions": {fold(k): v for k, v in (data.get("regions") or {}).items()},
        "cite": re.compile(rf"(?:《(?:中华人民共和国)?(?P<code>[^》\n]{{1,30}})》|(?P<bare>刑法))\s?"
                           rf"(?P<arts>第\s?{num}\s?条(?:\s?之\s?{num})?(?:\s?(?:、|和|及|至)\s?第?\s?{num}\s?条(?:\s?之\s?{num})?)*)"),
        "article": re.compile(rf"第?\s?(?P<a>{num})\s?条(?:\s?之\s?(?P<b>{num}))?"),
        "chapter": re.compile(r"(?:香港法例)?第\s?(?P<a>\d+[A-Z]?)\s?章|\bCap\.?\s?(?P<b>\d+[A-Z]?)\b"),
        "hk": data.get("hk_chapter", "HK"),
    }


def _arabic(numeral: str) -> str:
    parsed = parse_number(numeral)
    return str(int(parsed[0])) if parsed else numeral


def find_refs(text: str, folded: str, limit: int) -> list[dict]:
    g = _statute_grammar()
    regional = {}
    for name, code in g["regions"].items():
        regional[code] = folded.count(name)
    out = []
    for m in g["cite"].finditer(folded, 0, limit):
        code = m.group("code") or m.group("bare")
        jurisdiction = g["codes"].get(code)
        if jurisdiction is None:
            if not code.endswith(("法", "条例", "法典", "规定")):
                continue
            jurisdiction = g["default"]
            busiest = max(sorted(regional), key=regional.get, default=None)
            if busiest and regional[busiest] > 2:
                jurisdiction = busiest
        for a in g["article"].finditer(m.group("arts")):
            article = _arabic(a.group("a")) + (f"-{_arabic(a.group('b'))}" if a.group("b") else "")
            out.append(_item(text, m.start(), m.end(), jurisdiction=jurisdiction, article=article, code=code))
    for m in g["chapter"].finditer(folded, 0, limit):
        out.append(_item(text, m.start(), m.end(), jurisdiction=g["hk"], article=m.group("a") or m.group("b"),
                         code="Cap."))
    seen, kept = set(), []
    for r in out:
        key = (r["jurisdiction"], r["article"])
        if key not in seen:
            seen.add(key)
            kept.append(r)
    return kept


# --- the record ---------------------------------------------------------------------------------


def extract_all(doc, lang: str, document) -> dict[str, Any]:
    """Every field of one Chinese document (called by :func:`extract.facts.fields.extract_all`)."""
    from extract.facts import chrome_zh, places_zh

    text = doc.text
    folded = fold(chrome_zh.mask(text))  # page chrome blanked: same offsets, nothing read there
    record = empty_record(lang)
    limit = body_end(text, lang)
    tokens = frozenset(t.idx for t in doc), frozenset(t.idx + len(t.text) for t in doc)
    record["places"], record["countries"] = places_zh.extract(text, folded, limit, tokens)
    record["amounts"] = extract_amounts(text, folded, getattr(document, "published", None), limit, record["places"])
    record["counts"] = extract_counts(text, folded, limit)
    record["legal_refs"] = find_refs(text, folded, limit)
    events = find_events(text, folded, limit)
    record["event_types"] = events
    actions = set(rules().get("action_events") or [])
    # only a document that reports an action against people has charges
    acted = any(e["event_type"] in actions for e in events)
    record["charges"] = find_charges(text, folded, limit, _title_end(folded)) if acted else []
    if record["charges"] == [] and any(e["event_type"] in {"charge", "conviction", "sentence"} for e in events):
        first = next(e for e in events if e["event_type"] in {"charge", "conviction", "sentence"})
        record["charges"] = [_item(text, first["start"], first["end"], charge="other")]
    relevant, score, reason = decide_relevance(folded, events, record["charges"], limit)
    administrative = {fold(w) for w in _data("events").get("administrative") or ()}
    acts = [e for e in events if e["event_type"] in actions and e["event_type"] != "investigation"]
    if acts and all(e["text"] and fold(e["text"]) in administrative for e in acts):
        # a regulator's fine and nothing criminal: charge other, no case
        record["charges"] = [_item(text, acts[0]["start"], acts[0]["end"], charge="other")]
        relevant, score, reason = False, 0.0, f"an administrative penalty ({acts[0]['text']}), not a criminal case"
    record.update(relevant=relevant, relevance_score=score, relevance_reason=reason)
    return record
