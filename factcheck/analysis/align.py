"""Global sentence alignment between two revisions.

Every sentence of both sides ends up in exactly one :class:`Link`:

1. sentences with the same text, then the same fingerprint (quotes, spacing and
   case folded) pair up first: on a real revision these are nearly all of them;
2. the rest pair by similarity (``rapidfuzz`` ``fuzz.ratio`` on fingerprints, and
   on their words sorted for rewrites that reordered clauses, guarded by
   :mod:`factcheck.analysis.rewrites`), best score first, anywhere in the article;
3. a sentence that became two adjacent ones (or two that became one) pairs as a
   ``split`` (``merge``) when the joined text matches better than either half;
4. the heaviest increasing subsequence of the pairs, in old order (fewest
   sentences off it, then least text), is what stayed in place; pairs off it
   moved. A pair in place that left its paragraph-mates and joined another
   paragraph's sentences also moved. Copies of a repeated sentence pair in order.

Cost stays near-linear: exact matching is a dictionary, the ordering step is O(n log n), and
similarity is computed only between sentences left unmatched; when those are many
(a heavy rewrite of a long piece), candidates are blocked on shared rare words
instead of scoring all against all.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from rapidfuzz import fuzz

from factcheck.text.segmentation import fingerprint

__all__ = ["Link", "align", "MIN_SIMILARITY", "MIN_REORDERED_SIMILARITY", "MIN_JOIN_SIMILARITY"]

#: Lowest ``fuzz.ratio`` (0-100) at which two sentences count as one edited sentence.
MIN_SIMILARITY = 60.0
#: The same on the words sorted (order ignored), for a rewrite that reordered
#: clauses; such a pair must also share its names, numbers and most content words.
MIN_REORDERED_SIMILARITY = 72.0
#: A split or merge must match at least this well, and better than the best half.
MIN_JOIN_SIMILARITY = 75.0
_JOIN_GAIN = 5.0

# Below this many candidate cells a plain loop beats cdist, and it spares the CLI
# the numpy import (~100 ms) that cdist's result array costs on every run.
_LOOP_CELLS = 4_000
# Above this many cells all-against-all scoring stops being near-linear.
_CDIST_CELLS = 250_000
_BLOCK_WORD = re.compile(r"\w{4,}")
_BLOCK_COMMON = 40  # a word in more sentences than this says nothing about pairing
_BLOCK_CANDIDATES = 25
# More than any sentence's length: keeping one more sentence in place always wins.
_SENTENCE_WEIGHT = 1 << 20
# Up to this many groups of crossed copies are tried in order, one by one.
_COPY_TRIALS = 3


@dataclass(frozen=True, slots=True)
class Link:
    """One alignment unit; ``old``/``new`` are indexes into the two sequences.

    ``kind`` is unchanged, edited, moved, moved-edited, added, removed, split or
    merge. ``similarity`` is 0-1, ``None`` for added and removed sentences.
    """

    kind: str
    old: tuple[int, ...]
    new: tuple[int, ...]
    similarity: float | None


def align(
    old: Sequence[str],
    new: Sequence[str],
    old_paragraphs: Sequence[int] | None = None,
    new_paragraphs: Sequence[int] | None = None,
) -> list[Link]:
    """Align two sentence sequences; links come back in reading order of ``new``.

    ``*_paragraphs`` give each sentence's paragraph: splits and merges stay within
    one paragraph, and crossing into another paragraph counts as a move. Removed
    sentences are placed where they stood relative to the sentences that stayed.
    """
    old_par = list(old_paragraphs) if old_paragraphs is not None else [0] * len(old)
    new_par = list(new_paragraphs) if new_paragraphs is not None else [0] * len(new)
    state = _State(len(old), len(new))
    # Identical text first: nearly every sentence of a revision, and it spares
    # computing their fingerprints, which only the unmatched rest need.
    _pair_equal(list(old), list(new), state)
    old_fp = [fingerprint(s) if link < 0 else "" for s, link in zip(old, state.old_link)]
    new_fp = [fingerprint(s) if link < 0 else "" for s, link in zip(new, state.new_link)]
    _pair_equal(old_fp, new_fp, state)
    _pair_similar(old, new, old_fp, new_fp, state)
    _pair_splits(old_fp, new_fp, old_par, new_par, state, forward=True)
    _pair_splits(new_fp, old_fp, new_par, old_par, state, forward=False)
    # Fewest moved sentences first, then the least text moved: a sentence's
    # weight is one sentence (a unit no length can outweigh) plus its length.
    weights = [_SENTENCE_WEIGHT + len(s) for s in new]
    in_place = _in_place(state, old_par, new_par, weights)
    if state.copy_groups:
        in_place = _copies_in_order(state, old_par, new_par, weights, in_place)
    return _ordered_links(state, in_place, old, new)


class _State:
    """Which sentence is paired with which, and how well."""

    def __init__(self, n_old: int, n_new: int) -> None:
        self.old_link = [-1] * n_old
        self.new_link = [-1] * n_new
        self.links: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
        # Link numbers of the copies of one sentence (or of one edit of it) paired
        # with each other's copies: see _copies_in_order.
        self.copy_groups: list[list[int]] = []

    def add(self, old: tuple[int, ...], new: tuple[int, ...], score: float) -> None:
        number = len(self.links)
        self.links.append((old, new, score))
        for i in old:
            self.old_link[i] = number
        for j in new:
            self.new_link[j] = number

    def replace(self, number: int, old: tuple[int, ...], new: tuple[int, ...], score: float) -> None:
        self.links[number] = (old, new, score)
        for i in old:
            self.old_link[i] = number
        for j in new:
            self.new_link[j] = number

    def unmatched_old(self) -> list[int]:
        return [i for i, link in enumerate(self.old_link) if link < 0]

    def unmatched_new(self) -> list[int]:
        return [j for j, link in enumerate(self.new_link) if link < 0]


def _pair_equal(old_keys: list[str], new_keys: list[str], state: _State) -> None:
    """Pair unmatched sentences with equal keys.

    Keys that occur once on each side pair first and serve as anchors. A key that
    repeats ("He declined to comment.") pairs each old occurrence with the free
    new one nearest to where the anchors say it should be, so that cutting the
    first copy does not shift every later copy and fake a run of moves.
    """
    old_link, new_link, links = state.old_link, state.new_link, state.links
    old_at: dict[str, list[int]] = defaultdict(list)
    new_at: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(old_keys):
        if old_link[i] < 0:
            old_at[key].append(i)
    for j, key in enumerate(new_keys):
        if new_link[j] < 0:
            new_at[key].append(j)
    repeated = []
    for key, olds in old_at.items():
        news = new_at.get(key)
        if not news:
            continue
        if len(olds) == 1 and len(news) == 1:
            # state.add inlined: this is nearly every sentence of a revision.
            i, j = olds[0], news[0]
            old_link[i] = new_link[j] = len(links)
            links.append(((i,), (j,), 100.0))
        else:
            repeated.append((olds, news))
    if not repeated:
        return
    # Anchors in place (increasing in both orders) bound where a repeat can be.
    pairs = sorted((old_ix[0], new_ix[0]) for old_ix, new_ix, _ in state.links)
    anchors = [pairs[k] for k in _longest_increasing([j for _, j in pairs])]
    anchor_old = [i for i, _ in anchors]

    def gap(i: int) -> tuple[int, int]:
        """The new positions between the anchors either side of old ``i``."""
        at = bisect.bisect_left(anchor_old, i)
        low = anchors[at - 1][1] if at > 0 else -1
        high = anchors[at][1] if at < len(anchors) else len(new_keys)
        return low, high

    def expected(i: int) -> float:
        # Interpolated between the anchors either side (the ends of the texts
        # when there is none): what was cut or added nearby shifts it in proportion.
        at = bisect.bisect_left(anchor_old, i)
        low_old, low_new = anchors[at - 1] if at > 0 else (-1, -1)
        high_old, high_new = anchors[at] if at < len(anchors) else (len(old_keys), len(new_keys))
        return low_new + (i - low_old) * (high_new - low_new) / max(high_old - low_old, 1)

    for olds, news in repeated:
        free = list(news)  # sorted
        deferred = []
        # First choice: copies between the same two anchors on both sides, in
        # order, as near as may be to where the anchors put each old one.
        by_gap: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in olds:
            by_gap[gap(i)].append(i)
        for (low, high), group in by_gap.items():
            start, stop = bisect.bisect_right(free, low), bisect.bisect_left(free, high)
            paired = _in_order_copies(group, free[start:stop], [expected(i) for i in group])
            for i, j in paired:
                state.add((i,), (j,), 100.0)
            taken = {j for _, j in paired}
            free[start:stop] = [j for j in free[start:stop] if j not in taken]
            deferred.extend(i for i in group if state.old_link[i] < 0)
        # Otherwise the copy moved: to the free copies left, still in order
        # among themselves, each as near as may be to where the anchors put it.
        if deferred and free:
            for i, j in _in_order_copies(deferred, free, [expected(i) for i in deferred]):
                state.add((i,), (j,), 100.0)
        numbers = [state.old_link[i] for i in olds if state.old_link[i] >= 0]
        if len(numbers) > 1:
            state.copy_groups.append(numbers)


def _uncross_links(numbers: list[int], state: _State) -> None:
    """Give the one-to-one links ``numbers`` (pairs of the same two texts) their
    old and new sentences in order, so that no two of them cross."""
    olds = sorted(state.links[n][0][0] for n in numbers)
    news = sorted(state.links[n][1][0] for n in numbers)
    scores = [state.links[n][2] for n in numbers]  # all equal: the same two texts
    for number, i, j, score in zip(numbers, olds, news, scores):
        state.replace(number, (i,), (j,), score)


def _in_order_copies(olds: list[int], news: list[int], wanted: list[float]) -> list[tuple[int, int]]:
    """Pair the copies of one repeated sentence without crossing them.

    Identical boilerplate ("Our editors' picks ...") twice in a story keeps its
    order: each copy on the shorter side pairs with one on the longer side, in
    order, as near as possible to where the anchors put the old copy
    (``wanted``), so cutting the first copy does not shift every later copy and
    fake a run of moves. With as many copies on each side the order decides
    alone; otherwise a dynamic programme chooses which copies of the longer side
    are left over, O(copies x copies left over).
    """
    m, n = len(olds), len(news)
    if m == n:
        return list(zip(olds, news))
    short, extra = min(m, n), abs(m - n)

    def distance(s: int, long: int) -> float:
        # s indexes the shorter side, ``long`` the longer one.
        return abs(wanted[s] - news[long]) if m < n else abs(wanted[long] - news[s])

    inf = float("inf")
    # cost[s][d]: the first s copies of the shorter side paired, d of the longer skipped.
    cost = [[inf] * (extra + 1) for _ in range(short + 1)]
    paired = [[False] * (extra + 1) for _ in range(short + 1)]
    cost[0][0] = 0.0
    for s in range(short + 1):
        row = cost[s]
        for d in range(extra + 1):
            here = row[d]
            if here == inf:
                continue
            if d < extra and here < row[d + 1]:
                row[d + 1], paired[s][d + 1] = here, False  # skip copy s + d of the longer side
            if s < short:
                value = here + distance(s, s + d)
                if value < cost[s + 1][d]:
                    cost[s + 1][d], paired[s + 1][d] = value, True
    out = []
    s, d = short, extra
    while s:
        if paired[s][d]:
            s -= 1
            out.append((s, s + d))
        else:
            d -= 1
    out.reverse()
    if m < n:
        return [(olds[s], news[long]) for s, long in out]
    return [(olds[long], news[s]) for s, long in out]


def _pair_similar(old: Sequence[str], new: Sequence[str], old_fp: list[str], new_fp: list[str], state: _State) -> None:
    """Pair the sentences left over by similarity, best pair first, anywhere.

    Two measures: ``fuzz.ratio`` on fingerprints, which follows word order, and
    the same on the words sorted, which does not: a heavy rewrite turns "A, B."
    into "B, A." with a word or two changed and falls below the first. A pair
    found only by the second must also pass :func:`factcheck.analysis.rewrites.related`
    (shared names and numbers, most content words), the guard that keeps two
    unrelated sentences of one story from pairing on common vocabulary.
    """
    old_left, new_left = state.unmatched_old(), state.unmatched_new()
    if not old_left or not new_left:
        return
    from factcheck.analysis.rewrites import bag_of_words, related

    queries, choices = [old_fp[i] for i in old_left], [new_fp[j] for j in new_left]
    # (rank, similarity) per pair. The similarity reported is the order-following
    # one when it passes; the rank is the better of the two measures, so that a
    # rewrite is not beaten by a near-copy of it elsewhere in the story ("...
    # for Owen Lindqvist's ..." twice, one of them rewritten) that happens to
    # keep a little more of the word order.
    best = {(a, b): (score, score) for a, b, score in score_pairs(queries, choices, MIN_SIMILARITY)}
    old_bags, new_bags = [bag_of_words(q) for q in queries], [bag_of_words(c) for c in choices]
    for a, b, score in score_pairs(old_bags, new_bags, MIN_REORDERED_SIMILARITY):
        rank, similarity = best.get((a, b), (0.0, score))
        if score > rank and related(old[old_left[a]], new[new_left[b]]):
            best[(a, b)] = (score, similarity)
    n_old, n_new = max(len(old_fp), 1), max(len(new_fp), 1)
    candidates = [
        (-rank, abs(old_left[a] / n_old - new_left[b] / n_new), old_left[a], new_left[b], similarity)
        for (a, b), (rank, similarity) in best.items()
    ]
    candidates.sort()  # best first; on a tie, the pair nearer in place
    copies: dict[tuple[str, str], list[int]] = defaultdict(list)
    for _, _, i, j, similarity in candidates:
        if state.old_link[i] < 0 and state.new_link[j] < 0:
            copies[(old_fp[i], new_fp[j])].append(len(state.links))
            state.add((i,), (j,), similarity)
    state.copy_groups.extend(numbers for numbers in copies.values() if len(numbers) > 1)


def score_pairs(queries: list[str], choices: list[str], cutoff: float) -> list[tuple[int, int, float]]:
    """``(query index, choice index, fuzz.ratio)`` for every pair scoring ``cutoff`` or more.

    Small sets are scored in a loop, medium ones with ``process.cdist``; large ones
    only on candidates that share a rare word, which keeps a rewrite of an
    80,000-word piece from becoming 16 million comparisons.
    """
    cells = len(queries) * len(choices)
    if cells <= _LOOP_CELLS:
        out = []
        for a, query in enumerate(queries):
            for b, choice in enumerate(choices):
                score = fuzz.ratio(query, choice, score_cutoff=cutoff)
                if score:
                    out.append((a, b, score))
        return out
    if cells <= _CDIST_CELLS:
        from rapidfuzz import process

        # The strings are fingerprints already, hence no processor.
        matrix = process.cdist(queries, choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, workers=-1)
        rows, cols = matrix.nonzero()
        return [(int(a), int(b), float(matrix[a, b])) for a, b in zip(rows, cols)]
    return _score_blocked(queries, choices, cutoff)


def _score_blocked(queries: list[str], choices: list[str], cutoff: float) -> list[tuple[int, int, float]]:
    index: dict[str, list[int]] = defaultdict(list)
    for b, choice in enumerate(choices):
        for word in set(_BLOCK_WORD.findall(choice)):
            index[word].append(b)
    from rapidfuzz import process

    left: list[int] = []
    right: list[int] = []
    for a, query in enumerate(queries):
        shared: dict[int, int] = defaultdict(int)
        for word in set(_BLOCK_WORD.findall(query)):
            postings = index.get(word)
            if postings and len(postings) <= _BLOCK_COMMON:
                for b in postings:
                    shared[b] += 1
        for b, _ in sorted(shared.items(), key=lambda item: -item[1])[:_BLOCK_CANDIDATES]:
            left.append(a)
            right.append(b)
    if not left:
        return []
    # Every candidate pair scored in one call, in C and on all cores.
    scores = process.cpdist(
        [queries[a] for a in left], [choices[b] for b in right],
        scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, workers=-1,
    )
    return [(a, b, float(score)) for a, b, score in zip(left, right, scores.tolist()) if score]


def _pair_splits(
    one_fp: list[str],
    two_fp: list[str],
    one_par: list[int],
    two_par: list[int],
    state: _State,
    *,
    forward: bool,
) -> None:
    """Pair one sentence on side "one" with two adjacent sentences on side "two".

    ``forward`` is a split (old -> two new); otherwise a merge, with the sides
    swapped. Either the single sentence is unmatched and both halves are too, or
    it is paired (edited) with one half and the other half is unmatched.
    """
    one_link = state.old_link if forward else state.new_link
    two_link = state.new_link if forward else state.old_link

    def free(k: int) -> bool:
        return 0 <= k < len(two_fp) and two_link[k] < 0

    def adjacent(k: int) -> bool:
        return 0 <= k < len(two_fp) - 1 and two_par[k] == two_par[k + 1]

    options: list[tuple[float, int, int]] = []  # (score, single, first of two)
    # Edited pairs whose partner has an unmatched neighbour in the same paragraph.
    for one_index, number in enumerate(one_link):
        if number < 0:
            continue
        old, new, score = state.links[number]
        if score >= 100.0 or len(old) != 1 or len(new) != 1:
            continue
        partner = new[0] if forward else old[0]
        for first in (partner - 1, partner):
            other = first if first != partner else first + 1
            if adjacent(first) and free(other):
                joined = fuzz.ratio(one_fp[one_index], two_fp[first] + " " + two_fp[first + 1])
                if joined >= MIN_JOIN_SIMILARITY and joined >= score + _JOIN_GAIN:
                    options.append((joined, one_index, first))
    # Unmatched sentences against adjacent pairs of sentences that are unmatched
    # or, one of the two, only edited-paired: a near-copy of the split sentence
    # elsewhere in the story ("But Ray Dube's cable discloses ...") may have
    # taken one half by similarity, and the sentence that was split matches the
    # joined halves better than that edit did.
    def edited(k: int) -> float | None:
        """The score of the one-to-one edited link of ``k``, if that is what holds it."""
        number = two_link[k]
        if number < 0:
            return None
        old, new, score = state.links[number]
        return score if score < 100.0 and len(old) == 1 and len(new) == 1 else None

    singles = [k for k, number in enumerate(one_link) if number < 0]
    firsts, beat = [], []  # beat: the score an edit holding one half leaves to beat
    # Only pairs with a free sentence in them: next to each unmatched one.
    unmatched = [k for k, number in enumerate(two_link) if number < 0]
    for k in sorted({k for f in unmatched for k in (f - 1, f)}):
        if not adjacent(k):
            continue
        held = None if free(k) and free(k + 1) else edited(k + 1 if free(k) else k)
        if held is not None or (free(k) and free(k + 1)):
            firsts.append(k)
            beat.append(0.0 if held is None else held + _JOIN_GAIN)
    if singles and firsts:
        joined_texts = [two_fp[k] + " " + two_fp[k + 1] for k in firsts]
        for a, b, score in score_pairs([one_fp[k] for k in singles], joined_texts, MIN_JOIN_SIMILARITY):
            if score >= beat[b]:
                options.append((score, singles[a], firsts[b]))

    options.sort(key=lambda option: -option[0])
    for score, one_index, first in options:
        pair = (first, first + 1)
        number = one_link[one_index]
        partners = {two_link[k] for k in pair} - {-1}
        old, new = ((one_index,), pair) if forward else (pair, (one_index,))
        if number < 0 and not partners:
            state.add(old, new, score)
        elif sum(two_link[k] < 0 for k in pair) != 1:
            continue
        elif number >= 0 and partners == {number}:
            state.replace(number, old, new, score)
        elif number < 0 and (held := edited(first if two_link[first] >= 0 else first + 1)) is not None \
                and score >= held + _JOIN_GAIN:
            (holder,) = partners
            displaced = state.links[holder][0 if forward else 1][0]
            state.replace(holder, old, new, score)
            one_link[displaced] = -1  # left unmatched: a later step may still pair it


def _longest_increasing(values: list[int]) -> list[int]:
    """Positions, in order, of a longest strictly increasing subsequence of ``values``.

    The unweighted case of :func:`_heaviest_increasing` for the anchors, by
    patience sorting: ``bisect`` does the inner search in C, 5x quicker than the
    Fenwick loops on a short article.
    """
    tails: list[int] = []  # smallest last value of an increasing run of each length
    tail_at: list[int] = []  # the position holding it
    previous = [-1] * len(values)
    for pos, value in enumerate(values):
        length = bisect.bisect_left(tails, value)
        previous[pos] = tail_at[length - 1] if length else -1
        if length == len(tails):
            tails.append(value)
            tail_at.append(pos)
        else:
            tails[length], tail_at[length] = value, pos
    out = []
    pos = tail_at[-1] if tail_at else -1
    while pos >= 0:
        out.append(pos)
        pos = previous[pos]
    out.reverse()
    return out


def _heaviest_increasing(values: list[int], weights: list[int]) -> set[int]:
    """Positions of the increasing subsequence of ``values`` with the largest total weight.

    :func:`align` weighs a sentence as one sentence plus its length, so the
    explanation with the fewest moved sentences wins and, between two equally
    few, the shorter one is reported as moving: what an editor recognises. A
    Fenwick tree over ``values`` keeps it O(n log n).
    """
    size = max(values, default=-1) + 2
    tree_best = [0] * (size + 1)
    tree_pos = [-1] * (size + 1)
    previous = [-1] * len(values)
    best_total, best_end = 0, -1
    for pos, value in enumerate(values):
        # Best chain ending below ``value`` (Fenwick prefix maximum over 1..value).
        k, total, before = value, 0, -1
        while k > 0:
            if tree_best[k] > total:
                total, before = tree_best[k], tree_pos[k]
            k -= k & -k
        total += weights[pos]
        previous[pos] = before
        if total > best_total:
            best_total, best_end = total, pos
        k = value + 1
        while k <= size:
            if tree_best[k] < total:
                tree_best[k], tree_pos[k] = total, pos
            k += k & -k
    out: set[int] = set()
    while best_end >= 0:
        out.add(best_end)
        best_end = previous[best_end]
    return out


def _copies_in_order(
    state: _State, old_par: list[int], new_par: list[int], weights: list[int], in_place: set[int]
) -> set[int]:
    """Copies of one sentence keep their order, where that moves no more sentences.

    Identical boilerplate ("Our editors' picks ...") twice in a story carries no
    evidence of which copy is which but its order. Pairing by anchors can still
    cross two copies: a sentence that jumped looks in place among the unique
    sentences, and the copy it passed is paired across the other; the ordering
    step then reports the shorter copy moved rather than the sentence. Each
    group of crossed copies is put back in order and kept so when the count of
    moved sentences does not grow (a copy that really moved far would shift
    every copy between into another place).
    """
    crossed = [group for group in state.copy_groups if _crossed(group, state)]
    if not crossed or len(crossed) > _COPY_TRIALS:
        # Each trial is an ordering step. Many crossed groups are a long text of
        # repeated lines, where trying them all at once is nearly always refused
        # (one far-moved copy suffices) and would cost a step for nothing.
        return in_place
    for group in crossed:
        saved = [(number, state.links[number]) for number in group]
        _uncross_links(group, state)
        trial = _in_place(state, old_par, new_par, weights)
        if len(trial) >= len(in_place):
            in_place = trial
        else:
            for number, (old, new, score) in saved:
                state.replace(number, old, new, score)
    return in_place


def _crossed(group: list[int], state: _State) -> bool:
    """Whether some two of the one-to-one links ``group`` cross (a split since made of one does not count)."""
    links = [state.links[number] for number in group]
    if any(len(old) != 1 or len(new) != 1 for old, new, _ in links):
        return False
    news = [new[0] for _, new in sorted((old[0], new) for old, new, _ in links)]
    return any(a > b for a, b in zip(news, news[1:]))


def _in_place(state: _State, old_par: list[int], new_par: list[int], weights: list[int]) -> set[int]:
    """Link numbers that did not move; ``weights`` are per new sentence."""
    links = state.links
    first_old = [old[0] for old, _, _ in links]
    by_old = sorted(range(len(links)), key=first_old.__getitem__)
    kept_positions = _heaviest_increasing(
        [links[n][1][0] for n in by_old],
        [weights[new[0]] if len(new) == 1 else sum(weights[j] for j in new) for new in (links[n][1] for n in by_old)],
    )
    kept = [by_old[p] for p in sorted(kept_positions)]

    # In order, but did it change paragraph company? It moved if it left a
    # neighbour it shared a paragraph with and joined one it did not: a paragraph
    # split in two or two merged into one are not moves of their sentences.
    old_company = [old_par[first_old[n]] for n in kept]
    new_company = [new_par[links[n][1][0]] for n in kept]
    moved: set[int] = set()
    for k in range(len(kept)):
        left = joined = False
        for other in (k - 1, k + 1):
            if 0 <= other < len(kept):
                same_old, same_new = old_company[other] == old_company[k], new_company[other] == new_company[k]
                left |= same_old and not same_new
                joined |= same_new and not same_old
        if left and joined:
            moved.add(kept[k])
    return set(kept) - moved


def _ordered_links(state: _State, in_place: set[int], old: Sequence[str], new: Sequence[str]) -> list[Link]:
    """Links in the new reading order, each removed sentence where it used to be."""

    def make(number: int) -> Link:
        old_ix, new_ix, score = state.links[number]
        if len(old_ix) > 1:
            kind = "merge"
        elif len(new_ix) > 1:
            kind = "split"
        else:
            same = old[old_ix[0]] == new[new_ix[0]]
            if number in in_place:
                kind = "unchanged" if same else "edited"
            else:
                kind = "moved" if same else "moved-edited"
        return Link(kind, old_ix, new_ix, round(score / 100.0, 3))

    links: list[Link] = []
    next_old = 0

    def flush_removed(until: int) -> Iterable[Link]:
        nonlocal next_old
        while next_old < until:
            if state.old_link[next_old] < 0:
                yield Link("removed", (next_old,), (), None)
            next_old += 1

    for j, number in enumerate(state.new_link):
        if number < 0:
            links.append(Link("added", (), (j,), None))
            continue
        old_ix, new_ix, _ = state.links[number]
        if new_ix[0] != j:
            continue  # the second half of a split was emitted with the first
        if number in in_place:
            links.extend(flush_removed(old_ix[0]))
            next_old = max(next_old, old_ix[-1] + 1)
        links.append(make(number))
    links.extend(flush_removed(len(state.old_link)))
    return links
