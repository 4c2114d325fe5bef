"""Engine and schema: open a database URL and make sure its schema is at head.

Which database: ``--db URL``, else ``FACTCHECK_DATABASE_URL``, else an SQLite file
``factcheck.store.engine`` in the working directory. The schema is upgraded by Alembic from
the migrations shipped inside the package (``factcheck.migrations``), so it works
from an installed wheel. Alembic is imported only when the schema is behind: it
costs ~0.4 s of start-up, and a listing must not pay for it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.errors import DatabaseUnavailable, InvalidInput

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

__all__ = [
    "DEFAULT_URL",
    "SCHEMA_HEAD",
    "alembic_config",
    "current_revision",
    "ensure_schema",
    "make_engine",
    "resolve_url",
    "upgrade",
]

DEFAULT_URL = "sqlite:///factcheck.db"

#: The newest migration. A test checks it equals Alembic's head, so reading it
#: here (instead of asking Alembic) stays correct while sparing the import.
SCHEMA_HEAD = "0009"

# Key for PostgreSQL's advisory lock while migrating, so that two processes
# opening a new database at once do not both create the tables.
_MIGRATION_LOCK = 0x66AC7C


def resolve_url(url: str | None) -> str:
    return url or os.environ.get("FACTCHECK_DATABASE_URL") or DEFAULT_URL


def _describe(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - only used for messages
        return url


def make_engine(url: str | None = None, **options: object) -> "Engine":
    """An engine for ``url``; a URL that cannot name a database is refused in words.
    ``options`` go to ``create_engine`` (the desk sizes its connection pool)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    url = resolve_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InvalidInput(
            f"'{url}' is not a database URL; use e.g. sqlite:///factcheck.db or "
            "postgresql+psycopg://user@host/dbname."
        ) from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise InvalidInput(
            "an in-memory SQLite database forgets everything when the command ends; use a file, "
            "e.g. sqlite:///factcheck.store.engine."
        )
    try:
        if parsed.get_backend_name() == "sqlite":
            # Editors share one file: wait for a writer instead of failing at once.
            engine = create_engine(parsed, connect_args={"timeout": 30}, **options)

            @event.listens_for(engine, "connect")
            def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA foreign_keys=ON")
                if parsed.database not in (None, "", ":memory:"):
                    cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA busy_timeout=30000")
                cursor.close()

        else:
            engine = create_engine(parsed, pool_pre_ping=True, **options)
    except (NoSuchModuleError, ArgumentError, ImportError) as error:
        raise InvalidInput(
            f"cannot use database URL '{_describe(url)}' ({error}); factcheck supports "
            "sqlite:///PATH and postgresql+psycopg://..."
        ) from None
    return engine


