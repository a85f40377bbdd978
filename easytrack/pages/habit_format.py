"""How the habit page words its numbers: stat cards, the target, heatmap labels (plain data, no Reflex)."""

from __future__ import annotations

from datetime import date, timedelta

from easytrack.domain.calendar import WEEKDAY_NAMES
from easytrack.domain.progress import Progress
from easytrack.domain.target import period_phrase
from easytrack.services.habit_report import HEATMAP_WEEKS, HabitReport
from easytrack.services.stats import CompletionStats


def days_text(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def span_text(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"


def _amount(value: float, unit: str) -> str:
    return f"{value:,.1f}".removesuffix(".0") + (f" {unit}" if unit else "")


def _rate_card(label: str, c: CompletionStats, quota: Progress | None = None) -> dict:
    """A completion card; over a quota's own period ("3 times a week": this week) it counts times done
    against the quota, as a 1-of-1 day rate would read 100 % after 1 of 3."""
    if quota is not None:
        return {"label": label, "value": f"{quota.rate:.0%}", "hint": f"{quota.done} of {quota.needed} times"}
    value = "—" if c.rate is None else f"{c.rate:.0%}"
    return {"label": label, "value": value, "hint": f"{c.done} of {c.done + c.missed} days"}


def cards(r: HabitReport) -> list[dict]:
    s, h, q = r.stats, r.habit, r.progress
    found = [
        {"label": "Strength", "value": f"{s.score:.0%}", "hint": "Loop's habit score"},
        {"label": "Current streak", "value": days_text(s.streak_current), "hint": "days in a row, as Loop counts"},
        {"label": "Best streak", "value": days_text(s.streak_best), "hint": "the longest run"},
        _rate_card("This week", s.week, q if q and q.period == "week" else None),
        _rate_card("This month", s.month, q if q and q.period == "month" else None),
        _rate_card("This year", s.year), _rate_card("All time", s.all),
    ]
    if not h.measurable:
        return [*found, {"label": "Total", "value": days_text(int(s.total)), "hint": "days done"}]
    return [*found, {"label": "Total", "value": _amount(s.total, h.unit), "hint": "all time"},
            {"label": "Per day", "value": _amount(r.per_day, h.unit), "hint": "on average"},
            {"label": "Per week", "value": _amount(r.per_week, h.unit), "hint": "on average"}]


def target_text(r: HabitReport) -> str:
    h = r.habit
    if not h.measurable:
        return ""
    direction = "At most" if h.target_direction == "at_most" else "At least"
    return f"{direction} {_amount(h.target_value, h.unit)} {period_phrase(h.target_period)}"


def weekday_labels(first_weekday: int) -> list[str]:
    return [WEEKDAY_NAMES[(first_weekday + i) % 7] if i % 2 else "" for i in range(7)]


def month_labels(start: date) -> list[dict]:
    """A label over each week column holding a 1st of a month (skipped when too close to the previous one)."""
    labels, last = [], -4
    for col in range(HEATMAP_WEEKS):
        week = [start + timedelta(days=7 * col + i) for i in range(7)]
        first = next((d for d in week if d.day == 1), None)
        if first is not None and col - last >= 3:
            labels.append({"col": f"{col + 1} / span 3", "name": first.strftime("%b")})
            last = col
    return labels
