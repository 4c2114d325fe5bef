"""The claim use cases: an editor adds a claim, changes its status or verdict,
rewords it, or attaches a source (``factcheck add-claim``, ``claim status``,
``claim edit``, ``claim source``, and the desk's claim forms).

The rules are :mod:`factcheck.analysis.claim_workflow`'s; the store appends the
versions. Adding a claim is one unit of work (the article is locked so that a
revision being added, which re-anchors the claims, waits or is waited for); each
other change is one appended version, its own unit. A status change that loses a
race to another writer is applied again to the newest version, unless
``--expect-version`` asks to be refused instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from factcheck.analysis.anchoring import best_anchor
from factcheck.analysis.claim_workflow import claim_text, new_claim_state, require_reason, rewording, status_change
from factcheck.errors import Conflict
from factcheck.store.unit_of_work import RETRIES, pause_before_retry
from factcheck.text.segmentation import segment

if TYPE_CHECKING:
    from factcheck.store.claims import ClaimChange, SourceSpec
    from factcheck.store.ledger import Ledger

__all__ = ["add_claim", "change_status", "edit_claim", "add_source"]


def add_claim(
    ledger: "Ledger",
    slug: str,
    text: str,
    *,
    revision_label: str | None = None,
    sources: Sequence["SourceSpec"] = (),
    status: str | None = None,
    verdict: str | None = None,
    note: str | None = None,
    by: str | None = None,
) -> "ClaimChange":
    """Record a claim anchored to the sentence of the revision that best states it."""
    text = claim_text(text)
    specs = [s.validated() for s in sources]
    status, verdict = new_claim_state(status, verdict, has_sources=bool(specs))
    with ledger.transaction():
        article = ledger.get_article(slug)
        ledger.lock_articles(article.id)  # a revision being added re-anchors claims: wait for it
        revision = ledger.get_revision(article, revision_label)
        anchor = best_anchor(segment(revision.text), text)
        change = ledger.new_claim(article, revision, anchor, text, status=status, verdict=verdict, note=note, by=by,
                                  sources=specs)
    if anchor is None:
        change.warning = f"no sentence of {revision.label} matches this claim; it is stored unanchored."
    return change


def change_status(
    ledger: "Ledger", claim_id: int, status: str, *, verdict: str | None = None, note: str | None = None,
    by: str | None = None, expect_version: int | None = None,
) -> "ClaimChange":
    require_reason(note)
    for attempt in range(RETRIES):
        claim = ledger.get_claim(claim_id)
        current = claim.current
        new_status, new_verdict = status_change(
            claim_id, current.status, current.verdict, bool(current.evidence), status, verdict
        )
        try:
            return ledger.append_claim_version(claim, by, note, expect_version, status=new_status, verdict=new_verdict)
        except Conflict:
            # Another version was appended between our read and our write (a
            # revision re-anchoring the claim, say). Only --expect-version asks
            # to be refused then; otherwise the change applies to the newest
            # version, read again.
            if expect_version is not None or ledger.in_transaction or attempt == RETRIES - 1:
                raise
            ledger.forget_reads()
            pause_before_retry(attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def edit_claim(
    ledger: "Ledger", claim_id: int, text: str, *, note: str | None = None, by: str | None = None,
    expect_version: int | None = None,
) -> "ClaimChange":
    """New wording for a claim; a claim already judged goes back to in-review."""
    text = claim_text(text)
    claim = ledger.get_claim(claim_id)
    current = claim.current
    changes, note = rewording(claim_id, current.status, current.text, text, note)
    warning = None
    standing = claim.anchored
    where = standing.anchor_revision if standing is not None else current.anchor_revision
    if where is not None:
        anchor = best_anchor(segment(where.text), text)
        if anchor is None:
            warning = f"the new text matches no sentence of {where.label}; the claim is now unanchored."
        changes["anchor"] = (where if anchor else None, anchor)
    change = ledger.append_claim_version(claim, by, note, expect_version, **changes)
    change.warning = warning
    return change


def add_source(
    ledger: "Ledger", claim_id: int, spec: "SourceSpec", *, note: str | None = None, by: str | None = None,
    expect_version: int | None = None,
) -> "ClaimChange":
    spec = spec.validated()
    claim = ledger.get_claim(claim_id)
    note = note or f"Source added: {spec.title or spec.ref}"
    return ledger.append_claim_version(claim, by, note, expect_version, add_sources=[spec])
