"""The fields of one habit reminder's form (time, weekday boxes, channel boxes), read from what a browser sent."""

from __future__ import annotations

TIME_FIELD = "time"
DAY_FIELD = "day-"  # checkboxes "day-0" (Monday) … "day-6" (Sunday)
VIA_FIELD = "via-"  # checkboxes "via-<channel key>"
MAX_FIELDS = 100
CHECKED = ("on", True)


def plausible(form: object) -> bool:
    """Whether `form` can be a reminder form at all (a dict of a sane size)."""
    return isinstance(form, dict) and len(form) <= MAX_FIELDS


def row_id(form: dict, name: str) -> int | None:
    """The id in hidden field `name` ("habit_id", "reminder_id"), or None when it is not a number."""
    raw = form.get(name)
    if isinstance(raw, str) and raw.isdigit() and len(raw) < 11:
        return int(raw)
    return None


def fields(form: dict) -> tuple[object, list[int], list[str]]:
    """(time as sent, ticked weekday numbers, ticked channel keys); the service checks each of them."""
    days = [day for day in range(7) if form.get(f"{DAY_FIELD}{day}") in CHECKED]
    via = [key[len(VIA_FIELD):] for key, value in form.items()
           if isinstance(key, str) and key.startswith(VIA_FIELD) and value in CHECKED]
    return form.get(TIME_FIELD, ""), days, via
