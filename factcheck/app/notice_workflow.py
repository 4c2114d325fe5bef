"""The notice workflow: drafting the notices between two revisions (stored, or two
files), storing the drafts, and the editor's steps from draft to publication.

The states::

    draft --approve--> approved --publish--> published
      ^                   |                      |
      +------ edit -------+------ edit ----------+  (the published text stands)
    any state but withdrawn --withdraw --note--> withdrawn

* Editing an approved notice sends it back to draft: the approval was of other
  words. Editing a published notice makes a new draft (an amendment) that is
  approved and published like the first text; until then the published version
  stands: readers keep the correction they were shown, and what they see changes
  only through the same two signatures.
* Approving twice, publishing what is not approved, publishing twice, and any
  change to a withdrawn notice are refused with who did what when.

Each step is one appended version (:mod:`factcheck.store.notices` keeps them, and
the unique version number that lets one of two racing editors win); this module
decides which step may follow which, and joins the ledger, the diff and the
drafting rules of :mod:`factcheck.notices.draft`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from factcheck.errors import InvalidInput
from factcheck.store import records
from factcheck.store.unit_of_work import default_user
from factcheck.store.notices import (
    StoredDraft,
    append_version,
    check_expected,
    claim_verdicts,
    get_notice,
    notice_view,
    notices_of,
    standing_version,
    store_drafted,
)

if TYPE_CHECKING:
    from factcheck.analysis.diff_types import DiffResult
    from factcheck.text.segmentation import Document
    from factcheck.notices.draft import Drafting
    from factcheck.notices.templating import Templates
    from factcheck.store.ledger import Ledger
    from factcheck.store.models import Notice, NoticeVersion, Revision

__all__ = [
    "approve_notice", "draft_between", "draft_files", "edit_notice", "house_templates", "publish_notice",
    "store_drafts", "withdraw_notice", "notice_history", "standing_of", "list_notices",
]


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


# ---------------------------------------------------------------------- the editor's steps


def edit_notice(
    ledger: "Ledger", notice_id: int, text: str, *, note: str | None = None, by: str | None = None,
    expect_version: int | None = None,
) -> "NoticeVersion":
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("a notice needs text; pass the new wording in quotes.")
    notice = get_notice(ledger, notice_id)
    current = notice.current
    check_expected(ledger, notice, expect_version)
    if current.state == "withdrawn":
        raise InvalidInput(f"notice {notice_id} was withdrawn by {current.by} at {records.when(current.at)}; it cannot be edited.")
    if text == current.text:
        raise InvalidInput(f"notice {notice_id} already reads exactly that; nothing to change.")
    standing = standing_version(notice)
    if current.state == "published":
        note = note or f"Amendment of published version {current.version}, which stands until this is published."
    elif current.state == "approved":
        note = note or "Edited after approval; back to draft for a new approval."
    elif standing is not None:
        note = note or f"Amendment edited; published version {standing.version} still stands."
    # Every edit is a draft: what readers see changes only by approve and publish.
    return append_version(ledger, notice, "draft", by, note or "Edited.", expect_version, text=text)


def approve_notice(ledger: "Ledger", notice_id: int, *, by: str | None = None, note: str | None = None,
                   expect_version: int | None = None) -> "NoticeVersion":
    notice = get_notice(ledger, notice_id)
    current = notice.current
    check_expected(ledger, notice, expect_version)
    if current.state != "draft":
        raise InvalidInput(_state_refusal(notice, "approve", f"it is {current.state}"))
    return append_version(ledger, notice, "approved", by, note or "Approved.", expect_version)


def publish_notice(ledger: "Ledger", notice_id: int, *, by: str | None = None, note: str | None = None,
                   expect_version: int | None = None) -> "NoticeVersion":
    notice = get_notice(ledger, notice_id)
    current = notice.current
    check_expected(ledger, notice, expect_version)
    if current.state == "draft":
        raise InvalidInput(
            f"notice {notice_id} is a draft; only approved notices publish. Approve it first with "
            f"factcheck notice approve {notice_id} --by NAME."
        )
    if current.state != "approved":
        raise InvalidInput(_state_refusal(notice, "publish", f"it is {current.state}"))
    return append_version(ledger, notice, "published", by, note or "Published.", expect_version)


def withdraw_notice(ledger: "Ledger", notice_id: int, *, note: str | None, by: str | None = None,
                    expect_version: int | None = None) -> "NoticeVersion":
    if not note or not note.strip():
        raise InvalidInput("say why with --note \"...\": the note is the record of the withdrawal.")
    notice = get_notice(ledger, notice_id)
    check_expected(ledger, notice, expect_version)
    if notice.current.state == "withdrawn":
        raise InvalidInput(_state_refusal(notice, "withdraw", "it is already withdrawn"))
    return append_version(ledger, notice, "withdrawn", by, note, expect_version)


def _state_refusal(notice: "Notice", action: str, why: str) -> str:
    current = notice.current
    return (
        f"cannot {action} notice {notice.id}: {why} (version {current.version}, by {current.by} at "
        f"{records.when(current.at)}); see factcheck notice show {notice.id}."
    )


# ---------------------------------------------------------------------- reading


def notice_history(ledger: "Ledger", notice_id: int) -> dict[str, Any]:
    """The notice's JSON view with every version (``factcheck notice show``)."""
    return notice_view(ledger, get_notice(ledger, notice_id), history=True)


def standing_of(ledger: "Ledger", notice_id: int) -> "NoticeVersion | None":
    """The published version readers see while an amendment awaits approval, or None."""
    return standing_version(get_notice(ledger, notice_id))


def list_notices(
    ledger: "Ledger", slug: str, *, worklist: bool, every_state: bool
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The article's view and its notices' views (``factcheck notices``).

    The ``worklist`` is the editor's: drafts, approved and published notices, as
    they now stand. Otherwise it is what readers see: the published notices, each
    with the published text that stands, not an amendment in review. ``every_state``
    lists every notice in every state, each as it now stands.
    """
    if every_state:
        states = None
    else:
        states = ("draft", "approved", "published") if worklist else ("published",)
    rows = notices_of(ledger, slug, states=states)
    readers = not worklist and not every_state
    return records.article(ledger.get_article(slug)), [notice_view(ledger, n, as_published=readers) for n in rows]
