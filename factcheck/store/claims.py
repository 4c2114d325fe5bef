"""Claims as versioned records: storing a new one, appending a version for every
change (status, verdict, wording, a source), the anchors that record where a claim
stands in each revision, its sources, and the claims an extraction proposes.

Which change may follow which is the workflow's (:mod:`factcheck.analysis.claim_workflow`,
applied by the use cases of :mod:`factcheck.app.claims`); this module stores it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from factcheck.analysis.anchoring import Anchor
from factcheck.errors import InvalidInput
from factcheck.store.lookup import no_claim
from factcheck.store.models import Article, Claim, ClaimAnchor, ClaimVersion, Evidence, Revision, Source
from factcheck.store.unit_of_work import UnitOfWork, default_user
from factcheck.store.versioning import CLAIMS
from factcheck.text.segmentation import Document, segment
from factcheck.vocabulary import SOURCE_KINDS, check_stance

__all__ = ["Claims", "SourceSpec", "ClaimChange", "as_of", "verdict_on", "set_anchor"]


@dataclass(frozen=True)
class SourceSpec:
    """A source as an editor gives it: a URL or a citation, with its bearing."""

    ref: str
    stance: str = "supports"
    excerpt: str | None = None
    title: str | None = None
    kind: str | None = None
    accessed: date | None = None

    def validated(self) -> "SourceSpec":
        if not self.ref or not self.ref.strip():
            raise InvalidInput("a source needs a URL or a citation; pass --source URL_OR_CITATION.")
        kind = self.kind or ("url" if re.match(r"https?://", self.ref) else "document")
        if kind not in SOURCE_KINDS:
            raise InvalidInput(f"'{kind}' is not a source kind; use one of: {', '.join(SOURCE_KINDS)}.")
        return SourceSpec(self.ref.strip(), check_stance(self.stance), self.excerpt, self.title, kind, self.accessed)


@dataclass
class ClaimChange:
    """What happened to one claim (adding it, editing it, or a new revision)."""

    claim: Claim
    version: ClaimVersion
    warning: str | None = None


class Claims(UnitOfWork):
    """The ledger's claims (a part of :class:`~factcheck.store.ledger.Ledger`, which
    also gives the articles and revisions they are anchored in)."""

    def get_claim(self, claim_id: int) -> Claim:
        claim = self.session.scalar(
            select(Claim)
            .where(Claim.id == claim_id)
            .options(
                selectinload(Claim.versions).selectinload(ClaimVersion.evidence).selectinload(Evidence.source),
                selectinload(Claim.anchors).selectinload(ClaimAnchor.anchor_revision),
            )
        )
        if claim is None:
            raise no_claim(claim_id)
        return claim

    def new_claim(
        self, article: Article, revision: Revision, anchor: Anchor | None, text: str, *, status: str,
        verdict: str | None, note: str | None = None, by: str | None = None, sources: Sequence[SourceSpec] = (),
    ) -> ClaimChange:
        """Store a new claim, its version 1 anchored at ``anchor`` of ``revision``
        (unanchored when None); the workflow's rules were applied by the caller."""
        with self.transaction() as session:
            evidence = [self._evidence(spec) for spec in sources]
            claim = Claim(article=article)
            session.add(claim)
            version = ClaimVersion(
                claim=claim, version=1, text=text, status=status, verdict=verdict,
                note=note, by=by or default_user(),
            )
            set_anchor(version, revision if anchor else None, anchor)
            version.evidence = evidence
            session.add(version)
            self.record_anchor(claim, revision, anchor)
            session.flush()
            return ClaimChange(claim, version)

    def append_claim_version(
        self, claim: Claim, by: str | None, note: str | None, expect_version: int | None, **changes: Any,
    ) -> ClaimChange:
        """Append a version to ``claim``: the only way a claim ever changes. ``changes``
        names what differs from the current version (text, status, verdict, anchor: a
        (revision, anchor) pair, add_sources: specs); the rest is carried over."""
        current = claim.current
        CLAIMS.check_expected(self.session, claim.id, current.version, expect_version)

        def build(session: Any) -> ClaimVersion:
            added = [self._evidence(s) for s in changes.get("add_sources", ())]
            version = ClaimVersion(
                claim=claim,
                version=current.version + 1,
                text=changes.get("text", current.text),
                status=changes.get("status", current.status),
                verdict=changes.get("verdict", current.verdict),
                note=note,
                by=by or default_user(),
            )
            if "anchor" in changes:
                revision, anchor = changes["anchor"]
                set_anchor(version, revision, anchor)
                self.record_anchor(claim, revision, anchor)
            else:
                # Where the claim stands now, which following may have moved
                # past its last version's anchor without writing a version.
                _copy_anchor(version, claim.anchored or current)
            carried = [Evidence(source=e.source, stance=e.stance, excerpt=e.excerpt) for e in current.evidence]
            version.evidence = carried + added
            return version

        return ClaimChange(claim, CLAIMS.append(self, claim.id, current.version, build))

    def record_anchor(self, claim: Claim, revision: Revision | None, anchor: Anchor | None) -> None:
        """Note where ``claim`` is anchored in ``revision`` (the claim_anchors row,
        outside the version history); nothing when it is unanchored there."""
        if revision is None or anchor is None:
            return
        sentence = anchor.sentence
        row = claim.anchor_in(revision.id) if revision.id is not None else None
        if row is None:
            row = ClaimAnchor(claim=claim, anchor_revision=revision)
            self.session.add(row)
        row.anchor_paragraph, row.anchor_sentence = sentence.paragraph, sentence.index
        row.anchor_start, row.anchor_end = sentence.start, sentence.end

    def _evidence(self, spec: SourceSpec) -> Evidence:
        return Evidence(source=self.source_for(spec), stance=spec.stance, excerpt=spec.excerpt)

    def source_for(self, spec: SourceSpec) -> Source:
        """The source ``spec`` names, reusing one the ledger already knows."""
        column = Source.url if spec.kind == "url" else Source.citation
        with self.session.no_autoflush:
            source = self.session.scalar(select(Source).where(column == spec.ref).limit(1))
        if source is None:
            source = Source(
                kind=spec.kind or "document",
                url=spec.ref if spec.kind == "url" else None,
                citation=None if spec.kind == "url" else spec.ref,
                title=spec.title,
                accessed=spec.accessed,
            )
            self.session.add(source)
        return source

    def claims_of(self, article: Article) -> list[Claim]:
        return list(
            self.session.scalars(
                select(Claim)
                .where(Claim.article_id == article.id)
                .order_by(Claim.id)
                .options(
                    selectinload(Claim.versions).selectinload(ClaimVersion.evidence).selectinload(Evidence.source),
                    selectinload(Claim.versions).selectinload(ClaimVersion.anchor_revision),
                    selectinload(Claim.anchors).selectinload(ClaimAnchor.anchor_revision),
                )
            )
        )

    def claims_payload(self, slug: str, status: str | None = None) -> dict[str, Any]:
        return self._reader().claims_payload(slug, status)

    def claim_payload(self, claim_id: int) -> dict[str, Any]:
        return self._reader().claim_payload(claim_id)

    def claim_refs(self, revision: Revision, doc: Document | None = None) -> list[Any]:
        """Claims as anchored in the body of ``revision`` (their last version there),
        for the diff's claim findings; ``doc`` is the revision already segmented."""
        from factcheck.analysis.diff_types import ClaimRef

        body_starts = {s.start for s in (doc or segment(revision.text)).sentences}
        refs = []
        for claim in self.claims_of(revision.article):
            anchor = claim.anchor_in(revision.id)
            if anchor is not None and anchor.anchor_start in body_starts:
                # The wording as it stood in that revision; the workflow state as it is now.
                then, current = as_of(claim, revision), claim.current
                refs.append(ClaimRef(claim.id, current.version, then.text, current.status, current.verdict,
                                     anchor.anchor_paragraph, anchor.anchor_sentence))
        return refs

    def save_extracted_claims(self, revision: Revision, candidates: Sequence[Any], *, by: str | None = None) -> list[tuple[int, Any]]:
        """Store proposed claims as ``unverified``, skipping any the ledger already has.

        "Already has" means a claim anchored to the same sentence of this revision,
        or one whose wording is nearly the same (rapidfuzz ratio of 90 or more).
        """
        from rapidfuzz import fuzz

        from factcheck.analysis.anchoring import Anchor
        from factcheck.text.segmentation import fingerprint

        article = revision.article
        claims = self.claims_of(article)
        taken = {a.anchor_start for c in claims if (a := c.anchor_in(revision.id)) is not None}
        texts = [fingerprint(c.current.text) for c in claims]
        sentences = {s.start: s for s in segment(revision.text).sentences}
        stored: list[tuple[int, Any]] = []
        with self.transaction() as session:
            for candidate in candidates:
                text = fingerprint(candidate.text)
                if candidate.start in taken or any(fuzz.ratio(text, t) >= 90 for t in texts):
                    continue
                claim = Claim(article=article)
                session.add(claim)
                version = ClaimVersion(
                    claim=claim, version=1, text=candidate.text, status="unverified", verdict=None,
                    note=f"Proposed by factcheck extract (score {candidate.score:.2f}: {', '.join(candidate.facets)}).",
                    by=by or default_user(),
                )
                anchor = Anchor(sentences[candidate.start], 100.0)
                set_anchor(version, revision, anchor)
                session.add(version)
                self.record_anchor(claim, revision, anchor)
                session.flush()
                taken.add(candidate.start)
                texts.append(text)
                stored.append((claim.id, candidate))
        return stored


