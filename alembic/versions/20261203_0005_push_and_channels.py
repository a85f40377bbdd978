"""push subscriptions and notification channels

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

Web Push subscriptions (one row per browser), Apprise notification URLs per user, and on each reminder (the
digest on users, a habit's reminder on habits) the channels it goes to. Existing reminders keep going by
e-mail and also go to push once the user subscribes a browser ("email,push").
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import easytrack.models


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('push_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('endpoint', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('p256dh', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('auth', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('created_at', easytrack.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_sent_at', easytrack.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('endpoint')
    )
    with op.batch_alter_table('push_subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_subscriptions_user_id'), ['user_id'], unique=False)

    op.create_table('notify_channels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('created_at', easytrack.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notify_channels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notify_channels_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_channels', sqlmodel.sql.sqltypes.AutoString(length=400),
                                      server_default='email,push', nullable=False))
    with op.batch_alter_table('habits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_channels', sqlmodel.sql.sqltypes.AutoString(length=400),
                                      server_default='email,push', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('habits', schema=None) as batch_op:
        batch_op.drop_column('reminder_channels')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('digest_channels')
    with op.batch_alter_table('notify_channels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notify_channels_user_id'))
    op.drop_table('notify_channels')
    with op.batch_alter_table('push_subscriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_subscriptions_user_id'))
    op.drop_table('push_subscriptions')
