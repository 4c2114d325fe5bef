"""Claims follow the article: storing what the rules of claim following decided
when a revision is added.

The rules themselves (what becomes of each claim) are the pure function
:func:`factcheck.analysis.following.follow`, and the use case that receives a
revision (:func:`factcheck.app.revisions.receive_revision`) diffs once and applies
them; this module reads the claims standing in the previous revision and writes
the outcomes: an anchor row for every claim still stated, and a version only where
something really happened (corrected, back to review, withdrawn). Versions written
here are signed ``factcheck`` so that editors can tell them from their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence


if TYPE_CHECKING:
    from factcheck.analysis.anchoring import Anchor
    from factcheck.store.claims import ClaimChange
    from factcheck.store.ledger import Ledger
    from factcheck.store.models import Article, Claim, ClaimAnchor, Revision

__all__ = ["claims_standing_in", "has_claims_to_follow", "record_following", "SYSTEM_USER"]

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


def claims_standing_in(ledger: "Ledger", article: "Article", previous: "Revision") -> list[tuple["Claim", "ClaimAnchor"]]:
    """The claims of ``article`` anchored in ``previous`` (its latest revision but
    the new one), each with that anchor: the claims a new revision must carry on."""
    standing = []
    for claim in ledger.claims_of(article):
        here = claim.anchored
        if here is not None and here.revision_id == previous.id:
            standing.append((claim, here))
    return standing


def record_following(
    ledger: "Ledger", revision: "Revision", outcomes: Sequence[tuple["Claim", Any, "Anchor | None"]],
) -> list["ClaimChange"]:
    """Store what the rules decided for each claim followed into ``revision``: an
    outcome (``versioned``, ``note``, ``status``, ``verdict``) and the claim's anchor
    in it (None: no longer stated). Returns the versions written (claims merely
    carried over write none)."""
    out: list[ClaimChange] = []
    for claim, outcome, anchor in outcomes:
        if not outcome.versioned:
            ledger.record_anchor(claim, revision, anchor)
            continue
        out.append(ledger.append_claim_version(
            claim, SYSTEM_USER, outcome.note, None, status=outcome.status, verdict=outcome.verdict,
            anchor=(revision if anchor else None, anchor),
        ))
    return out
