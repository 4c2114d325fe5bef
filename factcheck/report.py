"""What a standards desk asks of the archive: corrections published, claims by
verdict, articles with open findings, and the most-corrected articles."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any

from sqlalchemy import func, select

from factcheck import views
from factcheck.models import Article, Claim, ClaimVersion, Finding, Notice, NoticeVersion

__all__ = ["standards_report"]


def standards_report(ledger: Any, since: date, *, limit: int = 10) -> dict[str, Any]:
    session = ledger.session
    start = datetime.combine(since, time.min, tzinfo=timezone.utc)

    published = session.execute(
        select(Article.slug, Notice.id, Notice.kind, NoticeVersion.text, NoticeVersion.at)
        .join(Notice, Notice.id == NoticeVersion.notice_id)
        .join(Article, Article.id == Notice.article_id)
        .where(NoticeVersion.state == "published", NoticeVersion.at >= start)
        .order_by(NoticeVersion.at.desc())
    ).all()

    # The current version of each claim is the one with the highest number.
    latest = (
        select(ClaimVersion.claim_id, func.max(ClaimVersion.version).label("version"))
        .group_by(ClaimVersion.claim_id)
        .subquery()
    )
    verdicts = session.execute(
        select(ClaimVersion.verdict, func.count())
        .join(latest, (latest.c.claim_id == ClaimVersion.claim_id) & (latest.c.version == ClaimVersion.version))
        .where(ClaimVersion.verdict.is_not(None), ClaimVersion.at >= start)
        .group_by(ClaimVersion.verdict)
        .order_by(func.count().desc(), ClaimVersion.verdict)
    ).all()

    open_findings = session.execute(
        select(Article.slug, func.count(Finding.id))
        .join(Finding, Finding.article_id == Article.id)
        .where(Finding.state == "open", Finding.created_at >= start)
        .group_by(Article.slug)
        .order_by(func.count(Finding.id).desc(), Article.slug)
        .limit(limit)
    ).all()

    most_corrected: dict[str, int] = {}
    for slug, _id, kind, _text, _at in published:
        if kind == "correction":
            most_corrected[slug] = most_corrected.get(slug, 0) + 1
    ranked = sorted(most_corrected.items(), key=lambda item: (-item[1], item[0]))[:limit]
    claims_total = session.scalar(select(func.count(Claim.id))) or 0

    return {
        "since": since.isoformat(),
        "corrections": [
            {"article": slug, "notice": notice_id, "kind": kind, "text": text, "published": views.when(at)}
            for slug, notice_id, kind, text, at in published
        ],
        "claims_by_verdict": {verdict: count for verdict, count in verdicts},
        "claims_total": claims_total,
        "articles_with_open_findings": [{"article": slug, "open": count} for slug, count in open_findings],
        "most_corrected": [{"article": slug, "corrections": count} for slug, count in ranked],
    }


def _section(title: str, rows: list[str]) -> list[str]:
    return [title, *(rows or ["  none"]), ""]


def render_text(report: dict[str, Any]) -> str:
    lines = [f"Standards report since {report['since']}", ""]
    lines += _section(
        f"Corrections and notices published: {len(report['corrections'])}",
        [f"  {c['published']}  {c['article']}  [{c['kind']}] {c['text']}" for c in report["corrections"]],
    )
    lines += _section(
        f"Claims by verdict (set since then, of {report['claims_total']} claims):",
        [f"  {verdict:<13} {count}" for verdict, count in report["claims_by_verdict"].items()],
    )
    lines += _section(
        "Articles with open findings:",
        [f"  {a['article']:<40} {a['open']}" for a in report["articles_with_open_findings"]],
    )
    lines += _section(
        "Most-corrected articles:",
        [f"  {a['article']:<40} {a['corrections']}" for a in report["most_corrected"]],
    )
    return "\n".join(lines).rstrip()
