"""The read path of the listings, on SQLAlchemy Core alone.

`revisions`, `show`, `claims` and `claim show` only read, and an editor runs them
all day: they must start fast. The ORM (``sqlalchemy.orm`` plus mapping the tables)
costs ~150 ms of start-up before the first query, so these commands read with plain
SQL instead and hand :mod:`factcheck.views` simple objects of the same shape as the
ORM's. The SQL names columns the migrations define; the CLI tests run every listing
on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from types import SimpleNamespace
from typing import Any

from sqlalchemy import JSON, Date, DateTime, bindparam, text

from factcheck.store import records
from factcheck.store.lookup import no_article, no_claim, no_revision, no_revisions
from factcheck.text.segmentation import segment
from factcheck.vocabulary import check_status

__all__ = ["REVISION_QUERY", "REVISION_TYPES", "Reader", "query_rows"]

_TIME = DateTime(timezone=True)
#: The revision columns every listing reads (the desk's too), and their types.
REVISION_QUERY = (
    "SELECT id, article_id, label, seq, published, fetched_at, sha256, origin, url, title, text, byline, extraction "
    "FROM revisions"
)
REVISION_TYPES = {"published": Date, "fetched_at": DateTime(timezone=True), "extraction": JSON}
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
            f"{REVISION_QUERY} WHERE article_id = :a ORDER BY seq", REVISION_TYPES,
            a=article_id,
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

    def _standing(self, where: str, **params: Any) -> dict[int, Any]:
        """Each claim's anchor in the latest revision it was followed into (the
        claim_anchors rows; ``where`` picks the claims)."""
        best: dict[int, Any] = {}
        for r in self._rows(
            "SELECT a.claim_id, a.revision_id, a.anchor_paragraph, a.anchor_sentence, a.anchor_start, r.seq "
            f"FROM claim_anchors a JOIN revisions r ON r.id = a.revision_id WHERE {where}",
            **params,
        ):
            if r.claim_id not in best or r.seq > best[r.claim_id].seq:
                best[r.claim_id] = r
        return best

    def _versions(self, rows: list[Any], standing: dict[int, Any] | None = None) -> list[SimpleNamespace]:
        """ClaimVersion-shaped objects, with their anchor revision and evidence;
        with ``standing``, each current version also says where its claim stands
        now (``anchored``)."""
        if not rows:
            return []
        standing = standing or {}
        anchors = {r.anchor_revision_id for r in rows if r.anchor_revision_id is not None}
        anchors |= {a.revision_id for a in standing.values()}
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
        out = []
        for r in rows:
            version = SimpleNamespace(
                version=r.version, text=r.text, status=r.status, verdict=r.verdict, note=r.note, by=r.by, at=r.at,
                claim_id=r.claim_id, anchor_revision=revisions.get(r.anchor_revision_id),
                anchor_paragraph=r.anchor_paragraph, anchor_sentence=r.anchor_sentence, anchor_start=r.anchor_start,
                evidence=evidence.get(r.id, []), anchored=None,
            )
            here = standing.get(r.claim_id)
            if here is not None and version.anchor_revision is not None:
                version.anchored = SimpleNamespace(
                    anchor_revision=revisions[here.revision_id], anchor_paragraph=here.anchor_paragraph,
                    anchor_sentence=here.anchor_sentence, anchor_start=here.anchor_start,
                )
            out.append(version)
        return out

    def claims_payload(
        self, slug: str | None, status: str | None = None, *, verdict: str | None = None, since: date | None = None,
    ) -> dict[str, Any]:
        """The claims of ``slug`` (every article's without one), each at its current
        version, filtered by status, verdict, and the day of their last change."""
        from factcheck.vocabulary import check_verdict

        wanted = check_status(status) if status else None
        judged = check_verdict(verdict) if verdict else None
        # The current version of each claim is its highest.
        current = "version = (SELECT max(version) FROM claim_versions w WHERE w.claim_id = v.claim_id)"
        if slug is not None:
            article = self._article(slug)
            mine = "claim_id IN (SELECT id FROM claims WHERE article_id = :a)"
            rows = self._rows(f"{_VERSION} v WHERE {mine} AND {current} ORDER BY claim_id", {"at": _TIME}, a=article.id)
            standing = self._standing("a.claim_id IN (SELECT id FROM claims WHERE article_id = :a)", a=article.id)
        else:
            rows = self._rows(f"{_VERSION} v WHERE {current} ORDER BY claim_id", {"at": _TIME})
            standing = self._standing("1 = 1")
        rows = [
            r for r in rows
            if (wanted is None or r.status == wanted) and (judged is None or r.verdict == judged)
            and (since is None or _day_of(r.at) >= since)
        ]
        claims = [SimpleNamespace(id=v.claim_id, current=v, anchored=v.anchored) for v in self._versions(rows, standing)]
        if slug is not None:
            return {"article": records.article(article), "claims": [records.claim(c) for c in claims]}
        slugs = {r.id: r.slug for r in self._rows("SELECT c.id, a.slug FROM claims c JOIN articles a ON a.id = c.article_id")}
        return {"claims": [{"article": slugs[c.id], **records.claim(c)} for c in claims]}

    def findings_payload(self, slug: str | None, state: str | None = None) -> dict[str, Any]:
        """The stored findings of ``slug`` (every article's without one), with the
        editor's decision on each, newest revision first."""
        from sqlalchemy import JSON

        where, params = "1 = 1", {}
        if slug is not None:
            article = self._article(slug)
            where, params = "f.article_id = :a", {"a": article.id}
        if state is not None:
            where += " AND f.state = :s"
            params["s"] = state
        rows = self._rows(
            'SELECT f.id, f."check", f.severity, f.message, f.spans, f.data, f.state, f.note, f.decided_by, '
            "f.decided_at, f.created_at, a.slug, r.label, r.seq, o.label AS other_label FROM findings f "
            "JOIN articles a ON a.id = f.article_id JOIN revisions r ON r.id = f.revision_id "
            f"LEFT JOIN revisions o ON o.id = f.other_revision_id WHERE {where} ORDER BY a.slug, r.seq DESC, f.id",
            {"spans": JSON, "data": JSON, "decided_at": _TIME, "created_at": _TIME},
            **params,
        )
        findings = [records.stored_finding(r) for r in rows]
        payload: dict[str, Any] = {"findings": findings}
        if slug is not None:
            payload = {"article": records.article(article), **payload}
        return payload

    def claim_payload(self, claim_id: int) -> dict[str, Any]:
        owner = self._rows("SELECT article_id FROM claims WHERE id = :c", c=claim_id)
        if not owner:
            raise no_claim(claim_id)
        article = self._rows("SELECT id, slug, title, url, outlet FROM articles WHERE id = :a", a=owner[0].article_id)[0]
        versions = self._versions(
            self._rows(f"{_VERSION} WHERE claim_id = :c ORDER BY version", {"at": _TIME}, c=claim_id),
            self._standing("a.claim_id = :c", c=claim_id),
        )
        claim = SimpleNamespace(id=claim_id, current=versions[-1], anchored=versions[-1].anchored)
        return {
            "claim": records.claim(claim),
            "article": records.article(article),
            "versions": [records.claim_version(v) for v in versions],
        }


def _day_of(moment: datetime) -> date:
    """The UTC day of a stored instant (SQLite hands back naive UTC datetimes)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.date()
