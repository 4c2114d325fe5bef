"""The ORM classes, mapped onto the Core tables of :mod:`factcheck.store.schema`.

The columns are declared once, there; each class here takes its table
(``__table__``) and adds what only the ORM knows: relationships, deferred loading,
and the properties that read a version history. A column is an attribute of the
same name (``Revision.label`` is ``schema.revisions.c.label``).

Audit trail rule: claims and notices are never updated in place (see the schema).
"""

from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import JSON
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, relationship

from factcheck.store import schema
# Re-exported: the stores stamp their rows with it.
from factcheck.store.schema import utcnow

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
    "utcnow",
]


class Base(DeclarativeBase):
    metadata = schema.metadata
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Article(Base):
    __table__ = schema.articles

    revisions: Mapped[list["Revision"]] = relationship(
        back_populates="article", order_by="Revision.seq"
    )
    claims: Mapped[list["Claim"]] = relationship(back_populates="article", order_by="Claim.id")


class Revision(Base):
    __table__ = schema.revisions

    # The input as received: large and rarely read, so loaded only when asked for.
    raw: Mapped[Optional[bytes]] = deferred(schema.revisions.c.raw)

    article: Mapped[Article] = relationship(back_populates="revisions")


class Claim(Base):
    __table__ = schema.claims

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
    __table__ = schema.claim_versions

    claim: Mapped[Claim] = relationship(back_populates="versions")
    anchor_revision: Mapped[Optional[Revision]] = relationship()
    evidence: Mapped[list["Evidence"]] = relationship(
        back_populates="claim_version", order_by="Evidence.id"
    )


class ClaimAnchor(Base):
    """Where a claim is anchored in one revision, outside its version history."""

    __table__ = schema.claim_anchors

    claim: Mapped[Claim] = relationship(back_populates="anchors")
    anchor_revision: Mapped[Revision] = relationship()


class Source(Base):
    __table__ = schema.sources


class Evidence(Base):
    """A source as it bears on one claim version. Carried forward to each new version."""

    __table__ = schema.evidence

    claim_version: Mapped[ClaimVersion] = relationship(back_populates="evidence")
    source: Mapped[Source] = relationship()


class Finding(Base):
    __table__ = schema.findings


class Notice(Base):
    __table__ = schema.notices

    versions: Mapped[list["NoticeVersion"]] = relationship(
        back_populates="notice", order_by="NoticeVersion.version"
    )

    @property
    def current(self) -> "NoticeVersion":
        return self.versions[-1]


class NoticeVersion(Base):
    __table__ = schema.notice_versions

    notice: Mapped[Notice] = relationship(back_populates="versions")


class Watch(Base):
    """A page or feed on the watch list (the table's comment says what each column holds)."""

    __table__ = schema.watches


class KnownFactCheck(Base):
    """A ClaimReview published by a fact-checker, imported to be matched against copy."""

    __table__ = schema.known_factchecks


class User(Base):
    """A desk account (its ``session_key`` signs out every browser when it changes)."""

    __table__ = schema.users
