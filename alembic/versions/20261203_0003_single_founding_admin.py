"""single founding admin

Revision ID: 0003
Revises: 0005
Create Date: 2026-12-03

`users.founder`: True for the account that became admin by being the first, NULL for every other; a unique
index lets only one row hold True, so two first registrations at the same instant cannot both become admin.
Existing servers mark their oldest admin as the founder.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('users', sa.Column('founder', sa.Boolean(), nullable=True))
    op.create_index('ux_users_founder', 'users', ['founder'], unique=True)
    op.execute(
        "UPDATE users SET founder = true WHERE id = (SELECT min(id) FROM users WHERE is_admin = true)"
    )


def downgrade() -> None:
    op.drop_index('ux_users_founder', table_name='users')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('founder')
