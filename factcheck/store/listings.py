"""The read path of the listings, on SQLAlchemy Core alone.

`revisions`, `show`, `claims` and `claim show` only read, and an editor runs them
all day: they must start fast. The ORM (``sqlalchemy.orm`` plus mapping the tables)
costs ~150 ms of start-up before the first query, so these commands read with Core
``select()`` on the tables of :mod:`factcheck.store.schema` (the one column list the
ORM is mapped on too) and hand :mod:`factcheck.views` simple objects of the same
shape as the ORM's. The CLI tests run every listing on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, select

from factcheck.store import records
from factcheck.store.lookup import no_claim, no_revision, no_revisions
from factcheck.store.queries import ARTICLE_COLUMNS, article_row, is_current_version, revisions_of, rows
from factcheck.store.schema import (
    articles,
    claim_anchors,
    claim_versions,
    claims,
    evidence,
    findings,
    revisions,
    sources,
)
from factcheck.text.segmentation import segment
from factcheck.vocabulary import check_status

__all__ = ["Reader"]

_V = claim_versions.c
#: What a claim version shows (its anchor's end is the sentence's, not needed here).
_VERSION = select(
    _V.id, _V.claim_id, _V.version, _V.text, _V.status, _V.verdict, _V.note, _V.by, _V.at,
    _V.anchor_revision_id, _V.anchor_paragraph, _V.anchor_sentence, _V.anchor_start,
)


class Reader:
    def __init__(self, engine: Any) -> None:
        self.engine = engine

    def _rows(self, statement: Any) -> list[Any]:
        with self.engine.connect() as connection:
            return rows(connection, statement)

    # ------------------------------------------------------------------ articles and revisions

    def _article(self, slug: str) -> Any:
        with self.engine.connect() as connection:
            return article_row(connection, slug)

    def _revisions(self, article_id: int) -> list[Any]:
        return self._rows(revisions_of(article_id))

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

    def _standing(self, which: ColumnElement[bool] | None = None) -> dict[int, Any]:
        """Each claim's anchor in the latest revision it was followed into (the
        claim_anchors rows; ``which`` picks them, every claim's without it)."""
        a = claim_anchors.c
        standing = select(a.claim_id, a.revision_id, a.anchor_paragraph, a.anchor_sentence, a.anchor_start,
                          revisions.c.seq).join_from(claim_anchors, revisions, revisions.c.id == a.revision_id)
        if which is not None:
            standing = standing.where(which)
        best: dict[int, Any] = {}
        for r in self._rows(standing):
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
        anchored_in = {
            r.id: r
            for r in (self._rows(select(revisions.c.id, revisions.c.label, revisions.c.text)
                                 .where(revisions.c.id.in_(sorted(anchors)))) if anchors else [])
        }
        ev, src = evidence.c, sources.c
        cited = (select(ev.claim_version_id, ev.stance, ev.excerpt, src.kind, src.url, src.citation, src.title,
                        src.accessed)
                 .join_from(evidence, sources, src.id == ev.source_id)
                 .where(ev.claim_version_id.in_([r.id for r in rows])).order_by(ev.id))
        evidence_of: dict[int, list[SimpleNamespace]] = {}
        for e in self._rows(cited):
            source = SimpleNamespace(kind=e.kind, url=e.url, citation=e.citation, title=e.title, accessed=e.accessed)
            evidence_of.setdefault(e.claim_version_id, []).append(
                SimpleNamespace(source=source, stance=e.stance, excerpt=e.excerpt)
            )
        out = []
        for r in rows:
            version = SimpleNamespace(
                version=r.version, text=r.text, status=r.status, verdict=r.verdict, note=r.note, by=r.by, at=r.at,
                claim_id=r.claim_id, anchor_revision=anchored_in.get(r.anchor_revision_id),
                anchor_paragraph=r.anchor_paragraph, anchor_sentence=r.anchor_sentence, anchor_start=r.anchor_start,
                evidence=evidence_of.get(r.id, []), anchored=None,
            )
            here = standing.get(r.claim_id)
            if here is not None and version.anchor_revision is not None:
                version.anchored = SimpleNamespace(
                    anchor_revision=anchored_in[here.revision_id], anchor_paragraph=here.anchor_paragraph,
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
        current = _VERSION.where(is_current_version(claim_versions, "claim_id")).order_by(_V.claim_id)
        if slug is not None:
            article = self._article(slug)
            mine = select(claims.c.id).where(claims.c.article_id == article.id)
            found = self._rows(current.where(_V.claim_id.in_(mine)))
            standing = self._standing(claim_anchors.c.claim_id.in_(mine))
        else:
            found = self._rows(current)
            standing = self._standing()
        found = [
            r for r in found
            if (wanted is None or r.status == wanted) and (judged is None or r.verdict == judged)
            and (since is None or _day_of(r.at) >= since)
        ]
        listed = [SimpleNamespace(id=v.claim_id, current=v, anchored=v.anchored) for v in self._versions(found, standing)]
        if slug is not None:
            return {"article": records.article(article), "claims": [records.claim(c) for c in listed]}
        slugs = {r.id: r.slug for r in self._rows(
            select(claims.c.id, articles.c.slug).join_from(claims, articles, articles.c.id == claims.c.article_id))}
        return {"claims": [{"article": slugs[c.id], **records.claim(c)} for c in listed]}

    def findings_payload(self, slug: str | None, state: str | None = None) -> dict[str, Any]:
        """The stored findings of ``slug`` (every article's without one), with the
        editor's decision on each, newest revision first."""
        f, found_in, other = findings.c, revisions.alias("r"), revisions.alias("o")
        stored = (
            select(f.id, f.check, f.severity, f.message, f.spans, f.data, f.state, f.note, f.decided_by,
                   f.decided_at, f.created_at, articles.c.slug, found_in.c.label, found_in.c.seq,
                   other.c.label.label("other_label"))
            .join_from(findings, articles, articles.c.id == f.article_id)
            .join(found_in, found_in.c.id == f.revision_id)
            .outerjoin(other, other.c.id == f.other_revision_id)
            .order_by(articles.c.slug, found_in.c.seq.desc(), f.id)
        )
        if slug is not None:
            article = self._article(slug)
            stored = stored.where(f.article_id == article.id)
        if state is not None:
            stored = stored.where(f.state == state)
        payload: dict[str, Any] = {"findings": [records.stored_finding(r) for r in self._rows(stored)]}
        if slug is not None:
            payload = {"article": records.article(article), **payload}
        return payload

    def claim_payload(self, claim_id: int) -> dict[str, Any]:
        owner = self._rows(select(claims.c.article_id).where(claims.c.id == claim_id))
        if not owner:
            raise no_claim(claim_id)
        article = self._rows(select(*ARTICLE_COLUMNS).where(articles.c.id == owner[0].article_id))[0]
        versions = self._versions(
            self._rows(_VERSION.where(_V.claim_id == claim_id).order_by(_V.version)),
            self._standing(claim_anchors.c.claim_id == claim_id),
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
