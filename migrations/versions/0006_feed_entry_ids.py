"""feed entries known by their GUID / Atom id: a link that gains tracking parameters is not a new story

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 22:20:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0006'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('watches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entry_id', sa.Text(), nullable=True))
        batch_op.create_index('ix_watches_feed_entry', ['feed_url', 'entry_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('watches', schema=None) as batch_op:
        batch_op.drop_index('ix_watches_feed_entry')
        batch_op.drop_column('entry_id')
