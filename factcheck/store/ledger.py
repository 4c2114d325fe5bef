"""The ledger: articles, their revisions, and claims kept as versioned records.

One :class:`Ledger` serves one command: it opens the database (upgrading the
schema when behind) and every write runs in one transaction, so a failed command
leaves the database as it was. Methods raise :mod:`factcheck.errors` exceptions
whose messages the CLI prints as they are.
"""

from __future__ import annotations

import getpass
import os
import random
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterator, Sequence, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, selectinload

from factcheck.store import records
from factcheck.analysis.anchoring import Anchor, best_anchor
from factcheck.store.engine import _describe, corrupted_message, ensure_schema, is_corruption, make_engine, sqlite_corruption
from factcheck.errors import Conflict, DatabaseUnavailable, InvalidInput, NotFound
from factcheck.text.raw import RawInput, describe_origin
from factcheck.store.lookup import listing as _listing
from factcheck.store.lookup import no_article, no_claim, no_revision, no_revisions
from factcheck.store.models import Article, Claim, ClaimAnchor, ClaimVersion, Evidence, Revision, Source
from factcheck.text.segmentation import Document, segment, sha256_of
from factcheck.vocabulary import (
    JUDGED_STATUSES,
    SOURCE_KINDS,
    check_stance,
    check_status,
    check_verdict,
)

__all__ = [
    "Ledger", "SourceSpec", "AddedRevision", "ClaimChange", "PreparedRevision",
    "prepare_revision", "next_label", "label_taken", "check_slug", "default_user", "set_anchor", "LostRace",
    "as_of", "verdict_on",
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,199}$")
_RETRIES = 8
_T = TypeVar("_T")

#: PostgreSQL's "deadlock detected" and "could not serialize access": it undid this
#: transaction so that another could go on, and running it again is the remedy.
_RACE_SQLSTATES = ("40P01", "40001")


class LostRace(Exception):
    """Another writer changed what this unit of work read, between its read and its
    write: the unit was rolled back whole and can simply run again
    (:meth:`Ledger.retrying`). Unique-key collisions (IntegrityError) mean the same."""


def default_user() -> str:
    """Who is acting: ``FACTCHECK_USER``, else the login name."""
    try:
        return os.environ.get("FACTCHECK_USER") or getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown"


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
class AddedRevision:
    revision: Revision
    created: bool
    duplicate_of: str | None = None
    claim_changes: list["ClaimChange"] = field(default_factory=list)
    document: Document | None = None  # the segmented text, so callers need not segment again
    previous: Revision | None = None  # the revision before it, and its segmented text
    previous_document: Document | None = None
    diff: Any = None  # previous -> this one, when the claims needed it or the caller asked


@dataclass
class ClaimChange:
    """What happened to one claim (adding it, editing it, or a new revision)."""

    claim: Claim
    version: ClaimVersion
    warning: str | None = None


@dataclass(frozen=True)
class PreparedRevision:
    """A revision validated, segmented and hashed: all of storing it that needs no
    database, shared by ``add_revision`` and the archive's bulk path."""

    slug: str
    raw: RawInput
    doc: Document
    digest: str
    label: str | None
    published: date | None
    url: str | None
    title: str  # the given title, else the text's headline

    def row(self, seq: int, label: str) -> dict[str, Any]:
        """The ``revisions`` columns of this revision stored as ``label``, ``seq``."""
        return dict(
            label=label, seq=seq, published=self.published, url=self.url, title=self.title,
            origin=self.raw.origin if self.raw.origin != "-" else "stdin",
            sha256=self.digest, raw=self.raw.raw, text=self.doc.text,
            byline=self.raw.byline, extraction=self.raw.extraction,
        )


