"""A revision arrives: the one use case every path through which text reaches the
ledger calls (``add-revision``, a watch round, and the checks and drafts after them).

The new text is segmented once, before the write transaction opens, and so are its
automated checks: on a long page they are the slow part, and no database lock should
wait on them. Inside one short transaction the revision is stored, diffed once
against its predecessor (the same diff re-anchors the claims, drafts the notices and
summarises the change), its findings recorded and its notices drafted.
:class:`Comparison` is what every caller reads back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from factcheck.analysis.diff_types import DiffResult
    from factcheck.notices.templating import Templates
    from factcheck.store.ledger import ClaimChange, Ledger
    from factcheck.store.models import Revision
    from factcheck.store.notices import StoredDraft
    from factcheck.text.raw import RawInput
    from factcheck.text.segmentation import Document

__all__ = ["Comparison", "receive_revision"]


@dataclass
class Comparison:
    """A stored revision against the one before it."""

    revision: "Revision"
    created: bool
    document: "Document"
    previous: "Revision | None" = None
    duplicate_of: str | None = None
    diff: "DiffResult | None" = None
    claim_changes: list["ClaimChange"] = field(default_factory=list)
    #: (finding id, finding, state) as :meth:`Ledger.record_findings` stored them.
    findings: list[tuple[int, Any, str]] = field(default_factory=list)
    notices: list["StoredDraft"] = field(default_factory=list)


def receive_revision(
    ledger: "Ledger",
    slug: str,
    raw: "RawInput",
    *,
    label: str | None = None,
    published: date | None = None,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    force: bool = False,
    by: str | None = None,
    check: bool = False,
    templates: "Templates | None" = None,
    within: Callable[["Comparison"], None] | None = None,
) -> Comparison:
    """Store ``raw`` as the next revision of ``slug``.

    ``check`` runs the automated checks and records their findings; ``templates``
    drafts the notices the change needs (and stores them); ``within`` runs inside the
    same write transaction (a watch round records its poll there), so that the
    revision and what it caused commit together or not at all.
    """
    from factcheck.store.ledger import prepare_revision

    prepared = prepare_revision(slug, raw, label=label, published=published, url=url, title=title)
    findings = None
    if check:
        from factcheck.analysis.checks import run_checks
        from factcheck.app.known_factchecks import KnownClaims

        known = KnownClaims(ledger).for_document(prepared.doc, article=slug)
        findings = run_checks(prepared.doc, published=published, known=known)
    with ledger.transaction():
        added = ledger.add_revision(slug, raw, outlet=outlet, force=force, by=by, prepared=prepared,
                                    compare=check or templates is not None)
        comparison = Comparison(
            revision=added.revision, created=added.created, document=prepared.doc, previous=added.previous,
            duplicate_of=added.duplicate_of, diff=added.diff, claim_changes=added.claim_changes,
        )
        if added.created:
            if findings is not None:
                comparison.findings = ledger.record_findings(added.revision, findings)
            if templates is not None and added.diff is not None:
                comparison.notices = _drafted(ledger, added, templates, by)
        if within is not None:
            within(comparison)
    return comparison


def _drafted(ledger: "Ledger", added: Any, templates: "Templates", by: str | None) -> list["StoredDraft"]:
    from factcheck.app.notice_workflow import draft_between, store_drafts

    drafting = draft_between(ledger, added.diff, added.previous_document, added.document, added.previous,
                             added.revision, templates)
    return store_drafts(ledger, drafting, added.previous, added.revision, by=by)
