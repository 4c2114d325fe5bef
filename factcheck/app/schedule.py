"""When to check a watched article again: often while it is fresh, rarely when old,
never after a month.

Stories change most in their first hours (the developing story, the first
corrections), then settle; a late correction still comes days or weeks later.
The interval depends on the article's age at its last check:

=====================  ==============  ================================
age at the last check  next check in   checks in the band (about)
=====================  ==============  ================================
under 1 hour           5 minutes       12
1 to 6 hours           15 minutes      20
6 to 48 hours          1 hour          42
2 to 7 days            1 day           5
7 to 30 days           1 week          4
30 days or more        never           0
=====================  ==============  ================================

83 requests per article over its life, 74 of them in the first two days. A check that would fall at or after 30 days is not made (the last weekly
check lands on day 28). ``first_seen`` is when the tool first saw the article;
the caller may pass the published time instead.

Everything here is a pure function of its arguments, so the watch loop, its
tests and ``factcheck watch list`` (which shows the next check) agree.
"""

from __future__ import annotations

from datetime import datetime, timedelta

__all__ = ["SCHEDULE", "WATCH_LIMIT", "interval_for_age", "is_due", "next_check"]

#: (age up to which the interval applies, interval), youngest first.
SCHEDULE: tuple[tuple[timedelta, timedelta], ...] = (
    (timedelta(hours=1), timedelta(minutes=5)),
    (timedelta(hours=6), timedelta(minutes=15)),
    (timedelta(hours=48), timedelta(hours=1)),
    (timedelta(days=7), timedelta(days=1)),
    (timedelta(days=30), timedelta(weeks=1)),
)
#: Age after which an article is no longer checked.
WATCH_LIMIT = SCHEDULE[-1][0]


def interval_for_age(age: timedelta) -> timedelta | None:
    """The wait after a check made at ``age``; None once the article is past the limit.

    A negative age (a clock that moved back) counts as brand new.
    """
    for up_to, interval in SCHEDULE:
        if age < up_to:
            return interval
    return None


def _same_clock(*moments: datetime | None) -> None:
    kinds = {m.utcoffset() is not None for m in moments if m is not None}
    if len(kinds) > 1:
        # Comparing them would raise a bare TypeError deep in the watch loop.
        raise ValueError("next_check needs datetimes that are all timezone-aware or all naive")


def next_check(first_seen: datetime, last_checked: datetime | None, now: datetime) -> datetime | None:
    """When to check next: ``now`` if never checked or overdue, a later time if
    not yet due, or None when the article is past the watch limit."""
    _same_clock(first_seen, last_checked, now)
    limit = first_seen + WATCH_LIMIT
    if now >= limit:
        return None
    if last_checked is None:
        return now
    interval = interval_for_age(last_checked - first_seen)
    if interval is None:
        return None
    due = last_checked + interval
    if due >= limit:
        return None
    return max(due, now)


def is_due(first_seen: datetime, last_checked: datetime | None, now: datetime) -> bool:
    due = next_check(first_seen, last_checked, now)
    return due is not None and due <= now
