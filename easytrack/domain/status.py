"""How each day of a habit stands against its schedule: done, skipped, not needed, missed, open."""

from collections.abc import Mapping
from datetime import date, timedelta
from enum import Enum

from easytrack.domain.calendar import month_end, shift_month, week_start
from easytrack.domain.frequency import Kind, Schedule
from easytrack.domain.marks import State
from easytrack.domain.target import Period, Target


class DayStatus(str, Enum):
    """One character per day in the strings `day_statuses` returns."""

    DONE = "d"
    SKIP = "s"  # neither breaks nor extends a streak, leaves completion rates alone
    NOT_NEEDED = "-"  # the schedule does not ask for the day (other weekday, quota met, …)
    MISSED = "m"  # required, not done, and the chance is gone: breaks streaks
    OPEN = "o"  # required but still possible: today, or an unmet quota of the current period
    FUTURE = "f"


# Internal marks: "." nothing entered, "d" done (or within an at-most limit, entered or not), "s" skip,
# "n" no (or over an at-most limit), "p" an amount still short of an at-least target (like "." it
# leaves today open).
_ENTRY_MARK = {State.DONE: "d", State.SKIP: "s", State.NO: "n"}  # str keys: "done" works too
_REQUIRED = str.maketrans({".": "m", "n": "m", "p": "m"})
_FREE = str.maketrans({".": "-", "n": "-", "p": "-"})
_UNDONE = ".np"
_STILL_OPEN = ".p"


def effective_schedule(schedule: Schedule, target: Target | None) -> Schedule:
    """Return the schedule streaks use: an at-least target over a week, a month or N days is a
    quota of 1 in that period."""
    if target is None or target.at_most or target.period is Period.DAY:
        return schedule
    if target.period is Period.DAYS:
        return Schedule.ratio(1, target.days)
    return Schedule.per_week(1) if target.period is Period.WEEK else Schedule.per_month(1)


def history_start(
    entries: Mapping, amounts: Mapping | None, today: date, target: Target | None = None
) -> date | None:
    """Return the oldest day with an entry or amount on or before `today`, or None.

    An at-most target's history starts today when nothing was entered yet (as Loop's score does):
    a day with nothing entered is within the limit.
    """
    days = [d for d in entries if d <= today]
    days += [d for d in (amounts or ()) if d <= today]
    if days:
        return min(days)
    return today if target is not None and target.at_most else None


def day_statuses(
    entries: Mapping[date, State],
    schedule: Schedule,
    *,
    start: date,
    end: date,
    today: date,
    first_weekday: int = 0,
    amounts: Mapping[date, float] | None = None,
    target: Target | None = None,
) -> str:
    """Return one `DayStatus` character per day from `start` to `end` (inclusive), oldest first.

    Entries after `today` are ignored and those days are FUTURE. Weekly quotas use calendar
    weeks starting on `first_weekday`; the periods around `start` and `end` are looked at in
    full, so the answer for a day does not depend on the window asked for.
    """
    if end < start:
        return ""
    schedule = effective_schedule(schedule, target)
    lo = _context_start(start, schedule, first_weekday, target)
    hi = _context_end(end, schedule, first_weekday)
    known = max(0, min((hi - lo).days, (today - lo).days) + 1)
    marks = _marks(entries, lo, known)
    if target is not None and target.at_most:
        first = history_start(entries, amounts, today, target)
        _apply_at_most(marks, amounts or {}, target, lo, (first - lo).days, first_weekday)
    elif amounts:
        _apply_amounts(marks, amounts, target, lo, first_weekday)
    statuses = _classify(marks, schedule, lo, hi, (today - lo).days, first_weekday)
    return statuses[(start - lo).days : (end - lo).days + 1]


def _context_start(start: date, schedule: Schedule, first_weekday: int, target) -> date:
    kind = schedule.kind
    if kind is Kind.WEEKLY:
        lo = week_start(start, first_weekday)
    elif kind is Kind.MONTHLY:
        lo = start.replace(day=1)
    elif kind is Kind.RATIO:
        lo = start - timedelta(days=start.toordinal() % schedule.every)
    elif kind is Kind.EVERY:
        lo = start - timedelta(days=schedule.every - 1)
    else:
        lo = start
    if target is not None and target.period is not Period.DAY:
        lo = min(lo, _period_start(start, target, first_weekday))
    return lo


def _context_end(end: date, schedule: Schedule, first_weekday: int) -> date:
    if schedule.kind is Kind.WEEKLY:
        return week_start(end, first_weekday) + timedelta(days=6)
    if schedule.kind is Kind.MONTHLY:
        return month_end(end)
    if schedule.kind is Kind.RATIO:
        return end + timedelta(days=schedule.every - 1 - end.toordinal() % schedule.every)
    return end


def _marks(entries: Mapping[date, State], lo: date, n: int) -> list[str]:
    marks = ["."] * n
    if len(entries) > 2 * n:  # a short window over a long history: look the days up
        for i in range(n):
            state = entries.get(lo + timedelta(days=i))
            if state is not None:
                marks[i] = _ENTRY_MARK[state]
        return marks
    base = lo.toordinal()
    for day, state in entries.items():
        i = day.toordinal() - base
        if 0 <= i < n:
            marks[i] = _ENTRY_MARK[state]
    return marks


