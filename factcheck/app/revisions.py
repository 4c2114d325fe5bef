"""A revision arrives, or a stored one is looked at again: the one pipeline.

:func:`receive_revision` is what every path through which text reaches the ledger
calls (``add-revision``, a watch round, ``import-archive`` for articles with claims).
The new text is segmented once, before the write transaction opens, and so are its
automated checks: on a long page they are the slow part, and no database lock should
wait on them. Inside one short transaction the revision is stored, diffed once
against its predecessor (the same diff re-anchors the claims, drafts the notices and
summarises the change), its findings recorded and its notices drafted. The store
only stores: the diff and the rules of claim following run here, and the store
writes what they decided.

:func:`check_stored` (``factcheck check ARTICLE``), :func:`compare_stored`
(``factcheck diff``) and :func:`draft_stored` (``factcheck notice ARTICLE V1 V2``)
run the same checks, the same diff and the same drafting on revisions already
stored. :class:`Comparison` is what every caller reads back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable

from factcheck.app.checks import checks_with_known_claims

if TYPE_CHECKING:
    from factcheck.analysis.diff_types import DiffResult
    from factcheck.notices.draft import Drafting
    from factcheck.notices.templating import Templates
    from factcheck.store.claims import ClaimChange
    from factcheck.store.ledger import Ledger
    from factcheck.store.revisions import PreparedRevision
    from factcheck.store.models import Revision
    from factcheck.store.notices import StoredDraft
    from factcheck.text.raw import RawInput
    from factcheck.text.segmentation import Document

__all__ = ["Comparison", "check_stored", "compare_files", "compare_stored", "draft_stored", "receive_revision"]


@dataclass
class Comparison:
    """A stored revision against the one before it."""

    revision: "Revision"
    created: bool
    document: "Document"
    previous: "Revision | None" = None
    previous_document: "Document | None" = None
    duplicate_of: str | None = None
    diff: "DiffResult | None" = None
    claim_changes: list["ClaimChange"] = field(default_factory=list)
    #: (finding id, finding, state) as :meth:`Ledger.record_findings` stored them.
    findings: list[tuple[int, Any, str]] = field(default_factory=list)
    notices: list["StoredDraft"] = field(default_factory=list)
    #: The drafting the notices came from (their wording, and the silent edits).
    drafting: "Drafting | None" = None


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
    prepared: "PreparedRevision | None" = None,
) -> Comparison:
    """Store ``raw`` as the next revision of ``slug``.

    ``check`` runs the automated checks and records their findings; ``templates``
    drafts the notices the change needs (and stores them); ``within`` runs inside the
    same write transaction (a watch round records its poll there), so that the
    revision and what it caused commit together or not at all. ``prepared`` is the
    revision already validated and segmented (an archive batch does it for all its
    records at once).
    """
    if prepared is None:
        from factcheck.store.revisions import prepare_revision

        prepared = prepare_revision(slug, raw, label=label, published=published, url=url, title=title)
    findings = None
    if check:
        findings = checks_with_known_claims(ledger, prepared.doc, slug, published=prepared.published,
                                            label=prepared.label)
    def unit() -> Comparison:
        with ledger.transaction():
            added = ledger.add_revision(slug, raw, outlet=outlet, force=force, prepared=prepared)
            diff, changes = None, []
            if added.previous is not None and (check or templates is not None or added.claims_to_follow):
                diff = _diff_with_claims(ledger, slug, added.previous, added.previous_document, added.revision,
                                         prepared.doc)
            if added.claims_to_follow:
                changes = _follow_claims(ledger, added.previous, added.revision, diff, prepared.doc)
            comparison = Comparison(
                revision=added.revision, created=added.created, document=prepared.doc, previous=added.previous,
                previous_document=added.previous_document, duplicate_of=added.duplicate_of, diff=diff,
                claim_changes=changes,
            )
            if added.created:
                if findings is not None:
                    comparison.findings = ledger.record_findings(added.revision, findings)
                if templates is not None and diff is not None:
                    _draft_and_store(ledger, comparison, templates, by=by)
            if within is not None:
                within(comparison)
            return comparison

    # Inside this unit add_revision cannot retry on its own: another writer taking the
    # label, the sequence number or the new article's slug between our read and our
    # write rolls the whole unit back, and it runs again (reading what the other
    # stored). Inside a caller's unit (an archive batch) the caller retries.
    return ledger.retrying(
        unit, gave_up=f"other writers kept adding revisions to '{slug}' at the same time; run the command again."
    )


def _diff_with_claims(ledger: "Ledger", slug: str, previous: "Revision", previous_doc: "Document",
                      revision: "Revision", doc: "Document") -> "DiffResult":
    """The diff of a new revision against its predecessor, with the claims anchored
    in the predecessor (so that the diff says when one of them changed)."""
    from factcheck.analysis.diff import diff_documents

    return diff_documents(previous_doc, doc, old_label=previous.label, new_label=revision.label,
                          article=slug, claims=ledger.claim_refs(previous, previous_doc))


def _draft_and_store(ledger: "Ledger", comparison: Comparison, templates: "Templates", *, by: str | None) -> None:
    """Draft the notices ``comparison``'s diff calls for and store them, kept on it."""
    from factcheck.app.notice_workflow import draft_between, store_drafts

    previous, previous_doc, diff = comparison.previous, comparison.previous_document, comparison.diff
    assert previous is not None and previous_doc is not None and diff is not None
    comparison.drafting = draft_between(ledger, diff, previous_doc, comparison.document, previous,
                                        comparison.revision, templates)
    comparison.notices = store_drafts(ledger, comparison.drafting, previous, comparison.revision, by=by)


