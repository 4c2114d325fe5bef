"""A one-row query sent before some work and read after it, on both databases."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import exc, text

from factcheck.store.ledger import Ledger
from factcheck.store.query_in_flight import first_row_meanwhile


def _connection(ledger: Ledger):
    return ledger.session.connection()


def _in_flight(connection) -> bool:
    """Whether the driver is waiting on a server for a query's answer (psycopg only)."""
    from psycopg import pq

    return connection.connection.dbapi_connection.pgconn.transaction_status == pq.TransactionStatus.ACTIVE


def test_the_row_as_text_with_nulls_kept(ledger: Ledger) -> None:
    connection = _connection(ledger)
    with first_row_meanwhile(connection, "SELECT 'abc', NULL, 42") as answer:
        assert answer.row is None  # read after the block, not before
    assert answer.row == ("abc", None, "42")


def test_no_row_is_none(ledger: Ledger) -> None:
    with first_row_meanwhile(_connection(ledger), "SELECT 1 WHERE 1 = 0") as answer:
        pass
    assert answer.row is None


def test_the_block_runs_while_the_server_answers_on_postgresql(postgres_url: str) -> None:
    ledger = Ledger.open(postgres_url)
    try:
        connection = _connection(ledger)
        connection.execute(text("SELECT 1"))  # inside the session's transaction
        with first_row_meanwhile(connection, "SELECT pg_sleep(0.05)::text, 7") as answer:
            assert _in_flight(connection)
        assert answer.row == ("", "7")
        assert not _in_flight(connection)
        # The connection is free again, in the same transaction.
        assert connection.execute(text("SELECT 2")).scalar() == 2
    finally:
        ledger.close()


def test_the_first_statement_of_a_transaction_on_postgresql(postgres_url: str) -> None:
    ledger = Ledger.open(postgres_url)
    try:
        connection = _connection(ledger)  # the session's transaction begun, no statement sent yet
        with first_row_meanwhile(connection, "SELECT 5") as answer:
            pass
        assert answer.row == ("5",)
        assert connection.execute(text("SELECT 6")).scalar() == 6
    finally:
        ledger.close()


def test_an_error_is_raised_after_the_block_as_sqlalchemy_raises_it(ledger: Ledger) -> None:
    connection = _connection(ledger)
    ran = []
    with pytest.raises(exc.DBAPIError):
        with first_row_meanwhile(connection, "SELECT nothing FROM no_such_table"):
            ran.append(True)
    assert ran == [True]
    ledger.session.rollback()
    assert _connection(ledger).execute(text("SELECT 3")).scalar() == 3


def test_an_error_inside_the_block_leaves_the_connection_usable(ledger: Ledger) -> None:
    connection = _connection(ledger)
    with pytest.raises(ZeroDivisionError):
        with first_row_meanwhile(connection, "SELECT 1"):
            1 / 0
    assert connection.execute(text("SELECT 4")).scalar() == 4


def test_a_failed_transaction_is_not_sent_to(postgres_url: str) -> None:
    ledger = Ledger.open(postgres_url)
    try:
        connection = _connection(ledger)
        with pytest.raises(exc.DBAPIError):
            connection.execute(text("SELECT nothing FROM no_such_table"))
        with pytest.raises(exc.InternalError, match="current transaction is aborted"):
            with first_row_meanwhile(connection, "SELECT 1") as answer:
                assert not _in_flight(connection)
        assert answer.row is None
    finally:
        ledger.close()


def test_a_check_on_sqlite_does_not_load_psycopg(tmp_path) -> None:
    # Loading the PostgreSQL driver to ask whether a connection is its own would
    # cost a command on SQLite more than the query does.
    code = ("import sys\n"
            "from factcheck.app.checks import checks_with_known_claims\n"
            "from factcheck.store.ledger import Ledger\n"
            "from factcheck.text.segmentation import segment\n"
            f"ledger = Ledger.open('sqlite:///{tmp_path / 'ledger.db'}')\n"
            "doc = segment('Water rates\\n\\nThe council voted on Tuesday to raise water rates by four per cent.\\n')\n"
            "checks_with_known_claims(ledger, doc, None, published=None, label=None)\n"
            "print('psycopg' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
