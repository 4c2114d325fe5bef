"""The one append-only protocol of versioned records (claims and notices).

A record is never updated in place: a change appends version N+1, and the unique
(parent, version) key lets only one of two racing writers have it. The loser, or an
editor whose ``--expect-version`` is stale, is told who changed the record, when,
and what to retry with. :data:`CLAIMS` and :data:`NOTICES` are the two records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, InvalidInput
from factcheck.store import records
from factcheck.store.models import ClaimVersion, NoticeVersion

if TYPE_CHECKING:
    from factcheck.store.unit_of_work import UnitOfWork

__all__ = ["VersionedRecord", "CLAIMS", "NOTICES"]

_V = TypeVar("_V")


@dataclass(frozen=True)
class VersionedRecord:
    """One kind of versioned record: its version table, the column naming the
    record, and the word the messages use (``claim``, ``notice``)."""

    version_model: Any
    parent_column: Any
    kind: str

    def conflict_message(self, session: Any, parent_id: int, seen: int) -> str:
        model = self.version_model
        latest = session.scalar(
            select(model).where(self.parent_column == parent_id).order_by(model.version.desc()).limit(1)
        )
        assert latest is not None
        return (
            f"{self.kind} {parent_id} was changed by {latest.by} at {records.when(latest.at)} (now version "
            f"{latest.version}, you saw version {seen}); review it with factcheck {self.kind} show {parent_id} "
            f"and retry with --expect-version {latest.version}."
        )

    def check_expected(self, session: Any, parent_id: int, current: int, expected: int | None) -> None:
        """Refuse a change made against a version other than the current one."""
        if expected is None or expected == current:
            return
        if expected > current:
            raise InvalidInput(
                f"{self.kind} {parent_id} is at version {current}; there is no version {expected} yet. "
                f"Check it with factcheck {self.kind} show {parent_id}."
            )
        raise Conflict(self.conflict_message(session, parent_id, expected))

    def append(self, uow: "UnitOfWork", parent_id: int, seen: int, build: Callable[[Session], _V]) -> _V:
        """Store the version ``build`` makes (number ``seen`` + 1) in a unit of work:
        the only way a record ever changes. Another writer who appended that number
        first makes it a :class:`Conflict` naming them; inside a caller's unit the
        collision goes to the caller, which rolls back and runs again on fresh rows
        (rolling back here would undo its work behind its back)."""
        try:
            with uow.transaction() as session, session.no_autoflush:
                version = build(session)
                session.add(version)
                session.flush()
                return version
        except IntegrityError:
            if uow.in_transaction:
                raise
            uow.session.rollback()
            raise Conflict(self.conflict_message(uow.session, parent_id, seen)) from None


CLAIMS = VersionedRecord(ClaimVersion, ClaimVersion.claim_id, "claim")
NOTICES = VersionedRecord(NoticeVersion, NoticeVersion.notice_id, "notice")