# ---------------------------------------------------------------------- helpers


def as_of(claim: Claim, revision: Revision) -> ClaimVersion:
    """The claim's version as it stood in ``revision``: the last one written before
    the claim was followed past it (following writes its versions anchored to the
    newer revision). What a notice about that revision's wording must judge by."""
    chosen = claim.versions[0]
    for version in claim.versions:
        anchored = version.anchor_revision
        if anchored is not None and anchored.seq > revision.seq:
            break
        chosen = version
    return chosen


def verdict_on(claim: Claim, revision: Revision) -> str | None:
    """The verdict the claim carried in ``revision`` (the last one given by then)."""
    verdict = None
    for version in claim.versions:
        anchored = version.anchor_revision
        if anchored is not None and anchored.seq > revision.seq:
            break
        verdict = version.verdict or verdict
    return verdict


def set_anchor(version: ClaimVersion, revision: Revision | None, anchor: Anchor | None) -> None:
    if revision is None or anchor is None:
        version.anchor_revision = None
        version.anchor_paragraph = version.anchor_sentence = version.anchor_start = version.anchor_end = None
        return
    version.anchor_revision = revision
    version.anchor_paragraph = anchor.sentence.paragraph
    version.anchor_sentence = anchor.sentence.index
    version.anchor_start = anchor.sentence.start
    version.anchor_end = anchor.sentence.end


def _copy_anchor(version: ClaimVersion, current: Any) -> None:
    version.anchor_revision = current.anchor_revision
    version.anchor_paragraph = current.anchor_paragraph
    version.anchor_sentence = current.anchor_sentence
    version.anchor_start = current.anchor_start
    version.anchor_end = current.anchor_end
