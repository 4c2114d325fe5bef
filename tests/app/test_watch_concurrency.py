"""Two watch rounds at once store each change once; the watch row's state stays sane.
Library level, on both engines, against the local web site."""

from __future__ import annotations

import threading
from datetime import timedelta, timezone

from sqlalchemy import func, select

from factcheck.store.ledger import Ledger
from factcheck.store.models import Revision, Watch
from factcheck.app.watch import LEASE, Watcher, failure_backoff
from httpfixtures import Response, fixture_bytes, site  # noqa: F401  (fixture)

COUNCIL = fixture_bytes("pages", "council-budget.html")


def test_a_claimed_watch_is_skipped_by_another_round(db_url, site):
    url = site.route("/story", Response(COUNCIL))
    first, second = Ledger.open(db_url), Ledger.open(db_url)
    try:
        row, _ = Watcher(first).add(url, article="council")
        claimed = Watcher(first)._claim(row.id)
        assert claimed is not None and claimed.checks == 1
        outcome = Watcher(second).check(row.id)
        assert outcome.status == "skipped"
        assert outcome.message == f"{url} is being checked by another watch round; skipped."
        assert site.hits == []  # the second round did not even fetch
        # A lease, not a lock: once it runs out (a crashed round) the watch is
        # taken again.
        later = Watcher(second, clock=lambda: claimed.first_seen.replace(tzinfo=timezone.utc) + LEASE * 2)
        assert later._claim(row.id) is not None
    finally:
        first.close()
        second.close()


def test_concurrent_rounds_store_one_revision(db_url, site):
    url = site.route("/story", Response(COUNCIL, delay=0.2))
    setup = Ledger.open(db_url)
    Watcher(setup).add(url, article="council")
    setup.close()
    outcomes: list[str] = []
    barrier = threading.Barrier(3)

    def round_() -> None:
        ledger = Ledger.open(db_url)
        try:
            barrier.wait()
            outcomes.extend(o.status for o in Watcher(ledger).round(everything=True))
        finally:
            ledger.close()

    threads = [threading.Thread(target=round_) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    check = Ledger.open(db_url)
    try:
        assert check.session.scalar(select(func.count()).select_from(Revision)) == 1
        row = check.session.scalar(select(Watch))
        assert row.failures == 0 and row.last_checked is not None
    finally:
        check.close()
    assert outcomes.count("changed") == 1
    assert set(outcomes) <= {"changed", "skipped", "unchanged"}


def test_failure_backoff_doubles_up_to_a_day():
    assert [failure_backoff(n) for n in (1, 2, 3)] == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20)]
    assert failure_backoff(20) == timedelta(days=1)
    assert LEASE < timedelta(minutes=10)
