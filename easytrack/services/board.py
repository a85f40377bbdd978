"""What the home buttons and the grid show: rows of cells and streaks, and the effect of one tick."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from easytrack.domain.calendar import today_in_zone
from easytrack.domain.frequency import Schedule
from easytrack.domain.grid import row_cells
from easytrack.domain.marks import State
from easytrack.domain.streaks import current_streak
from easytrack.domain.target import Direction, Period, Target
from easytrack.models import User
from easytrack.services import checkins, habits, revisions
from easytrack.services.errors import HabitNotFound
from easytrack.services.tracker_types import CheckinInfo, HabitInfo

# How far back the board reads history for streaks: enough for any streak a grid row shows at a glance.
HISTORY_DAYS = 400


@dataclass(frozen=True)
class Row:
    """One habit as the board shows it: `cells` has one character per requested day."""

    habit_id: int
    name: str
    color: str
    group: str
    cells: str
    streak: int
    measurable: bool = False
    detail: str = ""  # measurable habits: the last day's amount against the target, e.g. "12 / 20 pages"


@dataclass(frozen=True)
class Board:
    rev: int
    rows: list[Row]
    groups: list[str]


@dataclass(frozen=True)
class Tick:
    """The server's answer to one press: the revision it got, the cell's value and the habit's streak."""

    rev: int
    cell: str
    streak: int


def _split(days: dict[date, CheckinInfo]) -> tuple[dict[date, State], dict[date, float]]:
    entries = {d: State(c.state) for d, c in days.items()}
    amounts = {d: c.amount for d, c in days.items() if c.amount is not None}
    return entries, amounts


def _target(habit: HabitInfo) -> Target | None:
    if not habit.measurable:
        return None
    return Target(habit.unit, habit.target_value, Direction(habit.target_direction), Period(habit.target_period))


def view_row(habit: HabitInfo, history: dict[date, CheckinInfo], days: list[date], *, today: date,
             first_weekday: int, group: str = "") -> Row:
    """Build the row of `habit` for `days` (oldest first) and its current streak on `today`."""
    entries, amounts = _split(history)
    kw = dict(schedule=Schedule.from_text(habit.schedule), amounts=amounts, target=_target(habit),
              first_weekday=first_weekday)
    cells = row_cells(entries, days, today=today, **kw)
    streak = current_streak(entries, today=today, **kw)
    return Row(habit.id, habit.name, habit.color, group, cells, streak, habit.measurable,
               amount_detail(habit, amounts.get(days[-1])) if habit.measurable else "")


def amount_detail(habit: HabitInfo, amount: float | None) -> str:
    """An amount against the habit's target, as on a button: "12 / 20 pages" ("– / 20 pages" when none)."""
    shown = "–" if amount is None else f"{amount:g}"
    sign = "≤ " if habit.target_direction == "at_most" else ""
    per = "" if habit.target_period == "day" else f" a {habit.target_period}"
    return f"{shown} / {sign}{habit.target_value:g} {habit.unit}{per}".strip()


def load_board(session: Session, *, user_id: int, days: list[date], today: date, first_weekday: int) -> Board:
    """Rows for the user's active habits over `days` (contiguous, oldest first), in 3 SQL queries.

    Habits come in the user's order, grouped: ungrouped habits first, then each group in its order.
    """
    start = min(min(days), today) - timedelta(days=HISTORY_DAYS)
    window = checkins.load_window(session, user_id=user_id, start=start, end=max(max(days), today))
    names = {g.id: g.name for g in window.groups}
    rank = {g.id: i for i, g in enumerate(window.groups)}
    ordered = sorted(window.habits, key=lambda h: (rank.get(h.group_id, -1), h.position, h.id))
    rows = [
        view_row(h, window.checkins.get(h.id, {}), days, today=today, first_weekday=first_weekday,
                 group=names.get(h.group_id, ""))
        for h in ordered
    ]
    return Board(rev=window.rev, rows=rows, groups=[g.name for g in window.groups])


def _cell_row(session: Session, *, user_id: int, habit_id: int, day: date, today: date, first_weekday: int) -> Row:
    habit = habits.get_habit(session, user_id=user_id, habit_id=habit_id)
    start = min(day, today) - timedelta(days=HISTORY_DAYS)
    history = checkins.list_checkins(session, user_id=user_id, habit_id=habit_id, start=start, end=max(day, today))
    return view_row(habit, history, [day], today=today, first_weekday=first_weekday)


def cell_now(session: Session, *, user_id: int, habit_id: int, day: date, today: date, first_weekday: int) -> Tick:
    """The current value of one cell and its habit's streak (raises HabitNotFound for others' habits)."""
    row = _cell_row(session, user_id=user_id, habit_id=habit_id, day=day, today=today, first_weekday=first_weekday)
    return Tick(rev=revisions.current(session, user_id=user_id), cell=row.cells, streak=row.streak)


def cell_for_user(session: Session, *, user_id: int, habit_id: int, day: date, now) -> Tick:
    """`cell_now` with the user's own time zone and first weekday (for pushing a change to other tabs)."""
    user = session.get(User, user_id)
    if user is None:
        raise HabitNotFound()
    return cell_now(session, user_id=user_id, habit_id=habit_id, day=day,
                    today=today_in_zone(now, user.timezone), first_weekday=user.first_weekday)


def tick(session: Session, *, user_id: int, habit_id: int, day: date, done: bool, today: date,
         first_weekday: int) -> Tick:
    """Mark `day` done (or clear it) and return the new revision, the cell and the streak."""
    change = checkins.set_checkin(session, user_id=user_id, habit_id=habit_id, day=day,
                                  state=State.DONE.value if done else None, today=today)
    row = _cell_row(session, user_id=user_id, habit_id=habit_id, day=day, today=today, first_weekday=first_weekday)
    return Tick(rev=change.rev, cell=row.cells, streak=row.streak)


@dataclass(frozen=True)
class Entry:
    """One day of one habit as the entry form shows it."""

    habit: HabitInfo
    day: date
    checkin: CheckinInfo | None


def entry_of(session: Session, *, user_id: int, habit_id: int, day: date) -> Entry:
    """The habit and what was entered on `day` (raises HabitNotFound for others' habits)."""
    habit = habits.get_habit(session, user_id=user_id, habit_id=habit_id)
    found = checkins.list_checkins(session, user_id=user_id, habit_id=habit_id, start=day, end=day)
    return Entry(habit, day, found.get(day))


def set_entry(session: Session, *, user_id: int, habit_id: int, day: date, state: str | None,
              amount: float | None, note: str, today: date, first_weekday: int) -> Tick:
    """Store a state, amount and note for `day` (state None clears the day) and return the new cell."""
    change = checkins.set_checkin(session, user_id=user_id, habit_id=habit_id, day=day, state=state,
                                  amount=amount, note=note, today=today)
    row = _cell_row(session, user_id=user_id, habit_id=habit_id, day=day, today=today, first_weekday=first_weekday)
    return Tick(rev=change.rev, cell=row.cells, streak=row.streak)
