"""known fact-checks: imported ClaimReviews and their full-text index

The index is the database's own: on SQLite an FTS5 table (porter stemming, BM25
ranking) over the claim and the review's title, kept in step by triggers; on
PostgreSQL a tsvector table (English stemming) with a GIN index, kept in step the
same way. Neither is part of the ORM (see ``factcheck.store.schema.compared_in_schema``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 22:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0007'
down_revision: Union[str, None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_SQLITE = [
    "CREATE VIRTUAL TABLE known_factchecks_fts USING fts5(claim_text, title, content='known_factchecks', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER known_factchecks_fts_insert AFTER INSERT ON known_factchecks BEGIN "
    "INSERT INTO known_factchecks_fts(rowid, claim_text, title) VALUES (new.id, new.claim_text, new.title); END",
    "CREATE TRIGGER known_factchecks_fts_delete AFTER DELETE ON known_factchecks BEGIN "
    "INSERT INTO known_factchecks_fts(known_factchecks_fts, rowid, claim_text, title) "
    "VALUES ('delete', old.id, old.claim_text, old.title); END",
    "CREATE TRIGGER known_factchecks_fts_update AFTER UPDATE OF claim_text, title ON known_factchecks BEGIN "
    "INSERT INTO known_factchecks_fts(known_factchecks_fts, rowid, claim_text, title) "
    "VALUES ('delete', old.id, old.claim_text, old.title); "
    "INSERT INTO known_factchecks_fts(rowid, claim_text, title) VALUES (new.id, new.claim_text, new.title); END",
]

_POSTGRESQL = [
    "CREATE TABLE known_factchecks_fts (id INTEGER PRIMARY KEY REFERENCES known_factchecks(id) "
    "ON DELETE CASCADE, document TSVECTOR NOT NULL)",
    "CREATE INDEX known_factchecks_fts_document ON known_factchecks_fts USING GIN (document)",
    # The claim weighs more than the title (A over B), as in the SQLite ranking.
    """CREATE FUNCTION known_factchecks_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO known_factchecks_fts (id, document)
        VALUES (NEW.id, setweight(to_tsvector('english', NEW.claim_text), 'A')
                        || setweight(to_tsvector('english', coalesce(NEW.title, '')), 'B'))
        ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NEW;
    END $$""",
    "CREATE TRIGGER known_factchecks_fts_sync AFTER INSERT OR UPDATE OF claim_text, title ON known_factchecks "
    "FOR EACH ROW EXECUTE FUNCTION known_factchecks_fts_sync()",
]


def upgrade() -> None:
    op.create_table(
        'known_factchecks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.Text(), nullable=False),
        sa.Column('claim_text', sa.Text(), nullable=False),
        sa.Column('title', sa.Text(), nullable=True),
        sa.Column('publisher', sa.String(length=200), nullable=True),
        sa.Column('rating', sa.String(length=200), nullable=True),
        sa.Column('rating_value', sa.Float(), nullable=True),
        sa.Column('best_rating', sa.Float(), nullable=True),
        sa.Column('worst_rating', sa.Float(), nullable=True),
        sa.Column('verdict', sa.String(length=30), nullable=False),
        sa.Column('reviewed', sa.Date(), nullable=True),
        sa.Column('claim_author', sa.String(length=200), nullable=True),
        sa.Column('claim_date', sa.Date(), nullable=True),
        sa.Column('appearance', sa.Text(), nullable=True),
        sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_known_factchecks')),
        sa.UniqueConstraint('url', name=op.f('uq_known_factchecks_url')),
    )
    for statement in _SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS known_factchecks_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS known_factchecks_fts")
    else:
        op.execute("DROP TABLE IF EXISTS known_factchecks_fts")
    op.drop_table('known_factchecks')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS known_factchecks_fts_sync()")
