"""desk accounts, and the full-text search index of articles, claims and notices (issue 14)

The search index is the database's own: an FTS5 table on SQLite (BM25 ranking), a
table with a generated ``tsvector`` column and a GIN index on PostgreSQL. Triggers on
the append-only tables keep it current whichever path writes (the ORM, the archive's
batch insert, a ledger file import): one row per article (its newest revision), per
claim (its current wording) and per notice (its current text). The index lives
outside the ORM models; ``factcheck.store.schema.SEARCH_INDEX`` names it so that comparing
models with migrations leaves it out.

Row keys: ``id * 4 + 1`` for an article, ``+ 2`` for a claim, ``+ 3`` for a notice,
so a trigger replaces one row by its key (FTS5 deletes by rowid in O(log n)).

SQLite caveat: Alembic's batch mode rebuilds a table by copying it, which drops its
triggers; a later migration that batch-alters revisions, claim_versions or
notice_versions must call :func:`create_triggers` again.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 21:50:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0008'
down_revision: Union[str, None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_SQLITE_TRIGGERS = {
    "search_index_revision": """
        CREATE TRIGGER search_index_revision AFTER INSERT ON revisions
        WHEN NEW.seq >= (SELECT max(seq) FROM revisions WHERE article_id = NEW.article_id)
        BEGIN
            DELETE FROM search_index WHERE rowid = NEW.article_id * 4 + 1;
            INSERT INTO search_index (rowid, title, body, kind, ref, article_id)
            SELECT NEW.article_id * 4 + 1, coalesce(NEW.title, a.title, a.slug), NEW.text, 'article',
                   NEW.article_id, NEW.article_id
            FROM articles a WHERE a.id = NEW.article_id;
        END""",
    "search_index_claim": """
        CREATE TRIGGER search_index_claim AFTER INSERT ON claim_versions
        BEGIN
            DELETE FROM search_index WHERE rowid = NEW.claim_id * 4 + 2;
            INSERT INTO search_index (rowid, title, body, kind, ref, article_id)
            SELECT NEW.claim_id * 4 + 2, '', NEW.text, 'claim', NEW.claim_id, c.article_id
            FROM claims c WHERE c.id = NEW.claim_id;
        END""",
    "search_index_notice": """
        CREATE TRIGGER search_index_notice AFTER INSERT ON notice_versions
        BEGIN
            DELETE FROM search_index WHERE rowid = NEW.notice_id * 4 + 3;
            INSERT INTO search_index (rowid, title, body, kind, ref, article_id)
            SELECT NEW.notice_id * 4 + 3, n.kind, NEW.text, 'notice', NEW.notice_id, n.article_id
            FROM notices n WHERE n.id = NEW.notice_id;
        END""",
}

_POSTGRES_FUNCTION = """
    CREATE OR REPLACE FUNCTION search_index_put(key bigint, kind text, ref integer, article integer,
                                                title text, body text) RETURNS void AS $$
    BEGIN
        INSERT INTO search_index (id, kind, ref, article_id, title, body)
        VALUES (key, kind, ref, article, coalesce(title, ''), body)
        ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body;
    END $$ LANGUAGE plpgsql"""

_POSTGRES_TRIGGERS = {
    "revisions": """
        CREATE OR REPLACE FUNCTION search_index_revision() RETURNS trigger AS $$
        BEGIN
            IF NEW.seq >= (SELECT max(seq) FROM revisions WHERE article_id = NEW.article_id) THEN
                PERFORM search_index_put(NEW.article_id * 4 + 1, 'article', NEW.article_id, NEW.article_id,
                    coalesce(NEW.title, (SELECT coalesce(title, slug) FROM articles WHERE id = NEW.article_id)),
                    NEW.text);
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
    "claim_versions": """
        CREATE OR REPLACE FUNCTION search_index_claim_versions() RETURNS trigger AS $$
        BEGIN
            PERFORM search_index_put(NEW.claim_id * 4 + 2, 'claim', NEW.claim_id,
                (SELECT article_id FROM claims WHERE id = NEW.claim_id), '', NEW.text);
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
    "notice_versions": """
        CREATE OR REPLACE FUNCTION search_index_notice_versions() RETURNS trigger AS $$
        BEGIN
            PERFORM search_index_put(NEW.notice_id * 4 + 3, 'notice', NEW.notice_id,
                (SELECT article_id FROM notices WHERE id = NEW.notice_id),
                (SELECT kind FROM notices WHERE id = NEW.notice_id), NEW.text);
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
}
_POSTGRES_FUNCTION_OF = {
    "revisions": "search_index_revision",
    "claim_versions": "search_index_claim_versions",
    "notice_versions": "search_index_notice_versions",
}

