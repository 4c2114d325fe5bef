"""claim_anchors: where each claim stands in each revision, outside its versions

Following a revision used to append an "Unchanged in vN" version to every claim; from
now on an unchanged claim only gets a row here. The data migration fills the table
from the anchors the versions already carry (for each claim and revision, the last
version anchored there). Existing "Unchanged" versions stay in the history: it is
append-only and they did happen.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 22:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0004'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    anchors = op.create_table(
        'claim_anchors',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.Column('revision_id', sa.Integer(), nullable=False),
        sa.Column('anchor_paragraph', sa.Integer(), nullable=False),
        sa.Column('anchor_sentence', sa.Integer(), nullable=False),
        sa.Column('anchor_start', sa.Integer(), nullable=False),
        sa.Column('anchor_end', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_anchors_claim_id_claims')),
        sa.ForeignKeyConstraint(['revision_id'], ['revisions.id'], name=op.f('fk_claim_anchors_revision_id_revisions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_anchors')),
        sa.UniqueConstraint('claim_id', 'revision_id', name='uq_claim_anchors_claim_revision'),
    )
    with op.batch_alter_table('claim_anchors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_anchors_revision_id'), ['revision_id'], unique=False)

    versions = sa.table(
        "claim_versions", sa.column("claim_id"), sa.column("version"), sa.column("anchor_revision_id"),
        sa.column("anchor_paragraph"), sa.column("anchor_sentence"), sa.column("anchor_start"), sa.column("anchor_end"),
    )
    connection = op.get_bind()
    latest: dict[tuple[int, int], dict] = {}
    rows = connection.execute(
        sa.select(versions).where(versions.c.anchor_revision_id.is_not(None), versions.c.anchor_start.is_not(None))
        .order_by(versions.c.claim_id, versions.c.version)
    )
    for row in rows:
        latest[(row.claim_id, row.anchor_revision_id)] = dict(
            claim_id=row.claim_id, revision_id=row.anchor_revision_id, anchor_paragraph=row.anchor_paragraph or 0,
            anchor_sentence=row.anchor_sentence or 0, anchor_start=row.anchor_start,
            anchor_end=row.anchor_end if row.anchor_end is not None else row.anchor_start,
        )
    values = list(latest.values())
    for start in range(0, len(values), 1000):
        connection.execute(anchors.insert(), values[start:start + 1000])


def downgrade() -> None:
    with op.batch_alter_table('claim_anchors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_anchors_revision_id'))
    op.drop_table('claim_anchors')
