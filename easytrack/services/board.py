"""What the home buttons and the grid show: rows of cells and streaks, and the effect of one tick."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from easytrack.domain.calendar import today_in_zone
from easytrack.domain.frequency import Schedule
from easytrack.domain.grid import row_cells
from easytrack.domain.marks import State
from easytrack.domain.progress import period_progress
from easytrack.domain.streaks import current_streak, streak_list
from easytrack.domain.target import Target
from easytrack.i18n import DEFAULT, choose
from easytrack.models import CheckIn, Habit, HabitGroup, User
from easytrack.services import checkins, habits, revisions, wording
from easytrack.services.errors import HabitNotFound
from easytrack.services.tracker_types import CheckinInfo, HabitInfo

# Streaks need history before the days shown. The board first reads this many days back; a habit whose
# streak is still unbroken at that edge gets the rest of its history in one more query (see `_marks`).
RECENT_DAYS = 63
# A current streak starting this close to the edge of what was read may reach further back.
EDGE_DAYS = 35
NOTE_PREVIEW = 140  # characters of a note the grid shows (in a cell's tooltip)

_checkins = CheckIn.__table__
_habits = Habit.__table__
_groups = HabitGroup.__table__
_users = User.__table__
Marks = tuple[dict[date, State], dict[date, float]]  # a habit's states and amounts by day


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
    progress: str = ""  # "N times a week/month": done so far in today's period, e.g. "2/3 this week"
    amounts: tuple[str, ...] = ()  # measurable habits: each day's amount ("" for none), like `cells`
    notes: tuple[tuple[date, str], ...] = ()  # (day, note cut to NOTE_PREVIEW) of the days shown with a note


@dataclass(frozen=True)
class Board:
    rev: int
    rows: list[Row]


@dataclass(frozen=True)
class Tick:
    """The server's answer to one press: the revision it got, the cell's value and the habit's streak."""

    rev: int
    cell: str
    streak: int
    progress: str = ""


@functools.cache
def _marks_query(*, since: bool, some: bool, notes: bool = False):
    """The `_marks` statement, built once per shape: with a `start` bound (`since`), for `ids` only (`some`),
    with the start of each note (`notes`)."""
    columns = [_checkins.c.habit_id, _checkins.c.day, _checkins.c.state, _checkins.c.amount]
    if notes:
        columns.append(func.substr(_checkins.c.note, 1, NOTE_PREVIEW))
    stmt = (select(*columns)
            .join(_habits, _habits.c.id == _checkins.c.habit_id)
            .where(_habits.c.user_id == bindparam("uid"), _checkins.c.day <= bindparam("end")))
    if since:
        stmt = stmt.where(_checkins.c.day >= bindparam("start"))
    if some:
        stmt = stmt.where(_checkins.c.habit_id.in_(bindparam("ids", expanding=True)))
    return stmt


def _marks(session: Session, *, user_id: int, habit_ids: list[int] | None, start: date | None,
           end: date, notes: dict[int, dict[date, str]] | None = None) -> dict[int, Marks]:
    """States and amounts by day of the user's habits (all, or `habit_ids`) from `start` (or the very
    first day) to `end`, inclusive: one query, only the columns streaks and cells need; given a `notes`
    dict, the same query fills it with the non-empty notes by habit and day."""
    stmt = _marks_query(since=start is not None, some=habit_ids is not None, notes=notes is not None)
    params = {"uid": user_id, "end": end, "start": start, "ids": habit_ids}
    marks: dict[int, Marks] = {}
    for habit_id, day, state, amount, *note in session.execute(stmt, params):
        states, amounts = marks.setdefault(habit_id, ({}, {}))
        states[day] = State(state)
        if amount is not None:
            amounts[day] = amount
        if note and note[0]:
            notes.setdefault(habit_id, {})[day] = note[0]
    return marks


def _may_reach_further(habit: HabitInfo, marks: Marks, *, edge: date, today: date, first_weekday: int) -> bool:
    """Whether the current streak, computed from days after `edge` only, may have started before it."""
    states, amounts = marks
    if habit.measurable and habit.target_direction == "at_most":
        return True  # days with nothing entered are within the limit: the streak may go back to the first entry
    if not states or min(states) > edge + timedelta(days=EDGE_DAYS):
        return False
    found = streak_list(states, Schedule.from_text(habit.schedule), today=today, first_weekday=first_weekday,
                        amounts=amounts, target=_target(habit))
    return bool(found) and found[0].end >= today - timedelta(days=EDGE_DAYS) and \
        found[0].start <= edge + timedelta(days=EDGE_DAYS)


