"""Packed lists of known reviews per stem: the rare-word keys and the BM25 postings.

Migration 0009 keeps two tables of one row per stem, each row a sorted packed
numpy array of the reviews under that stem:

* ``known_factchecks_fts_keys``: the reviews filed under the stem as one of their
  keys (:mod:`factcheck.analysis.claim_keys`), little-endian int64 values
  ``review id * 4 + keys needed``. An article's lookup reads one short row per
  distinct stem of its sentences and counts with numpy. (A row per stem and
  review made the database join and group some 15,000 rows per article at 14,231
  reviews: 9 ms, more than all the other checks together.)
* ``known_factchecks_fts_postings``: every review holding the stem in its claim or
  title, as (int64 review id, float32 BM25 term-frequency part): the first stage
  of ``match`` (:mod:`factcheck.store.known_factchecks`).

:class:`PackedLists` reads and updates either; :class:`ListCache` keeps the rows a
long-running process read, valid while the import's generation stamp is unchanged.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
from sqlalchemy import Table, bindparam, delete, insert, select
from sqlalchemy.orm import Session

from factcheck.store.schema import known_factchecks_fts_keys, known_factchecks_fts_postings

__all__ = ["KEYS", "POSTINGS", "CachedLists", "ListCache", "PackedLists", "connection_of", "counted_meeting",
           "meeting_reviews", "values_by_key"]

_CHUNK = 500


def connection_of(session: Any) -> Any:
    """The connection under a session, or the connection a migration is given."""
    return session.connection() if isinstance(session, Session) else session


def values_by_key(session: Any, key: Any, value: Any, wanted: Iterable[Any]) -> dict[Any, Any]:
    """``key`` -> ``value`` (two columns of one table) for the rows whose key is
    one of ``wanted``, asked for in chunks that stay under any parameter limit."""
    keys = list(dict.fromkeys(wanted))
    found: dict[Any, Any] = {}
    if not keys:
        return found
    statement = _lookup(key, value)
    connection = connection_of(session)
    for start in range(0, len(keys), _CHUNK):
        rows = connection.execute(statement, {"wanted": keys[start:start + _CHUNK]})
        found.update((row[0], row[1]) for row in rows)
    return found


@lru_cache(maxsize=None)
def _lookup(key: Any, value: Any) -> Any:
    # Built once per pair of columns: building a statement costs a check more than running it.
    return select(key, value).where(key.in_(bindparam("wanted", expanding=True)))


class CachedLists:
    """What a process read under one stamp: lists per table and term, reviews by id."""

    def __init__(self, stamp: Any) -> None:
        self.stamp = stamp
        self.lists: dict[str, dict[str, np.ndarray | None]] = {}  # table -> term -> list (None: no row)
        self.rows: dict[int, Any] = {}
        self.made: dict[Any, dict[int, Any]] = {}  # maker -> review id -> what it made of the row
        self.reads: dict[str, int] = {}  # table -> how many times its lists were asked for
        self.packed: dict[str, dict[str, bytes]] = {}  # table -> its whole content, packed
        self.key_index: Any = None  # once read whole, the key table indexed (a KeyIndex; False: too small)


class ListCache:
    """Rows of packed lists a process has read, dropped whenever the stamp it is
    given differs from the one they were read under (an import changed the lists).
    A new stamp starts a new :class:`CachedLists` in one assignment: a thread still
    using the old one never mixes the two."""

    def __init__(self) -> None:
        self.current = CachedLists(None)

    def valid_for(self, stamp: Any) -> CachedLists:
        current = self.current
        if current.stamp != stamp:
            current = self.current = CachedLists(stamp)
        return current


class PackedLists:
    """One table of ``term -> packed sorted array``; ``ids`` gives an array's review ids.

    With ``whole_from``, the ``whole_from``-th time a cache is asked for lists it
    reads the whole table, packed as it is stored: a process that checks a second
    article will check more (the desk, ``watch``, an archive import), and each
    article brings words of its own, about 130 new stems of an 800-word article,
    each a lookup otherwise. Kept as bytes, which Python's collector never walks
    (kept as 15,733 numpy arrays, the whole table made every later check slower,
    those without known fact-checks too: 4.7 -> 7.0 ms for an 800-word article);
    a term's array is made when a check first asks for it. The first check of a
    process reads only its own terms' lists.
    """

    def __init__(self, table: Table, dtype: np.dtype, ids: Callable[[np.ndarray], np.ndarray],
                 whole_from: int | None = None, narrowed: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
        self.table = table
        self.dtype, self.ids = dtype, ids
        self.whole_from = whole_from
        #: What an array read is made into where a narrower type holds it.
        self.narrowed = narrowed

    def read(self, session: Any, terms: Iterable[str], cache: CachedLists | None = None) -> dict[str, np.ndarray]:
        """The lists of ``terms`` (those no review holds left out), from ``cache``
        where it has them; what was read is kept in it."""
        terms = list(dict.fromkeys(terms))
        held = cache.lists.setdefault(self.table.name, {}) if cache is not None else {}
        whole = self._whole(session, cache) if cache is not None and self.whole_from is not None else None
        if whole is not None:
            for term in terms:
                if term not in held:
                    data = whole.get(term)
                    held[term] = None if data is None else self._unpacked(data)
        else:
            missing = [term for term in terms if term not in held]
            if missing:
                packed = values_by_key(session, self.table.c.term, self.table.c.reviews, missing)
                for term in missing:
                    data = packed.get(term)
                    held[term] = None if data is None else self._unpacked(data)
        return {term: found for term in terms if (found := held[term]) is not None}

    def _unpacked(self, data: Any) -> np.ndarray:
        values = np.frombuffer(bytes(data), dtype=self.dtype)
        return values if self.narrowed is None else self.narrowed(values)

    def _whole(self, session: Any, cache: CachedLists) -> dict[str, bytes] | None:
        """The whole table as ``cache`` holds it, read now if this is the
        ``whole_from``-th time it is asked; None before that."""
        name = self.table.name
        whole = cache.packed.get(name)
        if whole is None:
            cache.reads[name] = cache.reads.get(name, 0) + 1
            if cache.reads[name] >= self.whole_from:  # type: ignore[operator]
                connection = connection_of(session)
                rows = connection.execute(select(self.table.c.term, self.table.c.reviews))
                whole = cache.packed[name] = {term: bytes(data) for term, data in rows}
        return whole

    def update(self, session: Any, added: Mapping[str, Sequence[Any]], removed: Mapping[str, Iterable[int]]) -> None:
        """Add the entries of ``added`` (term -> entries of this table's dtype) and
        take the review ids of ``removed`` (term -> ids) off their lists."""
        touched = set(added) | set(removed)
        if not touched:
            return
        current = self.read(session, touched)
        rows = []
        for term in touched:
            values = current.get(term, np.empty(0, dtype=self.dtype))
            if term in removed:
                values = values[~np.isin(self.ids(values), np.fromiter(removed[term], dtype=np.int64))]
            if term in added:
                values = np.sort(np.concatenate([values, np.asarray(added[term], dtype=self.dtype)]))
            if len(values):
                rows.append({"term": term, "reviews": values.astype(self.dtype).tobytes()})
        held = [term for term in touched if term in current]
        for start in range(0, len(held), _CHUNK):
            session.execute(delete(self.table).where(self.table.c.term.in_(held[start:start + _CHUNK])))
        for start in range(0, len(rows), _CHUNK * 4):
            session.execute(insert(self.table), rows[start:start + _CHUNK * 4])

    def clear(self, session: Any) -> None:
        session.execute(delete(self.table))


def _in_32_bits(values: np.ndarray) -> np.ndarray:
    # Sorted: the last is the largest. Review ids under a billion fit, and an
    # article's merge then moves half the bytes (the 32-bit values it sorts).
    return values.astype(np.uint32) if len(values) and values[-1] < 2**32 else values


KEYS = PackedLists(known_factchecks_fts_keys, np.dtype("<i8"), lambda values: values >> 2, whole_from=2,
                   narrowed=_in_32_bits)
POSTINGS = PackedLists(known_factchecks_fts_postings, np.dtype([("id", "<i8"), ("tf", "<f4")]),
                       lambda values: values["id"])


def file_under_keys(session: Any, keys: Mapping[int, Sequence[str]], needed: Mapping[int, int],
                    unfile: Mapping[int, Iterable[str]] = {}) -> None:
    """File each review of ``keys`` (review id -> its keys) with how many of them a
    sentence must hold, after taking the reviews of ``unfile`` (review id -> every
    stem it may have been filed under: its former wording's) off those lists."""
    added: dict[str, list[int]] = {}
    for review, terms in keys.items():
        for term in terms:
            added.setdefault(term, []).append(review * 4 + needed[review])
    KEYS.update(session, added, _by_term(unfile))


def _by_term(reviews: Mapping[int, Iterable[str]]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for review, terms in reviews.items():
        for term in terms:
            out.setdefault(term, set()).add(review)
    return out


def meeting_reviews(session: Any, sentences: Sequence[Iterable[str]],
                    cache: CachedLists | None = None) -> list[set[int]]:
    """Per sentence of ``sentences`` (each given as its stems), the ids of the
    reviews of which it holds enough keys."""
    # A stem said twice is one key: a sentence's stems are counted as a set.
    stems = [held if isinstance(held, (set, frozenset)) else set(held) for held in sentences]
    if cache is not None and cache.key_index:
        return cache.key_index.meeting(stems)
    lists = KEYS.read(session, (term for held in stems for term in held), cache)
    if cache is not None and cache.key_index is None and KEYS.table.name in cache.packed:
        # Read whole (this process's second check): indexed once, for every check
        # until the next import, where the lists are long enough for it to pay.
        from factcheck.store.claim_key_index import index_of

        cache.key_index = index_of(cache.packed[KEYS.table.name]) or False
        if cache.key_index:
            return cache.key_index.meeting(stems)
    return counted_meeting(stems, lists)


def counted_meeting(stems: Sequence[set[str] | frozenset[str]], lists: Mapping[str, np.ndarray]) -> list[set[int]]:
    """:func:`meeting_reviews` by counting each sentence's key lists (``lists``:
    term -> its sorted values, those of every stem of ``stems`` that has one)."""
    met_by: list[set[int]] = [set() for _ in stems]
    # Each sentence's lists but its longest are counted, all sentences' in one
    # array, each value tagged with its sentence (in the bits above the largest
    # value): one sort for the whole article. The longest lists, a third of the
    # values, are looked up instead, for the few reviews they could complete.
    counted, longest, sizes, tags = [], [], [], []
    for number, held in enumerate(stems):
        found = [lists[term] for term in held if term in lists]
        if len(found) >= 2:
            found.sort(key=len)
            longest.append(found.pop())
            counted += found
            sizes.append(sum(map(len, found)))
            tags.append(number)
    if not tags:
        return met_by
    values, looked_up = np.concatenate(counted), np.concatenate(longest)
    shift = int(max(values.max(), looked_up.max())).bit_length()
    # In 32 bits where sentence and value fit (an article's 60 sentences leave
    # room for review ids up to 16 million), which sorts in half the time of 64.
    dtype = np.uint32 if shift + tags[-1].bit_length() <= 32 else np.int64
    values, looked_up = values.astype(dtype, copy=False), looked_up.astype(dtype, copy=False)
    tagged = np.array(tags, dtype=dtype) << shift
    values += np.repeat(tagged, sizes)
    looked_up += np.repeat(tagged, [len(held) for held in longest])  # sorted: tags rise, each list is sorted
    # A review a sentence holds n keys of is then n equal values in a row; it needs
    # two (a short claim) or three. (numpy's default sort, vectorised: 0.35 ms for
    # an article's 125,000 values at 150,000 reviews on a machine with AVX-512,
    # 1.25 ms on one without; 0.70 in 64 bits, where the merge sort that joins the
    # sorted runs took 1.24.)
    values.sort()
    twice = values[:-1][values[1:] == values[:-1]]
    thrice = values[:-2][values[2:] == values[:-2]]
    short = (twice & 3) == 2
    # What the sentence's longest list may complete: a long claim held twice in
    # the others, a short claim once (a few: short claims are 1.4 % of the values).
    maybe = np.concatenate((twice[~short], values[(values & 3) == 2]))
    at = np.minimum(np.searchsorted(looked_up, maybe), len(looked_up) - 1)
    met = np.concatenate((thrice, twice[short], maybe[looked_up[at] == maybe]))
    for number, review in zip((met >> shift).tolist(), ((met & ((1 << shift) - 1)) >> 2).tolist()):
        met_by[number].add(review)
    return met_by
