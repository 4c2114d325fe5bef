"""Notices in the ledger as append-only versions.

A notice (article, from-revision, to-revision, kind) is never updated in place:
drafting, editing, approving, publishing and withdrawing each append a
:class:`~factcheck.store.models.NoticeVersion` saying who, when, what and why
(:func:`append_version`). The editor's workflow, which state may follow which, is
the app's (:mod:`factcheck.app.notice_workflow`); this module stores it.

* While an amendment of a published notice is in review the published version
  stands (:func:`standing_version`): readers keep the correction they were shown.
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
from sqlalchemy.orm import selectinload

from factcheck.store import records
from factcheck.errors import NotFound
from factcheck.store.unit_of_work import default_user
from factcheck.store.versioning import NOTICES
from factcheck.store.models import Notice, NoticeVersion, Revision

if TYPE_CHECKING:
    from factcheck.store.ledger import Ledger
    from factcheck.notices.draft import Drafting

__all__ = [
    "StoredDraft",
    "store_drafted",
    "claim_verdicts",
    "notices_of",
    "get_notice",
    "append_version",
    "check_expected",
    "notice_view",
    "standing_version",
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
    from factcheck.store.claims import verdict_on

    out: dict[int, str | None] = {}
    for claim in ledger.claims_of(revision.article):
        if claim.anchor_in(revision.id) is not None and (verdict := verdict_on(claim, revision)):
            out[claim.id] = verdict
    return out


def store_drafted(
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
                version = append_version(ledger, notice, "draft", by, note, None, **values)
                stored.append(StoredDraft(notice, version, "redrafted"))
            else:
                stored.append(StoredDraft(notice, current, "kept"))
    return stored


# ---------------------------------------------------------------------- reading


def standing_version(notice: Notice) -> NoticeVersion | None:
    """The published version readers see, or None: the latest published version,
    unless the notice was withdrawn after it. An amendment waiting for approval
    (a later draft or approved version) leaves it standing."""
    standing = None
    for version in notice.versions:
        if version.state == "published":
            standing = version
        elif version.state == "withdrawn":
            standing = None
    return standing


def notices_of(ledger: "Ledger", slug: str, *, states: tuple[str, ...] | None = None) -> list[Notice]:
    """The article's notices whose current state is among ``states``; ``"published"``
    also matches a published notice whose amendment awaits approval."""
    article = ledger.get_article(slug)
    rows = ledger.session.scalars(
        select(Notice).where(Notice.article_id == article.id).order_by(Notice.id).options(selectinload(Notice.versions))
    )
    return [
        n for n in rows
        if states is None or n.current.state in states or ("published" in states and standing_version(n) is not None)
    ]


def get_notice(ledger: "Ledger", notice_id: int) -> Notice:
    notice = ledger.session.scalar(
        select(Notice).where(Notice.id == notice_id).options(selectinload(Notice.versions))
    )
    if notice is None:
        raise NotFound(f"no notice {notice_id}; list them with factcheck notices ARTICLE.")
    return notice


def notice_view(
    ledger: "Ledger", notice: Notice, *, history: bool = False, as_published: bool = False
) -> dict[str, Any]:
    """The JSON view of a notice (the contract's kind/text/changes, plus its state).

    The editor's view is of the current version; ``standing`` then gives the
    published version that stands while an amendment awaits approval (else None).
    ``as_published`` is the readers' view: the standing published version itself,
    with ``amendment`` naming the pending version, if any.
    """
    from factcheck.text.dates import ap_date

    revisions = {
        r.id: r for r in ledger.session.scalars(
            select(Revision).where(Revision.id.in_([notice.from_revision_id, notice.to_revision_id]))
        )
    }
    latest, standing = notice.current, standing_version(notice)
    current = standing if as_published and standing is not None else latest
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
    pending = standing is not None and latest.state in ("draft", "approved")
    if as_published:
        out["amendment"] = {"version": latest.version, "state": latest.state} if pending else None
    else:
        out["standing"] = {"version": standing.version, "text": standing.text, "by": standing.by,
                           "at": records.when(standing.at)} if pending else None
    if history:
        out["versions"] = [
            {"version": v.version, "state": v.state, "text": v.text, "note": v.note, "by": v.by, "at": records.when(v.at)}
            for v in notice.versions
        ]
    return out


def _dateline(kind: str, dated: Any, ap_date: Any) -> str | None:
    from factcheck.vocabulary import DATELINE_VERBS

    return f"{DATELINE_VERBS[kind]} {ap_date(dated)}" if dated else None


# ---------------------------------------------------------------------- the append-only protocol


def check_expected(ledger: "Ledger", notice: Notice, expect_version: int | None) -> None:
    """Refuse a change made against another version than the notice's current one."""
    NOTICES.check_expected(ledger.session, notice.id, notice.current.version, expect_version)


def append_version(
    ledger: "Ledger", notice: Notice, state: str, by: str | None, note: str | None,
    expect_version: int | None, **changes: Any,
) -> NoticeVersion:
    """Append a version to ``notice``: the only way a notice ever changes."""
    current = notice.current
    return NOTICES.append(ledger, notice.id, current.version, lambda session: NoticeVersion(
        notice=notice,
        version=current.version + 1,
        state=state,
        text=changes.get("text", current.text),
        placement=changes.get("placement", current.placement),
        changes=changes.get("changes", current.changes),
        dated=changes.get("dated", current.dated),
        note=note,
        by=by or default_user(),
    ))
