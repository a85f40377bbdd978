"""The offline outbox replayed (services.outbox): order, per-press refusal, the user's own today, bad input."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from easytrack.services import checkins, habits, outbox
from easytrack.services.errors import ValidationError
from easytrack.state.outbox import _summary
from tests.factories import make_user

NOW = datetime(2026, 3, 15, 23, 30, tzinfo=timezone.utc)  # already the 16th in Tokyo


def _press(habit_id: int, day: str, state: str | None = "done", ref: str = "") -> dict:
    return {"ref": ref, "habit_id": habit_id, "day": day, "state": state}


@pytest.mark.parametrize(("raw", "message"), [
    ("nope", "must be a list"),
    ([_press(1, "2026-03-15")] * (outbox.MAX_BATCH + 1), "At most 1,000 changes"),
    ([_press(1, "2026-03-15"), {"habit_id": "1", "day": "2026-03-15", "state": "done"}], "Change 2 is not valid"),
    ([_press(1, "2026-02-30")], "Change 1"),
    ([_press(1, "2026-03-15", "maybe")], "Change 1"),
    ([_press(True, "2026-03-15")], "Change 1"),
    ([_press(1, "2026-03-15", ref="x" * 41)], "Change 1"),
    ([None], "Change 1"),
])
def test_a_malformed_or_oversized_outbox_is_refused_whole_with_a_clear_message(session, raw, message):
    user = make_user(session)
    _, habit = habits.create_habit(session, user_id=user, name="Read")
    with pytest.raises(ValidationError, match=message):
        outbox.replay(session, user_id=user, raw=raw, now=NOW)
    assert checkins.get_history(session, user_id=user, habit_id=habit.id) == {}


def test_presses_apply_in_order_on_the_users_own_today_and_a_deleted_habit_is_dropped_alone(session):
    user = make_user(session, timezone="Asia/Tokyo")
    _, read = habits.create_habit(session, user_id=user, name="Read")
    _, gone = habits.create_habit(session, user_id=user, name="Gone")
    habits.delete_habit(session, user_id=user, habit_id=gone.id)
    raw = [_press(read.id, "2026-03-16", ref="a"), _press(gone.id, "2026-03-16", ref="b"),
           _press(read.id, "2026-03-14", "done", "c"), _press(read.id, "2026-03-14", None, "d"),
           _press(read.id, "2026-03-17", ref="e")]
    results = outbox.replay(session, user_id=user, raw=raw, now=NOW)
    assert [(r.press.ref, r.ok) for r in results] == [("a", True), ("b", False), ("c", True), ("d", True),
                                                      ("e", False)]
    assert {d: c.state for d, c in checkins.get_history(session, user_id=user, habit_id=read.id).items()} == {
        date(2026, 3, 16): "done"}
    assert _summary(results) == ("3 ticks made offline are saved. 2 made offline could not be saved: "
                                 "That habit no longer exists. You can't fill in a day in the future.")
