"""The desk's read queries: what is waiting across the ledger, and stored findings.

Core ``select()`` on the tables of :mod:`factcheck.store.schema` (as
:mod:`factcheck.store.listings`, never the ORM), returning the view dictionaries of
:mod:`factcheck.views`, so the desk's handlers hold no SQL.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import case, func, select

from factcheck.store import records
from factcheck.store.queries import article_row, is_current_version, revisions_of, rows as _rows
from factcheck.store.schema import articles, claim_versions, claims, findings, notice_versions, notices, revisions

__all__ = ["overview", "findings_of", "article_findings", "article_by_id", "finding_article", "diff_inputs", "article_revisions"]

_A, _F, _R = articles.c, findings.c, revisions.c
_CURRENT_CLAIM = is_current_version(claim_versions, "claim_id")
_CURRENT_NOTICE = is_current_version(notice_versions, "notice_id")


def _latest_revision_of(article_id: Any) -> Any:
    later = revisions.alias("r2")
    return (select(later.c.id).where(later.c.article_id == article_id)
            .order_by(later.c.seq.desc()).limit(1).scalar_subquery())


def overview(engine: Any, *, article: str | None = None, limit: int = 50) -> dict[str, Any]:
    """The desk: articles with open findings on their newest revision, claims in
    review, notices waiting for approval or publication, recent revisions."""
    cv, nv = claim_versions.c, notice_versions.c
    waiting_findings = (
        select(_A.slug, _A.title, _R.label, func.count(_F.id).label("n"),
               func.sum(case((_F.severity == "error", 1), else_=0)).label("errors"))
        .join_from(findings, articles, _A.id == _F.article_id).join(revisions, _R.id == _F.revision_id)
        .where(_F.state == "open", _F.revision_id == _latest_revision_of(_A.id))
        .group_by(_A.slug, _A.title, _R.label).order_by(func.count(_F.id).desc(), _A.slug).limit(limit)
    )
    waiting_claims = (
        select(cv.claim_id, cv.version, cv.text, cv.status, cv.verdict, cv.by, cv.at, _A.slug, _A.title)
        .join_from(claim_versions, claims, claims.c.id == cv.claim_id).join(articles, _A.id == claims.c.article_id)
        .where(_CURRENT_CLAIM, cv.status.in_(("in-review", "unverified")))
        .order_by(case((cv.status == "in-review", 0), else_=1), cv.at.desc()).limit(limit)
    )
    waiting_notices = (
        select(nv.notice_id, nv.version, nv.state, nv.text, nv.by, nv.at, notices.c.kind, _A.slug, _A.title)
        .join_from(notice_versions, notices, notices.c.id == nv.notice_id).join(articles, _A.id == notices.c.article_id)
        .where(_CURRENT_NOTICE, nv.state.in_(("draft", "approved")))
        .order_by(nv.at.desc()).limit(limit)
    )
    recent = (
        select(_A.slug, _A.title, _R.label, _R.seq, _R.fetched_at, _R.origin, _R.url)
        .join_from(revisions, articles, _A.id == _R.article_id)
        .order_by(_R.fetched_at.desc(), _R.id.desc()).limit(min(limit, 20))
    )
    if article:
        waiting_findings, waiting_claims, waiting_notices, recent = (
            query.where(_A.slug == article) for query in (waiting_findings, waiting_claims, waiting_notices, recent))

    def how_many(table: Any, *where: Any) -> Any:
        return select(func.count()).select_from(table).where(*where).scalar_subquery()

    with engine.connect() as connection:
        findings_rows = _rows(connection, waiting_findings)
        claims_rows = _rows(connection, waiting_claims)
        notices_rows = _rows(connection, waiting_notices)
        revisions_rows = _rows(connection, recent)
        counts = _rows(connection, select(
            how_many(articles).label("articles"),
            how_many(claim_versions, _CURRENT_CLAIM, cv.status == "in-review").label("in_review"),
            how_many(notice_versions, _CURRENT_NOTICE, nv.state == "draft").label("drafts"),
            how_many(notice_versions, _CURRENT_NOTICE, nv.state == "approved").label("approved"),
        ))[0]
        slugs = list(connection.scalars(select(_A.slug).order_by(_A.slug)))
    return {
        "filter": {"article": article},
        "counts": {"articles": counts.articles, "claims_in_review": counts.in_review,
                   "notices_draft": counts.drafts, "notices_approved": counts.approved,
                   "articles_with_findings": len(findings_rows)},
        "articles": slugs,
        "findings": [{"article": {"slug": r.slug, "title": r.title}, "revision": r.label, "open": r.n,
                      "errors": int(r.errors or 0)} for r in findings_rows],
        "claims": [{"id": r.claim_id, "version": r.version, "text": r.text, "status": r.status,
                    "verdict": r.verdict, "by": r.by, "updated": records.when(r.at),
                    "article": {"slug": r.slug, "title": r.title}} for r in claims_rows],
        "notices": [{"id": r.notice_id, "version": r.version, "state": r.state, "kind": r.kind, "text": r.text,
                     "by": r.by, "at": records.when(r.at), "article": {"slug": r.slug, "title": r.title}}
                    for r in notices_rows],
        "revisions": [{"article": {"slug": r.slug, "title": r.title}, "label": r.label, "seq": r.seq,
                       "fetched": records.when(r.fetched_at), "origin": r.origin, "url": r.url}
                      for r in revisions_rows],
    }


def findings_of(engine: Any, slug: str, labels: list[str]) -> list[dict[str, Any]]:
    """Stored findings of revisions ``labels`` of ``slug`` (open and decided), in the
    shape of ``factcheck check --format json`` plus the editor's decision."""
    stored = (
        select(_F.id, _F.check, _F.severity, _F.message, _F.spans, _F.data, _F.state, _F.note, _F.decided_by,
               _F.decided_at, _R.label)
        .join_from(findings, revisions, _R.id == _F.revision_id).join(articles, _A.id == _F.article_id)
        .where(_A.slug == slug, _R.label.in_(labels)).order_by(_F.id)
    )
    with engine.connect() as connection:
        found = _rows(connection, stored)
    return [{"id": r.id, "check": r.check, "severity": r.severity, "message": r.message, "spans": r.spans,
             "data": r.data, "state": r.state, "note": r.note, "by": r.decided_by,
             "at": records.when(r.decided_at), "revision": r.label} for r in found]


