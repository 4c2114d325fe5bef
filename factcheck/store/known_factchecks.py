"""Storage of known fact-checks: the table, the import's upsert, the first-stage query.

The first stage of matching runs in the database's own full-text index (made by
migration 0005): SQLite's FTS5 ranked by BM25, PostgreSQL's full-text search
ranked by ``ts_rank``. It is given words (the analysis layer chooses them) and
returns the best few dozen reviews; the re-ranking that decides is
:mod:`factcheck.analysis.claim_matching`'s, outside storage.

The ledger's own judged claims are read here too (:func:`judged_claims`): they
are matched like the imported reviews.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from factcheck.store.models import Article, Claim, ClaimVersion, KnownFactCheck, utcnow
from factcheck.vocabulary import JUDGED_STATUSES

__all__ = ["ImportTally", "StoredReview", "count_known", "judged_claims", "lexical_candidates", "store_reviews"]

_TABLE = KnownFactCheck.__table__
_COMPARED = ("claim_text", "title", "publisher", "rating", "rating_value", "best_rating", "worst_rating",
             "verdict", "reviewed", "claim_author", "claim_date", "appearance")
_CHUNK = 500
_WORD = re.compile(r"^[0-9a-z]+$")


@dataclass
class ImportTally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class StoredReview:
    """A row of the first stage: a review, or a judged claim of the ledger."""

    text: str
    url: str | None
    publisher: str | None
    rating: str | None
    verdict: str | None
    lexical: float = 0.0  # the first stage's score, larger is better
    title: str | None = None
    claim: int | None = None
    article: str | None = None


def store_reviews(session: Session, reviews: Sequence[Any]) -> ImportTally:
    """Add new reviews and update changed ones (by url), in the caller's transaction.

    ``reviews`` have ``url`` and ``columns()`` (``factcheck.sources.claimreview.Review``).
    Rows go in as batches: 15,000 reviews are a few dozen statements.
    """
    tally = ImportTally()
    by_url = {review.url: review.columns() for review in reviews}
    existing: dict[str, Any] = {}
    urls = list(by_url)
    for start in range(0, len(urls), _CHUNK):
        chunk = urls[start:start + _CHUNK]
        for row in session.execute(select(_TABLE).where(_TABLE.c.url.in_(chunk))).mappings():
            existing[row["url"]] = row
    now = utcnow()
    new_rows, changed = [], []
    for url, columns in by_url.items():
        row = existing.get(url)
        if row is None:
            new_rows.append({**columns, "imported_at": now, "updated_at": now})
        elif any(_differs(row[name], columns[name]) for name in _COMPARED):
            changed.append({"b_id": row["id"], **{name: columns[name] for name in _COMPARED}, "updated_at": now})
        else:
            tally.unchanged += 1
    for start in range(0, len(new_rows), _CHUNK * 4):
        session.execute(insert(_TABLE), new_rows[start:start + _CHUNK * 4])
    if changed:
        values = {name: bindparam(name) for name in (*_COMPARED, "updated_at")}
        statement = update(_TABLE).where(_TABLE.c.id == bindparam("b_id")).values(**values)
        session.connection().execute(statement, changed)
    tally.added, tally.updated = len(new_rows), len(changed)
    return tally


def _differs(stored: Any, given: Any) -> bool:
    if isinstance(stored, float) or isinstance(given, float):
        return (stored is None) != (given is None) or (stored is not None and abs(stored - given) > 1e-9)
    return stored != given


def count_known(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(_TABLE)) or 0


def lexical_candidates(session: Session, words: Iterable[str], limit: int = 30) -> list[StoredReview]:
    """The reviews the full-text index ranks best for any of ``words`` (lower-case
    letters and digits; others are dropped), best first."""
    terms = list(dict.fromkeys(w for w in words if _WORD.match(w)))
    if not terms:
        return []
    if session.get_bind().dialect.name == "sqlite":
        # Quoted, so that a word like "near" or "or" is a word, not FTS5 syntax.
        # The title weighs half of the claim: it repeats the claim in fewer words.
        statement = text(
            "SELECT k.id, k.claim_text, k.title, k.url, k.publisher, k.rating, k.verdict, -f.rank AS score "
            "FROM (SELECT rowid, bm25(known_factchecks_fts, 1.0, 0.5) AS rank FROM known_factchecks_fts "
            "WHERE known_factchecks_fts MATCH :query ORDER BY rank LIMIT :limit) AS f "
            "JOIN known_factchecks AS k ON k.id = f.rowid ORDER BY f.rank"
        )
        query = " OR ".join(f'"{term}"' for term in terms)
    else:
        statement = text(
            "SELECT k.id, k.claim_text, k.title, k.url, k.publisher, k.rating, k.verdict, f.score "
            "FROM (SELECT id, ts_rank(document, q, 1) AS score FROM known_factchecks_fts, "
            "to_tsquery('english', :query) AS q WHERE document @@ q ORDER BY score DESC LIMIT :limit) AS f "
            "JOIN known_factchecks AS k ON k.id = f.id ORDER BY f.score DESC"
        )
        query = " | ".join(terms)
    rows = session.execute(statement, {"query": query, "limit": limit}).all()
    return [StoredReview(row.claim_text, row.url, row.publisher, row.rating, row.verdict, float(row.score),
                         title=row.title) for row in rows]


def judged_claims(session: Session, *, besides_article: int | None = None) -> list[StoredReview]:
    """The ledger's claims that carry a verdict now (their latest version), from
    every article but ``besides_article``."""
    latest = (
        select(ClaimVersion.claim_id, func.max(ClaimVersion.version).label("version"))
        .group_by(ClaimVersion.claim_id).subquery()
    )
    statement = (
        select(Claim.id, Article.slug, ClaimVersion.text, ClaimVersion.verdict)
        .join(latest, latest.c.claim_id == Claim.id)
        .join(ClaimVersion, (ClaimVersion.claim_id == Claim.id) & (ClaimVersion.version == latest.c.version))
        .join(Article, Article.id == Claim.article_id)
        .where(ClaimVersion.verdict.is_not(None), ClaimVersion.status.in_(JUDGED_STATUSES))
        .order_by(Claim.id)
    )
    if besides_article is not None:
        statement = statement.where(Claim.article_id != besides_article)
    return [StoredReview(row.text, None, None, None, row.verdict, claim=row.id, article=row.slug)
            for row in session.execute(statement)]
