"""What a standards desk asks of the archive: corrections published, claims by
verdict, articles with open findings, and the most-corrected articles."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any

from sqlalchemy import func, select

from factcheck.store import records
from factcheck.store.models import Article, Claim, ClaimVersion, Finding, Notice, NoticeVersion, Revision

__all__ = ["standards_report"]


def standards_report(ledger: Any, since: date, *, limit: int = 10) -> dict[str, Any]:
    session = ledger.session
    start = datetime.combine(since, time.min, tzinfo=timezone.utc)
    published = session.execute(_published_since(start)).all()
    verdicts = session.execute(_verdicts_set_since(start)).all()
    open_findings = session.execute(_open_findings_since(start, limit)).all()

    most_corrected: dict[str, int] = {}
    for slug, _id, kind, _text, _at in published:
        if kind == "correction":
            most_corrected[slug] = most_corrected.get(slug, 0) + 1
    ranked = sorted(most_corrected.items(), key=lambda item: (-item[1], item[0]))[:limit]
    claims_total = session.scalar(select(func.count(Claim.id))) or 0

    return {
        "since": since.isoformat(),
        "corrections": [
            {"article": slug, "notice": notice_id, "kind": kind, "text": text, "published": records.when(at)}
            for slug, notice_id, kind, text, at in published
        ],
        "claims_by_verdict": {verdict: count for verdict, count in verdicts},
        "claims_total": claims_total,
        "articles_with_open_findings": [{"article": slug, "open": count} for slug, count in open_findings],
        "most_corrected": [{"article": slug, "corrections": count} for slug, count in ranked],
    }


def _current(version_table: Any, owner: Any) -> Any:
    """(owner id, highest version number): which version of each record is current."""
    return select(owner.label("owner"), func.max(version_table.version).label("version")).group_by(owner).subquery()


def _published_since(start: datetime) -> Any:
    """Notices that stand published now and were first published since ``start``,
    once each, with the text readers see: a notice amended after publication counts
    once (its published text while the amendment awaits approval), a withdrawn one
    not at all."""
    from sqlalchemy.orm import aliased

    standing = (
        select(NoticeVersion.notice_id.label("owner"), func.max(NoticeVersion.version).label("version"))
        .where(NoticeVersion.state.in_(("published", "withdrawn")))
        .group_by(NoticeVersion.notice_id)
        .subquery()
    )
    first = (
        select(NoticeVersion.notice_id.label("owner"), func.min(NoticeVersion.at).label("at"))
        .where(NoticeVersion.state == "published")
        .group_by(NoticeVersion.notice_id)
        .subquery()
    )
    shown = aliased(NoticeVersion)
    return (
        select(Article.slug, Notice.id, Notice.kind, shown.text, first.c.at)
        # The latest published-or-withdrawn version: published means it stands.
        .select_from(shown)
        .join(standing, (standing.c.owner == shown.notice_id) & (standing.c.version == shown.version))
        .join(first, first.c.owner == shown.notice_id)
        .join(Notice, Notice.id == shown.notice_id)
        .join(Article, Article.id == Notice.article_id)
        .where(shown.state == "published", first.c.at >= start)
        .order_by(first.c.at.desc(), Notice.id.desc())
    )


def _verdicts_set_since(start: datetime) -> Any:
    """Current verdicts counted by when they were set: the first version since which
    the claim has held it. Re-anchoring versions (signed ``factcheck``) and notes that
    leave the verdict alone do not make an old verdict new."""
    latest = _current(ClaimVersion, ClaimVersion.claim_id)
    now = (
        select(ClaimVersion.claim_id.label("claim_id"), ClaimVersion.verdict.label("verdict"))
        .join(latest, (latest.c.owner == ClaimVersion.claim_id) & (latest.c.version == ClaimVersion.version))
        .subquery()
    )
    # The last version that held another verdict (or none): the current one began after it.
    before = (
        select(ClaimVersion.claim_id.label("claim_id"), func.max(ClaimVersion.version).label("version"))
        .join(now, now.c.claim_id == ClaimVersion.claim_id)
        .where(ClaimVersion.verdict.is_distinct_from(now.c.verdict))
        .group_by(ClaimVersion.claim_id)
        .subquery()
    )
    set_at = (
        select(ClaimVersion.claim_id.label("claim_id"), func.min(ClaimVersion.at).label("at"))
        .join(before, before.c.claim_id == ClaimVersion.claim_id, isouter=True)
        .where(ClaimVersion.version > func.coalesce(before.c.version, 0))
        .group_by(ClaimVersion.claim_id)
        .subquery()
    )
    return (
        select(now.c.verdict, func.count())
        .join(set_at, set_at.c.claim_id == now.c.claim_id)
        .where(now.c.verdict.is_not(None), set_at.c.at >= start)
        .group_by(now.c.verdict)
        .order_by(func.count().desc(), now.c.verdict)
    )


def _open_findings_since(start: datetime, limit: int) -> Any:
    """Open findings raised since ``start`` on each article's current revision: an
    older revision's findings were fixed or carried forward, not still open twice."""
    latest = (
        select(Revision.article_id.label("article_id"), func.max(Revision.seq).label("seq"))
        .group_by(Revision.article_id)
        .subquery()
    )
    return (
        select(Article.slug, func.count(Finding.id))
        .join(Finding, Finding.article_id == Article.id)
        .join(Revision, Revision.id == Finding.revision_id)
        .join(latest, (latest.c.article_id == Revision.article_id) & (latest.c.seq == Revision.seq))
        .where(Finding.state == "open", Finding.created_at >= start)
        .group_by(Article.slug)
        .order_by(func.count(Finding.id).desc(), Article.slug)
        .limit(limit)
    )
