"""The ledger's tables, as SQLAlchemy 2.x typed ORM classes.

Audit trail rule: claims and notices are never updated in place. Every change
appends a ``ClaimVersion`` / ``NoticeVersion`` whose ``version`` number is unique
per parent; that unique constraint is also the optimistic-concurrency guard (two
editors appending the same version number: the database accepts one).
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "Article",
    "Base",
    "Claim",
    "ClaimAnchor",
    "ClaimVersion",
    "Evidence",
    "Finding",
    "KnownFactCheck",
    "Notice",
    "NoticeVersion",
    "Revision",
    "Source",
    "User",
    "Watch",
    "compared_in_schema",
    "utcnow",
]

# Explicit constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: Tables the database's own full-text search keeps beside ``known_factchecks``
#: (an FTS5 table and its shadow tables on SQLite, a tsvector table on
#: PostgreSQL). Their triggers keep them in step; they are made by migration 0005
#: and are no part of the ORM, so schema comparison leaves them out.
SEARCH_INDEX_PREFIX = "known_factchecks_fts"
#: The desk's full-text search index (migration 0008): the database's own (FTS5 on
#: SQLite, a tsvector table on PostgreSQL), kept by triggers, outside the ORM models.
SEARCH_INDEX = "search_index"


def compared_in_schema(name: str | None, type_: str, *_parents: object) -> bool:
    """Alembic's ``include_name`` hook: everything but the full-text index tables
    (and FTS5's shadow tables) and their indexes."""
    return not (name and str(name).startswith((SEARCH_INDEX_PREFIX, SEARCH_INDEX)))


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[Optional[str]] = mapped_column(Text)
    url: Mapped[Optional[str]] = mapped_column(Text, index=True)
    outlet: Mapped[Optional[str]] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    revisions: Mapped[list["Revision"]] = relationship(
        back_populates="article", order_by="Revision.seq"
    )
    claims: Mapped[list["Claim"]] = relationship(back_populates="article", order_by="Claim.id")


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (
        # The pair of unique keys is what keeps racing add-revision calls from
        # storing two revisions under one label: the loser retries with the next.
        UniqueConstraint("article_id", "label", name="uq_revisions_article_label"),
        UniqueConstraint("article_id", "seq", name="uq_revisions_article_seq"),
        Index("ix_revisions_article_sha", "article_id", "sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    label: Mapped[str] = mapped_column(String(50))
    seq: Mapped[int] = mapped_column(Integer)
    published: Mapped[Optional[date]] = mapped_column(Date)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    origin: Mapped[Optional[str]] = mapped_column(Text)
    url: Mapped[Optional[str]] = mapped_column(Text)
    title: Mapped[Optional[str]] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    # The input as received (file bytes, HTML); large and rarely read, so deferred.
    raw: Mapped[Optional[bytes]] = mapped_column(LargeBinary, deferred=True)
    text: Mapped[str] = mapped_column(Text)
    # What a page said beside its text: its byline, and which extracted body was
    # kept (factcheck.sources.body_choice); NULL for plain-text input.
    byline: Mapped[Optional[str]] = mapped_column(Text)
    extraction: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)

    article: Mapped[Article] = relationship(back_populates="revisions")


class Claim(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    article: Mapped[Article] = relationship(back_populates="claims")
    versions: Mapped[list["ClaimVersion"]] = relationship(
        back_populates="claim", order_by="ClaimVersion.version"
    )
    anchors: Mapped[list["ClaimAnchor"]] = relationship(back_populates="claim", order_by="ClaimAnchor.id")

    @property
    def current(self) -> "ClaimVersion":
        return self.versions[-1]

    @property
    def anchored(self) -> "ClaimAnchor | None":
        """Where the claim stands now: its anchor in the latest revision it was
        followed into, or None when its current version is unanchored (cut, or
        reworded to something no sentence states)."""
        if self.current.anchor_revision is None or not self.anchors:
            return None
        return max(self.anchors, key=lambda a: a.anchor_revision.seq)

    def anchor_in(self, revision_id: int) -> "ClaimAnchor | None":
        return next((a for a in self.anchors if a.revision_id == revision_id), None)


class ClaimVersion(Base):
    __tablename__ = "claim_versions"
    __table_args__ = (UniqueConstraint("claim_id", "version", name="uq_claim_versions_claim_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30))
    verdict: Mapped[Optional[str]] = mapped_column(String(30))
    note: Mapped[Optional[str]] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The anchor: a sentence of one revision, by position and character span, so
    # the claim can be shown in context and followed through later revisions.
    anchor_revision_id: Mapped[Optional[int]] = mapped_column(ForeignKey("revisions.id"), index=True)
    anchor_paragraph: Mapped[Optional[int]] = mapped_column(Integer)
    anchor_sentence: Mapped[Optional[int]] = mapped_column(Integer)
    anchor_start: Mapped[Optional[int]] = mapped_column(Integer)
    anchor_end: Mapped[Optional[int]] = mapped_column(Integer)

    claim: Mapped[Claim] = relationship(back_populates="versions")
    anchor_revision: Mapped[Optional[Revision]] = relationship()
    evidence: Mapped[list["Evidence"]] = relationship(
        back_populates="claim_version", order_by="Evidence.id"
    )


class ClaimAnchor(Base):
    """Where a claim is anchored in one revision, outside its version history.

    Following a revision whose sentence did not change only adds a row here: the
    versions hold what a person or a real change did. The columns mirror the
    version's anchor columns, so views read either the same way.
    """

    __tablename__ = "claim_anchors"
    __table_args__ = (UniqueConstraint("claim_id", "revision_id", name="uq_claim_anchors_claim_revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), index=True)
    anchor_paragraph: Mapped[int] = mapped_column(Integer)
    anchor_sentence: Mapped[int] = mapped_column(Integer)
    anchor_start: Mapped[int] = mapped_column(Integer)
    anchor_end: Mapped[int] = mapped_column(Integer)

    claim: Mapped[Claim] = relationship(back_populates="anchors")
    anchor_revision: Mapped[Revision] = relationship()


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # url, document, interview, dataset
    url: Mapped[Optional[str]] = mapped_column(Text)
    title: Mapped[Optional[str]] = mapped_column(Text)
    citation: Mapped[Optional[str]] = mapped_column(Text)
    accessed: Mapped[Optional[date]] = mapped_column(Date)


class Evidence(Base):
    """A source as it bears on one claim version. Carried forward to each new version."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_version_id: Mapped[int] = mapped_column(ForeignKey("claim_versions.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    stance: Mapped[str] = mapped_column(String(20))  # supports, refutes, context
    excerpt: Mapped[Optional[str]] = mapped_column(Text)

    claim_version: Mapped[ClaimVersion] = relationship(back_populates="evidence")
    source: Mapped[Source] = relationship()


class Finding(Base):
    __tablename__ = "findings"
    # One row per finding of a revision: racing checks reuse it, never copy it.
    __table_args__ = (Index("ix_findings_revision_key", "revision_id", "key", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    other_revision_id: Mapped[Optional[int]] = mapped_column(ForeignKey("revisions.id"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    check: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    spans: Mapped[list[Any]] = mapped_column(JSON)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Identity of "the same finding on the same text", so a dismissal sticks.
    key: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(20), default="open")  # open, dismissed, resolved
    note: Mapped[Optional[str]] = mapped_column(Text)
    decided_by: Mapped[Optional[str]] = mapped_column(String(200))
    decided_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Notice(Base):
    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    from_revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    to_revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    kind: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    versions: Mapped[list["NoticeVersion"]] = relationship(
        back_populates="notice", order_by="NoticeVersion.version"
    )

    @property
    def current(self) -> "NoticeVersion":
        return self.versions[-1]


class NoticeVersion(Base):
    __tablename__ = "notice_versions"
    __table_args__ = (UniqueConstraint("notice_id", "version", name="uq_notice_versions_notice_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"))
    version: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))  # draft, approved, published, withdrawn
    text: Mapped[str] = mapped_column(Text)
    placement: Mapped[str] = mapped_column(String(10), default="bottom")
    changes: Mapped[list[Any]] = mapped_column(JSON)
    dated: Mapped[Optional[date]] = mapped_column(Date)
    note: Mapped[Optional[str]] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    notice: Mapped[Notice] = relationship(back_populates="versions")


class Watch(Base):
    """A page or feed on the watch list, with what the next polite request needs.

    ``article_slug`` is a slug rather than a foreign key: a watched URL names its
    article before the first fetch creates it. ``claimed_until`` is a round's lease
    on the row while it fetches and stores, so two rounds never work on the same
    watch at once; a round that dies leaves a lease that simply runs out.
    ``next_check`` None means the article is past the watch limit. ``active`` False is a removed watch, kept so
    that its feed does not add it again. ``entry_id`` is the feed entry's own identifier (RSS ``guid``, Atom
    ``id``): with ``feed_url`` it tells a story already seen, whatever its link has gained since.
    """

    __tablename__ = "watches"
    __table_args__ = (Index("ix_watches_feed_entry", "feed_url", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # article, feed
    article_slug: Mapped[Optional[str]] = mapped_column(String(200), index=True)
    feed_url: Mapped[Optional[str]] = mapped_column(Text)  # the feed that listed it
    etag: Mapped[Optional[str]] = mapped_column(Text)
    last_modified: Mapped[Optional[str]] = mapped_column(String(100))
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_checked: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    next_check: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True), index=True)
    claimed_until: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    checks: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    entry_id: Mapped[Optional[str]] = mapped_column(Text)


class KnownFactCheck(Base):
    """A ClaimReview published by a fact-checker, imported to be matched against copy.

    One row per review ``url`` (a re-import updates it in place: it is the
    publisher's record, not the ledger's, so it keeps no versions). ``verdict`` is
    the ledger's verdict the published rating maps to; ``rating`` and
    ``rating_value`` (on ``worst_rating``..``best_rating``) are as published.
    """

    __tablename__ = "known_factchecks"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    claim_text: Mapped[str] = mapped_column(Text)
    title: Mapped[Optional[str]] = mapped_column(Text)
    publisher: Mapped[Optional[str]] = mapped_column(String(200))
    rating: Mapped[Optional[str]] = mapped_column(String(200))
    rating_value: Mapped[Optional[float]] = mapped_column(Float)
    best_rating: Mapped[Optional[float]] = mapped_column(Float)
    worst_rating: Mapped[Optional[float]] = mapped_column(Float)
    verdict: Mapped[str] = mapped_column(String(30))
    reviewed: Mapped[Optional[date]] = mapped_column(Date)
    claim_author: Mapped[Optional[str]] = mapped_column(String(200))
    claim_date: Mapped[Optional[date]] = mapped_column(Date)
    appearance: Mapped[Optional[str]] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(Base):
    """A desk account. ``session_key`` is drawn anew on every password change and
    checked on every request, so changing a password or removing the account signs
    out every browser that was signed in with it."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # reporter, editor, admin
    password_hash: Mapped[str] = mapped_column(Text)
    session_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
