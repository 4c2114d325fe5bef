"""Shared fixtures: a throwaway database per test, on SQLite and on PostgreSQL.

PostgreSQL tests create a database of their own on the server named by
FACTCHECK_TEST_POSTGRES_URL (default: the local server, trust auth) and drop it
afterwards; they are skipped, with the reason shown, only when no server answers.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = ROOT / "claims"
SEED_V1 = CLAIMS / "khadr-wikileaks-v1.txt"
SEED_LEDGER = CLAIMS / "khadr-wikileaks.yaml"

POSTGRES_ADMIN_URL = os.environ.get(
    "FACTCHECK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_unavailable() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    from sqlalchemy.engine import make_url

    url = make_url(POSTGRES_ADMIN_URL)
    try:
        with psycopg.connect(
            host=url.host, port=url.port or 5432, user=url.username, dbname=url.database, connect_timeout=3
        ):
            return None
    except psycopg.Error as error:
        return f"no PostgreSQL server at {url.host}:{url.port or 5432} ({str(error).strip().splitlines()[0]})"


_PG_REASON = _postgres_unavailable()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped after the test."""
    if _PG_REASON:
        pytest.skip(f"PostgreSQL tests skipped: {_PG_REASON}")
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(POSTGRES_ADMIN_URL)
    name = f"factcheck_test_{uuid.uuid4().hex[:12]}"
    params = dict(host=admin.host, port=admin.port or 5432, user=admin.username, dbname=admin.database, autocommit=True)
    with psycopg.connect(**params) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(**params) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'factcheck.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each database test runs on both engines."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def ledger(db_url: str):
    from factcheck.store.ledger import Ledger

    opened = Ledger.open(db_url)
    yield opened
    opened.close()


@pytest.fixture
def seeded(ledger):
    """The seed article's ledger, imported."""
    from factcheck.app.ledger_files import import_ledger_file

    import_ledger_file(ledger, str(SEED_LEDGER))
    return ledger


class Cli:
    """Runs factcheck commands against one database, as a user would."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
        from factcheck.cli import cli

        return self.runner.invoke(cli, ["--db", self.db_url, *args], input=input, env=env, catch_exceptions=False)


@pytest.fixture
def run(db_url: str) -> Cli:
    return Cli(db_url)


@pytest.fixture
def run_sqlite(sqlite_url: str) -> Cli:
    return Cli(sqlite_url)


def watch_rows(run) -> list[dict]:
    """The watch list as ``factcheck watch list --format json`` gives it."""
    import json

    return json.loads(run("watch", "list", "--format", "json").stdout)["watches"]


def counts(db_url: str) -> dict[str, int]:
    from factcheck.store.ledger import Ledger

    ledger = Ledger.open(db_url)
    try:
        return ledger.counts()
    finally:
        ledger.close()
