"""The few rare words by which a known claim is found again in a sentence.

A sentence that states a known claim says most of the claim's content words
(the ``previously-checked`` threshold asks for it), and so, almost always, at
least two of its rarest ones. Each known claim is therefore filed under its
:data:`KEYS_PER_CLAIM` rarest stems (rare across the whole collection: document
frequency), and an article's sentences need only look up their own stems among
the keys: a claim becomes a candidate for a sentence that holds
:func:`keys_needed` of its keys (three of a claim's eight rarest stems; two of
a short claim's). Rare words have short lists, so one lookup for a whole article
returns a few candidates instead of a full-text query per sentence. On the
CheckThat! 2022 2A train and dev queries with the 14,231 verified claims, the
keys keep all 227 claim/tweet pairs the check flags, and an 800-word article
has 11-19 candidates (two of six keys: 99.6 % of the pairs, 50-110 candidates;
three of six: 94 %).

Document frequencies change as reviews are imported; a claim's keys are chosen
with the frequencies of the import that stored it. A claim imported early may
later be filed under a word that has since become common: it is then found a
little more often, never less.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from factcheck.analysis.claim_matching import content_stems, search_stems

__all__ = ["KEYS_PER_CLAIM", "claim_stems", "keys_needed", "keys_of", "review_stems"]

#: How many of its rarest stems file a known claim.
KEYS_PER_CLAIM = 8
#: Claims of this many keys or fewer are met by two of them, longer ones by three.
_SHORT_CLAIM = 4


def claim_stems(text: str) -> frozenset[str]:
    """The distinct stems of ``text``'s content words: what document frequencies
    count and keys are chosen from (links, handles and stop words left out)."""
    # The re-ranker weighs exactly these stems, and keeps them: a sentence's
    # stems are found once for its keys and its scores.
    return frozenset(content_stems(text))


def review_stems(claim_text: str, title: str | None) -> list[str]:
    """The stems ``match``'s first stage posts a review under: its claim's and its
    title's, repeated as often as they occur (BM25 counts them)."""
    return search_stems(claim_text) + search_stems(title or "")


def keys_of(stems: Iterable[str], frequency: Mapping[str, int]) -> list[str]:
    """The :data:`KEYS_PER_CLAIM` rarest of ``stems`` (ties broken alphabetically,
    so that a claim's keys do not depend on set order)."""
    return sorted(stems, key=lambda s: (frequency.get(s, 0), s))[:KEYS_PER_CLAIM]


def keys_needed(keys: int) -> int:
    """How many of a claim's ``keys`` a sentence must hold to be compared with it:
    stating a claim says most of its words, so three of eight rare ones; a short
    claim ("Vaccines cause autism") has fewer to give."""
    return 2 if keys <= _SHORT_CLAIM else 3
