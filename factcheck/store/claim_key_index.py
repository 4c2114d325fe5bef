"""Every review's keys held in memory: which reviews a sentence holds enough keys of.

A process that checks article after article (the desk, ``watch``, an archive
import) reads the whole key table once per import (:mod:`factcheck.store.claim_key_lists`)
and builds a :class:`KeyIndex` of it. It gives the same reviews as counting the
sentences' key lists (:func:`~factcheck.store.claim_key_lists.meeting_reviews`,
which the first check of a process still does) without going through the long
lists: at 150,000 reviews an 800-word article's lists hold some 134,000 values,
nearly all of them under stems many claims are filed under ("year", "children",
"vote"), and sorting them to count was most of what the known fact-checks added
to a check.

The index turns the count around. A sentence holds enough keys of a review when it
holds two of a short claim's or three of a longer one's; so it holds either a key
under which few reviews are filed (a *rare* stem) or two of the review's *common*
ones. The index keeps, besides each stem's list, one list per pair of common stems
filed together (the reviews filed under both) and each review's keys. A sentence's
candidates are the reviews of its rare stems' short lists and of its common pairs'
lists, a few thousand an article, and how often each list met each says whether
the sentence holds enough of its keys (r rare ones; c common ones make c(c - 1)/2
pairs); only where it cannot (one common key or none, one rare key short) are the
review's own keys looked up. The same reviews as the count (stems are told apart by
their hashes: see :func:`_stem_table`): at 150,000 reviews 0.7-0.9 ms an article
in numpy where counting took 2.7-2.9, and 0.33 ms in one call into C
(``_key_meeting.c``, an optional extension: numpy counts where no compiler built it).

Built once per process and import, at the check that reads the table whole: at
150,000 reviews (1.2 million keys, 780,000 pairs of common stems) 0.8-1.2 s and
53 MB; at 40,000 0.17 s and 21 MB. Under :data:`INDEX_FROM` the lists are counted.
"""

from __future__ import annotations

from itertools import chain
from typing import Iterable, Mapping, Sequence

import numpy as np

from factcheck.store.int_table import IntTable

try:
    from factcheck.store import _key_meeting
except ImportError:  # installed without a C compiler: the count runs in numpy
    _key_meeting = None

__all__ = ["INDEX_FROM", "KeyIndex", "SharedHash", "common_from", "index_of"]

#: Under this many values in the key table (about 25,000 reviews), counting an
#: article's lists costs no more than the index's lookups (14,231 reviews: 0.4-0.6
#: ms either way, the index's a little more; 40,000: 0.85 against 0.55).
INDEX_FROM = 200_000


