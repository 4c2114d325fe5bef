"""The editor's workflow for notices, on the ledger.

A notice (article, from-revision, to-revision, kind) is never updated in place:
drafting, editing, approving, publishing and withdrawing each append a
:class:`~factcheck.store.models.NoticeVersion` saying who, when, what and why. The
states::

    draft --approve--> approved --publish--> published
      ^                   |                      |
      +------ edit -------+                      +-- edit --note (stays published)
    any state but withdrawn --withdraw --note--> withdrawn

* Editing an approved notice sends it back to draft: the approval was of other
  words. Editing a published notice needs a reason (``--note``) and it stays
  published: taking a correction off the page while the amendment waits for
  approval would hide it from readers, and the version trail shows the change.
* Approving twice, publishing what is not approved, publishing twice, and any
  change to a withdrawn notice are refused with who did what when.
* Re-drafting the same pair of revisions adds nothing when the text is the same;
  when it differs (new templates, a re-judged claim) a draft written by drafting
  gets a new version, while a notice an editor has touched is left alone.

``--expect-version N`` works as for claims: the unique (notice, version) key lets
exactly one of two racing writers append version N + 1; the other is told who
changed it and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from factcheck.store import records
from factcheck.errors import Conflict, InvalidInput, NotFound
from factcheck.store.ledger import default_user
from factcheck.store.models import Notice, NoticeVersion, Revision

if TYPE_CHECKING:
    from factcheck.store.ledger import Ledger
    from factcheck.notices.templating import Templates
    from factcheck.notices.draft import Drafting

__all__ = [
    "StoredDraft",
    "draft_revisions",
    "store_drafts",
    "notices_of",
    "get_notice",
    "edit_notice",
    "approve_notice",
    "publish_notice",
    "withdraw_notice",
    "notice_view",
    "DRAFTED_NOTE",
]

#: The note on versions written by drafting; an editor's versions carry their own.
DRAFTED_NOTE = "Drafted from the diff"


@dataclass
class StoredDraft:
    notice: Notice
    version: NoticeVersion
    outcome: str  # new, redrafted, unchanged, kept


def claim_verdicts(ledger: "Ledger", revision: Revision) -> dict[int, str | None]:
    """Each claim's verdict as judged on ``revision``: following a later revision sends
    an edited claim back to review (verdict cleared), but the notice is about the
    wording that was judged."""
    out: dict[int, str | None] = {}
    for claim in ledger.claims_of(revision.article):
        there = [v for v in claim.versions if v.anchor_revision_id == revision.id and v.verdict]
        if there:
            out[claim.id] = there[-1].verdict
    return out


def draft_revisions(
    ledger: "Ledger", slug: str | None, old_label: str, new_label: str, templates: "Templates"
) -> tuple["Drafting", Revision, Revision]:
    """Draft the notices between two stored revisions (nothing is stored yet)."""
    from factcheck.analysis.diff import diff_documents
    from factcheck.notices.draft import draft_notices
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
        article=article.slug, claims=ledger.claim_refs(old_revision),
    )
    drafting = draft_notices(
        result, old_doc, new_doc, dated=new_revision.published, templates=templates,
        verdicts=claim_verdicts(ledger, old_revision),
    )
    return drafting, old_revision, new_revision


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
        lambda: _store_drafts(ledger, drafting, old_revision, new_revision, by=by or default_user()),
        gave_up=f"editors kept changing the notices of {old_revision.label} -> {new_revision.label} while they "
                "were drafted; run the command again.",
    )


def _store_drafts(
    ledger: "Ledger", drafting: "Drafting", old_revision: Revision, new_revision: Revision, *, by: str
) -> list[StoredDraft]:
    stored: list[StoredDraft] = []
    with ledger.transaction() as session:
        # Two editors (or an editor and factcheck watch) drafting this pair at once
        # take turns: the second finds the first one's notice and reuses it.
        ledger.lock_articles(new_revision.article_id)
        existing = {
            n.kind: n
            for n in session.scalars(
                select(Notice)
                .where(Notice.from_revision_id == old_revision.id, Notice.to_revision_id == new_revision.id)
                .options(selectinload(Notice.versions))
            )
        }
        for draft in drafting.notices:
            # No column holds warnings: the drafting note carries them into the history.
            note = f"{DRAFTED_NOTE} {old_revision.label} -> {new_revision.label}." + "".join(
                f" Warning: {w}" for w in draft.warnings
            )
            values = dict(
                text=draft.text, placement=draft.placement, changes=draft.changes_json(), dated=draft.dated,
            )
            notice = existing.get(draft.kind)
            if notice is None:
                notice = Notice(
                    article_id=old_revision.article_id, from_revision_id=old_revision.id,
                    to_revision_id=new_revision.id, kind=draft.kind,
                )
                session.add(notice)
                version = NoticeVersion(notice=notice, version=1, state="draft", note=note, by=by, **values)
                session.add(version)
                session.flush()
                stored.append(StoredDraft(notice, version, "new"))
                continue
            current = notice.current
            if current.text == draft.text:
                stored.append(StoredDraft(notice, current, "unchanged"))
            elif current.state == "draft" and (current.note or "").startswith(DRAFTED_NOTE):
                version = _append(ledger, notice, "draft", by, note, None, **values)
                stored.append(StoredDraft(notice, version, "redrafted"))
            else:
                stored.append(StoredDraft(notice, current, "kept"))
    return stored


# ---------------------------------------------------------------------- reading


def notices_of(ledger: "Ledger", slug: str, *, states: tuple[str, ...] | None = None) -> list[Notice]:
    article = ledger.get_article(slug)
    rows = ledger.session.scalars(
        select(Notice).where(Notice.article_id == article.id).order_by(Notice.id).options(selectinload(Notice.versions))
    )
    return [n for n in rows if states is None or n.current.state in states]


def get_notice(ledger: "Ledger", notice_id: int) -> Notice:
    notice = ledger.session.scalar(
        select(Notice).where(Notice.id == notice_id).options(selectinload(Notice.versions))
    )
    if notice is None:
        raise NotFound(f"no notice {notice_id}; list them with factcheck notices ARTICLE.")
    return notice


def notice_view(ledger: "Ledger", notice: Notice, *, history: bool = False) -> dict[str, Any]:
    """The JSON view of a notice (the contract's kind/text/changes, plus its state)."""
    from factcheck.notices.templating import ap_date

    revisions = {
        r.id: r for r in ledger.session.scalars(
            select(Revision).where(Revision.id.in_([notice.from_revision_id, notice.to_revision_id]))
        )
    }
    current = notice.current
    out: dict[str, Any] = {
        "id": notice.id,
        "version": current.version,
        "kind": notice.kind,
        "state": current.state,
        "text": current.text,
        "dateline": _dateline(notice.kind, current.dated, ap_date),
        "dated": records.day(current.dated),
        "placement": current.placement,
        "from": revisions[notice.from_revision_id].label,
        "to": revisions[notice.to_revision_id].label,
        "changes": current.changes,
        "by": current.by,
        "at": records.when(current.at),
    }
    if history:
        out["versions"] = [
            {"version": v.version, "state": v.state, "text": v.text, "note": v.note, "by": v.by, "at": records.when(v.at)}
            for v in notice.versions
        ]
    return out


def _dateline(kind: str, dated: Any, ap_date: Any) -> str | None:
    from factcheck.notices.draft import DATELINE_VERBS

    return f"{DATELINE_VERBS[kind]} {ap_date(dated)}" if dated else None


# ---------------------------------------------------------------------- workflow


def edit_notice(
    ledger: "Ledger", notice_id: int, text: str, *, note: str | None = None, by: str | None = None,
    expect_version: int | None = None,
) -> NoticeVersion:
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("a notice needs text; pass the new wording in quotes.")
    notice = get_notice(ledger, notice_id)
    current = notice.current
    _check_expected(ledger, notice, expect_version)
    if current.state == "withdrawn":
        raise InvalidInput(f"notice {notice_id} was withdrawn by {current.by} at {records.when(current.at)}; it cannot be edited.")
    if current.state == "published" and not (note and note.strip()):
        raise InvalidInput(
            f"notice {notice_id} is published; an edit to it needs the reason readers' record will carry: add --note \"...\"."
        )
    if text == current.text:
        raise InvalidInput(f"notice {notice_id} already reads exactly that; nothing to change.")
    state = "published" if current.state == "published" else "draft"
    if current.state == "approved":
        note = note or "Edited after approval; back to draft for a new approval."
    return _append(ledger, notice, state, by, note or "Edited.", expect_version, text=text)


def approve_notice(ledger: "Ledger", notice_id: int, *, by: str | None = None, note: str | None = None,
                   expect_version: int | None = None) -> NoticeVersion:
    notice = get_notice(ledger, notice_id)
    current = notice.current
    _check_expected(ledger, notice, expect_version)
    if current.state != "draft":
        raise InvalidInput(_state_refusal(notice, "approve", f"it is {current.state}"))
    return _append(ledger, notice, "approved", by, note or "Approved.", expect_version)


def publish_notice(ledger: "Ledger", notice_id: int, *, by: str | None = None, note: str | None = None,
                   expect_version: int | None = None) -> NoticeVersion:
    notice = get_notice(ledger, notice_id)
    current = notice.current
    _check_expected(ledger, notice, expect_version)
    if current.state == "draft":
        raise InvalidInput(
            f"notice {notice_id} is a draft; only approved notices publish. Approve it first with "
            f"factcheck notice approve {notice_id} --by NAME."
        )
    if current.state != "approved":
        raise InvalidInput(_state_refusal(notice, "publish", f"it is {current.state}"))
    return _append(ledger, notice, "published", by, note or "Published.", expect_version)


def withdraw_notice(ledger: "Ledger", notice_id: int, *, note: str | None, by: str | None = None,
                    expect_version: int | None = None) -> NoticeVersion:
    if not note or not note.strip():
        raise InvalidInput("say why with --note \"...\": the note is the record of the withdrawal.")
    notice = get_notice(ledger, notice_id)
    _check_expected(ledger, notice, expect_version)
    if notice.current.state == "withdrawn":
        raise InvalidInput(_state_refusal(notice, "withdraw", "it is already withdrawn"))
    return _append(ledger, notice, "withdrawn", by, note, expect_version)


def _state_refusal(notice: Notice, action: str, why: str) -> str:
    current = notice.current
    return (
        f"cannot {action} notice {notice.id}: {why} (version {current.version}, by {current.by} at "
        f"{records.when(current.at)}); see factcheck notice show {notice.id}."
    )


def _check_expected(ledger: "Ledger", notice: Notice, expect_version: int | None) -> None:
    from factcheck.store.versioning import check_expected_version

    check_expected_version(ledger.session, NoticeVersion, NoticeVersion.notice_id, "notice", notice.id,
                           notice.current.version, expect_version)


def _append(
    ledger: "Ledger", notice: Notice, state: str, by: str | None, note: str | None,
    expect_version: int | None, **changes: Any,
) -> NoticeVersion:
    """Append a version to ``notice``: the only way a notice ever changes."""
    current = notice.current
    try:
        with ledger.transaction() as session, session.no_autoflush:
            version = NoticeVersion(
                notice=notice,
                version=current.version + 1,
                state=state,
                text=changes.get("text", current.text),
                placement=changes.get("placement", current.placement),
                changes=changes.get("changes", current.changes),
                dated=changes.get("dated", current.dated),
                note=note,
                by=by or default_user(),
            )
            session.add(version)
            session.flush()
            return version
    except IntegrityError:
        # Another writer appended this version number first: optimistic concurrency.
        if ledger.in_transaction:
            raise  # inside a caller's unit: the caller rolls back (see Ledger._append)
        ledger.session.rollback()
        raise Conflict(_conflict_message(ledger, notice.id, current.version)) from None


def _conflict_message(ledger: "Ledger", notice_id: int, seen: int) -> str:
    from factcheck.store.versioning import conflict_message

    return conflict_message(ledger.session, NoticeVersion, NoticeVersion.notice_id, "notice", notice_id, seen)
