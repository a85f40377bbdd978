"""several reminders per habit

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

A habit had one reminder (`habits.reminder_minute`, `habits.reminder_channels`); it now has rows in
`habit_reminders`, each with its own time, weekdays (a 7-bit mask, bit 0 = Monday) and channels. Each
existing reminder becomes one row on every weekday, and today's claims of those reminders (kind "habit",
subject = the habit) are carried over to the new rows (kind "reminder", subject = the row), so a reminder
already sent today is not sent again after the upgrade. The two old columns are dropped.

Downgrading keeps the earliest reminder of each habit (its weekdays are lost).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('habit_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('habit_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('minute', sa.Integer(), nullable=False),
    sa.Column('weekdays', sa.Integer(), nullable=False),
    sa.Column('channels', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.ForeignKeyConstraint(['habit_id'], ['habits.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('habit_id', 'minute', name='uq_habit_reminders_habit_minute'),
    sqlite_autoincrement=True,  # ids are never reused: a claim names one reminder for good
    )
    with op.batch_alter_table('habit_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_habit_reminders_user_id'), ['user_id'], unique=False)

    op.execute(
        "INSERT INTO habit_reminders (habit_id, user_id, minute, weekdays, channels)"
        " SELECT id, user_id, reminder_minute, 127, reminder_channels FROM habits"
        " WHERE reminder_minute IS NOT NULL AND reminder_minute >= 0 AND reminder_minute < 1440"
        " ORDER BY id"
    )
    # Claims of the old reminders follow them to their rows (one row per habit, so the habit names it).
    op.execute(
        "UPDATE reminder_sends SET kind = 'reminder', subject_id = ("
        " SELECT r.id FROM habit_reminders r WHERE r.habit_id = reminder_sends.subject_id)"
        " WHERE kind = 'habit' AND EXISTS ("
        " SELECT 1 FROM habit_reminders r WHERE r.habit_id = reminder_sends.subject_id)"
    )
    op.execute("DELETE FROM reminder_sends WHERE kind = 'habit'")

    with op.batch_alter_table('habits', schema=None) as batch_op:
        batch_op.drop_column('reminder_channels')
        batch_op.drop_column('reminder_minute')


def downgrade() -> None:
    with op.batch_alter_table('habits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_minute', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reminder_channels', sqlmodel.sql.sqltypes.AutoString(length=400),
                                      server_default='email,push', nullable=False))
    op.execute(
        "UPDATE habits SET"
        " reminder_minute = (SELECT MIN(r.minute) FROM habit_reminders r WHERE r.habit_id = habits.id),"
        " reminder_channels = COALESCE((SELECT r.channels FROM habit_reminders r WHERE r.habit_id = habits.id"
        " ORDER BY r.minute LIMIT 1), 'email,push')"
    )
    op.execute(
        "UPDATE reminder_sends SET kind = 'habit', subject_id = ("
        " SELECT r.habit_id FROM habit_reminders r WHERE r.id = reminder_sends.subject_id)"
        " WHERE kind = 'reminder' AND subject_id IN (SELECT r.id FROM habit_reminders r WHERE r.minute = ("
        " SELECT MIN(m.minute) FROM habit_reminders m WHERE m.habit_id = r.habit_id))"
    )
    op.execute("DELETE FROM reminder_sends WHERE kind = 'reminder'")
    with op.batch_alter_table('habit_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_habit_reminders_user_id'))
    op.drop_table('habit_reminders')
