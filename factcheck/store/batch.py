"""Storing a batch of archive revisions in a handful of statements.

``Ledger.add_revision`` is built for one revision at a time: ORM objects, a query
for the article, one for its revisions, one for its claims, an INSERT per row. That
is right for an editor's command and too slow for an archive of fifty thousand
revisions (about 2 ms a revision in the database alone). Here a batch goes in three
steps:

1. read: four questions to the database (which articles exist, what revisions they
   hold, which have claims, which findings editors dismissed), short rows only;
2. decide: labels, duplicates and the checks' findings, in Python, holding no lock;
3. write: multi-row INSERTs that return the new ids, one statement per few hundred
   rows (SQLAlchemy's "insertmanyvalues", the same on SQLite and PostgreSQL), in
   slug and sequence order so that two imports lock rows in the same order.

The outcome is the one ``add_revision`` and ``record_findings`` would give, row for
row. Revisions of articles that have claims are not stored here: the batch hands
them back (:attr:`BatchOutcome.followed`) and the import sends each through the one
use case for a new revision (:func:`factcheck.app.revisions.receive_revision`), so
re-anchoring and diffing have one implementation; an archive rarely has any.
When another process gets in between (stores the same revisions, or adds a claim
to one of the articles), :class:`LostRace` tells the caller to roll the batch back
and run it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence

from sqlalchemy import insert, select

from factcheck.errors import located
from factcheck.store.revisions import PreparedRevision, label_taken, next_label
from factcheck.store.unit_of_work import LostRace
from factcheck.store.schema import articles as _ARTICLES, claims as _CLAIMS, findings as _FINDINGS
from factcheck.store.schema import revisions as _REVISIONS

if TYPE_CHECKING:
    from factcheck.store.ledger import Ledger

__all__ = ["BatchOutcome", "Tally", "store_batch"]


@dataclass
class Tally:
    """Revisions stored, revisions found stored already, findings recorded, and the
    articles they belong to: what a batch did, and what a whole import did."""

    stored: int = 0
    identical: int = 0
    findings: int = 0
    articles: set[str] = field(default_factory=set)

    def add(self, other: "Tally") -> None:
        self.stored += other.stored
        self.identical += other.identical
        self.findings += other.findings
        self.articles |= other.articles


@dataclass
class BatchOutcome(Tally):
    #: (position of the record in the batch, one line), so problems keep archive order.
    problems: list[tuple[int, str]] = field(default_factory=list)
    #: (position, revision) of the articles with claims, in batch order: not stored
    #: here, for the caller to store through the use case that makes claims follow.
    followed: list[tuple[int, PreparedRevision]] = field(default_factory=list)


@dataclass
class _Stored:
    """What one article holds so far: its id (None until created), the last
    sequence number, labels, texts and the finding keys editors dismissed."""

    id: int | None = None
    seq: int = 0
    labels: set[str] = field(default_factory=set)
    digests: set[str] = field(default_factory=set)
    dismissed: set[str] = field(default_factory=set)


@dataclass
class _NewRevision:
    slug: str
    columns: dict[str, Any]
    findings: list[dict[str, Any]]


def store_batch(
    ledger: "Ledger", batch: Sequence[PreparedRevision], *,
    checks: Callable[[PreparedRevision, str], list[Any]] | None = None,
) -> BatchOutcome:
    """Store ``batch`` inside the caller's transaction.

    ``checks``, when given, is the app's automated checks: called with each
    revision to store and its label, it returns the findings to record (the store
    runs no analysis of its own).

    A record that cannot be stored (its label is taken by another text) is a
    problem of the outcome; the rest go in. Raises :class:`LostRace` when another
    process added a claim to one of the articles meanwhile. Revisions of articles
    with claims come back in :attr:`BatchOutcome.followed`, unstored.
    """
    outcome = BatchOutcome()
    if not batch:
        return outcome
    connection = ledger.session.connection()
    slugs = sorted({prepared.slug for prepared in batch})
    stored = _stored_state(connection, slugs)
    known_ids = [s.id for s in stored.values() if s.id is not None]
    with_claims = _articles_with_claims(connection, known_ids)

    new: list[_NewRevision] = []
    for position, prepared in enumerate(batch):
        state = stored[prepared.slug]
        if state.id in with_claims:
            outcome.followed.append((position, prepared))
            continue
        if prepared.digest in state.digests:
            outcome.identical += 1
            outcome.articles.add(prepared.slug)
            continue
        if prepared.label is not None and prepared.label in state.labels:
            taken = label_taken(prepared.slug, prepared.label, "give this record another label; skipped")
            outcome.problems.append((position, located(prepared.raw.origin, taken)))
            continue
        state.seq += 1
        label = prepared.label or next_label(state.seq, state.labels)
        state.labels.add(label)
        state.digests.add(prepared.digest)
        findings = _new_findings(checks(prepared, label), state.dismissed) if checks is not None else []
        new.append(_NewRevision(prepared.slug, prepared.row(state.seq, label), findings))
        outcome.articles.add(prepared.slug)

    if new:
        # Hold the existing articles as add_revision does: an editor's add-claim now
        # waits for this batch, or came before the re-check below.
        existing = [stored[slug].id for slug in {n.slug for n in new} if stored[slug].id is not None]
        if existing:
            ledger.lock_articles(*existing)
        _create_articles(connection, batch, stored, {n.slug for n in new})
        outcome.findings += _insert(connection, new, stored)
        outcome.stored += len(new)
        # A claim added to one of these articles since the read above would be left
        # on the previous revision for good: run the batch again (that article's
        # revisions then go through receive_revision).
        if _articles_with_claims(connection, [stored[slug].id for slug in {n.slug for n in new}]):
            raise LostRace("a claim was added to an article of the batch during the import")
    return outcome


def _stored_state(connection: Any, slugs: list[str]) -> dict[str, _Stored]:
    """What each article of the batch already holds: short rows, never the texts."""
    state = {slug: _Stored() for slug in slugs}
    for slug, article_id in connection.execute(
        select(_ARTICLES.c.slug, _ARTICLES.c.id).where(_ARTICLES.c.slug.in_(slugs))
    ):
        state[slug].id = article_id
    by_id = {s.id: s for s in state.values() if s.id is not None}
    if not by_id:
        return state
    known = select(_REVISIONS.c.article_id, _REVISIONS.c.seq, _REVISIONS.c.label, _REVISIONS.c.sha256)
    for article_id, seq, label, digest in connection.execute(known.where(_REVISIONS.c.article_id.in_(list(by_id)))):
        entry = by_id[article_id]
        entry.seq = max(entry.seq, seq)
        entry.labels.add(label)
        entry.digests.add(digest)
    dismissed = select(_FINDINGS.c.article_id, _FINDINGS.c.key).where(
        _FINDINGS.c.article_id.in_(list(by_id)), _FINDINGS.c.state == "dismissed"
    )
    for article_id, key in connection.execute(dismissed):
        by_id[article_id].dismissed.add(key)
    return state


def _articles_with_claims(connection: Any, article_ids: list[Any]) -> set[int]:
    ids = [i for i in article_ids if i is not None]
    if not ids:
        return set()
    return set(connection.scalars(select(_CLAIMS.c.article_id).where(_CLAIMS.c.article_id.in_(ids)).distinct()))


def _create_articles(
    connection: Any, batch: Sequence[PreparedRevision], stored: dict[str, _Stored], storing: set[str]
) -> None:
    """Create the new articles among ``storing``, named as ``add_revision`` names
    them (after their first revision), in slug order."""
    first: dict[str, PreparedRevision] = {}
    for prepared in batch:
        if prepared.slug in storing and stored[prepared.slug].id is None:
            first.setdefault(prepared.slug, prepared)
    if not first:
        return
    rows = [{"slug": p.slug, "title": p.title, "url": p.url} for _slug, p in sorted(first.items())]
    statement = insert(_ARTICLES).returning(_ARTICLES.c.slug, _ARTICLES.c.id)
    for slug, article_id in connection.execute(statement, rows):
        stored[slug].id = article_id


def _insert(connection: Any, new: list[_NewRevision], stored: dict[str, _Stored]) -> int:
    """INSERT the revisions, then their findings; returns the number of findings."""
    new = sorted(new, key=lambda n: (n.slug, n.columns["seq"]))
    rows = [{"article_id": stored[n.slug].id, **n.columns} for n in new]
    # Rows come back keyed by what identifies them, not in parameter order: an
    # ordered RETURNING makes SQLite fall back to one INSERT per row.
    statement = insert(_REVISIONS).returning(_REVISIONS.c.article_id, _REVISIONS.c.seq, _REVISIONS.c.id)
    ids = {(article_id, seq): id_ for article_id, seq, id_ in connection.execute(statement, rows)}
    finding_rows = [
        {"revision_id": ids[row["article_id"], row["seq"]], "article_id": row["article_id"], **columns}
        for row, revision in zip(rows, new)
        for columns in revision.findings
    ]
    if finding_rows:
        connection.execute(insert(_FINDINGS), finding_rows)
    return len(finding_rows)


def _new_findings(findings: list[Any], dismissed: set[str]) -> list[dict[str, Any]]:
    """The rows to store: one per key (as ``record_findings``), none an editor dismissed."""
    rows: dict[str, dict[str, Any]] = {}
    for finding in findings:
        key = finding.key
        if key not in dismissed and key not in rows:
            rows[key] = finding.columns()
    return list(rows.values())
