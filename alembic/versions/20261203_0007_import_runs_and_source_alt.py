"""import runs and a second source key on habits

Revision ID: 0007
Revises: 0003
Create Date: 2026-12-03

One row per user with an import running (one import per user at a time, with its progress), and
`habits.source_alt`: the key of Loop's CSV export next to the uuid of its backup, so the two exports of
the same data import as the same habits. Existing habits get an empty second key.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import easytrack.models


revision: str = '0007'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('import_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('started_at', easytrack.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', easytrack.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id')
    )
    with op.batch_alter_table('habits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_alt', sqlmodel.sql.sqltypes.AutoString(length=120),
                                      server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('habits', schema=None) as batch_op:
        batch_op.drop_column('source_alt')
    op.drop_table('import_runs')