# What is already stored goes into the index once: the newest revision of each
# article, the current version of each claim and notice.
_BACKFILL = """
    INSERT INTO search_index ({key}, title, body, kind, ref, article_id)
    SELECT r.article_id * 4 + 1, coalesce(r.title, a.title, a.slug), r.text, 'article', r.article_id, r.article_id
    FROM revisions r JOIN articles a ON a.id = r.article_id
    WHERE r.seq = (SELECT max(seq) FROM revisions s WHERE s.article_id = r.article_id)
    UNION ALL
    SELECT v.claim_id * 4 + 2, '', v.text, 'claim', v.claim_id, c.article_id
    FROM claim_versions v JOIN claims c ON c.id = v.claim_id
    WHERE v.version = (SELECT max(version) FROM claim_versions w WHERE w.claim_id = v.claim_id)
    UNION ALL
    SELECT v.notice_id * 4 + 3, n.kind, v.text, 'notice', v.notice_id, n.article_id
    FROM notice_versions v JOIN notices n ON n.id = v.notice_id
    WHERE v.version = (SELECT max(version) FROM notice_versions w WHERE w.notice_id = v.notice_id)
"""


def create_triggers(connection) -> None:
    """(Re)create the triggers that keep the index current."""
    if connection.dialect.name == "sqlite":
        for name, sql in _SQLITE_TRIGGERS.items():
            connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
            connection.execute(sa.text(sql))
        return
    connection.execute(sa.text(_POSTGRES_FUNCTION))
    for table, sql in _POSTGRES_TRIGGERS.items():
        function = _POSTGRES_FUNCTION_OF[table]
        connection.execute(sa.text(sql))
        connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {function} ON {table}"))
        connection.execute(sa.text(
            f"CREATE TRIGGER {function} AFTER INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()"
        ))


def upgrade() -> None:
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('session_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('name', name=op.f('uq_users_name'))
    )
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        # Porter stemming, as PostgreSQL's english configuration stems: "corrected"
        # finds "correction".
        connection.execute(sa.text(
            "CREATE VIRTUAL TABLE search_index USING fts5(title, body, kind UNINDEXED, ref UNINDEXED, "
            "article_id UNINDEXED, tokenize = 'porter unicode61')"
        ))
        connection.execute(sa.text(_BACKFILL.format(key="rowid")))
    else:
        connection.execute(sa.text(
            "CREATE TABLE search_index (id bigint PRIMARY KEY, kind varchar(10) NOT NULL, ref integer NOT NULL, "
            "article_id integer NOT NULL, title text NOT NULL DEFAULT '', body text NOT NULL, "
            "document tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || "
            "setweight(to_tsvector('english', body), 'B')) STORED)"
        ))
        connection.execute(sa.text("CREATE INDEX search_index_document ON search_index USING gin (document)"))
        connection.execute(sa.text(_BACKFILL.format(key="id")))
    create_triggers(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
    else:
        for table, function in _POSTGRES_FUNCTION_OF.items():
            connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {function} ON {table}"))
            connection.execute(sa.text(f"DROP FUNCTION IF EXISTS {function}()"))
        connection.execute(sa.text("DROP FUNCTION IF EXISTS search_index_put(bigint, text, integer, integer, text, text)"))
    connection.execute(sa.text("DROP TABLE search_index"))
    op.drop_table('users')
