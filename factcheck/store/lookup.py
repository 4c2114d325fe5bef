"""The "not found" refusals shared by the ledger (ORM) and the reader (Core), so
both paths say the same thing in the same words."""

from __future__ import annotations

from typing import Sequence

from factcheck.errors import NotFound

__all__ = ["listing", "no_article", "no_revision", "no_revisions", "no_claim"]


def listing(items: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def no_article(slug: str, known: Sequence[str]) -> NotFound:
    hint = f"known articles: {listing(known)}" if known else "the ledger is empty; add one with factcheck add-revision SLUG FILE"
    return NotFound(f"no article '{slug}' in the ledger; {hint}.")


def no_revisions(slug: str) -> NotFound:
    return NotFound(f"article '{slug}' has no revisions; add one with factcheck add-revision.")


def no_revision(slug: str, label: str, labels: Sequence[str]) -> NotFound:
    return NotFound(f"article '{slug}' has no revision '{label}'; its revisions are: {listing(labels)}.")


def no_claim(claim_id: int) -> NotFound:
    return NotFound(f"no claim {claim_id}; list claims with factcheck claims ARTICLE.")
