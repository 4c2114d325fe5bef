"""The models and the migrations agree, on both engines, and the schema opens itself."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from factcheck.store.engine import SCHEMA_HEAD, alembic_config, current_revision, ensure_schema, include_name, make_engine
from factcheck.store.models import Base


def test_schema_head_constant_is_alembics_head():
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == SCHEMA_HEAD


def test_migrations_produce_exactly_the_models(db_url):
    engine = make_engine(db_url)
    ensure_schema(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": include_name})
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


def test_0003_keeps_one_finding_per_revision_and_key_preferring_the_editors_decision(db_url):
    """Racing checks stored duplicates before 0003: the upgrade keeps the dismissed copy."""
    from alembic import command
    from sqlalchemy import text

    engine = make_engine(db_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0002")
        connection.execute(text("INSERT INTO articles (id, slug, created_at) VALUES (1, 'a', CURRENT_TIMESTAMP)"))
        connection.execute(text(
            "INSERT INTO revisions (id, article_id, label, seq, fetched_at, sha256, text) "
            "VALUES (1, 1, 'v1', 1, CURRENT_TIMESTAMP, 'x', 'Text.')"
        ))
        for finding_id, key, state in [(1, "k1", "open"), (2, "k1", "dismissed"), (3, "k1", "open"), (4, "k2", "open")]:
            connection.execute(text(
                "INSERT INTO findings (id, revision_id, article_id, \"check\", severity, message, spans, data, key, "
                "state, created_at) VALUES (:id, 1, 1, 'c', 'warning', 'm', '[]', '{}', :key, :state, CURRENT_TIMESTAMP)"
            ), {"id": finding_id, "key": key, "state": state})
    ensure_schema(engine)
    with engine.connect() as connection:
        kept = connection.execute(text("SELECT id, key, state FROM findings ORDER BY id")).all()
        assert [tuple(row) for row in kept] == [(2, "k1", "dismissed"), (4, "k2", "open")]
        assert current_revision(connection) == SCHEMA_HEAD
    engine.dispose()
