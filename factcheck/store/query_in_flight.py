"""A one-row query sent before some work and read after it: the round trip overlaps the work.

A check with known fact-checks asks the database one small question first (have
the imports or the judged claims changed since this process read them? see
:func:`~factcheck.store.known_factchecks.known_stamps`), then stems the article's
sentences, some 0.5 ms of Python. Asked and waited for, the question cost a
check 0.45-0.55 ms on PostgreSQL, ten times the 0.035 ms it takes in a tight
loop: after the milliseconds of the other checks the server's process has gone
idle, and waking it, then the client, is most of the time. Sent before the
stemming and read after it, the answer is there when it is wanted (0.04 ms of
waiting left).

On psycopg the query goes through the driver's own non-blocking send and fetch,
on the session's connection, in its transaction (or, before the transaction's
first statement, on its own: a read of two numbers either way). On any other
driver (sqlite3 asks no server), or where the connection is not in a state to
take it (a pipeline, a failed transaction, a closed connection), it runs after
the work, as an ordinary query would.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Any, Iterator

__all__ = ["InFlight", "first_row_meanwhile"]


class InFlight:
    """The answer of :func:`first_row_meanwhile`: ``row`` once the block has run."""

    row: tuple[str | None, ...] | None = None


@contextmanager
def first_row_meanwhile(connection: Any, sql: str) -> Iterator[InFlight]:
    """Run ``sql`` (no parameters; one row) on ``connection`` (SQLAlchemy's) while
    the block runs; after it, the answer's ``row`` holds the first row's values
    as text (None for NULL), or None if the query returned no row.

    The block must not use the connection. An error of the query is raised after
    the block."""
    answer = InFlight()
    driver = connection.connection.dbapi_connection
    sent = _sent(driver, sql)
    try:
        yield answer
    finally:
        # Read whatever happens in the block: the connection is free again after.
        received = _received(driver) if sent else _REFUSED
    if not sent:
        received = _driver_row(driver, sql)
    if received is _REFUSED:
        # Refused (by the server, or the driver): run again as any query is, so
        # that its error is SQLAlchemy's, with its usual handling.
        received = _as_text(connection.exec_driver_sql(sql).first())
    answer.row = received


#: What the driver answered when it refused the query (its error is raised by SQLAlchemy).
_REFUSED: Any = object()


def _driver_row(driver: Any, sql: str) -> Any:
    """The first row as text, straight from the driver (a DB-API cursor, in the
    session's transaction); ``_REFUSED`` if the driver raised."""
    # SQLAlchemy's own execution of a cached statement was half of a check's
    # 0.26 ms for this query (its code out of the caches after the other checks).
    try:
        cursor = driver.cursor()
        try:
            cursor.execute(sql)
            return _as_text(cursor.fetchone())
        finally:
            cursor.close()
    except Exception:  # noqa: BLE001 - any driver's error class: raised again by SQLAlchemy
        return _REFUSED


def _as_text(row: Any) -> tuple[str | None, ...] | None:
    return None if row is None else tuple(None if value is None else str(value) for value in row)


def _sent(driver: Any, sql: str) -> bool:
    """Whether ``sql`` was sent on ``driver`` (a DB-API connection): only if it is
    psycopg's and can take it now. Sent, the driver's lock is held until
    :func:`_received`."""
    # Never imported here: a process on SQLite has not loaded psycopg, and its
    # import would cost a command more than the query.
    psycopg = sys.modules.get("psycopg")
    if psycopg is None or not isinstance(driver, psycopg.Connection):
        return False
    from psycopg import generators, pq

    # The driver's own non-blocking steps (public names, not in its documented API):
    # without them the query simply runs after the block.
    if not (hasattr(generators, "send") and hasattr(generators, "fetch_many") and hasattr(driver, "wait")):
        return False
    pgconn = driver.pgconn
    status = pq.TransactionStatus
    if pgconn.pipeline_status or pgconn.transaction_status not in (status.IDLE, status.INTRANS):
        return False
    # Held until the answer is read: another thread using this connection meanwhile
    # waits, as it would for any statement of this one.
    driver.lock.acquire()
    try:
        pgconn.send_query(sql.encode(driver.info.encoding))
        driver.wait(generators.send(pgconn))
    except (psycopg.Error, OSError):
        driver.lock.release()
        return False
    return True


def _received(driver: Any) -> Any:
    """The first row of what was sent on ``driver`` (as text; None for no row), or
    ``_REFUSED`` when the server answered with an error; every result is read
    and the driver's lock released."""
    import psycopg
    from psycopg import generators, pq

    try:
        results = driver.wait(generators.fetch_many(driver.pgconn))
    except (psycopg.Error, OSError):
        return _REFUSED
    finally:
        driver.lock.release()
    if len(results) != 1 or results[0].status != pq.ExecStatus.TUPLES_OK:
        return _REFUSED
    result = results[0]
    if not result.ntuples:
        return None
    encoding = driver.info.encoding
    values = (result.get_value(0, column) for column in range(result.nfields))
    return tuple(None if value is None else bytes(value).decode(encoding) for value in values)
