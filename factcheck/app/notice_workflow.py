"""Drafting the notices between two revisions (stored, or two files), and storing the drafts.

The notices themselves (versions, states, the editor's workflow) are records of the
store (:mod:`factcheck.store.notices`); this module joins the ledger, the diff and
the drafting rules of :mod:`factcheck.notices.draft`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from factcheck.store.ledger import default_user
from factcheck.store.notices import StoredDraft, claim_verdicts, store_drafted

if TYPE_CHECKING:
    from factcheck.analysis.diff_types import DiffResult
    from factcheck.text.segmentation import Document
    from factcheck.notices.draft import Drafting
    from factcheck.notices.templating import Templates
    from factcheck.store.ledger import Ledger
    from factcheck.store.models import Revision

__all__ = ["draft_between", "draft_files", "house_templates", "store_drafts"]


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


def draft_files(old_path: str, new_path: str, *, dated: Any, templates: "Templates") -> "Drafting":
    """The notices between two article files (``-``: standard input, one of them);
    nothing is stored."""
    from factcheck.notices.draft import draft_texts
    from factcheck.sources.files import read_input

    old, new = read_input(old_path), read_input(new_path)
    return draft_texts(old.text, new.text, old_label=old_path, new_label=new_path, dated=dated, templates=templates)


def house_templates(directory: str | None) -> "Templates":
    """The notice templates: ``directory`` (or the config's [notices] templates)
    overriding the defaults file by file."""
    from factcheck.config import load_config
    from factcheck.notices.templating import Templates

    return Templates(directory or load_config().templates)
