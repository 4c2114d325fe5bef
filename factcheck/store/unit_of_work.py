"""The unit of work: one engine and session per command, transactions committed
whole or rolled back whole, retrying a unit another writer raced, and row locks.

A SQLite file is checked for damage before the first write, and database failures
become one-line :class:`~factcheck.errors.DatabaseUnavailable` refusals, so a failed
command leaves the database as it was and says why.
"""

from __future__ import annotations

import getpass
import os
import random
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, DatabaseUnavailable
from factcheck.store.engine import _describe, corrupted_message, is_corruption, sqlite_corruption

__all__ = ["UnitOfWork", "LostRace", "default_user", "RETRIES", "pause_before_retry"]

#: How many times a raced unit of work runs before the command gives up.
RETRIES = 8
_T = TypeVar("_T")

#: PostgreSQL's "deadlock detected" and "could not serialize access": it undid this
#: transaction so that another could go on, and running it again is the remedy.
_RACE_SQLSTATES = ("40P01", "40001")


class LostRace(Exception):
    """Another writer changed what this unit of work read, between its read and its
    write: the unit was rolled back whole and can simply run again
    (:meth:`UnitOfWork.retrying`). Unique-key collisions (IntegrityError) mean the same."""


def default_user() -> str:
    """Who is acting: ``FACTCHECK_USER``, else the login name."""
    try:
        return os.environ.get("FACTCHECK_USER") or getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown"


def pause_before_retry(attempt: int) -> None:
    """A short random pause, so that racing writers stop colliding in lockstep."""
    time.sleep(random.uniform(0, 0.05) * attempt)


class UnitOfWork:
    """The engine, the session, and the transaction boundary of one command."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.session = Session(engine, expire_on_commit=False)
        self._depth = 0
        self._sound = False  # SQLite file checked for damage (before the first write)

    def close(self) -> None:
        self.session.close()
        self.engine.dispose()

    @property
    def in_transaction(self) -> bool:
        """Whether a unit of work is open: a caller's, which decides its fate."""
        return self._depth > 0

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole or rolled back whole.

        Nested use joins the outer unit (adding a revision re-anchors claims in the
        same transaction), so only the outermost commits.
        """
        self._depth += 1
        try:
            if self._depth == 1 and not self._sound:
                self._refuse_a_corrupted_file()
            yield self.session
            if self._depth == 1:
                self.session.commit()
        except (OperationalError, DatabaseError) as error:
            if self._depth > 1:
                raise
            self.session.rollback()
            if getattr(getattr(error, "orig", None), "sqlstate", None) in _RACE_SQLSTATES:
                raise LostRace(str(error)) from error
            reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
            if self.engine.dialect.name == "sqlite" and is_corruption(reason):
                raise DatabaseUnavailable(corrupted_message(_describe(str(self.engine.url)), reason)) from None
            if not isinstance(error, OperationalError):
                raise
            if "readonly" in reason or "read-only" in reason:
                raise DatabaseUnavailable(
                    f"the database is read-only ({reason}); nothing was changed. Check the file's permissions "
                    "or use a database you can write to."
                ) from None
            raise DatabaseUnavailable(
                f"the database failed during the command ({reason}); nothing was changed, try again."
            ) from None
        except BaseException:
            # An inner unit leaves the decision to the outermost: a batch import
            # can skip one bad record without losing the others.
            if self._depth == 1:
                self.session.rollback()
            raise
        finally:
            self._depth -= 1

    def _refuse_a_corrupted_file(self) -> None:
        """Before the first write of a SQLite file: refuse it in one line if damaged."""
        if self.engine.dialect.name != "sqlite" or self.engine.url.database in (None, "", ":memory:"):
            self._sound = True
            return
        problem = sqlite_corruption(self.session.connection())
        if problem is not None:
            raise DatabaseUnavailable(corrupted_message(_describe(str(self.engine.url)), problem))
        self._sound = True

    def retrying(self, work: Callable[[], _T], *, gave_up: str) -> _T:
        """``work()``, a unit of work of its own, run again (after
        :func:`pause_before_retry`) when another writer got in between its read and
        its write; :class:`Conflict` with ``gave_up`` after :data:`RETRIES` tries.
        Inside a caller's unit the caller decides: the collision goes to it unchanged."""
        for attempt in range(RETRIES):
            try:
                return work()
            except (IntegrityError, LostRace):
                if self.in_transaction:
                    raise
                pause_before_retry(attempt)
        raise Conflict(gave_up)

    def _reader(self) -> Any:
        """The fast read-only listings (SQLAlchemy Core, no ORM) on this engine."""
        from factcheck.store.listings import Reader

        return Reader(self.engine)

    def forget_reads(self) -> None:
        """Forget the rows read so far: the next read sees what other writers committed."""
        self.session.expire_all()

    def lock_articles(self, *article_ids: int) -> None:
        """Hold articles against other writers until this transaction ends.

        A no-op UPDATE of their rows takes PostgreSQL's row locks and SQLite's write
        lock, so two editors drafting the same notice, or adding a claim while a
        revision re-anchors the claims, take turns, and the second reads what the
        first committed.
        """
        from factcheck.store.schema import articles

        ids = sorted(set(article_ids))
        self.session.execute(articles.update().where(articles.c.id.in_(ids)).values(slug=articles.c.slug))

    def refresh_statistics(self) -> None:
        """Let the query planner know the tables grew: after a bulk load PostgreSQL
        plans a 50,000-revision archive as if it were empty until autovacuum gets to
        it (the standards report took 9 s instead of 0.1 s). An optimisation only:
        a database that refuses is left as it is."""
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError

        statement = "ANALYZE" if self.engine.dialect.name == "postgresql" else "PRAGMA optimize"
        try:
            with self.engine.begin() as connection:
                connection.execute(text(statement))
        except SQLAlchemyError:
            pass

    def counts(self) -> dict[str, int]:
        """Row counts per table: what tests compare to prove a failure changed nothing."""
        from factcheck.store.schema import metadata

        with self.engine.connect() as connection:
            return {
                name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in metadata.tables.items()
            }