def _with_history(session: Session, *, user_id: int, habit_list: list[HabitInfo], start: date, end: date,
                  today: date, first_weekday: int, all_habits: bool = False,
                  notes: dict[int, dict[date, str]] | None = None) -> dict[int, Marks]:
    """Marks of `habit_list` from `start` to `end`, completed with older history for habits whose streak
    needs it (2 queries at most); `all_habits` says the list is all of the user's, so no id filter.
    `notes` (if given) gets the notes from `start` to `end`."""
    only = None if all_habits else [h.id for h in habit_list]
    marks = _marks(session, user_id=user_id, habit_ids=only, start=start, end=end, notes=notes)
    longer = [h.id for h in habit_list if _may_reach_further(h, marks.get(h.id, ({}, {})), edge=start,
                                                             today=today, first_weekday=first_weekday)]
    if longer:
        older = _marks(session, user_id=user_id, habit_ids=longer, start=None, end=start - timedelta(days=1))
        for habit_id, (states, amounts) in older.items():
            mine = marks.setdefault(habit_id, ({}, {}))
            mine[0].update(states)
            mine[1].update(amounts)
    return marks


def _target(habit: HabitInfo) -> Target | None:
    if not habit.measurable:
        return None
    return Target(habit.unit, habit.target_value, habit.target_direction, habit.target_period)


def view_row(habit: HabitInfo, marks: Marks, days: list[date], *, today: date, first_weekday: int,
             group: str = "", notes: dict[date, str] | None = None, lang: str = DEFAULT) -> Row:
    """Build the row of `habit` for `days` (oldest first) and its current streak on `today`; `notes`
    are the habit's notes by day (those of `days` are kept in the row); texts in `lang`."""
    entries, amounts = marks
    kw = dict(schedule=Schedule.from_text(habit.schedule), amounts=amounts, target=_target(habit),
              first_weekday=first_weekday)
    cells = row_cells(entries, days, today=today, **kw)
    streak = current_streak(entries, today=today, **kw)
    shown = tuple((d, notes[d]) for d in days if d in notes) if notes else ()
    if habit.measurable:
        numbers = tuple("" if amounts.get(d) is None else f"{amounts[d]:g}" for d in days)
        return Row(habit.id, habit.name, habit.color, group, cells, streak, True,
                   amount_detail(habit, amounts.get(days[-1]), lang), amounts=numbers, notes=shown)
    progress = period_progress(entries, kw["schedule"], today=today, first_weekday=first_weekday)
    return Row(habit.id, habit.name, habit.color, group, cells, streak, progress=wording.progress_text(progress, lang),
               notes=shown)


def amount_detail(habit: HabitInfo, amount: float | None, lang: str = DEFAULT) -> str:
    """An amount against the habit's target, as on a button: "12 / 20 pages" ("– / 20 pages" when none);
    a period other than the day in `lang` ("12 / 20 pages a week", "… в неделю")."""
    shown = "–" if amount is None else f"{amount:g}"
    sign = "≤ " if habit.target_direction == "at_most" else ""
    per = "" if habit.target_period == "day" else f" {wording.period_phrase(habit.target_period, lang)}"
    return f"{shown} / {sign}{habit.target_value:g} {habit.unit}{per}".strip()


def _habits_and_rev(session: Session, *, user_id: int) -> tuple[int, list[tuple[HabitInfo, str]]]:
    """One query: the user's revision and active habits with their group's name, in display order
    (ungrouped habits first, then each group in its order; by position within)."""
    rev = select(_users.c.data_rev).where(_users.c.id == user_id).scalar_subquery()
    stmt = (select(*habits.COLUMNS, _groups.c.name.label("group_name"), rev.label("rev"))
            .select_from(_habits.outerjoin(_groups, _groups.c.id == _habits.c.group_id))
            .where(_habits.c.user_id == user_id, _habits.c.archived.is_(False))
            .order_by(_groups.c.position.nulls_first(), _groups.c.id.nulls_first(), _habits.c.position,
                      _habits.c.id))
    rows = session.execute(stmt).all()
    if not rows:
        return revisions.current(session, user_id=user_id), []
    fields = {c.name for c in habits.COLUMNS}
    return rows[0].rev, [(habits.info({k: v for k, v in r._mapping.items() if k in fields}), r.group_name or "")
                         for r in rows]