def common_from(values: int) -> int:
    """How many reviews filed under a stem make it common, in a key table of
    ``values``: one in 20,000 of the values (60 at 150,000 reviews, 4,000 of 16,000
    stems), 20 at least. From 30 to 120 at 150,000 the lookups took about as
    long, fewer pairs meaning more candidates to verify; more pairs, more memory."""
    return max(20, values // 20_000)


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The positions ``starts[i]..ends[i]`` of every range, one after the other."""
    lengths = ends - starts
    total = int(lengths.sum())
    if not total:
        return np.empty(0, dtype=np.int64)
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(total)


class KeyIndex:
    """The key table (``term -> packed int64 values review id * 4 + keys needed``,
    as :data:`~factcheck.store.claim_key_lists.KEYS` stores it) held for lookups."""

    def __init__(self, packed: Mapping[str, bytes], common: int | None = None) -> None:
        terms = list(packed)
        self._stems = _stem_table(terms)
        self.stems = stems = len(terms)
        lists = [np.frombuffer(packed[term], dtype="<i8") for term in terms]
        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=stems)
        values = np.concatenate(lists) if lists else np.empty(0, dtype=np.int64)
        # Reviews numbered 0..n in id order (ids are sparse, and may pass 32 bits).
        order = np.argsort(values >> 2)
        ids = values[order] >> 2
        first = np.ones(len(ids), dtype=bool)
        first[1:] = ids[1:] != ids[:-1]
        row_in_order = np.cumsum(first) - 1
        #: Each row's review id.
        self.review_ids = ids[first]
        rows = np.empty(len(values), dtype=np.int32)
        rows[order] = row_in_order
        #: Each stem's list, as rows: ``rows[bounds[s]:bounds[s + 1]]``.
        self.rows, self.bounds = rows, np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        # Each row's keys by stem number, padded with one past the last stem (a
        # stem no sentence holds); and how many of them a sentence must hold.
        per_review = np.bincount(row_in_order, minlength=len(self.review_ids))
        self.keys = np.full((len(self.review_ids), int(per_review.max(initial=0))), stems, dtype=np.int32)
        slot = np.arange(len(ids)) - (np.cumsum(per_review) - per_review)[row_in_order]
        self.keys[row_in_order, slot] = np.repeat(np.arange(stems, dtype=np.int32), lengths)[order]
        self.needed = np.zeros(len(self.review_ids), dtype=np.int8)
        self.needed[row_in_order] = values[order] & 3
        #: Whether a stem's reviews are found by pairs (the padding's are not).
        self.common = np.append(lengths >= (common or common_from(len(values))), False)
        self._pairs, self.pair_starts, self.pair_rows = self._filed_pairs()
        # The compiled count, decided once (its tables' values in 32 bits, as it
        # reads them), and its per-row counters (zero between counts).
        fits = self._stems.slot_values.dtype == np.int32 and self._pairs.slot_values.dtype == np.int32
        self._compiled = _key_meeting if fits else None
        self._scratch = np.zeros(2 * len(self.review_ids), dtype=np.uint16) if self._compiled else None

    def _filed_pairs(self) -> tuple[IntTable, np.ndarray, np.ndarray]:
        """Every two common stems some review is filed under together, by code
        ``lower * stems + higher``: the code's number in a table, and the rows of
        its reviews, ``pair_rows[pair_starts[n]:pair_starts[n + 1]]``."""
        # Each review's common keys in ascending order, its other keys and the
        # padding after them as one past the last stem: each two columns i < j
        # are then a (lower, higher) pair wherever column j holds a common key.
        past = np.int64(self.stems)
        common_keys = np.sort(np.where(self.common[self.keys], self.keys, past), axis=1).astype(np.int64)
        lower, higher = np.triu_indices(self.keys.shape[1], 1)
        second = common_keys[:, higher]
        both = second < past
        codes = common_keys[:, lower][both] * self.stems + second[both]
        holders = np.nonzero(both)[0].astype(np.int32)
        order = np.argsort(codes)
        codes, holders = codes[order], holders[order]
        starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1]))) if len(codes) else codes
        return IntTable(codes[starts]), np.append(starts, len(codes)).astype(np.int64), holders

    @property
    def compiled(self) -> bool:
        """Whether :meth:`meeting` counts in C (``_key_meeting.c``: 0.33 ms an article at
        150,000 reviews, where numpy's hundred-odd calls took 0.72 with the caches cold
        after the other checks); else in numpy, the same reviews."""
        return self._compiled is not None

    def meeting(self, sentences: Sequence[Iterable[str]]) -> list[set[int]]:
        """Per sentence of ``sentences`` (each given as its distinct stems), the ids
        of the reviews of which it holds enough keys."""
        if self._compiled is None:
            return self._meeting_in_numpy(sentences)
        met = self._count_in_c(*_hashed(sentences))
        met_by: list[set[int]] = [set() for _ in sentences]
        for number, review in zip(met[0::2].tolist(), self.review_ids[met[1::2]].tolist()):
            met_by[number].add(review)
        return met_by

    def _count_in_c(self, hashes: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        """``_key_meeting.meet`` over this index: int64 (sentence, row) pairs, for the
        sentences' stems given by their hashes, ``sizes[n]`` of them the n-th's."""
        stems, pairs = self._stems, self._pairs
        return np.frombuffer(self._compiled.meet(  # type: ignore[union-attr]
            hashes, sizes, stems.slot_keys, stems.slot_values, stems.bits, self.common, self.bounds, self.rows,
            pairs.slot_keys, pairs.slot_values, pairs.bits, self.pair_starts, self.pair_rows, self.needed,
            self.keys, self.keys.shape[1], self.stems, self._scratch), dtype=np.int64)

    def _meeting_in_numpy(self, sentences: Sequence[Iterable[str]]) -> list[set[int]]:
        """:meth:`meeting` in numpy: where the C count was not built, and its oracle in the tests."""
        met_by: list[set[int]] = [set() for _ in sentences]
        # Every stem of every sentence numbered at once (a stem the index lacks: -1),
        # then the sentences holding fewer than two left out.
        hashes, sizes = _hashed(sentences)
        number = self._stems.find(hashes)
        sentence_of = np.repeat(np.arange(len(sentences)), sizes)
        known = number >= 0
        stems, sentence_of = number[known], sentence_of[known]
        enough_stems = np.bincount(sentence_of, minlength=len(sentences))[sentence_of] >= 2
        stems, sentence_of = stems[enough_stems], sentence_of[enough_stems]
        if not len(stems):
            return met_by
        common = self.common[stems]
        rare, rare_of = stems[~common], sentence_of[~common]
        starts, ends = self.bounds[rare], self.bounds[rare + 1]
        reviews = len(self.review_ids)
        by_rare = np.repeat(rare_of, ends - starts) * reviews + self.rows[_ranges(starts, ends)]
        by_pair = self._by_pairs(stems[common], sentence_of[common], reviews)
        # Each (sentence, review) met, with how often by each: r rare keys the
        # sentence holds, and p = c(c - 1)/2 pairs of the c common ones it holds.
        # Sorted with its source in the lowest bit, a review's rare meetings come
        # before its pairs.
        tagged = np.concatenate((by_rare << 1, (by_pair << 1) | 1))
        if not len(tagged):
            return met_by
        tagged.sort()
        code = tagged >> 1
        starts = np.flatnonzero(np.concatenate(([True], code[1:] != code[:-1])))
        ends = np.append(starts[1:], len(code))
        pairs_before = np.concatenate(([0], np.cumsum(tagged & 1)))
        p = pairs_before[ends] - pairs_before[starts]
        r = ends - starts - p
        met = code[starts]
        sentence, row = met // reviews, met % reviews
        needed = self.needed[row]
        # Enough keys: three common ones or more (p >= 3), two and a rare one or a
        # short claim's two (p == 1), or the rare ones alone. With one common key
        # held or none (p == 0) and one rare key short, the review's own keys say
        # whether it has a common stem of the sentence.
        enough = (p >= 3) | ((p == 1) & ((needed == 2) | (r >= 1))) | (r >= needed)
        unsure = np.flatnonzero((p == 0) & (r == needed - 1))
        if len(unsure):
            holding = _holding(stems, sentence_of, self.stems, sentence[unsure], self.keys[row[unsure]])
            enough[unsure] = holding >= needed[unsure]
        for number, review in zip(sentence[enough].tolist(), self.review_ids[row[enough]].tolist()):
            met_by[number].add(review)
        return met_by

    def _by_pairs(self, stems: np.ndarray, sentence_of: np.ndarray, reviews: int) -> np.ndarray:
        """``sentence * reviews + row`` for each review filed under two common stems
        of one sentence (``stems`` grouped by sentence, ``sentence_of`` each)."""
        # Each stem paired with those after it in its sentence.
        after = np.searchsorted(sentence_of, sentence_of, side="right") - np.arange(len(stems)) - 1
        first = np.repeat(np.arange(len(stems)), after)
        second = first + 1 + (np.arange(len(first)) - np.repeat(np.cumsum(after) - after, after))
        a, b = stems[first], stems[second]
        number = self._pairs.find(np.minimum(a, b) * self.stems + np.maximum(a, b))
        filed = number >= 0
        starts, ends = self.pair_starts[number[filed]], self.pair_starts[number[filed] + 1]
        return np.repeat(sentence_of[first][filed], ends - starts) * reviews + self.pair_rows[_ranges(starts, ends)]


class SharedHash(ValueError):
    """Two stems of the key table have one Python hash: the index cannot tell them apart."""


def index_of(packed: Mapping[str, bytes]) -> KeyIndex | None:
    """The key table ``packed`` indexed, or None where counting its lists is the
    better way: under :data:`INDEX_FROM` keys, or two stems of one hash."""
    if sum(map(len, packed.values())) // 8 < INDEX_FROM:  # int64 values
        return None
    try:
        return KeyIndex(packed)
    except SharedHash:
        return None


#: How a stem is looked up: by its Python hash (random per process, kept per string).
_stem_hash = hash


def _hashed(sentences: Sequence[Iterable[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Every stem of every sentence by its hash, one after the other, and how many each sentence has."""
    sizes = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))  # type: ignore[arg-type]
    return np.fromiter(map(_stem_hash, chain.from_iterable(sentences)), dtype=np.int64, count=int(sizes.sum())), sizes


