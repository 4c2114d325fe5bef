"""Claims follow the article: applying the rules of claim following when a revision
is added.

The rules themselves (what becomes of each claim) are the pure function
:func:`factcheck.analysis.following.follow`; this module reads the claims anchored to
the previous revision, diffs once, and stores what the rules decided: an anchor row
for every claim still stated, and a version only where something really happened
(corrected, back to review, withdrawn). Versions written here are signed
``factcheck`` so that editors can tell them from their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from factcheck.analysis.diff_types import DiffResult
    from factcheck.text.segmentation import Document
    from factcheck.store.claims import ClaimChange
    from factcheck.store.ledger import Ledger
    from factcheck.store.models import Article, Revision

__all__ = ["follow_claims", "has_claims_to_follow", "SYSTEM_USER"]

SYSTEM_USER = "factcheck"


def _has_anchored_claims(ledger: "Ledger", revision_id: int) -> bool:
    """Whether any claim is anchored in the revision: one indexed lookup, so the
    common case (an archive article with no claims) loads neither claims nor texts."""
    from sqlalchemy import select

    from factcheck.store.models import ClaimAnchor

    query = select(ClaimAnchor.id).where(ClaimAnchor.revision_id == revision_id).limit(1)
    return ledger.session.scalar(query) is not None


def has_claims_to_follow(ledger: "Ledger", previous_id: int | None) -> bool:
    """Whether a new revision after ``previous_id`` has claims to follow at all."""
    return previous_id is not None and _has_anchored_claims(ledger, previous_id)


def follow_claims(
    ledger: "Ledger", article: "Article", previous: "Revision", revision: "Revision", by: str,
    diff: "DiffResult", new_doc: "Document",
) -> list["ClaimChange"]:
    """Follow the claims standing in ``previous`` into ``revision``, on the diff of the
    two that the caller made (once, for everything a new revision needs); returns the
    versions written (claims merely carried over write none)."""
    standing = []
    for claim in ledger.claims_of(article):
        here = claim.anchored
        if here is not None and here.revision_id == previous.id:
            standing.append((claim, here))
    if not standing:
        return []
    from factcheck.analysis.anchoring import Anchor
    from factcheck.analysis.following import FollowedClaim, follow

    result = diff
    followed = [
        FollowedClaim(claim.id, claim.current.text, claim.current.status, claim.current.verdict, here.anchor_start)
        for claim, here in standing
    ]
    claims = {claim.id: claim for claim, _ in standing}
    out: list[ClaimChange] = []
    for outcome in follow(followed, result, new_doc):
        claim = claims[outcome.claim_id]
        anchor = Anchor(outcome.sentence, 100.0) if outcome.sentence is not None else None
        if not outcome.versioned:
            ledger.record_anchor(claim, revision, anchor)
            continue
        out.append(ledger.append_claim_version(
            claim, SYSTEM_USER, outcome.note, None, status=outcome.status, verdict=outcome.verdict,
            anchor=(revision if anchor else None, anchor),
        ))
    return out
