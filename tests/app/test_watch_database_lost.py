"""The database failing in the middle of a watch round: the pages stored before it
are said to be stored, not "nothing was changed"."""

from __future__ import annotations

import pytest

from factcheck.errors import DatabaseUnavailable
from httpfixtures import Response, fixture_bytes, site  # noqa: F401  (fixture)
from test_watch import revisions

COUNCIL = fixture_bytes("pages", "council-budget.html")
FERRY = fixture_bytes("pages", "ferry-jsonld.html")


def test_a_connection_lost_mid_round_keeps_and_reports_what_was_stored(run, site, monkeypatch):
    import factcheck.app.watch

    run("watch", "add", site.route("/a-council", Response(COUNCIL)), "--article", "council")
    run("watch", "add", site.route("/b-ferry", Response(FERRY)), "--article", "ferry")
    real = factcheck.app.watch.Watcher.check
    calls = []

    def check(self, watch_id):
        calls.append(watch_id)
        if len(calls) == 2:
            raise DatabaseUnavailable("the database failed during the command (server closed the connection "
                                      "unexpectedly); nothing was changed, try again.")
        return real(self, watch_id)

    monkeypatch.setattr(factcheck.app.watch.Watcher, "check", check)
    result = run("watch", "--once")
    assert result.exit_code == 1
    assert result.stdout.startswith("council: v1 stored from ")
    assert "nothing was changed" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "Error: the database failed during the watch round (server closed the connection unexpectedly); the 1 "
        "page(s) and feed(s) checked before it are recorded (1 change(s), listed above), the rest is checked "
        "next round.")
    monkeypatch.setattr(factcheck.app.watch.Watcher, "check", real)
    assert [r["label"] for r in revisions(run, "council")] == ["v1"]


def test_a_failure_before_anything_was_stored_keeps_its_message(run, site, monkeypatch):
    import factcheck.app.watch

    run("watch", "add", site.route("/a-council", Response(COUNCIL)), "--article", "council")

    def check(self, watch_id):
        raise DatabaseUnavailable("the database failed during the command (disk I/O error); nothing was changed, "
                                  "try again.")

    monkeypatch.setattr(factcheck.app.watch.Watcher, "check", check)
    result = run("watch", "--once")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == ("Error: the database failed during the command (disk I/O error); "
                                              "nothing was changed, try again.")
