"""Anchoring a claim to the sentence of a revision that states it.

A claim is usually a sentence of the story, trimmed or paraphrased ("Khadr was 22
at the time of the meeting" for "Khadr, now 24, was 22 at the time of the
meeting."), so the score rewards a claim whose words the sentence contains
(token-set similarity) and breaks ties by plain similarity.
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.text.segmentation import Document, Sentence, fingerprint

__all__ = ["Anchor", "best_anchor", "ANCHOR_THRESHOLD"]

#: Below this token-set score (0-100) a claim is left unanchored, with a warning.
ANCHOR_THRESHOLD = 72.0

_ANCHORABLE_ROLES = ("body", "headline", "caption")


@dataclass(frozen=True)
class Anchor:
    sentence: Sentence
    score: float


def best_anchor(doc: Document, claim_text: str) -> Anchor | None:
    """The sentence of ``doc`` that best states ``claim_text``, or None."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.utils import default_process

    candidates = [s for s in doc.all_sentences if s.role in _ANCHORABLE_ROLES]
    if not candidates or not claim_text.strip():
        return None
    query = default_process(fingerprint(claim_text))
    choices = [default_process(fingerprint(s.text)) for s in candidates]
    query_words = len(query.split())
    matches = process.extract(query, choices, scorer=fuzz.token_set_ratio, limit=8)
    best: tuple[float, float, int] | None = None
    for _choice, set_score, index in matches:
        # A claim of a few words ("Khadr") is contained in many sentences: scale
        # the score down unless the claim carries a third of the sentence's words.
        coverage = min(1.0, 3 * query_words / max(1, len(choices[index].split())))
        score = set_score * (0.6 + 0.4 * coverage)
        plain = fuzz.ratio(query, choices[index])
        key = (score, plain, -index)
        if best is None or key > best:
            best = key
    if best is None or best[0] < ANCHOR_THRESHOLD:
        return None
    return Anchor(candidates[-best[2]], round(best[0], 1))
