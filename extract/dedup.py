"""Group near-duplicate articles: one release published by two sources, or again under a new URL.

Each article text gets a MinHash signature of its word 5-gram shingles, kept in
``article_minhash`` with a hash of the text it was made from, so a nightly run only hashes
new or changed texts. Candidate pairs come from MinHash LSH and are kept when their
estimated Jaccard similarity reaches the threshold; groups are the connected pairs.
``articles.dup_group`` is the smallest article id of the group (an article without
duplicates is its own group), so researchers can facet or count distinct releases by it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np
import sqlite_utils
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 5
THRESHOLD = 0.8
# A fixed seed and permutation scheme: signatures stored by one run must be comparable with the
# next run's (datasketch 2 made the scheme explicit; affine32 values are 32-bit).
SEED = 1
SCHEME = "affine32"
_DTYPE = "<u4"

_WORDS = re.compile(r"\w+")


def shingles(text: str, n: int = SHINGLE_WORDS) -> set[str]:
    """Word ``n``-grams of ``text`` (lower-cased); a text shorter than ``n`` words is one shingle."""
    words = _WORDS.findall(text.lower())
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def signature(text: str, num_perm: int = NUM_PERM) -> LeanMinHash | None:
    """MinHash of ``text``'s shingles, or None for a text without words."""
    grams = shingles(text)
    if not grams:
        return None
    minhash = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    minhash.update_batch([g.encode("utf-8") for g in grams])
    return LeanMinHash(minhash)


def to_blob(minhash: LeanMinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=_DTYPE).tobytes()


def from_blob(blob: bytes) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(blob, dtype=_DTYPE), scheme=SCHEME)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _refresh_signatures(db: sqlite_utils.Database, num_perm: int) -> tuple[dict[int, LeanMinHash], int]:
    """Signatures of every article with words, hashing only new or changed texts."""
    stored = {
        row[0]: (row[1], row[2])
        for row in db.execute("SELECT article_id, text_hash, signature FROM article_minhash")
    }
    signatures: dict[int, LeanMinHash] = {}
    fresh: list[dict[str, Any]] = []
    seen: set[int] = set()
    for article_id, text in db.execute("SELECT id, coalesce(text, '') FROM articles"):
        seen.add(article_id)
        digest = text_hash(text)
        old = stored.get(article_id)
        if old and old[0] == digest and (old[1] is None or len(old[1]) == np.dtype(_DTYPE).itemsize * num_perm):
            if old[1] is not None:
                signatures[article_id] = from_blob(old[1])
            continue
        minhash = signature(text, num_perm)
        fresh.append({"article_id": article_id, "text_hash": digest, "signature": to_blob(minhash) if minhash else None})
        if minhash is not None:
            signatures[article_id] = minhash
    with db.conn:
        if fresh:
            db["article_minhash"].upsert_all(fresh, pk="article_id")
        gone = [i for i in stored if i not in seen]
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            db.execute(f"DELETE FROM article_minhash WHERE article_id IN ({','.join('?' * len(chunk))})", chunk)
    return signatures, len(fresh)


def _groups(signatures: dict[int, LeanMinHash], threshold: float, num_perm: int) -> dict[int, int]:
    """Article id -> smallest id of its group of near-duplicates."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    for article_id, minhash in signatures.items():
        lsh.insert(article_id, minhash)
    parent = {i: i for i in signatures}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for article_id, minhash in signatures.items():
        for other in lsh.query(minhash):
            if other != article_id and minhash.jaccard(signatures[other]) >= threshold:
                a, b = root(article_id), root(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {i: root(i) for i in signatures}


def assign_groups(db: sqlite_utils.Database, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> dict[str, int]:
    """Set ``articles.dup_group`` for every article; idempotent, and cheap when little changed."""
    signatures, hashed = _refresh_signatures(db, num_perm)
    groups = _groups(signatures, threshold, num_perm)
    changes = [
        (groups.get(article_id, article_id), article_id)
        for article_id, current in db.execute("SELECT id, dup_group FROM articles")
        if current != groups.get(article_id, article_id)
    ]
    with db.conn:
        db.conn.executemany("UPDATE articles SET dup_group = ? WHERE id = ?", changes)
    members: dict[int, int] = {}
    for group in groups.values():
        members[group] = members.get(group, 0) + 1
    return {
        "hashed": hashed,
        "updated": len(changes),
        "groups_with_duplicates": sum(1 for n in members.values() if n > 1),
        "duplicates": sum(n - 1 for n in members.values() if n > 1),
    }
