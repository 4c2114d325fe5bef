"""one finding per revision and key: racing `factcheck check` runs stored duplicates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 01:50:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0003'
down_revision: Union[str, None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Which copy of a duplicated finding survives: an editor's decision over an open one,
# then the oldest.
_DECIDED_FIRST = {"dismissed": 0, "resolved": 1, "open": 2}


def upgrade() -> None:
    connection = op.get_bind()
    findings = sa.table("findings", sa.column("id"), sa.column("revision_id"), sa.column("key"), sa.column("state"))
    duplicated = (
        sa.select(findings.c.revision_id, findings.c.key)
        .group_by(findings.c.revision_id, findings.c.key)
        .having(sa.func.count() > 1)
    )
    doomed: list[int] = []
    for revision_id, key in connection.execute(duplicated).all():
        rows = connection.execute(
            sa.select(findings.c.id, findings.c.state)
            .where(findings.c.revision_id == revision_id, findings.c.key == key)
        ).all()
        rows.sort(key=lambda row: (_DECIDED_FIRST.get(row.state, 3), row.id))
        doomed.extend(row.id for row in rows[1:])
    for start in range(0, len(doomed), 500):
        connection.execute(sa.delete(findings).where(findings.c.id.in_(doomed[start:start + 500])))
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index('ix_findings_revision_key')
        batch_op.create_index('ix_findings_revision_key', ['revision_id', 'key'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index('ix_findings_revision_key')
        batch_op.create_index('ix_findings_revision_key', ['revision_id', 'key'], unique=False)