def _follow_claims(ledger: "Ledger", previous: "Revision", revision: "Revision", diff: "DiffResult",
                   doc: "Document") -> list["ClaimChange"]:
    """Make the claims standing in ``previous`` follow into ``revision``, on the one
    diff of the two: the pure rules decide, the store writes what they decided;
    returns the versions written."""
    from factcheck.store.claim_following import claims_standing_in, record_following

    standing = claims_standing_in(ledger, revision.article, previous)
    if not standing:
        return []
    from factcheck.analysis.anchoring import Anchor
    from factcheck.analysis.following import FollowedClaim, follow

    followed = [
        FollowedClaim(claim.id, claim.current.text, claim.current.status, claim.current.verdict, here.anchor_start)
        for claim, here in standing
    ]
    claims = {claim.id: claim for claim, _ in standing}
    outcomes = [
        (claims[outcome.claim_id], outcome, Anchor(outcome.sentence, 100.0) if outcome.sentence is not None else None)
        for outcome in follow(followed, diff, doc)
    ]
    return record_following(ledger, revision, outcomes)


def check_stored(ledger: "Ledger", slug: str | None, label: str | None = None, *,
                 published: date | None = None) -> Comparison:
    """Run the checks on a stored revision (the latest without ``label``) and record
    what they find; ``published`` overrides its own date as "now" for ages."""
    from factcheck.text.segmentation import segment

    article = ledger.resolve_article(slug)
    revision = ledger.get_revision(article, label)
    doc = segment(revision.text)
    found = checks_with_known_claims(ledger, doc, article.slug, published=published or revision.published,
                                     label=revision.label)
    return Comparison(revision=revision, created=False, document=doc, findings=ledger.record_findings(revision, found))


def compare_stored(ledger: "Ledger", slug: str | None, old_label: str, new_label: str, *,
                   ordered: bool = False) -> Comparison:
    """Two stored revisions, each segmented once and diffed once, with the claims
    anchored in the older one; ``ordered`` refuses a pair named newest first."""
    from factcheck.text.segmentation import segment

    article = ledger.resolve_article(slug)
    old_revision = ledger.get_revision(article, old_label)
    new_revision = ledger.get_revision(article, new_label)
    if ordered and old_revision.seq >= new_revision.seq:
        from factcheck.errors import InvalidInput

        raise InvalidInput(
            f"{old_label} is not older than {new_label}; name the earlier revision first "
            f"(factcheck notice {article.slug} {new_label} {old_label})."
        )
    old_doc, new_doc = segment(old_revision.text), segment(new_revision.text)
    return Comparison(revision=new_revision, created=False, document=new_doc, previous=old_revision,
                      previous_document=old_doc,
                      diff=_diff_with_claims(ledger, article.slug, old_revision, old_doc, new_revision, new_doc))


def draft_stored(ledger: "Ledger", slug: str | None, old_label: str, new_label: str, templates: "Templates", *,
                 by: str | None = None) -> Comparison:
    """Draft the notices between two stored revisions (each segmented once, diffed
    once) and store them: re-drafting an unchanged pair adds nothing."""
    compared = compare_stored(ledger, slug, old_label, new_label, ordered=True)
    _draft_and_store(ledger, compared, templates, by=by)
    return compared


def compare_files(old_path: str, new_path: str, *, article: str | None = None) -> "DiffResult":
    """Two article files (``-``: standard input, one of them) diffed; nothing is stored."""
    from factcheck.analysis.diff import diff_documents
    from factcheck.sources.files import read_input
    from factcheck.text.segmentation import segment

    before, after = read_input(old_path), read_input(new_path)
    return diff_documents(segment(before.text), segment(after.text), old_label=old_path, new_label=new_path,
                          article=article)