def _apply_amounts(marks, amounts, target, lo, first_weekday) -> None:
    """At least: mark amounts "d" when they meet the target (running total per period), else "p"."""
    n = len(marks)
    totals: dict[date, float] = {}
    for day in sorted(d for d in amounts if 0 <= (d - lo).days < n):
        i = (day - lo).days
        if marks[i] == "s":
            continue
        amount = amounts[day]
        if target is None:
            marks[i] = "d" if amount > 0 else "p"
            continue
        key = _period_start(day, target, first_weekday)
        totals[key] = totals.get(key, 0.0) + amount
        total = amount if target.period is Period.DAY else totals[key]
        marks[i] = "d" if target.met(total) else "p"


def _apply_at_most(marks, amounts, target, lo, first: int, first_weekday: int) -> None:
    """At most: from index `first` (the history's start) on, a day is "d" while the period's running
    total stays within the limit — nothing entered counts 0 — and "n" once it is over. Skips stay, and
    so does a "no" with no amount (the user said it failed)."""
    totals: dict[date, float] = {}
    per_day = target.period is Period.DAY
    for i in range(max(0, first), len(marks)):
        day = lo + timedelta(days=i)
        amount = amounts.get(day)
        if marks[i] == "s" or (amount is None and marks[i] == "n"):
            continue
        total = amount or 0.0
        if not per_day:
            key = _period_start(day, target, first_weekday)
            total = totals[key] = totals.get(key, 0.0) + total
        marks[i] = "d" if target.met(total) else "n"


def _period_start(day: date, target: Target, first_weekday: int) -> date:
    """The first day of the target's period holding `day` (the day itself for daily targets)."""
    if target.period is Period.WEEK:
        return week_start(day, first_weekday)
    if target.period is Period.MONTH:
        return day.replace(day=1)
    if target.period is Period.DAYS:
        return day - timedelta(days=day.toordinal() % target.days)
    return day


def _classify(marks, schedule, lo, hi, t, first_weekday) -> str:
    """Turn marks (index 0 = `lo`, up to today at index `t`) into statuses up to `hi`."""
    kind = schedule.kind
    if kind is Kind.DAILY:
        out = _by_weekday(marks, frozenset(range(7)), lo.weekday(), t)
    elif kind is Kind.WEEKDAYS:
        out = _by_weekday(marks, schedule.weekdays, lo.weekday(), t)
    elif kind is Kind.EVERY:
        out = _every(marks, schedule.every, t)
    else:
        out = "".join(_quota(marks, a, b, schedule.times, t) for a, b in _periods(schedule, lo, hi))
    return out + DayStatus.FUTURE.value * ((hi - lo).days + 1 - len(out))


def _by_weekday(marks, weekdays, weekday_of_first, t) -> str:
    text = "".join(marks)
    if len(weekdays) == 7:
        return _open_today(text.translate(_REQUIRED), marks, t)
    out = [""] * len(text)
    for k in range(7):  # one C-speed translate per weekday column
        table = _REQUIRED if (weekday_of_first + k) % 7 in weekdays else _FREE
        out[k::7] = text[k::7].translate(table)
    return _open_today("".join(out), marks, t)


def _open_today(out: str, marks, t: int) -> str:
    if 0 <= t < len(marks) and marks[t] in _STILL_OPEN and out[t] == "m":
        return out[:t] + "o" + out[t + 1 :]
    return out


def _every(marks, every: int, t: int) -> str:
    out, due = [], 0
    for i, m in enumerate(marks):
        if m in "ds":
            due = i + every
            out.append(m)
        elif i < due:
            out.append("-")
        else:
            out.append("o" if i == t and m in _STILL_OPEN else "m")
    return "".join(out)


def _periods(schedule: Schedule, lo: date, hi: date):
    """Yield (first, last + 1) index pairs of the calendar periods tiling lo..hi."""
    total = (hi - lo).days + 1
    if schedule.kind is Kind.MONTHLY:
        first = lo
        while (first - lo).days < total:
            nxt = shift_month(first, 1)
            yield (first - lo).days, (nxt - lo).days
            first = nxt
        return
    size = 7 if schedule.kind is Kind.WEEKLY else schedule.every
    for a in range(0, total, size):
        yield a, a + size


def _quota(marks, a: int, b: int, times: int, t: int) -> str:
    """Statuses of one period: met → the rest not needed; unmet → the last empty days missed."""
    seg = marks[a:b]
    got = seg.count("d") + seg.count("s")
    if got >= times:
        return "".join(seg).translate(_FREE)
    current = a <= t < b
    today_open = current and marks[t] in _STILL_OPEN
    open_days = max(0, b - 1 - t) + (1 if today_open else 0)
    shortfall = max(0, times - got - open_days)
    empty = [i for i, m in enumerate(seg) if m in _UNDONE and not (today_open and a + i == t)]
    missed = set(empty[len(empty) - shortfall :]) if shortfall else set()
    rest = "o" if current and not shortfall else "-"
    out = [("m" if i in missed else rest) if m in _UNDONE else m for i, m in enumerate(seg)]
    if today_open:
        out[t - a] = "o"
    return "".join(out)
