"""The schema module, the ORM models and the migrations agree, on both engines, and
the schema opens itself."""

import numpy as np
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from factcheck.store.engine import SCHEMA_HEAD, alembic_config, current_revision, ensure_schema, make_engine
from factcheck.store import schema
from factcheck.store.schema import compared_in_schema


def test_schema_head_constant_is_alembics_head():
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == SCHEMA_HEAD


def test_migrations_produce_exactly_the_schema_module(db_url):
    """Autogenerate finds nothing to do: the migrated database is schema.py."""
    engine = make_engine(db_url)
    ensure_schema(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": compared_in_schema})
        assert compare_metadata(context, schema.metadata) == []
        assert current_revision(connection) == SCHEMA_HEAD
    engine.dispose()


def _declared(table):
    return {
        "columns": [(c.name, c.nullable, bool(c.primary_key)) for c in table.columns],
        "indexes": sorted((i.name, tuple(c.name for c in i.columns), bool(i.unique)) for i in table.indexes),
        "foreign_keys": sorted((fk.parent.name, fk.column.table.name, fk.column.name) for fk in table.foreign_keys),
    }


def _migrated(inspector, name):
    return {
        "columns": [(c["name"], c["nullable"], name_is_pk) for c in inspector.get_columns(name)
                    for name_is_pk in [c["name"] in inspector.get_pk_constraint(name)["constrained_columns"]]],
        # Unique keys (uq_...) reflect as indexes too, on either engine: compared
        # below, with the unique constraints.
        "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in inspector.get_indexes(name)
                          if not i["name"].startswith("uq_")),
        "foreign_keys": sorted((fk["constrained_columns"][0], fk["referred_table"], fk["referred_columns"][0])
                               for fk in inspector.get_foreign_keys(name)),
    }


def _unique_keys_declared(table):
    from sqlalchemy import UniqueConstraint

    keys = {tuple(c.name for c in u.columns) for u in table.constraints if isinstance(u, UniqueConstraint)}
    return keys | {(c.name,) for c in table.columns if c.unique}


def _unique_keys_migrated(inspector, name):
    keys = {tuple(u["column_names"]) for u in inspector.get_unique_constraints(name)}
    return keys | {tuple(i["column_names"]) for i in inspector.get_indexes(name)
                   if i["unique"] and i["name"].startswith("uq_")}


def test_migrated_tables_are_schema_modules_tables_column_for_column(db_url):
    """Table by table, the migrations made schema.py's columns (in its order, with its
    nullability and keys), indexes, unique keys and foreign keys, and no other table
    but the full-text indexes."""
    engine = make_engine(db_url)
    ensure_schema(engine)
    with engine.connect() as connection:
        inspector = inspect(connection)
        migrated = {n for n in inspector.get_table_names() if compared_in_schema(n, "table") and n != "alembic_version"}
        assert migrated == set(schema.metadata.tables)
        for name, table in schema.metadata.tables.items():
            assert _migrated(inspector, name) == _declared(table), name
            assert _unique_keys_migrated(inspector, name) == _unique_keys_declared(table), name
    engine.dispose()


def test_the_known_claims_index_tables_are_the_ones_schema_py_declares(db_url):
    """Migration 0009 makes the matching index in engine-specific SQL; its columns
    are still the ones schema.py's ``index_metadata`` declares and the store reads."""
    engine = make_engine(db_url)
    ensure_schema(engine)
    with engine.connect() as connection:
        inspector = inspect(connection)
        for name, table in schema.index_metadata.tables.items():
            assert not compared_in_schema(name, "table"), name
            assert _migrated(inspector, name) == _declared(table), name
    engine.dispose()


def test_the_orm_maps_the_schema_modules_tables_and_adds_no_column():
    from factcheck.store.models import Base

    assert Base.metadata is schema.metadata
    for mapper in Base.registry.mappers:
        assert mapper.local_table is schema.metadata.tables[mapper.local_table.name]
        assert {c.key for c in mapper.columns} == set(mapper.local_table.c.keys())


def test_the_listings_read_the_schema_without_the_orm():
    """`claims ARTICLE` and the desk's pages start fast: Core and the schema only."""
    import subprocess
    import sys

    probe = ("import sys, factcheck.store.listings, factcheck.store.desk, factcheck.store.schema; "
             "print('sqlalchemy.orm' in sys.modules, 'factcheck.store.models' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


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


def test_0004_fills_claim_anchors_from_the_versions_anchors(db_url):
    """Each claim stands, in each revision, where its last version anchored there."""
    from alembic import command
    from sqlalchemy import text

    engine = make_engine(db_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0003")
        connection.execute(text("INSERT INTO articles (id, slug, created_at) VALUES (1, 'a', CURRENT_TIMESTAMP)"))
        for rev_id in (1, 2):
            connection.execute(text(
                "INSERT INTO revisions (id, article_id, label, seq, fetched_at, sha256, text) "
                "VALUES (:id, 1, :label, :id, CURRENT_TIMESTAMP, 'x', 'One. Two.')"
            ), {"id": rev_id, "label": f"v{rev_id}"})
        connection.execute(text("INSERT INTO claims (id, article_id, created_at) VALUES (1, 1, CURRENT_TIMESTAMP)"))
        # v1 anchored to sentence 0 then 1 of v1, "Unchanged in v2" on v2, then withdrawn (unanchored).
        for version, rev_id, sentence, start in [(1, 1, 0, 0), (2, 1, 1, 5), (3, 2, 1, 5), (4, None, None, None)]:
            connection.execute(text(
                'INSERT INTO claim_versions (claim_id, version, text, status, "by", "at", anchor_revision_id, '
                "anchor_paragraph, anchor_sentence, anchor_start, anchor_end) VALUES (1, :v, 'Two', 'unverified', "
                "'ed', CURRENT_TIMESTAMP, :r, 0, :s, :st, :en)"
            ), {"v": version, "r": rev_id, "s": sentence, "st": start, "en": None if start is None else start + 4})
    ensure_schema(engine)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT claim_id, revision_id, anchor_sentence, anchor_start, anchor_end FROM claim_anchors ORDER BY revision_id"
        )).all()
        assert [tuple(row) for row in rows] == [(1, 1, 1, 5, 9), (1, 2, 1, 5, 9)]
    engine.dispose()


def test_0009_files_the_reviews_already_imported_under_their_keys(db_url):
    """Reviews stored before 0009 are counted and filed, so the check finds them."""
    from alembic import command
    from sqlalchemy import text

    engine = make_engine(db_url)
    claims = ["The city's tap water contains dangerous levels of lead.",
              "The council closed three fire stations in the east end to pay for the stadium."]
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0008")
        for number, claim in enumerate(claims, 1):
            connection.execute(text(
                "INSERT INTO known_factchecks (id, url, claim_text, verdict, imported_at, updated_at) "
                "VALUES (:id, :url, :claim, 'false', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ), {"id": number, "url": f"https://factcheck.example/{number}", "claim": claim})
    ensure_schema(engine)
    with engine.connect() as connection:
        docs = dict(connection.execute(text("SELECT term, docs FROM known_factchecks_fts_terms")).all())
        lists = connection.execute(text("SELECT reviews FROM known_factchecks_fts_keys")).scalars()
        filed = {value >> 2 for packed in lists
                 for value in np.frombuffer(bytes(packed), dtype="<i8").tolist()}
        assert docs["lead"] == 1 and docs["council"] == 1 and set(docs.values()) == {1}
        assert filed == {1, 2}
    engine.dispose()
