"""The polling back-off schedule for watched articles."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.app.schedule import SCHEDULE, WATCH_LIMIT, interval_for_age, is_due, next_check

T0 = datetime(2026, 3, 4, 9, 15, tzinfo=timezone.utc)
M, H, D = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)


def test_never_checked_is_due_now():
    now = T0 + 3 * M
    assert next_check(T0, None, now) == now
    assert is_due(T0, None, now)


@pytest.mark.parametrize(
    "age_at_check, wait",
    [
        (0 * M, 5 * M), (55 * M, 5 * M),
        (60 * M, 15 * M), (5 * H + 59 * M, 15 * M),
        (6 * H, H), (47 * H, H),
        (48 * H, D), (6 * D, D),
        (7 * D, 7 * D), (21 * D, 7 * D),
    ],
)
def test_interval_grows_with_age(age_at_check, wait):
    last = T0 + age_at_check
    assert next_check(T0, last, now=last) == last + wait
    assert not is_due(T0, last, now=last + wait - timedelta(seconds=1))
    assert is_due(T0, last, now=last + wait)


def test_overdue_article_is_due_now_not_in_the_past():
    # The watcher was off for two days: check once now, not 48 times.
    last, now = T0 + 2 * H, T0 + 50 * H
    assert next_check(T0, last, now) == now


def test_no_check_at_or_after_the_limit():
    assert next_check(T0, T0 + 28 * D, T0 + 28 * D) is None  # 35 days would be past 30
    assert next_check(T0, None, T0 + WATCH_LIMIT) is None
    assert next_check(T0, T0 + 3 * D, T0 + 31 * D) is None
    assert interval_for_age(WATCH_LIMIT) is None


def test_a_full_life_makes_83_checks_as_documented():
    checks, last, now = [], None, T0
    while (due := next_check(T0, last, now)) is not None:
        checks.append(due - T0)
        last = now = due
    per_band = Counter(next(i for i, (up_to, _) in enumerate(SCHEDULE) if age < up_to) for age in checks)
    assert [per_band[i] for i in range(len(SCHEDULE))] == [12, 20, 42, 5, 4]
    assert checks[-1] == 28 * D


def test_clock_moved_back_counts_as_new():
    assert interval_for_age(-5 * M) == 5 * M


def test_mixing_aware_and_naive_times_is_a_clear_error():
    with pytest.raises(ValueError, match="all timezone-aware or all naive"):
        next_check(T0, None, datetime(2026, 3, 4, 10, 0))


@given(
    age=st.timedeltas(min_value=timedelta(0), max_value=40 * D),
    idle=st.timedeltas(min_value=timedelta(0), max_value=40 * D),
)
def test_next_check_is_never_before_now_or_the_last_check(age, idle):
    last = T0 + age
    now = last + idle
    due = next_check(T0, last, now)
    if due is not None:
        assert due >= now and due > last
        assert due < T0 + WATCH_LIMIT


def test_intervals_never_shrink_as_the_article_ages():
    waits = [wait for _, wait in SCHEDULE]
    assert waits == sorted(waits)
