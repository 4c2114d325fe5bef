"""The desk's read queries: what is waiting across the ledger, and stored findings.

Plain SQL on SQLAlchemy Core (as :mod:`factcheck.store.listings`), returning the view
dictionaries of :mod:`factcheck.views`, so the desk's handlers hold no SQL.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import DateTime

from factcheck.store import records
from factcheck.store.listings import query_rows as _rows

__all__ = ["overview", "findings_of", "article_findings", "article_by_id", "finding_article", "diff_inputs", "article_revisions"]

_TIME = DateTime(timezone=True)
_LATEST = "(SELECT id FROM revisions r2 WHERE r2.article_id = {a} ORDER BY seq DESC LIMIT 1)"
_CURRENT_CLAIM = "v.version = (SELECT max(version) FROM claim_versions w WHERE w.claim_id = v.claim_id)"
_CURRENT_NOTICE = "v.version = (SELECT max(version) FROM notice_versions w WHERE w.notice_id = v.notice_id)"


def _article_filter(article: str | None, column: str = "a.slug") -> tuple[str, dict[str, Any]]:
    return (f" AND {column} = :slug", {"slug": article}) if article else ("", {})


def overview(engine: Any, *, article: str | None = None, limit: int = 50) -> dict[str, Any]:
    """The desk: articles with open findings on their newest revision, claims in
    review, notices waiting for approval or publication, recent revisions."""
    where, params = _article_filter(article)
    with engine.connect() as connection:
        findings = _rows(connection, (
            "SELECT a.slug, a.title, r.label, count(f.id) AS n, "
            "sum(CASE WHEN f.severity = 'error' THEN 1 ELSE 0 END) AS errors "
            f"FROM findings f JOIN articles a ON a.id = f.article_id JOIN revisions r ON r.id = f.revision_id "
            f"WHERE f.state = 'open' AND f.revision_id = {_LATEST.format(a='a.id')}{where} "
            "GROUP BY a.slug, a.title, r.label ORDER BY count(f.id) DESC, a.slug LIMIT :n"
        ), n=limit, **params)
        claims = _rows(connection, (
            'SELECT v.claim_id, v.version, v.text, v.status, v.verdict, v."by", v."at", a.slug, a.title '
            "FROM claim_versions v JOIN claims c ON c.id = v.claim_id JOIN articles a ON a.id = c.article_id "
            f"WHERE {_CURRENT_CLAIM} AND v.status IN ('in-review', 'unverified'){where} "
            'ORDER BY CASE v.status WHEN \'in-review\' THEN 0 ELSE 1 END, v."at" DESC LIMIT :n'
        ), {"at": _TIME}, n=limit, **params)
        notices = _rows(connection, (
            'SELECT v.notice_id, v.version, v.state, v.text, v."by", v."at", n.kind, a.slug, a.title '
            "FROM notice_versions v JOIN notices n ON n.id = v.notice_id JOIN articles a ON a.id = n.article_id "
            f"WHERE {_CURRENT_NOTICE} AND v.state IN ('draft', 'approved'){where} "
            'ORDER BY v."at" DESC LIMIT :n'
        ), {"at": _TIME}, n=limit, **params)
        revisions = _rows(connection, (
            "SELECT a.slug, a.title, r.label, r.seq, r.fetched_at, r.origin, r.url "
            f"FROM revisions r JOIN articles a ON a.id = r.article_id WHERE 1 = 1{where} "
            "ORDER BY r.fetched_at DESC, r.id DESC LIMIT :n"
        ), {"fetched_at": _TIME}, n=min(limit, 20), **params)
        counts = _rows(connection, (
            "SELECT (SELECT count(*) FROM articles) AS articles, "
            "(SELECT count(*) FROM claim_versions v WHERE " + _CURRENT_CLAIM + " AND v.status = 'in-review') AS in_review, "
            "(SELECT count(*) FROM notice_versions v WHERE " + _CURRENT_NOTICE + " AND v.state = 'draft') AS drafts, "
            "(SELECT count(*) FROM notice_versions v WHERE " + _CURRENT_NOTICE + " AND v.state = 'approved') AS approved"
        ))[0]
        slugs = [r.slug for r in _rows(connection, "SELECT slug FROM articles ORDER BY slug")]
    return {
        "filter": {"article": article},
        "counts": {"articles": counts.articles, "claims_in_review": counts.in_review,
                   "notices_draft": counts.drafts, "notices_approved": counts.approved,
                   "articles_with_findings": len(findings)},
        "articles": slugs,
        "findings": [{"article": {"slug": r.slug, "title": r.title}, "revision": r.label, "open": r.n,
                      "errors": int(r.errors or 0)} for r in findings],
        "claims": [{"id": r.claim_id, "version": r.version, "text": r.text, "status": r.status,
                    "verdict": r.verdict, "by": r.by, "updated": records.when(r.at),
                    "article": {"slug": r.slug, "title": r.title}} for r in claims],
        "notices": [{"id": r.notice_id, "version": r.version, "state": r.state, "kind": r.kind, "text": r.text,
                     "by": r.by, "at": records.when(r.at), "article": {"slug": r.slug, "title": r.title}}
                    for r in notices],
        "revisions": [{"article": {"slug": r.slug, "title": r.title}, "label": r.label, "seq": r.seq,
                       "fetched": records.when(r.fetched_at), "origin": r.origin, "url": r.url} for r in revisions],
    }


def findings_of(engine: Any, slug: str, labels: list[str]) -> list[dict[str, Any]]:
    """Stored findings of revisions ``labels`` of ``slug`` (open and decided), in the
    shape of ``factcheck check --format json`` plus the editor's decision."""
    with engine.connect() as connection:
        rows = _rows(connection, (
            'SELECT f.id, f."check", f.severity, f.message, f.spans, f.data, f.state, f.note, f.decided_by, '
            "f.decided_at, r.label FROM findings f JOIN revisions r ON r.id = f.revision_id "
            "JOIN articles a ON a.id = f.article_id WHERE a.slug = :slug AND r.label IN :labels ORDER BY f.id"
        ), {"decided_at": _TIME}, slug=slug, labels=labels)
    import json

    out = []
    for r in rows:
        spans = r.spans if isinstance(r.spans, list) else json.loads(r.spans or "[]")
        data = r.data if isinstance(r.data, dict) else json.loads(r.data or "{}")
        out.append({"id": r.id, "check": r.check, "severity": r.severity, "message": r.message, "spans": spans,
                    "data": data, "state": r.state, "note": r.note, "by": r.decided_by,
                    "at": records.when(r.decided_at), "revision": r.label})
    return out


