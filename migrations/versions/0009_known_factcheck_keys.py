"""known fact-checks: document frequencies, the claims' rare-word keys, BM25 postings

Two plain tables beside the full-text index, outside the ORM like it (their names
start with ``factcheck.store.models.SEARCH_INDEX_PREFIX``): the number of known
claims holding each stem, and each claim filed under its rarest stems with how many of them a sentence must
hold (:mod:`factcheck.analysis.claim_keys`). The ``previously-checked`` check of a whole
article then looks its sentences' stems up in one indexed query, where one
full-text query per sentence made a check twenty times slower. ``match``'s first
stage is BM25 over per-stem postings, scored in numpy, the same on both databases
(PostgreSQL's ts_rank has no idf). The import keeps
both tables (``factcheck.store.known_factchecks``); this migration fills them for
the reviews already stored.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 05:20:00
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0009'
down_revision: Union[str, None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # SQLite keeps a WITHOUT ROWID table in its primary key's order: a lookup by
    # term reads one run of the B-tree.
    clustered = " WITHOUT ROWID" if sqlite else ""
    # NOT NULL on the keys too: a rowid table of SQLite would otherwise take a NULL key.
    op.execute("CREATE TABLE known_factchecks_fts_terms (term TEXT NOT NULL PRIMARY KEY, docs INTEGER NOT NULL)"
               + clustered)
    # One row per stem: the reviews filed under it, packed (factcheck.store.claim_key_lists);
    # rows of kilobytes, so an ordinary table with its primary key's index.
    op.execute("CREATE TABLE known_factchecks_fts_keys (term TEXT NOT NULL PRIMARY KEY, reviews "
               + ("BLOB" if sqlite else "BYTEA") + " NOT NULL)")
    # match's first stage: per stem, every review holding it in its claim or title
    # with BM25's term-frequency part, packed the same way; and one row of the
    # review count and total length BM25 weighs by, with the stamp by which a
    # process knows the lists it holds are current.
    op.execute("CREATE TABLE known_factchecks_fts_postings (term TEXT NOT NULL PRIMARY KEY, reviews "
               + ("BLOB" if sqlite else "BYTEA") + " NOT NULL)")
    op.execute("CREATE TABLE known_factchecks_fts_generation (id INTEGER NOT NULL PRIMARY KEY, stamp TEXT NOT NULL, "
               "reviews INTEGER NOT NULL, length " + ("REAL" if sqlite else "DOUBLE PRECISION") + " NOT NULL)")
    from factcheck.analysis import claim_keys
    from factcheck.store.known_factchecks import rebuild_keys

    rebuild_keys(op.get_bind(), claim_keys)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS known_factchecks_fts_generation")
    op.execute("DROP TABLE IF EXISTS known_factchecks_fts_postings")
    op.execute("DROP TABLE IF EXISTS known_factchecks_fts_keys")
    op.execute("DROP TABLE IF EXISTS known_factchecks_fts_terms")
