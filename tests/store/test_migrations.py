"""The models and the migrations agree, on both engines, and the schema opens itself."""

import numpy as np
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from factcheck.store.engine import SCHEMA_HEAD, alembic_config, current_revision, ensure_schema, make_engine
from factcheck.store.models import Base, compared_in_schema


def test_schema_head_constant_is_alembics_head():
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == SCHEMA_HEAD


def test_migrations_produce_exactly_the_models(db_url):
    engine = make_engine(db_url)
    ensure_schema(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": compared_in_schema})
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
