"""Time the desk's article and diff pages under 50 concurrent sessions, on SQLite
and PostgreSQL, against the real server (``factcheck serve``) on loopback.

    python bench/bench_desk.py [--postgres URL] [--requests N] [--only sqlite|postgresql]

For each database: a fresh ledger with the worked example (v1..v3, its claims,
findings and a drafted notice) and a generated 8,000-word story with a revised
v2 (``bench_diff``'s generator: edits, moves, additions, a dropped paragraph);
10 desk accounts, each signed in from five browsers (50 sessions). Then a bounded load loop: 50 threads, one
session and one keep-alive connection each, every thread fetching each page N
times (default 10). The baseline, measured in the same run under the same load,
is the sign-in page (no database, no session). Reported: median and 95th
percentile response time, the ratio of the median to the baseline's, and the
number of errors (any status but 200). A first, cold request of each diff is
timed on its own: the desk computes a diff once per revision pair and claim state.

PostgreSQL: a database is created on the server at --postgres (default: the local
server, trust auth) and dropped afterwards; without a server that part is skipped
and says so.
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_diff import make_article, render, revise, sentence_pool  # noqa: E402

SESSIONS = 50
ACCOUNTS = 10  # five browsers each: 50 sessions without 50 Argon2 hashes to seed
PASSWORD = "bench password 1234"
PAGES = {
    "seed article": "/articles/khadr-wikileaks",
    "seed diff": "/articles/khadr-wikileaks/diff/v1/v2",
    "8,000-word article": "/articles/long-story",
    "8,000-word diff": "/articles/long-story/diff/v1/v2",
}


def seed(db_url: str) -> None:
    from factcheck.store.engine import make_engine
    from factcheck.desk import actions
    from factcheck.store.ledger import Ledger
    from factcheck.store.ledger_file import import_file
    from factcheck.store.users import add_user

    ledger = Ledger.open(db_url)
    try:
        import_file(ledger, str(ROOT / "claims" / "khadr-wikileaks.yaml"))
        for label in ("v2", "v3"):
            text = (ROOT / "claims" / f"khadr-wikileaks-{label}.txt").read_text(encoding="utf-8")
            actions.add_revision(ledger, "khadr-wikileaks", text, by="bench")
        actions.run_checks(ledger, "khadr-wikileaks")
        actions.draft_notices(ledger, "khadr-wikileaks", "v1", "v2", by="bench")
        rng = random.Random(8000)
        old = make_article(8000, rng, sentence_pool())
        new = revise(old, rng, sentence_pool())
        actions.add_revision(ledger, "long-story", render(old), by="bench")
        actions.add_revision(ledger, "long-story", render(new), by="bench")
        actions.run_checks(ledger, "long-story")
    finally:
        ledger.close()
    engine = make_engine(db_url)
    for n in range(ACCOUNTS):
        add_user(engine, f"bench{n:02d}", "editor", PASSWORD)
    engine.dispose()


class Session:
    """One signed-in browser: its cookie and a keep-alive connection."""

    def __init__(self, base: str, name: str) -> None:
        url = urlparse(base)
        self.connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        self.cookie = ""
        page = self.request("GET", "/login")[1]
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
        status, _ = self.request("POST", "/login", {"username": name, "password": PASSWORD, "csrf_token": token})
        if status != 303:
            raise RuntimeError(f"{name} could not sign in ({status})")

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # The server closed an idle keep-alive connection: a browser reconnects.
            self.connection.close()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookie = response.getheader("set-cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, text


def load(sessions: list[Session], path: str, requests: int) -> tuple[list[float], int]:
    """Every session fetches ``path`` ``requests`` times, all sessions at once."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = threading.Barrier(len(sessions))

    def work(session: Session) -> None:
        start.wait()
        mine = []
        for _ in range(requests):
            began = time.perf_counter()
            try:
                status, _ = session.request("GET", path)
            except (OSError, http.client.HTTPException):
                status = 0
            mine.append(time.perf_counter() - began)
            if status != 200:
                with lock:
                    errors[0] += 1
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=work, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors[0]


def bench(name: str, db_url: str, requests: int) -> None:
    from factcheck.desk.launch import running_desk

    began = time.perf_counter()
    seed(db_url)
    print(f"\n{name}: seeded in {time.perf_counter() - began:.1f} s")
    with running_desk(db_url) as base:
        sessions = [Session(base, f"bench{n % ACCOUNTS:02d}") for n in range(SESSIONS)]
        for label, path in PAGES.items():
            if "diff" in label:
                began = time.perf_counter()
                status, _ = sessions[0].request("GET", path)
                print(f"  {label}: first (cold) request {1000 * (time.perf_counter() - began):.0f} ms, status {status}")
        baseline, base_errors = load(sessions, "/login", requests)
        base_median = statistics.median(baseline) * 1000
        print(f"  {'page':<22}{'median':>10}{'p95':>10}{'x baseline':>12}{'errors':>8}   ({SESSIONS} sessions x {requests})")
        print(f"  {'sign-in (baseline)':<22}{base_median:>8.1f}ms{_p95(baseline):>8.1f}ms{1.0:>12.1f}{base_errors:>8}")
        for label, path in PAGES.items():
            times, errors = load(sessions, path, requests)
            median = statistics.median(times) * 1000
            print(f"  {label:<22}{median:>8.1f}ms{_p95(times):>8.1f}ms{median / base_median:>12.1f}{errors:>8}")
        for session in sessions:
            session.connection.close()


def _p95(times: list[float]) -> float:
    return sorted(times)[int(0.95 * (len(times) - 1))] * 1000


def _postgres(admin_url: str) -> tuple[str | None, str]:
    try:
        import psycopg
        from sqlalchemy.engine import make_url
    except ImportError as error:
        return None, str(error)
    url = make_url(admin_url)
    name = f"factcheck_bench_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, dbname=url.database,
                             autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        return None, str(error).strip().splitlines()[0]
    return url.set(database=name).render_as_string(hide_password=False), name


def _drop(admin_url: str, name: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(admin_url)
    with psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, dbname=url.database,
                         autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--requests", type=int, default=10, help="requests per session and page")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="run one database only")
    args = parser.parse_args()
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as tmp:
            bench("SQLite", f"sqlite:///{Path(tmp) / 'desk.db'}", args.requests)
    if args.only == "sqlite":
        return
    url, name = _postgres(args.postgres)
    if url is None:
        print(f"\nPostgreSQL: skipped, no server ({name})")
        return
    try:
        bench("PostgreSQL", url, args.requests)
    finally:
        _drop(args.postgres, name)


if __name__ == "__main__":
    main()
