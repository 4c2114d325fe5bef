"""Which known reviews are filed under each stem: one packed list per stem.

Migration 0009's ``known_factchecks_fts_keys`` has one row per stem, holding the
reviews filed under it (:mod:`factcheck.analysis.claim_keys`) as little-endian
int64 values ``review id * 4 + keys needed``, sorted. An article's lookup reads
one short row per distinct stem of its sentences and counts with numpy. (A row per
stem and review made the database join and group some 15,000 rows per article at
14,231 reviews: 9 ms, more than all the other checks together.)
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import numpy as np
from sqlalchemy import Column, LargeBinary, MetaData, Table, Text, delete, insert, select

__all__ = ["file_under_keys", "meeting_reviews", "unfile_all", "values_by_key"]

# Outside the ORM's metadata, as the full-text index is.
_KEYS = Table("known_factchecks_fts_keys", MetaData(), Column("term", Text, primary_key=True),
              Column("reviews", LargeBinary, nullable=False))
_CHUNK = 500
_DTYPE = np.dtype("<i8")


def values_by_key(session: Any, key: Any, value: Any, wanted: Iterable[Any]) -> dict[Any, Any]:
    """``key`` -> ``value`` (two columns of one table) for the rows whose key is
    one of ``wanted``, asked for in chunks that stay under any parameter limit."""
    keys = list(dict.fromkeys(wanted))
    found: dict[Any, Any] = {}
    for start in range(0, len(keys), _CHUNK):
        rows = session.execute(select(key, value).where(key.in_(keys[start:start + _CHUNK])))
        found.update((row[0], row[1]) for row in rows)
    return found


def _lists(session: Any, terms: Iterable[str]) -> dict[str, np.ndarray]:
    packed = values_by_key(session, _KEYS.c.term, _KEYS.c.reviews, terms)
    return {term: np.frombuffer(reviews, dtype=_DTYPE) for term, reviews in packed.items()}


def file_under_keys(session: Any, keys: Mapping[int, Sequence[str]], needed: Mapping[int, int],
                    unfile: Mapping[int, Iterable[str]] = {}) -> None:
    """File each review of ``keys`` (review id -> its keys) with how many of them a
    sentence must hold, after taking the reviews of ``unfile`` (review id -> every
    stem it may have been filed under: its former wording's) off those lists."""
    added: dict[str, list[int]] = {}
    for review, terms in keys.items():
        for term in terms:
            added.setdefault(term, []).append(review * 4 + needed[review])
    removed: dict[str, set[int]] = {}
    for review, terms in unfile.items():
        for term in terms:
            removed.setdefault(term, set()).add(review)
    touched = set(added) | set(removed)
    if not touched:
        return
    current = _lists(session, touched)
    rows = []
    for term in touched:
        values = current.get(term, np.empty(0, dtype=_DTYPE))
        if term in removed:
            values = values[~np.isin(values >> 2, np.fromiter(removed[term], dtype=_DTYPE))]
        if term in added:
            values = np.sort(np.concatenate([values, np.asarray(added[term], dtype=_DTYPE)]))
        if len(values):
            rows.append({"term": term, "reviews": values.astype(_DTYPE).tobytes()})
    held = [term for term in touched if term in current]
    for start in range(0, len(held), _CHUNK):
        session.execute(delete(_KEYS).where(_KEYS.c.term.in_(held[start:start + _CHUNK])))
    for start in range(0, len(rows), _CHUNK * 4):
        session.execute(insert(_KEYS), rows[start:start + _CHUNK * 4])


def unfile_all(session: Any) -> None:
    session.execute(delete(_KEYS))


def meeting_reviews(session: Any, sentences: Sequence[Iterable[str]]) -> dict[int, int]:
    """Review id -> the most of its keys one of ``sentences`` (each given as its
    stems) holds, for the reviews some sentence holds enough keys of."""
    stems = [list(dict.fromkeys(s)) for s in sentences]
    lists = _lists(session, (term for held in stems for term in held))
    best: dict[int, int] = {}
    for held in stems:
        found = [lists[term] for term in held if term in lists]
        if len(found) < 2:
            continue
        values, counts = np.unique(np.concatenate(found), return_counts=True)
        met = counts >= (values & 3)
        for review, count in zip((values[met] >> 2).tolist(), counts[met].tolist()):
            best[review] = max(best.get(review, 0), count)
    return best
