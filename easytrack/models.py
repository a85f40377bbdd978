"""SQLModel tables: accounts and their tokens, the facts a user entered (groups, habits, check-ins), reminders
and server settings."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, UniqueConstraint, false, text
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in and out, on SQLite (which keeps no zone) as on PostgreSQL (timestamptz)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _when(*, nullable: bool = False, stamp: bool = False) -> Field:
    """An aware UTC timestamp column; `stamp` fills it with the current time on insert."""
    column = Column(UTCDateTime(), nullable=nullable)
    if stamp:
        return Field(default_factory=utcnow, sa_column=column)
    return Field(default=None, sa_column=column)


def _owner(table: str, *, nullable: bool = False, on_delete: str = "CASCADE", index: bool = True) -> Field:
    """A foreign key to `table`; the owner's rows go with it (or, with SET NULL, let go of it)."""
    fk = ForeignKey(f"{table}.id", ondelete=on_delete)
    return Field(default=None, sa_column=Column(Integer, fk, nullable=nullable, index=index))


class User(SQLModel, table=True):
    __tablename__ = "users"
    # At most one founder: of two first registrations at the same instant, only one becomes admin.
    __table_args__ = (Index("ux_users_founder", "founder", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)  # stored lower-cased
    display_name: str = Field(default="", max_length=100)
    password_hash: str = Field(max_length=255)
    is_confirmed: bool = Field(default=False)
    is_admin: bool = Field(default=False)
    founder: bool | None = Field(default=None)  # True for the first account (made admin), else NULL
    is_disabled: bool = Field(default=False)
    timezone: str = Field(default="UTC", max_length=64)
    timezone_set: bool = Field(default=False)  # False until the browser's zone (or the user) set it
    first_weekday: int = Field(default=0)  # 0 = Monday … 6 = Sunday
    # The language of the pages, mails and notifications ("en", "ru"); "" = the browser's (older accounts).
    language: str = Field(default="", max_length=8, sa_column_kwargs={"server_default": ""})
    # Bumped in the same transaction as every change to the user's habits, groups or check-ins: it orders
    # changes totally, so open tabs apply live updates in commit order and detect what they missed.
    data_rev: int = Field(default=0)
    created_at: datetime = _when(stamp=True)
    confirmed_at: datetime | None = _when(nullable=True)
    # Reminder e-mails. The daily digest goes at `digest_minute` (minutes after local midnight) when enabled;
    # unsubscribing (the link in every reminder) stops all reminders until the user turns them back on.
    digest_enabled: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    digest_minute: int = Field(default=480, sa_column_kwargs={"server_default": text("480")})
    reminders_unsubscribed_at: datetime | None = _when(nullable=True)
    # Kept in clear: it is mailed again with every reminder and can only turn reminders off.
    unsubscribe_token: str | None = Field(default=None, max_length=64, unique=True, index=True)
    # Where the digest goes: channel keys, comma-separated ("email", "push", "c<notify channel id>").
    digest_channels: str = Field(default="email,push", max_length=400,
                                 sa_column_kwargs={"server_default": "email,push"})


class AuthSession(SQLModel, table=True):
    """A logged-in browser: only the SHA-256 of its opaque token is stored."""

    __tablename__ = "auth_sessions"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _owner("users")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = _when(stamp=True)
    last_seen_at: datetime = _when(stamp=True)
    expires_at: datetime = _when()


class OneTimeToken(SQLModel, table=True):
    """An e-mailed single-use link (account confirmation or password reset), stored hashed."""

    __tablename__ = "one_time_tokens"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _owner("users")
    purpose: str = Field(max_length=16)  # "confirm" | "reset" | "email" (change of address)
    payload: str = Field(default="", max_length=254)  # the new address, for "email"
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = _when(stamp=True)
    expires_at: datetime = _when()
    used_at: datetime | None = _when(nullable=True)


class LoginFailure(SQLModel, table=True):
    """One failed login, keyed by account e-mail and by client address, for throttling across workers."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300)  # "email:<addr>" or "ip:<addr>"
    at: datetime = _when(stamp=True)


class HabitGroup(SQLModel, table=True):
    __tablename__ = "habit_groups"
    __table_args__ = (UniqueConstraint("user_id", "name_key", name="uq_habit_groups_user_name"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _owner("users")
    name: str = Field(max_length=100)
    name_key: str = Field(max_length=400)  # NFC + casefold of the name: case-insensitive uniqueness
    position: int = Field(default=0)


class Habit(SQLModel, table=True):
    __tablename__ = "habits"
    __table_args__ = (UniqueConstraint("user_id", "name_key", name="uq_habits_user_name"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _owner("users")
    group_id: int | None = _owner("habit_groups", nullable=True, on_delete="SET NULL")
    name: str = Field(max_length=100)
    name_key: str = Field(max_length=400)
    description: str = Field(default="", max_length=1000)
    question: str = Field(default="", max_length=200)
    color: str = Field(default="#2f9e44", max_length=9)
    position: int = Field(default=0)
    archived: bool = Field(default=False)
    created_at: datetime = _when(stamp=True)
    # Schedule as a compact text (see easytrack.domain.frequency.Schedule.to_text): "daily", "week:3", …
    schedule: str = Field(default="daily", max_length=40)
    # Measurable habits: a unit, a target, a direction and a period; yes/no habits leave unit empty.
    measurable: bool = Field(default=False)
    unit: str = Field(default="", max_length=20)
    target_value: float = Field(default=0.0)
    target_direction: str = Field(default="at_least", max_length=8)  # "at_least" | "at_most"
    target_period: str = Field(default="day", max_length=8)  # "day" | "week" | "month" | "days:N" (N = 1..365)
    # Where an imported habit came from ("loop:<uuid>", "beaver:<id>", …): re-importing matches on it.
    source_id: str = Field(default="", max_length=120, index=True)
    # A second key of the same habit in its source (Loop: the CSV export's "loop:<position>:<name>" next to
    # the backup's uuid), so importing both kinds of export of the same data makes no copies.
    source_alt: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})
    # Its reminders: rows of HabitReminder (several times a day, each on its own weekdays).


class HabitReminder(SQLModel, table=True):
    """One reminder of a habit: a local time on some weekdays, sent on those days while the habit is open."""

    __tablename__ = "habit_reminders"
    # AUTOINCREMENT on SQLite: a deleted reminder's id is never given to a new one, so the new one cannot
    # inherit today's claim of the old (claims are keyed by reminder id).
    __table_args__ = (UniqueConstraint("habit_id", "minute", name="uq_habit_reminders_habit_minute"),
                      {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    habit_id: int = _owner("habits", index=False)  # UNIQUE(habit_id, minute) serves as its index
    user_id: int = _owner("users")  # the habit's owner, so the scheduler finds a user's reminders directly
    minute: int  # local time, minutes after midnight (0 … 1439)
    # Which weekdays, in the user's zone: bit 0 = Monday … bit 6 = Sunday (127 = every day); never 0.
    weekdays: int = Field(default=127)
    # Where it goes: channel keys as in User.digest_channels.
    channels: str = Field(default="email,push", max_length=400)


class ImportRun(SQLModel, table=True):
    """The one import a user has running (claimed by `token`, kept alive by `heartbeat_at`), with progress."""

    __tablename__ = "import_runs"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False,
                                          unique=True))
    token: str = Field(max_length=64)
    started_at: datetime = _when(stamp=True)
    heartbeat_at: datetime = _when(stamp=True)
    done: int = Field(default=0)
    total: int = Field(default=0)


class CheckIn(SQLModel, table=True):
    """What the user entered for one habit on one day: a state, an optional amount and an optional note."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("habit_id", "day", name="uq_checkins_habit_day"),)

    id: int | None = Field(default=None, primary_key=True)
    habit_id: int = _owner("habits", index=False)  # UNIQUE(habit_id, day) serves as its index
    day: date
    state: str = Field(default="done", max_length=4)  # "done" | "skip" | "no"
    amount: float | None = Field(default=None)
    note: str = Field(default="", max_length=1000)
    updated_at: datetime = _when(stamp=True)


class ApiToken(SQLModel, table=True):
    """A personal access token for the REST API: shown once, stored as SHA-256, revocable."""

    __tablename__ = "api_tokens"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _owner("users")
    name: str = Field(max_length=100)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = _when(stamp=True)
    last_used_at: datetime | None = _when(nullable=True)


class ReminderSend(SQLModel, table=True):
    """The claim on one reminder (a user's digest or a habit's reminder) for one local day.

    Inserted before the mail is sent, so of several workers only one sends it; `sent_at` is set once it went
    (or was skipped because nothing was open). A claim left unsent (a crash, a mail server down) may be taken
    over after a lease: see easytrack.reminders.claims.
    """

    __tablename__ = "reminder_sends"
    __table_args__ = (UniqueConstraint("kind", "subject_id", "local_day", name="uq_reminder_sends_key"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _owner("users")
    kind: str = Field(max_length=8)  # "digest" (subject_id = user id) | "reminder" (subject_id = HabitReminder id)
    subject_id: int
    local_day: date
    claimed_at: datetime = _when(stamp=True)
    sent_at: datetime | None = _when(nullable=True)


class AppSetting(SQLModel, table=True):
    """A server-wide setting an admin changed (registration open/closed, maximum users); absent = the default."""

    __tablename__ = "app_settings"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=40, unique=True)
    value: str = Field(default="", max_length=200)


class PushSubscription(SQLModel, table=True):
    """One browser's Web Push subscription (its push service URL and the keys to encrypt for it).

    Removed when the push service answers 404/410 (the browser dropped it) or when the user unsubscribes.
    """

    __tablename__ = "push_subscriptions"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _owner("users")
    endpoint: str = Field(max_length=1000, unique=True)
    p256dh: str = Field(max_length=100)  # the browser's P-256 public key, base64url (65 bytes raw)
    auth: str = Field(max_length=40)  # the browser's auth secret, base64url (16 bytes raw)
    label: str = Field(default="", max_length=100)  # e.g. the browser's name, to tell devices apart
    created_at: datetime = _when(stamp=True)
    last_sent_at: datetime | None = _when(nullable=True)


class NotifyChannel(SQLModel, table=True):
    """A user's Apprise notification URL (ntfy, Gotify, Telegram, a JSON webhook…). The URL is a secret."""

    __tablename__ = "notify_channels"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _owner("users")
    name: str = Field(max_length=100)
    url: str = Field(max_length=2000)
    created_at: datetime = _when(stamp=True)