def _stem_table(terms: list[str]) -> IntTable:
    """Stems by their Python hashes (a lookup's keys: the hashes of the stems
    asked for), so that an article's stems are numbered in one call. A sentence's
    stem the table lacks but whose hash it holds would be taken for that stem (64
    bits: odds of one in 10**12 an article at 16,000 stems), at worst one candidate
    more for the check to score."""
    hashes = np.fromiter(map(_stem_hash, terms), dtype=np.int64, count=len(terms))
    # A string's hash is never -1 in Python (the table's empty slot).
    if len(np.unique(hashes)) < len(terms):
        raise SharedHash("two stems of the key table share a hash")
    return IntTable(hashes)


def _holding(stems: np.ndarray, sentence_of: np.ndarray, size: int, sentence: np.ndarray,
             keys: np.ndarray) -> np.ndarray:
    """How many of each row of ``keys`` (stem numbers, ``size`` being none) its
    ``sentence`` holds, the article's sentences holding ``stems`` (``sentence_of``
    each): looked up among their codes ``sentence * (size + 1) + stem``, sorted (a
    few hundred: searched within the caches)."""
    codes = np.sort(sentence_of * (size + 1) + stems)
    asked = keys + (sentence * (size + 1))[:, None]
    at = np.minimum(np.searchsorted(codes, asked), len(codes) - 1)
    return np.count_nonzero(codes[at] == asked, axis=1)