def article_findings(engine: Any, slug: str, label: str) -> list[dict[str, Any]]:
    return findings_of(engine, slug, [label])


def article_by_id(engine: Any, article_id: int) -> dict[str, Any]:
    with engine.connect() as connection:
        row = _rows(connection, select(_A.slug, _A.title, _A.url, _A.outlet).where(_A.id == article_id))[0]
    return records.article(row)


def finding_article(engine: Any, finding_id: int) -> str | None:
    """The slug of the article a finding belongs to (None: no such finding)."""
    with engine.connect() as connection:
        return connection.scalar(
            select(_A.slug).join_from(findings, articles, _A.id == _F.article_id).where(_F.id == finding_id))


def diff_inputs(engine: Any, slug: str, old: str, new: str) -> dict[str, Any]:
    """What the diff page needs, on Core alone: the article, its revisions (with
    the texts of ``old`` and ``new``) and the claims anchored in ``old``'s body as
    :class:`factcheck.analysis.diff.ClaimRef` (their wording there, their state now), as
    :meth:`factcheck.store.claims.Claims.claim_refs` gives them, without the ORM."""
    from factcheck.analysis.diff_types import ClaimRef
    from factcheck.store.lookup import no_revision

    with engine.connect() as connection:
        article, revisions = _article_revisions(connection, slug)
        by_label = {r.label: r for r in revisions}
        for label in (old, new):
            if label not in by_label:
                raise no_revision(slug, label, [r.label for r in revisions])
        base = by_label[old]
        cv = claim_versions.c
        of_article = select(claims.c.id).where(claims.c.article_id == article.id)
        anchored = _rows(connection, (
            select(cv.claim_id, cv.version, cv.text, cv.anchor_paragraph, cv.anchor_sentence, cv.anchor_start)
            .where(cv.claim_id.in_(of_article), cv.anchor_revision_id == base.id)
            .order_by(cv.claim_id, cv.version)))
        current = {r.claim_id: r for r in _rows(connection, (
            select(cv.claim_id, cv.version, cv.status, cv.verdict)
            .where(cv.claim_id.in_(of_article), _CURRENT_CLAIM)))}
    body_starts = _body_starts(base.text)
    last: dict[int, Any] = {}
    for row in anchored:
        if row.anchor_start in body_starts:
            last[row.claim_id] = row  # ordered by version: the last one there wins
    refs = tuple(
        ClaimRef(claim_id, current[claim_id].version, row.text, current[claim_id].status, current[claim_id].verdict,
                 row.anchor_paragraph or 0, row.anchor_sentence or 0)
        for claim_id, row in sorted(last.items())
    )
    return {"article": records.article(article), "revisions": [records.revision(r) for r in revisions],
            "old": by_label[old], "new": by_label[new], "refs": refs}


@lru_cache(maxsize=64)
def _body_starts(text: str) -> frozenset[int]:
    # Revisions never change: segment each once per process, not per page view.
    from factcheck.text.segmentation import segment

    return frozenset(s.start for s in segment(text).sentences)


def _article_revisions(connection: Any, slug: str) -> tuple[Any, list[Any]]:
    """The article row and its revision rows (with their texts), oldest first."""
    article = article_row(connection, slug)
    return article, _rows(connection, revisions_of(article.id))


def article_revisions(engine: Any, slug: str) -> dict[str, Any]:
    """The article, its revisions as views, and the newest one's text."""
    from factcheck.store.lookup import no_revisions

    with engine.connect() as connection:
        article, revisions = _article_revisions(connection, slug)
    if not revisions:
        raise no_revisions(slug)
    return {"article": records.article(article), "revisions": [records.revision(r) for r in revisions],
            "text": revisions[-1].text}