def alembic_config(connection: "Connection | None" = None):  # type: ignore[no-untyped-def]
    """Alembic configuration built in code, pointing at the packaged migrations."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", _script_location())
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _script_location() -> str:
    # A checkout (on sys.path, or installed editable) uses the migrations beside
    # its own code: an editable install of another checkout or worktree would
    # otherwise map factcheck.migrations to that checkout's, possibly older, head.
    # An installed wheel has no such directory and uses the package resource.
    local = Path(__file__).resolve().parent.parent / "migrations"
    if (local / "env.py").is_file() and (local / "versions").is_dir():
        return str(local)
    return "factcheck.migrations:"


def current_revision(connection: "Connection") -> str | None:
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: "Engine") -> str:
    """Upgrade the schema to head with Alembic; returns the new revision."""
    from alembic import command

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            from sqlalchemy import text

            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        if current_revision(connection) != SCHEMA_HEAD:
            command.upgrade(alembic_config(connection), "head")
        return current_revision(connection) or ""


def ensure_schema(engine: "Engine") -> None:
    """Open the database and upgrade it when it is behind; refuse what cannot open."""
    from sqlalchemy.exc import DatabaseError, InterfaceError, OperationalError, ProgrammingError

    try:
        with engine.connect() as connection:
            revision = current_revision(connection)
        if revision == SCHEMA_HEAD:
            return
        if revision is not None and not _known_revision(revision):
            raise DatabaseUnavailable(
                f"the database at {_describe(str(engine.url))} has schema {revision}, newer than "
                f"this factcheck ({SCHEMA_HEAD}); upgrade factcheck."
            )
        _upgrade_racing_others(engine)
    except (OperationalError, InterfaceError, ProgrammingError, DatabaseError) as error:
        raise DatabaseUnavailable(open_failure(engine, error)) from None


def _upgrade_racing_others(engine: "Engine") -> None:
    """Upgrade, tolerating another process creating the same new database.

    PostgreSQL serialises migrations with an advisory lock. SQLite runs DDL outside
    transactions, so two processes opening one new file race table by table; the
    loser fails on a table the winner made, waits, and finds the schema at head.
    """
    import time

    from sqlalchemy.exc import OperationalError

    deadline = time.monotonic() + 30
    while True:
        try:
            upgrade(engine)
            return
        except OperationalError:
            if engine.dialect.name != "sqlite" or time.monotonic() > deadline:
                raise
            time.sleep(0.2)
            with engine.connect() as connection:
                if current_revision(connection) == SCHEMA_HEAD:
                    return


def open_failure(engine: "Engine", error: Exception) -> str:
    """One line for a database that cannot be opened, with the fix for its kind."""
    reason = (str(getattr(error, "orig", error)).strip().splitlines() or ["unknown error"])[0]
    where = _describe(str(engine.url))
    if engine.dialect.name == "sqlite":
        if "not a database" in reason or "malformed" in reason:
            return f"{where} is not a factcheck database ({reason}); point --db at another file."
        return f"cannot open database {where}: {reason}. Check the path in --db / FACTCHECK_DATABASE_URL."
    return (
        f"cannot open database {where}: {reason}. Check --db / FACTCHECK_DATABASE_URL and that the "
        "server is running."
    )


def has_ledger(url: str | None) -> bool:
    """Whether a ledger may already exist at ``url`` (resolved as the CLI does),
    without opening it: a SQLite file that is not there is no ledger, and looking
    must not create one. Server databases are assumed to exist."""
    url = resolve_url(url)
    if not url.startswith("sqlite"):
        return True
    path = url.split(":///", 1)[1] if ":///" in url else ""
    return bool(path) and path != ":memory:" and os.path.exists(path)


def describe_schema(url: str | None) -> str:
    """``REVISION — state`` of the database at ``url``, read without upgrading it."""
    from sqlalchemy.exc import DatabaseError

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            revision = current_revision(connection)
    except DatabaseError as error:  # OperationalError and friends are DatabaseErrors
        raise DatabaseUnavailable(open_failure(engine, error)) from None
    finally:
        engine.dispose()
    return f"{revision or 'empty'} — {schema_state(revision)}"


def corrupted_message(where: str, reason: str) -> str:
    return (f"{where} is corrupted ({reason}); nothing was written. Restore it from a backup, or save what it "
            "holds with: sqlite3 FILE .recover | sqlite3 RECOVERED.db")


def sqlite_corruption(connection: "Connection") -> str | None:
    """What SQLite's ``quick_check`` finds wrong with the file, or None when sound.

    Run before a command's first write: writing into a damaged file spreads the
    damage, and what was read from it may already be wrong. The check reads the
    file once (about a second per few hundred MB) and skips the slower index
    cross-checks of ``integrity_check``.
    """
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    try:
        rows = connection.execute(text("PRAGMA quick_check(1)")).scalars().all()
    except DatabaseError as error:
        return (str(getattr(error, "orig", error)).strip().splitlines() or ["unreadable"])[0]
    if rows == ["ok"]:
        return None
    # quick_check answers in several lines ("*** in database main ***", "On tree page 4 ..."): keep one.
    return " ".join(str(rows[0] if rows else "unreadable").replace("*** in database main ***", "").split())


def is_corruption(reason: str) -> bool:
    return "malformed" in reason or "not a database" in reason or "corrupt" in reason


def schema_state(revision: str | None) -> str:
    """How a database's schema revision compares with this factcheck's."""
    if revision == SCHEMA_HEAD:
        return "up to date"
    if revision is not None and not _known_revision(revision):
        return f"newer than this factcheck (head {SCHEMA_HEAD}); upgrade factcheck"
    return f"behind (head is {SCHEMA_HEAD}; run factcheck db upgrade)"


def _known_revision(revision: str) -> bool:
    # factcheck.migrations is the top-level migrations/ in a checkout and a package in the wheel.
    from importlib.util import find_spec

    versions = Path(find_spec("factcheck.migrations").origin).parent / "versions"
    return any(p.name.startswith(f"{revision}_") for p in versions.glob("*.py"))