def prepare_revision(
    slug: str,
    raw: RawInput,
    *,
    label: str | None = None,
    published: date | None = None,
    url: str | None = None,
    title: str | None = None,
) -> PreparedRevision:
    """Validate and segment a revision before any database work; one-line refusals."""
    check_slug(slug)
    if label is not None and not re.match(r"^[\w.-]{1,50}$", label):
        raise InvalidInput(f"'{label}' is not a usable label; use letters, digits, '.', '-' or '_' (e.g. v2).")
    from factcheck.text.dates import check_publication_date
    from factcheck.text.raw import check_text

    check_publication_date(published, "the publication date")
    if url is not None and not re.match(r"https?://[^\s/]+", url):
        raise InvalidInput(f"'{url[:80]}' is not a web address; give the article's http(s) URL.")
    doc = segment(check_text(raw.text, describe_origin(raw.origin)))
    if not doc.sentences:
        raise InvalidInput(f"{describe_origin(raw.origin)} has no article sentences; pass the article text.")
    return PreparedRevision(slug, raw, doc, sha256_of(doc.text), label, published, url, title or doc.headline)


class Ledger:
    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.session = Session(engine, expire_on_commit=False)
        self._depth = 0
        self._sound = False  # SQLite file checked for damage (before the first write)

    @classmethod
    def open(cls, url: str | None = None) -> "Ledger":
        engine = make_engine(url)
        ensure_schema(engine)
        return cls(engine)

    def close(self) -> None:
        self.session.close()
        self.engine.dispose()

    @property
    def in_transaction(self) -> bool:
        """Whether a unit of work is open: a caller's, which decides its fate."""
        return self._depth > 0

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole or rolled back whole.

        Nested use joins the outer unit (adding a revision re-anchors claims in the
        same transaction), so only the outermost commits.
        """
        self._depth += 1
        try:
            if self._depth == 1 and not self._sound:
                self._refuse_a_corrupted_file()
            yield self.session
            if self._depth == 1:
                self.session.commit()
        except (OperationalError, DatabaseError) as error:
            if self._depth > 1:
                raise
            self.session.rollback()
            if getattr(getattr(error, "orig", None), "sqlstate", None) in _RACE_SQLSTATES:
                raise LostRace(str(error)) from error
            reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
            if self.engine.dialect.name == "sqlite" and is_corruption(reason):
                raise DatabaseUnavailable(corrupted_message(_describe(str(self.engine.url)), reason)) from None
            if not isinstance(error, OperationalError):
                raise
            if "readonly" in reason or "read-only" in reason:
                raise DatabaseUnavailable(
                    f"the database is read-only ({reason}); nothing was changed. Check the file's permissions "
                    "or use a database you can write to."
                ) from None
            raise DatabaseUnavailable(
                f"the database failed during the command ({reason}); nothing was changed, try again."
            ) from None
        except BaseException:
            # An inner unit leaves the decision to the outermost: a batch import
            # can skip one bad record without losing the others.
            if self._depth == 1:
                self.session.rollback()
            raise
        finally:
            self._depth -= 1

    def _refuse_a_corrupted_file(self) -> None:
        """Before the first write of a SQLite file: refuse it in one line if damaged."""
        if self.engine.dialect.name != "sqlite" or self.engine.url.database in (None, "", ":memory:"):
            self._sound = True
            return
        problem = sqlite_corruption(self.session.connection())
        if problem is not None:
            raise DatabaseUnavailable(corrupted_message(_describe(str(self.engine.url)), problem))
        self._sound = True

    def retrying(self, work: Callable[[], _T], *, gave_up: str) -> _T:
        """``work()``, a unit of work of its own, run again (after a short random
        pause, so that racing writers stop colliding in lockstep) when another writer
        got in between its read and its write; :class:`Conflict` with ``gave_up``
        after :data:`_RETRIES` tries. Inside a caller's unit the caller decides: the
        collision goes to it unchanged."""
        for attempt in range(_RETRIES):
            try:
                return work()
            except (IntegrityError, LostRace):
                if self.in_transaction:
                    raise
                time.sleep(random.uniform(0, 0.05) * attempt)
        raise Conflict(gave_up)

    # ------------------------------------------------------------------ articles

    def lock_articles(self, *article_ids: int) -> None:
        """Hold articles against other writers until this transaction ends.

        A no-op UPDATE of their rows takes PostgreSQL's row locks and SQLite's write
        lock, so two editors drafting the same notice, or adding a claim while a
        revision re-anchors the claims, take turns, and the second reads what the
        first committed.
        """
        from factcheck.store.schema import articles

        ids = sorted(set(article_ids))
        self.session.execute(articles.update().where(articles.c.id.in_(ids)).values(slug=articles.c.slug))

    def refresh_statistics(self) -> None:
        """Let the query planner know the tables grew: after a bulk load PostgreSQL
        plans a 50,000-revision archive as if it were empty until autovacuum gets to
        it (the standards report took 9 s instead of 0.1 s). An optimisation only:
        a database that refuses is left as it is."""
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError

        statement = "ANALYZE" if self.engine.dialect.name == "postgresql" else "PRAGMA optimize"
        try:
            with self.engine.begin() as connection:
                connection.execute(text(statement))
        except SQLAlchemyError:
            pass

    def article_slugs(self) -> list[str]:
        return list(self.session.scalars(select(Article.slug).order_by(Article.slug)))

    def get_article(self, slug: str) -> Article:
        article = self.session.scalar(select(Article).where(Article.slug == slug))
        if article is None:
            raise no_article(slug, self.article_slugs())
        return article

    def resolve_article(self, slug: str | None) -> Article:
        """``slug``'s article; without one, the only article in the ledger."""
        if slug:
            return self.get_article(slug)
        known = self.article_slugs()
        if len(known) == 1:
            return self.get_article(known[0])
        if not known:
            raise NotFound("the ledger holds no articles; add one with factcheck add-revision SLUG FILE.")
        raise InvalidInput(f"the ledger holds several articles ({_listing(known)}); name one with --article SLUG.")

    def get_revision(self, article: Article, label: str | None = None) -> Revision:
        """The revision ``label`` of ``article``; without a label, the latest."""
        query = select(Revision).where(Revision.article_id == article.id)
        if label is None:
            revision = self.session.scalar(query.order_by(Revision.seq.desc()).limit(1))
            if revision is None:
                raise no_revisions(article.slug)
            return revision
        revision = self.session.scalar(query.where(Revision.label == label))
        if revision is None:
            labels = list(self.session.scalars(select(Revision.label).where(Revision.article_id == article.id).order_by(Revision.seq)))
            raise no_revision(article.slug, label, labels)
        return revision

    # ------------------------------------------------------------------ revisions

    def add_revision(
        self,
        slug: str,
        raw: RawInput,
        *,
        label: str | None = None,
        published: date | None = None,
        url: str | None = None,
        title: str | None = None,
        outlet: str | None = None,
        force: bool = False,
        by: str | None = None,
        prepared: PreparedRevision | None = None,
        compare: bool = False,
    ) -> AddedRevision:
        """Store a revision (creating the article on first use).

        Text identical after normalisation to a stored revision stores nothing. A
        body under half the length of the previous revision is refused without
        ``force``: it is far more often a broken extraction than a real edit.

        The new text is segmented once (``prepared``, when the caller already did)
        and the previous revision once; the two are diffed once, when the claims
        anchored in the previous revision must follow or ``compare`` asks for the
        diff (:attr:`AddedRevision.diff`, with the claims' anchors in it).
        """
        if prepared is None:
            prepared = prepare_revision(slug, raw, label=label, published=published, url=url, title=title)
        doc, digest = prepared.doc, prepared.digest
        label, url = prepared.label, prepared.url

        def store() -> AddedRevision:
            with self.transaction() as session:
                article = session.scalar(select(Article).where(Article.slug == slug))
                if article is None:
                    article = Article(slug=slug, title=prepared.title, url=url, outlet=outlet)
                    session.add(article)
                    session.flush()
                else:
                    self.lock_articles(article.id)  # claims added meanwhile must follow too
                # One look at the article's revisions (a handful of short rows, not
                # their texts) answers "stored already?", "which label?", "after what?".
                known = session.execute(
                    select(Revision.id, Revision.seq, Revision.label, Revision.sha256)
                    .where(Revision.article_id == article.id).order_by(Revision.seq)
                ).all()
                same = next((row for row in known if row.sha256 == digest), None)
                if same is not None:
                    return AddedRevision(session.get(Revision, same.id), created=False, duplicate_of=same.label)
                previous_id = known[-1].id if known else None
                previous = session.get(Revision, previous_id) if previous_id is not None else None
                previous_doc = segment(previous.text) if previous is not None else None
                if previous is not None and not force:
                    _refuse_collapse(doc, previous_doc, previous.label)
                labels = {row.label for row in known}
                seq = (known[-1].seq if known else 0) + 1
                if label is not None and label in labels:
                    raise label_taken(slug, label)
                revision = Revision(article=article, **prepared.row(seq, label or next_label(seq, labels)))
                session.add(revision)
                session.flush()
                from factcheck.store.claim_following import follow_claims, has_claims_to_follow

                diff, changes = None, []
                following = has_claims_to_follow(self, previous_id)
                if previous is not None and (compare or following):
                    diff = self._compare(previous, previous_doc, revision, doc)
                if following:
                    changes = follow_claims(self, article, previous, revision, by or default_user(), diff, doc)
                return AddedRevision(revision, created=True, claim_changes=changes, document=doc,
                                     previous=previous, previous_document=previous_doc, diff=diff)

        # Another writer may take this label or sequence number (or create the
        # article) between our read and our write: read again.
        return self.retrying(
            store, gave_up=f"other writers kept adding revisions to '{slug}' at the same time; run the command again."
        )

    def _compare(self, previous: Revision, previous_doc: Document, revision: Revision, doc: Document) -> Any:
        """The diff of a new revision against its predecessor, with the claims anchored
        in the predecessor (so that the diff says when one of them changed)."""
        from factcheck.analysis.diff import diff_documents

        return diff_documents(previous_doc, doc, old_label=previous.label, new_label=revision.label,
                              article=revision.article.slug, claims=self.claim_refs(previous, previous_doc))

    # The listings read through SQLAlchemy Core (factcheck.store.listings): the CLI uses that
    # path without the ORM to start fast; the ledger offers the same payloads.

    def revisions_payload(self, slug: str) -> dict[str, Any]:
        return self._reader().revisions_payload(slug)

    def show_payload(self, slug: str, label: str | None) -> dict[str, Any]:
        return self._reader().show_payload(slug, label)

    def _reader(self) -> Any:
        from factcheck.store.listings import Reader

        return Reader(self.engine)

    # ------------------------------------------------------------------ claims

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

    def add_claim(
        self,
        slug: str,
        text: str,
        *,
        revision_label: str | None = None,
        sources: Sequence[SourceSpec] = (),
        status: str | None = None,
        verdict: str | None = None,
        note: str | None = None,
        by: str | None = None,
    ) -> ClaimChange:
        """Record a claim anchored to the sentence of the revision that best states it."""
        text = _claim_text(text)
        specs = [s.validated() for s in sources]
        status, verdict = _next_state(None, None, status, verdict)
        if verdict and not specs:
            raise _verdict_without_source(None)
        with self.transaction() as session:
            article = self.get_article(slug)
            self.lock_articles(article.id)  # a revision being added re-anchors claims: wait for it
            revision = self.get_revision(article, revision_label)
            anchor = best_anchor(segment(revision.text), text)
            evidence = [self._evidence(spec) for spec in specs]
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
            warning = None if anchor else (
                f"no sentence of {revision.label} matches this claim; it is stored unanchored."
            )
            return ClaimChange(claim, version, warning)

    def set_status(
        self, claim_id: int, status: str, *, verdict: str | None = None, note: str | None = None,
        by: str | None = None, expect_version: int | None = None,
    ) -> ClaimChange:
        if not note or not note.strip():
            raise InvalidInput("say why with --note \"...\": the note is the audit trail for the status change.")
        for attempt in range(_RETRIES):
            claim = self.get_claim(claim_id)
            current = claim.current
            new_status, new_verdict = _next_state(current.status, current.verdict, status, verdict)
            if verdict and current.status == "unverified" and not current.evidence:
                raise _verdict_without_source(claim_id)
            try:
                return self._append(claim, by, note, expect_version, status=new_status, verdict=new_verdict)
            except Conflict:
                # Another version was appended between our read and our write (a
                # revision re-anchoring the claim, say). Only --expect-version asks
                # to be refused then; otherwise the change applies to the newest
                # version, read again.
                if expect_version is not None or self.in_transaction or attempt == _RETRIES - 1:
                    raise
                self.session.expire_all()
                time.sleep(random.uniform(0, 0.05) * attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def edit_claim(
        self, claim_id: int, text: str, *, note: str | None = None, by: str | None = None,
        expect_version: int | None = None,
    ) -> ClaimChange:
        """New wording for a claim; a claim already judged goes back to in-review."""
        text = _claim_text(text)
        claim = self.get_claim(claim_id)
        current = claim.current
        if current.status == "withdrawn":
            raise InvalidInput(
                f"claim {claim_id} is withdrawn (its sentence left the story); reopen it first with factcheck claim "
                f"status {claim_id} in-review --note \"...\", or record the new wording with factcheck add-claim."
            )
        if text == current.text:
            raise InvalidInput(f"claim {claim_id} already reads exactly that; nothing to change.")
        changes: dict[str, Any] = {"text": text}
        warning = None
        if current.status in JUDGED_STATUSES:
            changes.update(status="in-review", verdict=None)
            note = note or "Text changed after the claim was checked; back to review."
        standing = claim.anchored
        where = standing.anchor_revision if standing is not None else current.anchor_revision
        if where is not None:
            anchor = best_anchor(segment(where.text), text)
            if anchor is None:
                warning = f"the new text matches no sentence of {where.label}; the claim is now unanchored."
            changes["anchor"] = (where if anchor else None, anchor)
        change = self._append(claim, by, note, expect_version, **changes)
        change.warning = warning
        return change

    def add_source(
        self, claim_id: int, spec: SourceSpec, *, note: str | None = None, by: str | None = None,
        expect_version: int | None = None,
    ) -> ClaimChange:
        spec = spec.validated()
        claim = self.get_claim(claim_id)
        return self._append(claim, by, note or f"Source added: {spec.title or spec.ref}", expect_version, add_sources=[spec])

    def _append(
        self, claim: Claim, by: str | None, note: str | None, expect_version: int | None, **changes: Any,
    ) -> ClaimChange:
        """Append a version to ``claim``: the only way a claim ever changes."""
        from factcheck.store.versioning import check_expected_version

        current = claim.current
        check_expected_version(
            self.session, ClaimVersion, ClaimVersion.claim_id, "claim", claim.id, current.version, expect_version
        )
        try:
            with self.transaction() as session, session.no_autoflush:
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
                session.add(version)
                session.flush()
                return ClaimChange(claim, version)
        except IntegrityError:
            # Someone appended the same version number first: optimistic concurrency.
            if self.in_transaction:
                # Inside a caller's unit (a new revision re-anchoring its claims): the
                # caller rolls back and runs again on fresh rows; rolling back here
                # would undo its work behind its back.
                raise
            self.session.rollback()
            raise Conflict(self._conflict_message(claim.id, current.version)) from None

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

    def _conflict_message(self, claim_id: int, seen: int) -> str:
        from factcheck.store.versioning import conflict_message

        return conflict_message(self.session, ClaimVersion, ClaimVersion.claim_id, "claim", claim_id, seen)

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

    # ------------------------------------------------------------------ findings

    def record_findings(self, revision: Revision, findings: Sequence[Any]) -> list[tuple[int, Any, str]]:
        """Store what the checks found on ``revision``; returns ``(id, finding, state)``.

        A finding an editor dismissed (same check, same text, any revision of the
        article) is not raised again; one already stored for this revision is reused,
        also when a racing ``check`` stored it a moment earlier.
        """
        if not findings:
            return []  # most revisions are clean: no query at all
        # Another check may store one of these first (one row per revision and key):
        # reading again reuses it.
        return self.retrying(
            lambda: self._record_findings(revision, findings),
            gave_up="other checks kept storing findings of this revision at the same time; run the command again.",
        )

    def _record_findings(self, revision: Revision, findings: Sequence[Any]) -> list[tuple[int, Any, str]]:
        from factcheck.store.models import Finding as FindingRow

        out: list[tuple[int, Any, str]] = []
        with self.transaction() as session:
            rows = list(session.scalars(select(FindingRow).where(FindingRow.article_id == revision.article_id)))
            dismissed = {r.key for r in rows if r.state == "dismissed"}
            here = {r.key: r for r in rows if r.revision_id == revision.id}
            for finding in findings:
                key = finding.key
                if key in dismissed:
                    continue
                row = here.get(key)
                if row is None:
                    row = FindingRow(revision_id=revision.id, article_id=revision.article_id, **finding.columns())
                    session.add(row)
                    session.flush()
                    here[key] = row
                out.append((row.id, finding, row.state))
        return out

    def dismiss_finding(self, finding_id: int, *, note: str, by: str | None = None) -> Any:
        from factcheck.store.models import Finding as FindingRow
        from factcheck.store.models import utcnow

        with self.transaction() as session:
            row = session.get(FindingRow, finding_id)
            if row is None:
                raise NotFound(f"no finding {finding_id}; run factcheck check ARTICLE to list findings with their ids.")
            if row.state == "dismissed":
                raise InvalidInput(
                    f"finding {finding_id} was already dismissed by {row.decided_by} at {records.when(row.decided_at)}."
                )
            row.state, row.note, row.decided_by, row.decided_at = "dismissed", note, by or default_user(), utcnow()
            return row

    def counts(self) -> dict[str, int]:
        """Row counts per table: what tests compare to prove a failure changed nothing."""
        from factcheck.store.schema import metadata

        with self.engine.connect() as connection:
            return {
                name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in metadata.tables.items()
            }


# ---------------------------------------------------------------------- helpers


def check_slug(slug: str) -> None:
    if not _SLUG.match(slug):
        raise InvalidInput(
            f"'{slug}' is not a usable article slug; use lower-case letters, digits and '-' (e.g. khadr-wikileaks)."
        )


def label_taken(slug: str, label: str, fix: str = "choose another --label") -> InvalidInput:
    return InvalidInput(f"article '{slug}' already has a revision labelled '{label}'; {fix}.")


def next_label(seq: int, taken: set[str]) -> str:
    n = seq
    while f"v{n}" in taken:
        n += 1
    return f"v{n}"


def _refuse_collapse(new: Document, previous: Document, previous_label: str) -> None:
    new_words, old_words = new.word_count(), previous.word_count()
    if old_words >= 40 and new_words * 2 < old_words:
        raise InvalidInput(
            f"the new text has {new_words} words, under half of {previous_label} ({old_words}); extraction may "
            "have failed. Check the input, or pass --force to store it anyway."
        )


def _claim_text(text: str) -> str:
    from factcheck.text.raw import check_text

    cleaned = " ".join(check_text(text, "the claim").split())
    if not cleaned:
        raise InvalidInput("a claim needs text; pass the claim as the sentence the article states.")
    if len(cleaned) > 2000:
        raise InvalidInput("a claim is one statement, not a passage; keep it under 2,000 characters.")
    return cleaned


def _next_state(
    status: str | None, verdict: str | None, new_status: str | None, new_verdict: str | None
) -> tuple[str, str | None]:
    """The status and verdict after a change, refusing combinations that make no sense.

    A verdict is set when the claim is checked: giving one moves the claim to
    ``checked``; moving back to ``unverified`` or ``in-review`` clears it.
    """
    target = check_status(new_status) if new_status else None
    chosen = check_verdict(new_verdict) if new_verdict else None
    if target is None:
        target = "checked" if chosen and status not in JUDGED_STATUSES else (status or "unverified")
    if target in ("unverified", "in-review"):
        if chosen:
            raise InvalidInput(f"a verdict is set when a claim is checked, not while it is {target}; use --status checked.")
        return target, None
    final = chosen or verdict
    if target == "checked" and final is None:
        raise InvalidInput("a checked claim needs a verdict; add --verdict (true, mostly-true, mixture, mostly-false, false, misleading, unproven, outdated).")
    return target, final


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


def _verdict_without_source(claim_id: int | None) -> InvalidInput:
    if claim_id is None:
        return InvalidInput("a verdict needs the source it rests on; add --source URL_OR_CITATION with --verdict.")
    return InvalidInput(
        f"claim {claim_id} has no source, and a verdict needs the source it rests on; attach one first with "
        f"factcheck claim source {claim_id} URL_OR_CITATION."
    )


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
