"""measurable targets over any number of days

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-03

A measurable habit's target period may now be "days:N" (N = 1..365, Loop's "per N days") beside "day",
"week" and "month": the column grows from 5 to 8 characters. Existing values stay as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('habits', schema=None) as batch_op:
        batch_op.alter_column('target_period', existing_type=sqlmodel.sql.sqltypes.AutoString(length=5),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=8), existing_nullable=False)


def downgrade() -> None:
    # Targets over N days have no shorter form: they become daily targets.
    op.execute(sa.text("UPDATE habits SET target_period = 'day' WHERE target_period LIKE 'days:%'"))
    with op.batch_alter_table('habits', schema=None) as batch_op:
        batch_op.alter_column('target_period', existing_type=sqlmodel.sql.sqltypes.AutoString(length=8),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=5), existing_nullable=False)
