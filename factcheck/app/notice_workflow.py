"""Drafting the notices between two stored revisions, and storing the drafts.

The notices themselves (versions, states, the editor's workflow) are records of the
store (:mod:`factcheck.store.notices`); this module joins the ledger, the diff and
the drafting rules of :mod:`factcheck.notices.draft`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from factcheck.errors import InvalidInput
from factcheck.store.ledger import default_user
from factcheck.store.notices import StoredDraft, claim_verdicts, store_drafted

if TYPE_CHECKING:
    from factcheck.analysis.diff_types import DiffResult
    from factcheck.text.segmentation import Document
    from factcheck.notices.draft import Drafting
    from factcheck.notices.templating import Templates
    from factcheck.store.ledger import Ledger
    from factcheck.store.models import Revision

__all__ = ["draft_between", "draft_revisions", "store_drafts"]


def draft_revisions(
    ledger: "Ledger", slug: str | None, old_label: str, new_label: str, templates: "Templates"
) -> tuple["Drafting", Revision, Revision, "Document"]:
    """Draft the notices between two stored revisions (nothing is stored yet); the
    drafting, both revisions and the newer one segmented."""
    from factcheck.analysis.diff import diff_documents
    from factcheck.text.segmentation import segment

    article = ledger.resolve_article(slug)
    old_revision = ledger.get_revision(article, old_label)
    new_revision = ledger.get_revision(article, new_label)
    if old_revision.seq >= new_revision.seq:
        raise InvalidInput(
            f"{old_label} is not older than {new_label}; name the earlier revision first "
            f"(factcheck notice {article.slug} {new_label} {old_label})."
        )
    old_doc, new_doc = segment(old_revision.text), segment(new_revision.text)
    result = diff_documents(
        old_doc, new_doc, old_label=old_revision.label, new_label=new_revision.label,
        article=article.slug, claims=ledger.claim_refs(old_revision, old_doc),
    )
    drafting = draft_between(ledger, result, old_doc, new_doc, old_revision, new_revision, templates)
    return drafting, old_revision, new_revision, new_doc


def draft_between(
    ledger: "Ledger", diff: "DiffResult", old_doc: "Document", new_doc: "Document",
    old_revision: "Revision", new_revision: "Revision", templates: "Templates",
) -> "Drafting":
    """The notices a diff of two stored revisions needs (nothing is stored yet)."""
    from factcheck.notices.draft import draft_notices

    return draft_notices(
        diff, old_doc, new_doc, dated=new_revision.published, templates=templates,
        verdicts=claim_verdicts(ledger, old_revision),
    )


def store_drafts(
    ledger: "Ledger", drafting: "Drafting", old_revision: Revision, new_revision: Revision, *, by: str | None = None
) -> list[StoredDraft]:
    """One stored notice per drafted kind for this pair of revisions.

    An editor editing, approving or publishing one of these notices between our
    read and our write takes the version we meant to append: read again (their
    version now stands, so ours is ``kept``). Inside a caller's transaction the
    caller rolls back and decides.
    """
    return ledger.retrying(
        lambda: store_drafted(ledger, drafting, old_revision, new_revision, by=by or default_user()),
        gave_up=f"editors kept changing the notices of {old_revision.label} -> {new_revision.label} while they "
                "were drafted; run the command again.",
    )