def article_findings(engine: Any, slug: str, label: str) -> list[dict[str, Any]]:
    return findings_of(engine, slug, [label])


def article_by_id(engine: Any, article_id: int) -> dict[str, Any]:
    with engine.connect() as connection:
        row = _rows(connection, "SELECT slug, title, url, outlet FROM articles WHERE id = :a", a=article_id)[0]
    return records.article(row)


def finding_article(engine: Any, finding_id: int) -> str | None:
    """The slug of the article a finding belongs to (None: no such finding)."""
    with engine.connect() as connection:
        rows = _rows(connection, "SELECT a.slug FROM findings f JOIN articles a ON a.id = f.article_id WHERE f.id = :f",
                     f=finding_id)
    return rows[0].slug if rows else None


def diff_inputs(engine: Any, slug: str, old: str, new: str) -> dict[str, Any]:
    """What the diff page needs, on Core alone: the article, its revisions (with
    the texts of ``old`` and ``new``) and the claims anchored in ``old``'s body as
    :class:`factcheck.analysis.diff.ClaimRef` (their wording there, their state now), as
    :meth:`factcheck.store.ledger.Ledger.claim_refs` gives them, without the ORM."""
    from factcheck.analysis.diff_types import ClaimRef
    from factcheck.store.lookup import no_revision

    with engine.connect() as connection:
        article, revisions = _article_revisions(connection, slug)
        by_label = {r.label: r for r in revisions}
        for label in (old, new):
            if label not in by_label:
                raise no_revision(slug, label, [r.label for r in revisions])
        base = by_label[old]
        anchored = _rows(connection, (
            "SELECT v.claim_id, v.version, v.text, v.anchor_paragraph, v.anchor_sentence, v.anchor_start "
            "FROM claim_versions v JOIN claims c ON c.id = v.claim_id "
            "WHERE c.article_id = :a AND v.anchor_revision_id = :r ORDER BY v.claim_id, v.version"),
            a=article.id, r=base.id)
        current = {r.claim_id: r for r in _rows(connection, (
            "SELECT v.claim_id, v.version, v.status, v.verdict FROM claim_versions v JOIN claims c ON c.id = v.claim_id "
            f"WHERE c.article_id = :a AND {_CURRENT_CLAIM}"), a=article.id)}
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
    from factcheck.store.lookup import no_article

    found = _rows(connection, "SELECT id, slug, title, url, outlet FROM articles WHERE slug = :s", s=slug)
    if not found:
        raise no_article(slug, [r.slug for r in _rows(connection, "SELECT slug FROM articles ORDER BY slug")])
    from factcheck.store.listings import REVISION_QUERY, REVISION_TYPES

    revisions = _rows(connection, f"{REVISION_QUERY} WHERE article_id = :a ORDER BY seq", REVISION_TYPES,
                      a=found[0].id)
    return found[0], revisions


def article_revisions(engine: Any, slug: str) -> dict[str, Any]:
    """The article, its revisions as views, and the newest one's text."""
    from factcheck.store.lookup import no_revisions

    with engine.connect() as connection:
        article, revisions = _article_revisions(connection, slug)
    if not revisions:
        raise no_revisions(slug)
    return {"article": records.article(article), "revisions": [records.revision(r) for r in revisions],
            "text": revisions[-1].text}