def load_board(session: Session, *, user_id: int, days: list[date], today: date, first_weekday: int,
               lang: str = DEFAULT) -> Board:
    """Rows for the user's active habits over `days` (contiguous, oldest first), in at most 3 queries:
    habits with the revision, recent check-ins, and older check-ins only for long unbroken streaks.
    Texts (quota progress, targets) in `lang`."""
    rev, listed = _habits_and_rev(session, user_id=user_id)
    start = min(min(days), today) - timedelta(days=RECENT_DAYS)
    notes: dict[int, dict[date, str]] = {}
    marks = _with_history(session, user_id=user_id, habit_list=[h for h, _ in listed], start=start,
                          end=max(max(days), today), today=today, first_weekday=first_weekday, all_habits=True,
                          notes=notes)
    rows = [view_row(h, marks.get(h.id, ({}, {})), days, today=today, first_weekday=first_weekday, group=group,
                     notes=notes.get(h.id), lang=lang) for h, group in listed]
    return Board(rev=rev, rows=rows)


def _cell_row(session: Session, *, user_id: int, habit: HabitInfo, day: date, today: date,
              first_weekday: int, lang: str = DEFAULT) -> Row:
    start = min(day, today) - timedelta(days=RECENT_DAYS)
    marks = _with_history(session, user_id=user_id, habit_list=[habit], start=start, end=max(day, today),
                          today=today, first_weekday=first_weekday)
    return view_row(habit, marks.get(habit.id, ({}, {})), [day], today=today, first_weekday=first_weekday,
                    lang=lang)


def cell_now(session: Session, *, user_id: int, habit_id: int, day: date, today: date, first_weekday: int,
             lang: str = DEFAULT) -> Tick:
    """The current value of one cell and its habit's streak (raises HabitNotFound for others' habits)."""
    habit = habits.get_habit(session, user_id=user_id, habit_id=habit_id)
    row = _cell_row(session, user_id=user_id, habit=habit, day=day, today=today, first_weekday=first_weekday,
                    lang=lang)
    return Tick(rev=revisions.current(session, user_id=user_id), cell=row.cells, streak=row.streak,
                progress=row.progress)


def cell_for_user(session: Session, *, user_id: int, habit_id: int, day: date, now, lang: str = "") -> Tick:
    """`cell_now` with the user's own time zone and first weekday (for pushing a change to other tabs); texts
    in `lang`, else the account's language."""
    user = session.get(User, user_id)
    if user is None:
        raise HabitNotFound()
    return cell_now(session, user_id=user_id, habit_id=habit_id, day=day,
                    today=today_in_zone(now, user.timezone), first_weekday=user.first_weekday,
                    lang=choose(lang, user.language))


def tick(session: Session, *, user_id: int, habit_id: int, day: date, done: bool, today: date,
         first_weekday: int, lang: str = DEFAULT) -> Tick:
    """Mark `day` done (or clear it) and return the new revision, the cell and the streak.

    Four statements, each built once: bump the revision, read the habit (ownership), write the day, read
    the recent history; a fifth reads older history only when the streak reaches that far.
    """
    return set_entry(session, user_id=user_id, habit_id=habit_id, day=day,
                     state=State.DONE.value if done else None, today=today, first_weekday=first_weekday,
                     lang=lang)


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
              amount: float | None = None, note: str | None = None, today: date, first_weekday: int,
              lang: str = DEFAULT) -> Tick:
    """Store a state, amount and note for `day` (state None clears the day; None amount or note keeps
    what is stored) and return the new cell (its quota progress in `lang`)."""
    change, habit = checkins.change_day(session, user_id=user_id, habit_id=habit_id, day=day, state=state,
                                        amount=amount, note=note, today=today)
    row = _cell_row(session, user_id=user_id, habit=habit, day=day, today=today, first_weekday=first_weekday,
                    lang=lang)
    return Tick(rev=change.rev, cell=row.cells, streak=row.streak, progress=row.progress)
