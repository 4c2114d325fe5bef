"""revisions keep the page's byline and how the body was extracted

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 22:00:00

``byline`` is the page's author line (JSON-LD, meta tags or the printed byline);
``extraction`` records which body was stored: ``{"body": "filtered" | "plain" |
"selector", "words": {"filtered": N, "plain": M}}``. Both stay NULL for plain-text
revisions and for revisions stored before this migration.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0005'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('byline', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('extraction', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.drop_column('extraction')
        batch_op.drop_column('byline')
