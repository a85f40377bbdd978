"""Many check-in changes at once, each on its own: an offline outbox replayed, or a native client's batch.

Each press is applied in a savepoint of its own, in the order given: one that is refused (a habit deleted
meanwhile, a day in the future) is reported and rolled back alone; the others are kept. Every applied press
bumps the user's revision like a single tick, so open tabs order them as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from easytrack.domain.calendar import parse_day, today_in_zone
from easytrack.i18n import N_
from easytrack.services import checkins
from easytrack.services.errors import ServiceError, ValidationError
from easytrack.services.profile import get_user
from easytrack.services.texts import Count
from easytrack.services.tracker_types import CheckinChange

MAX_BATCH = 1000  # presses per request; an outbox holds at most this many (see assets/outbox.jsx)
MAX_REF = 40
STATES = ("done", "skip", "no", None)
TOO_MANY = N_("At most {n} changes at once: send the rest in another batch.")


@dataclass(frozen=True)
class Press:
    """One queued change: set `day` of `habit_id` to `state` (None clears it). `ref` is the client's own id."""

    ref: str
    habit_id: int
    day: date
    state: str | None
    amount: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class Result:
    """What became of one press: `change` when applied, else `error` (a message for the user, in English;
    `refusal` is the error itself, to show it in the user's language)."""

    press: Press
    change: CheckinChange | None
    error: str = ""
    refusal: ServiceError | None = None

    @property
    def ok(self) -> bool:
        return self.change is not None


def _press(raw: object, index: int) -> Press:
    bad = ValidationError("Change {n} is not valid: it needs a habit id, a day and a state.", n=index + 1)
    if not isinstance(raw, dict):
        raise bad
    ref, habit_id, day, state = raw.get("ref", str(index)), raw.get("habit_id"), raw.get("day"), raw.get("state")
    if not isinstance(ref, str) or len(ref) > MAX_REF or state not in STATES:
        raise bad
    if isinstance(habit_id, bool) or not isinstance(habit_id, int) or not isinstance(day, str):
        raise bad
    try:
        parsed = parse_day(day)
    except ValueError:
        raise bad from None
    return Press(ref, habit_id, parsed, state)


def parse_presses(raw: object) -> list[Press]:
    """Presses from JSON-like data (a list of {ref, habit_id, day: "YYYY-MM-DD", state}).

    Raises:
        ValidationError: not a list, more than MAX_BATCH entries, or an entry of the wrong shape (the
            message names which one; nothing is applied).
    """
    if not isinstance(raw, list):
        raise ValidationError("The changes must be a list.")
    if len(raw) > MAX_BATCH:
        raise ValidationError(TOO_MANY, n=Count(MAX_BATCH))
    return [_press(item, i) for i, item in enumerate(raw)]


def apply_presses(session: Session, *, user_id: int, presses: list[Press], today: date,
                  now: datetime) -> list[Result]:
    """Apply each press in order (see the module docstring); results in the same order.

    Raises:
        ValidationError: more than MAX_BATCH presses (nothing is applied).
    """
    if len(presses) > MAX_BATCH:
        raise ValidationError(TOO_MANY, n=Count(MAX_BATCH))
    results = []
    for press in presses:
        try:
            with session.begin_nested():
                change = checkins.set_checkin(session, user_id=user_id, habit_id=press.habit_id, day=press.day,
                                              state=press.state, amount=press.amount, note=press.note,
                                              today=today, now=now)
        except ServiceError as exc:
            results.append(Result(press, None, exc.message, exc))
            continue
        results.append(Result(press, change))
    return results


def replay(session: Session, *, user_id: int, raw: object, now: datetime) -> list[Result]:
    """Apply an outbox sent by a browser (see `parse_presses`) on the user's own today.

    Raises:
        ValidationError: the outbox is malformed or too large (nothing is applied).
    """
    user = get_user(session, user_id)
    try:
        today = today_in_zone(now, user.timezone)
    except ValueError:  # a zone this machine no longer knows: UTC, as the API does
        today = today_in_zone(now, "UTC")
    return apply_presses(session, user_id=user_id, presses=parse_presses(raw), today=today, now=now)
