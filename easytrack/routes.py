"""Route constants and URL builders: the one place that knows the app's paths."""

from __future__ import annotations

from urllib.parse import urlsplit

HOME = "/"
GRID = "/grid"
HABITS = "/habits"
HABIT = "/habits/[habit_id]"
SETTINGS = "/settings"
DATA = "/settings/data"
TOKENS = "/settings/tokens"
REMINDERS = "/settings/reminders"
ADMIN = "/admin"
UNSUBSCRIBE = "/unsubscribe"
LOGIN = "/login"
REGISTER = "/register"
CONFIRM = "/confirm"
CONFIRM_EMAIL = "/confirm-email"
RESEND = "/resend"
FORGOT = "/forgot"
RESET = "/reset"

PUBLIC = (LOGIN, REGISTER, CONFIRM, CONFIRM_EMAIL, RESEND, FORGOT, RESET, UNSUBSCRIBE)


def habit_url(habit_id: int) -> str:
    """The page of one habit (see `HABIT`)."""
    return f"{HABITS}/{int(habit_id)}"


def safe_next(target: object) -> str:
    """Where to go after login: a local path of ours, never another site (no open redirect)."""
    if not isinstance(target, str) or not target.startswith("/") or len(target) > 500:
        return HOME
    parts = urlsplit(target)
    if target.startswith("//") or "\\" in target or parts.scheme or parts.netloc:
        return HOME
    if parts.path in PUBLIC:
        return HOME
    return target
