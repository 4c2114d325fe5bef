"""Storing a batch of archive revisions in a handful of statements.

``Ledger.add_revision`` is built for one revision at a time: ORM objects, a query
for the article, one for its revisions, one for its claims, an INSERT per row. That
is right for an editor's command and too slow for an archive of fifty thousand
revisions (about 2 ms a revision in the database alone). Here a batch asks the
database four questions up front (which articles exist, what revisions they hold,
which have claims, which findings editors dismissed), decides labels, duplicates
and findings in Python, and writes with multi-row INSERTs that return the new ids,
one statement per few hundred rows (SQLAlchemy's "insertmanyvalues" with RETURNING,
the same on SQLite and PostgreSQL).

The outcome is the one ``add_revision`` and ``record_findings`` would give, row for
row. Articles that have claims go through ``add_revision`` itself, so re-anchoring
has one implementation (:mod:`factcheck.following`); an archive rarely has any.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from sqlalchemy import insert, select

from factcheck.errors import DatabaseUnavailable, FactcheckError, located
from factcheck.ledger import PreparedRevision, label_taken, next_label
from factcheck.models import Article, Claim, Finding, Revision

if TYPE_CHECKING:
    from factcheck.archive import ImportSummary
    from factcheck.ledger import Ledger

__all__ = ["store_batch"]

_ARTICLES, _REVISIONS, _FINDINGS = Article.__table__, Revision.__table__, Finding.__table__


@dataclass
class _Stored:
    """What one article holds so far: the next sequence number, labels and texts."""

    seq: int = 0
    labels: set[str] = field(default_factory=set)
    digests: set[str] = field(default_factory=set)
    dismissed: set[str] = field(default_factory=set)  # finding keys editors dismissed


def store_batch(
    ledger: "Ledger", batch: Sequence[PreparedRevision], summary: "ImportSummary", *, checks: bool, by: str | None
) -> None:
    """Store ``batch`` inside the caller's transaction, counting into ``summary``.

    A record that cannot be stored (its label is taken by another text) is a
    problem in ``summary``; the rest go in.
    """
    if not batch:
        return
    connection = ledger.session.connection()
    article_ids = _article_ids(connection, batch)
    stored = _stored_state(connection, list(article_ids.values()))
    with_claims = set(connection.scalars(
        select(Claim.article_id).where(Claim.article_id.in_(list(article_ids.values()))).distinct()
    ))

    rows: list[dict[str, Any]] = []
    found: list[list[Any]] = []
    followed: list[PreparedRevision] = []
    for prepared in batch:
        article_id = article_ids[prepared.slug]
        summary.articles.add(prepared.slug)
        if article_id in with_claims:
            followed.append(prepared)
            continue
        state = stored[article_id]
        if prepared.digest in state.digests:
            summary.identical += 1
            continue
        if prepared.label is not None and prepared.label in state.labels:
            summary.problems.append(f"{prepared.raw.origin}: {label_taken(prepared.slug, prepared.label)}")
            continue
        state.seq += 1
        label = prepared.label or next_label(state.seq, state.labels)
        state.labels.add(label)
        state.digests.add(prepared.digest)
        rows.append({"article_id": article_id, **prepared.row(state.seq, label)})
        found.append(_checks(prepared, label) if checks else [])

    if rows:
        # Rows come back keyed by what identifies them, not in parameter order: an
        # ordered RETURNING makes SQLite fall back to one INSERT per row.
        statement = insert(_REVISIONS).returning(_REVISIONS.c.article_id, _REVISIONS.c.seq, _REVISIONS.c.id)
        revision_ids = {(article_id, seq): id_ for article_id, seq, id_ in connection.execute(statement, rows)}
        finding_rows = [
            {"revision_id": revision_ids[row["article_id"], row["seq"]], "article_id": row["article_id"], **columns}
            for row, findings in zip(rows, found)
            for columns in _new_findings(findings, stored[row["article_id"]].dismissed)
        ]
        if finding_rows:
            connection.execute(insert(_FINDINGS), finding_rows)
        summary.stored += len(rows)
        summary.findings += len(finding_rows)
    for prepared in followed:
        _store_following_claims(ledger, prepared, summary, checks=checks, by=by)


def _article_ids(connection: Any, batch: Sequence[PreparedRevision]) -> dict[str, int]:
    """slug -> id for every article of the batch, creating the missing ones (named
    like ``add_revision`` names them: after their first revision)."""
    first: dict[str, PreparedRevision] = {}
    for prepared in batch:
        first.setdefault(prepared.slug, prepared)
    ids = dict(connection.execute(
        select(_ARTICLES.c.slug, _ARTICLES.c.id).where(_ARTICLES.c.slug.in_(list(first)))
    ).all())
    missing = [first[slug] for slug in first if slug not in ids]
    if missing:
        statement = insert(_ARTICLES).returning(_ARTICLES.c.slug, _ARTICLES.c.id)
        ids.update(connection.execute(statement, [{"slug": p.slug, "title": p.title, "url": p.url} for p in missing]).all())
    return ids


def _stored_state(connection: Any, article_ids: list[int]) -> dict[int, _Stored]:
    """What each article already holds: short rows, never the texts."""
    state = {article_id: _Stored() for article_id in article_ids}
    known = select(_REVISIONS.c.article_id, _REVISIONS.c.seq, _REVISIONS.c.label, _REVISIONS.c.sha256)
    for article_id, seq, label, digest in connection.execute(known.where(_REVISIONS.c.article_id.in_(article_ids))):
        entry = state[article_id]
        entry.seq = max(entry.seq, seq)
        entry.labels.add(label)
        entry.digests.add(digest)
    dismissed = select(_FINDINGS.c.article_id, _FINDINGS.c.key).where(
        _FINDINGS.c.article_id.in_(article_ids), _FINDINGS.c.state == "dismissed"
    )
    for article_id, key in connection.execute(dismissed):
        state[article_id].dismissed.add(key)
    return state


def _checks(prepared: PreparedRevision, label: str) -> list[Any]:
    from factcheck.checks import run_checks

    return run_checks(prepared.doc, published=prepared.published, label=label)


def _new_findings(findings: list[Any], dismissed: set[str]) -> list[dict[str, Any]]:
    """The rows to store: one per key (as ``record_findings``), none an editor dismissed."""
    rows: dict[str, dict[str, Any]] = {}
    for finding in findings:
        key = finding.key
        if key not in dismissed and key not in rows:
            rows[key] = finding.columns()
    return list(rows.values())


def _store_following_claims(
    ledger: "Ledger", prepared: PreparedRevision, summary: "ImportSummary", *, checks: bool, by: str | None
) -> None:
    """One revision of an article with claims, through ``add_revision`` so the
    claims follow it."""
    try:
        added = ledger.add_revision(
            prepared.slug, prepared.raw, label=prepared.label, published=prepared.published,
            url=prepared.url, title=prepared.title, force=True, by=by,
        )
    except DatabaseUnavailable:
        raise
    except FactcheckError as error:
        summary.problems.append(located(prepared.raw.origin, error))
        return
    if not added.created:
        summary.identical += 1
        return
    summary.stored += 1
    if checks:
        revision = added.revision
        recorded = ledger.record_findings(revision, _checks(prepared, revision.label))
        summary.findings += len({finding_id for finding_id, _finding, _state in recorded})
