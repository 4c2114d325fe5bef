"""One deadline for the whole download, against a slow server on 127.0.0.1.

The server sends one byte a second: in the status line and headers, or in the
body after prompt headers. A per-read timeout never fires on such a server; the
deadline (short here, via FACTCHECK_FETCH_DEADLINE, to keep the tests quick) must
end the exchange on time, with one line that says so, in `fetch`, in
`add-revision URL` and in a watch round, whose lease outlives the deadline.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from conftest import counts
from factcheck.sources.fetch import FetchError, fetch, fetch_deadline
from httpfixtures import fixture_bytes

COUNCIL = fixture_bytes("pages", "council-budget.html")
DEADLINE = 1.5
#: Time allowed past the deadline for the test's own overhead (a loaded machine).
SLACK = 2.0


class DrippingServer:
    """Answers every request by sending ``head`` and ``body`` one byte a second
    (``fast_head`` sends the head at once). Stops dripping when the client leaves."""

    def __init__(self, head: bytes, body: bytes, *, fast_head: bool = False, interval: float = 1.0) -> None:
        self.head, self.body, self.fast_head, self.interval = head, body, fast_head, interval
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/story"

    def _serve(self) -> None:
        self.listener.settimeout(0.1)
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)  # the request
                if self.fast_head:
                    conn.sendall(self.head)
                for byte in (self.body if self.fast_head else self.head + self.body):
                    if self.stopped.wait(self.interval):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return  # the client gave up: what the deadline is for

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()
        self.thread.join(2)


def _head(length: int) -> bytes:
    return (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {length}\r\n"
            "Connection: close\r\n\r\n").encode()


@pytest.fixture
def slow_headers():
    server = DrippingServer(_head(len(COUNCIL)), COUNCIL)
    yield server
    server.close()


@pytest.fixture
def slow_body():
    server = DrippingServer(_head(len(COUNCIL)), COUNCIL, fast_head=True)
    yield server
    server.close()


@pytest.mark.parametrize("which", ["slow_headers", "slow_body"])
def test_a_server_sending_a_byte_a_second_is_cut_off_at_the_deadline(which, request):
    server = request.getfixturevalue(which)
    started = time.monotonic()
    with pytest.raises(FetchError) as error:
        fetch(server.url, timeout=10, deadline=DEADLINE, expect="html")
    took = time.monotonic() - started
    assert DEADLINE - 0.2 <= took < DEADLINE + SLACK
    assert str(error.value) == (f"{server.url} is sending too slowly (over the {DEADLINE:g} s allowed for the "
                                "whole download); try again later.")
    assert error.value.transient


def test_the_deadline_setting(monkeypatch):
    monkeypatch.delenv("FACTCHECK_FETCH_DEADLINE", raising=False)
    assert fetch_deadline() == 60.0
    monkeypatch.setenv("FACTCHECK_FETCH_DEADLINE", "2.5")
    assert fetch_deadline() == 2.5
    for bad in ("soon", "0", "-3", "86400"):
        monkeypatch.setenv("FACTCHECK_FETCH_DEADLINE", bad)
        with pytest.raises(Exception, match="FACTCHECK_FETCH_DEADLINE=.* is not a number of seconds between 0 and 3600"):
            fetch_deadline()


def test_add_revision_from_a_slow_server_is_one_line_and_stores_nothing(run, db_url, slow_headers):
    run("add-revision", "council", "-", input="Council met on Monday.\n\nIt passed the budget 7-2.\n")
    before = counts(db_url)
    started = time.monotonic()
    result = run("add-revision", "council", slow_headers.url, env={"FACTCHECK_FETCH_DEADLINE": str(DEADLINE)})
    assert time.monotonic() - started < DEADLINE + SLACK
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {slow_headers.url} is sending too slowly (over the {DEADLINE:g} s allowed "
                             "for the whole download); try again later.\n")
    assert counts(db_url) == before


def test_a_watch_round_gives_up_at_the_deadline_and_its_lease_outlives_it(run, db_url, slow_body):
    run("watch", "add", slow_body.url, "--article", "council")
    started = time.monotonic()
    result = run("watch", "--once", env={"FACTCHECK_FETCH_DEADLINE": str(DEADLINE)})
    assert time.monotonic() - started < DEADLINE + SLACK + 3
    assert "is sending too slowly" in result.stderr
    (row,) = json.loads(run("watch", "list", "--format", "json").stdout)["watches"]
    assert row["failures"] == 1


def test_the_lease_outlives_any_deadline():
    from factcheck.app.watch import LEASE, STORE_ALLOWANCE, lease_for

    assert lease_for(60) >= timedelta(seconds=60) + STORE_ALLOWANCE
    assert lease_for(600) > timedelta(seconds=600) + timedelta(minutes=1)
    assert lease_for(1) == LEASE


def test_a_claimed_watch_is_leased_past_the_deadline(run, db_url, monkeypatch):
    """The claim a round takes lasts longer than the download it covers may take."""
    from factcheck.store.ledger import Ledger
    from factcheck.store.models import Watch
    from factcheck.app.watch import Watcher

    monkeypatch.setenv("FACTCHECK_FETCH_DEADLINE", "900")
    run("watch", "add", "https://news.example/council", "--article", "council")
    ledger = Ledger.open(db_url)
    try:
        now = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
        watcher = Watcher(ledger, fetcher=lambda *a, **k: None, clock=lambda: now)
        watch_id = ledger.session.query(Watch.id).scalar()
        row = watcher._claim(watch_id)
        until = row.claimed_until.replace(tzinfo=timezone.utc) if row.claimed_until.tzinfo is None else row.claimed_until
        assert until - now > timedelta(seconds=900)
    finally:
        ledger.close()
