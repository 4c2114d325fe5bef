"""The models and the migrations agree, on both engines, and the schema opens itself."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from factcheck.db import SCHEMA_HEAD, alembic_config, current_revision, ensure_schema, make_engine
from factcheck.models import Base


def test_schema_head_constant_is_alembics_head():
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == SCHEMA_HEAD


def test_migrations_produce_exactly_the_models(db_url):
    engine = make_engine(db_url)
    ensure_schema(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert current_revision(connection) == SCHEMA_HEAD
    engine.dispose()


def test_opening_twice_does_not_migrate_again(db_url):
    engine = make_engine(db_url)
    ensure_schema(engine)
    ensure_schema(engine)
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    assert {"articles", "revisions", "claims", "claim_versions", "sources", "evidence", "findings", "notices"} <= tables
    engine.dispose()


def test_db_commands_report_and_upgrade(run):
    assert run("db", "upgrade").output == f"schema at {SCHEMA_HEAD}\n"
    assert run("db", "current").output == f"{SCHEMA_HEAD} — up to date\n"
