"""Optimistic concurrency for versioned records (claims and notices).

A change appends version N+1; the unique (parent, version) key lets only one of
two racing writers have it. The loser, or an editor whose ``--expect-version`` is
stale, is told who changed the record, when, and what to retry with.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from factcheck.store import records

__all__ = ["check_expected_version", "conflict_message"]


def conflict_message(session: Any, version_model: Any, parent_column: Any, kind: str, parent_id: int, seen: int) -> str:
    latest = session.scalar(
        select(version_model).where(parent_column == parent_id).order_by(version_model.version.desc()).limit(1)
    )
    assert latest is not None
    return (
        f"{kind} {parent_id} was changed by {latest.by} at {records.when(latest.at)} (now version "
        f"{latest.version}, you saw version {seen}); review it with factcheck {kind} show {parent_id} "
        f"and retry with --expect-version {latest.version}."
    )


def check_expected_version(
    session: Any, version_model: Any, parent_column: Any, kind: str, parent_id: int, current: int, expected: int | None
) -> None:
    """Refuse a change made against a version other than the current one."""
    from factcheck.errors import Conflict, InvalidInput

    if expected is None or expected == current:
        return
    if expected > current:
        raise InvalidInput(
            f"{kind} {parent_id} is at version {current}; there is no version {expected} yet. "
            f"Check it with factcheck {kind} show {parent_id}."
        )
    raise Conflict(conflict_message(session, version_model, parent_column, kind, parent_id, expected))
