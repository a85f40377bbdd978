"""The board behind the home buttons and the grid: rows, streaks beyond the recent window, query count."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import event

from easytrack.services import board, checkins, habits
from tests.factories import make_user

TODAY = date(2026, 3, 15)


def _habit_with_streak(session, user_id: int, name: str, days: int) -> int:
    habit = habits.create_habit(session, user_id=user_id, name=name).habit
    for back in range(days):
        checkins.set_checkin(session, user_id=user_id, habit_id=habit.id, day=TODAY - timedelta(days=back),
                             state="done", today=TODAY)
    return habit.id


class _Counter:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._hit)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._hit)

    def _hit(self, *args):
        self.count += 1


def _month(day: date) -> list[date]:
    first = day.replace(day=1)
    return [first + timedelta(days=n) for n in range((TODAY - first).days + 1)]


def test_a_streak_longer_than_the_recent_window_is_counted_in_full(session):
    uid = make_user(session)
    _habit_with_streak(session, uid, "Long", 200)
    _habit_with_streak(session, uid, "Short", 5)
    session.commit()
    rows = {r.name: r for r in board.load_board(session, user_id=uid, days=_month(TODAY), today=TODAY,
                                                first_weekday=0).rows}
    assert rows["Long"].streak == 200
    assert rows["Short"].streak == 5
    assert rows["Long"].cells.endswith("1")


def test_opening_the_board_takes_at_most_three_queries(session, engine):
    uid = make_user(session)
    for n in range(10):
        _habit_with_streak(session, uid, f"Habit {n}", 150 if n % 2 else 3)
    session.commit()
    with _Counter(engine) as counter:
        result = board.load_board(session, user_id=uid, days=_month(TODAY), today=TODAY, first_weekday=0)
    assert len(result.rows) == 10
    assert counter.count <= 3


def test_a_tick_answers_with_the_full_streak(session):
    uid = make_user(session)
    habit_id = _habit_with_streak(session, uid, "Long", 120)
    checkins.set_checkin(session, user_id=uid, habit_id=habit_id, day=TODAY, state=None, today=TODAY)
    result = board.tick(session, user_id=uid, habit_id=habit_id, day=TODAY, done=True, today=TODAY,
                        first_weekday=0)
    assert (result.cell, result.streak) == ("1", 120)


def test_the_board_shows_only_my_own_habits(session):
    alice = make_user(session, email="alice@example.org")
    bob = make_user(session, email="bob@example.org")
    _habit_with_streak(session, alice, "Alice's", 3)
    _habit_with_streak(session, bob, "Bob's", 2)
    session.commit()
    rows = board.load_board(session, user_id=bob, days=_month(TODAY), today=TODAY, first_weekday=0).rows
    assert [(r.name, r.streak) for r in rows] == [("Bob's", 2)]


def test_a_tick_takes_four_statements_unless_its_streak_reaches_past_the_recent_window(session, engine):
    uid = make_user(session)
    short = _habit_with_streak(session, uid, "Short", 3)
    long = _habit_with_streak(session, uid, "Long", 150)
    session.commit()
    counts = []
    for habit_id in (short, long):
        with _Counter(engine) as counter:
            board.tick(session, user_id=uid, habit_id=habit_id, day=TODAY - timedelta(days=1), done=True,
                       today=TODAY, first_weekday=0)
        counts.append(counter.count)
    # bump the revision, read the habit, write the day, read recent history (+ older history for "Long")
    assert counts == [4, 5]


def test_a_tick_keeps_the_amount_and_note_already_entered(session):
    uid = make_user(session)
    habit = habits.create_habit(session, user_id=uid, name="Read", measurable=True, unit="pages",
                                target_value=20).habit
    checkins.set_checkin(session, user_id=uid, habit_id=habit.id, day=TODAY, state="no", amount=12.5,
                         note="slow day", today=TODAY)
    board.tick(session, user_id=uid, habit_id=habit.id, day=TODAY, done=True, today=TODAY, first_weekday=0)
    stored = checkins.list_checkins(session, user_id=uid, habit_id=habit.id, start=TODAY, end=TODAY)[TODAY]
    assert (stored.state, stored.amount, stored.note) == ("done", 12.5, "slow day")


def test_an_at_most_habit_is_within_its_limit_on_days_with_nothing_entered(session):
    uid = make_user(session)
    coffee = habits.create_habit(session, user_id=uid, name="Coffee", measurable=True, unit="cups", target_value=2,
                                 target_direction="at_most").habit
    for back, cups in ((100, 1), (2, 4)):  # one cup 100 days ago (before the recent window), 4 cups on the 13th
        checkins.set_checkin(session, user_id=uid, habit_id=coffee.id, day=TODAY - timedelta(days=back),
                             state="done", amount=cups, today=TODAY)
    session.commit()
    row = board.load_board(session, user_id=uid, days=_month(TODAY), today=TODAY, first_weekday=0).rows[0]
    assert row.cells == "1" * 12 + "x11"  # the 13th is over the limit: a failure, not a green "partly"
    assert row.streak == 2
    tick = board.set_entry(session, user_id=uid, habit_id=coffee.id, day=TODAY - timedelta(days=2), state="done",
                           amount=2, today=TODAY, first_weekday=0)
    assert (tick.cell, tick.streak) == ("1", 101)  # back within: the run reaches the first entry


def test_rows_carry_quota_progress_and_measurable_amounts(session):
    uid = make_user(session)
    swim = habits.create_habit(session, user_id=uid, name="Swim", schedule="week:3").habit
    coffee = habits.create_habit(session, user_id=uid, name="Coffee", measurable=True, unit="cups",
                                 target_value=2, target_direction="at_most").habit
    monday = TODAY - timedelta(days=TODAY.weekday())
    checkins.set_checkin(session, user_id=uid, habit_id=swim.id, day=monday, state="done", today=TODAY)
    checkins.set_checkin(session, user_id=uid, habit_id=swim.id, day=monday - timedelta(days=1), state="done",
                         today=TODAY)  # last week: not this week's progress
    checkins.set_checkin(session, user_id=uid, habit_id=coffee.id, day=TODAY - timedelta(days=1), state="done",
                         amount=2.5, today=TODAY)
    session.commit()
    days = [TODAY - timedelta(days=2), TODAY - timedelta(days=1), TODAY]
    rows = {r.name: r for r in board.load_board(session, user_id=uid, days=days, today=TODAY, first_weekday=0).rows}
    assert rows["Swim"].progress == "1/3 this week" and rows["Swim"].amounts == ()
    assert rows["Coffee"].amounts == ("", "2.5", "") and rows["Coffee"].progress == ""
    tick = board.tick(session, user_id=uid, habit_id=swim.id, day=TODAY, done=True, today=TODAY, first_weekday=0)
    assert tick.progress == "2/3 this week"


def test_rows_carry_the_users_own_notes_of_the_days_shown_cut_short(session):
    uid, other = make_user(session), make_user(session, email="other@example.org")
    mine = habits.create_habit(session, user_id=uid, name="Mine").habit
    theirs = habits.create_habit(session, user_id=other, name="Theirs").habit
    for habit, owner in ((mine, uid), (theirs, other)):
        checkins.set_checkin(session, user_id=owner, habit_id=habit.id, day=TODAY, state="done", note="x" * 500,
                             today=TODAY)
    checkins.set_checkin(session, user_id=uid, habit_id=mine.id, day=TODAY - timedelta(days=9), state="done",
                         note="not shown", today=TODAY)
    checkins.set_checkin(session, user_id=uid, habit_id=mine.id, day=TODAY - timedelta(days=1), state="done",
                         today=TODAY)  # no note
    session.commit()
    days = [TODAY - timedelta(days=k) for k in range(7, -1, -1)]
    with _Counter(session.get_bind()) as queries:
        rows = board.load_board(session, user_id=uid, days=days, today=TODAY, first_weekday=0).rows
    assert [r.notes for r in rows] == [((TODAY, "x" * board.NOTE_PREVIEW),)]
    assert queries.count <= 3  # the notes come with the check-ins, in no query of their own
