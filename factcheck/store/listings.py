"""The read path of the listings, on SQLAlchemy Core alone.

`revisions`, `show`, `claims` and `claim show` only read, and an editor runs them
all day: they must start fast. The ORM (``sqlalchemy.orm`` plus mapping the tables)
costs ~150 ms of start-up before the first query, so these commands read with plain
SQL instead and hand :mod:`factcheck.views` simple objects of the same shape as the
ORM's. The SQL names columns the migrations define; the CLI tests run every listing
on SQLite and PostgreSQL.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import Date, DateTime, bindparam, text

from factcheck.store import records
from factcheck.store.lookup import no_article, no_claim, no_revision, no_revisions
from factcheck.text.segmentation import segment
from factcheck.vocabulary import check_status

__all__ = ["Reader", "query_rows"]

_TIME = DateTime(timezone=True)
_REVISION = "SELECT id, article_id, label, seq, published, fetched_at, sha256, origin, url, title, text FROM revisions"
_VERSION = (
    # "by" and "at" are SQL keywords: quoted, as the ORM quotes them.
    'SELECT id, claim_id, version, text, status, verdict, note, "by", "at", anchor_revision_id, '

    "anchor_paragraph, anchor_sentence, anchor_start FROM claim_versions"
)


def query_rows(connection: Any, sql: str, types: dict[str, Any] | None = None, **params: Any) -> list[Any]:
    """Rows of ``sql`` with ``params`` (a list or tuple binds as ``IN :name``) and
    result ``types`` for columns SQLite hands back as text (dates, times)."""
    statement = text(sql)
    for name, value in params.items():
        if isinstance(value, (list, tuple)):
            statement = statement.bindparams(bindparam(name, expanding=True))
    if types:
        statement = statement.columns(**types)
    return list(connection.execute(statement, params))


class Reader:
    def __init__(self, engine: Any) -> None:
        self.engine = engine

    def _rows(self, sql: str, types: dict[str, Any] | None = None, **params: Any) -> list[Any]:
        with self.engine.connect() as connection:
            return query_rows(connection, sql, types, **params)

    # ------------------------------------------------------------------ articles and revisions

    def _article(self, slug: str) -> Any:
        rows = self._rows("SELECT id, slug, title, url, outlet FROM articles WHERE slug = :slug", slug=slug)
        if not rows:
            known = [r.slug for r in self._rows("SELECT slug FROM articles ORDER BY slug")]
            raise no_article(slug, known)
        return rows[0]

    def _revisions(self, article_id: int) -> list[Any]:
        return self._rows(
            f"{_REVISION} WHERE article_id = :a ORDER BY seq", {"published": Date, "fetched_at": _TIME}, a=article_id
        )

    def revisions_payload(self, slug: str) -> dict[str, Any]:
        article = self._article(slug)
        return {"article": records.article(article), "revisions": [records.revision(r) for r in self._revisions(article.id)]}

    def show_payload(self, slug: str, label: str | None) -> dict[str, Any]:
        article = self._article(slug)
        revisions = self._revisions(article.id)
        if not revisions:
            raise no_revisions(slug)
        if label is None:
            revision = revisions[-1]
        else:
            matching = [r for r in revisions if r.label == label]
            if not matching:
                raise no_revision(slug, label, [r.label for r in revisions])
            revision = matching[0]
        return {
            "article": records.article(article),
            "revision": records.revision(revision),
            "blocks": records.blocks(segment(revision.text)),
        }

    # ------------------------------------------------------------------ claims

    def _versions(self, rows: list[Any]) -> list[SimpleNamespace]:
        """ClaimVersion-shaped objects, with their anchor revision and evidence."""
        if not rows:
            return []
        anchors = {r.anchor_revision_id for r in rows if r.anchor_revision_id is not None}
        revisions = {
            r.id: r
            for r in (self._rows("SELECT id, label, text FROM revisions WHERE id IN :ids", ids=sorted(anchors)) if anchors else [])
        }
        evidence: dict[int, list[SimpleNamespace]] = {}
        for e in self._rows(
            "SELECT e.claim_version_id, e.stance, e.excerpt, s.kind, s.url, s.citation, s.title, s.accessed "
            "FROM evidence e JOIN sources s ON s.id = e.source_id WHERE e.claim_version_id IN :ids ORDER BY e.id",
            {"accessed": Date},
            ids=[r.id for r in rows],
        ):
            source = SimpleNamespace(kind=e.kind, url=e.url, citation=e.citation, title=e.title, accessed=e.accessed)
            evidence.setdefault(e.claim_version_id, []).append(
                SimpleNamespace(source=source, stance=e.stance, excerpt=e.excerpt)
            )
        return [
            SimpleNamespace(
                version=r.version, text=r.text, status=r.status, verdict=r.verdict, note=r.note, by=r.by, at=r.at,
                claim_id=r.claim_id, anchor_revision=revisions.get(r.anchor_revision_id),
                anchor_paragraph=r.anchor_paragraph, anchor_sentence=r.anchor_sentence, anchor_start=r.anchor_start,
                evidence=evidence.get(r.id, []),
            )
            for r in rows
        ]

    def claims_payload(self, slug: str, status: str | None = None) -> dict[str, Any]:
        article = self._article(slug)
        wanted = check_status(status) if status else None
        # The current version of each claim is its highest.
        rows = self._rows(
            f"{_VERSION} v WHERE claim_id IN (SELECT id FROM claims WHERE article_id = :a) "
            "AND version = (SELECT max(version) FROM claim_versions w WHERE w.claim_id = v.claim_id) "
            "ORDER BY claim_id",
            {"at": _TIME},
            a=article.id,
        )
        claims = [
            SimpleNamespace(id=v.claim_id, current=v)
            for v in self._versions(rows)
            if wanted is None or v.status == wanted
        ]
        return {"article": records.article(article), "claims": [records.claim(c) for c in claims]}

    def claim_payload(self, claim_id: int) -> dict[str, Any]:
        owner = self._rows("SELECT article_id FROM claims WHERE id = :c", c=claim_id)
        if not owner:
            raise no_claim(claim_id)
        article = self._rows("SELECT id, slug, title, url, outlet FROM articles WHERE id = :a", a=owner[0].article_id)[0]
        versions = self._versions(
            self._rows(f"{_VERSION} WHERE claim_id = :c ORDER BY version", {"at": _TIME}, c=claim_id)
        )
        claim = SimpleNamespace(id=claim_id, current=versions[-1])
        return {
            "claim": records.claim(claim),
            "article": records.article(article),
            "versions": [records.claim_version(v) for v in versions],
        }
