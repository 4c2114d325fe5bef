"""A watch round runs the automated checks before its write transaction opens, so no
database lock is held while a long page is checked."""

from __future__ import annotations

from factcheck.sources.fetch import FetchResult
from factcheck.store.ledger import Ledger
from factcheck.app.watch import Watcher
from httpfixtures import fixture_bytes

COUNCIL = fixture_bytes("pages", "council-budget.html")
# The added paragraph has a weekday that does not match its date: a finding to store.
GAINED = COUNCIL.replace(b"<p>Council will vote on the capital budget",
                         b"<p>Okafor said the first public meeting will be held on Monday, March 17, 2026.</p>"
                         b"<p>Council will vote on the capital budget")


def test_checks_run_outside_the_write_transaction(db_url, monkeypatch):
    import factcheck.analysis.checks

    pages = iter([COUNCIL, GAINED])
    ledger = Ledger.open(db_url)
    try:
        watcher = Watcher(ledger, fetcher=lambda url, **_: FetchResult(
            url, url, 200, {}, next(pages), "text/html", "utf-8", None, None))
        watcher.add("https://lakeshore.example/council", article="council")
        ledger.session.commit()
        real = factcheck.analysis.checks.run_checks
        during: list[bool] = []

        def spy(*args, **kwargs):
            during.append(ledger.in_transaction)
            return real(*args, **kwargs)

        monkeypatch.setattr(factcheck.analysis.checks, "run_checks", spy)
        (watch_id,) = watcher.due("article", everything=True)
        assert watcher.check(watch_id).status == "changed"
        second = watcher.check(watch_id)
        assert second.status == "changed"
        assert [f["check"] for f in second.change.findings] == ["weekday-mismatch"]
        assert during == [False, False]
    finally:
        ledger.close()
