"""How the habit page words its numbers: stat cards, the target, heatmap labels (plain data, no Reflex).

Every text is in the page's language `lang`: plural forms, numbers, weekday and month names from CLDR.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

from babel.numbers import format_percent

from easytrack import i18n
from easytrack.domain.progress import Progress
from easytrack.services import wording
from easytrack.services.habit_report import HEATMAP_WEEKS, HabitReport
from easytrack.services.stats import CompletionStats


def days_text(n: int, lang: str = i18n.DEFAULT) -> str:
    return wording.days_text(n, lang)


def span_text(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"


def _amount(value: float, unit: str, lang: str) -> str:
    number = i18n.format_number(round(value, 1), lang)
    return i18n.gettext(lang, "{amount} {unit}", amount=number, unit=unit) if unit else number


def _percent(rate: float, lang: str) -> str:
    return format_percent(rate, locale=i18n.choose(lang))


def _rate_card(label: str, c: CompletionStats, lang: str, quota: Progress | None = None) -> dict:
    """A completion card; over a quota's own period ("3 times a week": this week) it counts times done
    against the quota, as a 1-of-1 day rate would read 100 % after 1 of 3."""
    if quota is not None:
        return {"label": label, "value": _percent(quota.rate, lang),
                "hint": i18n.ngettext(lang, "{done} of {n} time", "{done} of {n} times", quota.needed,
                                      done=quota.done)}
    value = "—" if c.rate is None else _percent(c.rate, lang)
    return {"label": label, "value": value,
            "hint": i18n.ngettext(lang, "{done} of {n} day", "{done} of {n} days", c.done + c.missed, done=c.done)}


def cards(r: HabitReport, lang: str = i18n.DEFAULT) -> list[dict]:
    s, h, q = r.stats, r.habit, r.progress
    _t = functools.partial(i18n.gettext, lang)  # the extractor reads _t("…")
    found = [
        {"label": _t("Strength"), "value": _percent(s.score, lang), "hint": _t("Loop's habit score")},
        {"label": _t("Current streak"), "value": days_text(s.streak_current, lang),
         "hint": _t("days in a row, as Loop counts")},
        {"label": _t("Best streak"), "value": days_text(s.streak_best, lang), "hint": _t("the longest run")},
        _rate_card(_t("This week"), s.week, lang, q if q and q.period == "week" else None),
        _rate_card(_t("This month"), s.month, lang, q if q and q.period == "month" else None),
        _rate_card(_t("This year"), s.year, lang), _rate_card(_t("All time"), s.all, lang),
    ]
    if not h.measurable:
        return [*found, {"label": _t("Total"), "value": days_text(int(s.total), lang), "hint": _t("days done")}]
    return [*found, {"label": _t("Total"), "value": _amount(s.total, h.unit, lang), "hint": _t("all time")},
            {"label": _t("Per day"), "value": _amount(r.per_day, h.unit, lang), "hint": _t("on average")},
            {"label": _t("Per week"), "value": _amount(r.per_week, h.unit, lang), "hint": _t("on average")}]


def target_text(r: HabitReport, lang: str = i18n.DEFAULT) -> str:
    h = r.habit
    if not h.measurable:
        return ""
    amount, period = _amount(h.target_value, h.unit, lang), wording.period_phrase(h.target_period, lang)
    if h.target_direction == "at_most":
        return i18n.gettext(lang, "At most {amount} {period}", amount=amount, period=period)
    return i18n.gettext(lang, "At least {amount} {period}", amount=amount, period=period)


def weekday_labels(first_weekday: int, lang: str = i18n.DEFAULT) -> list[str]:
    return [i18n.weekday_name((first_weekday + i) % 7, lang) if i % 2 else "" for i in range(7)]


def month_labels(start: date, lang: str = i18n.DEFAULT) -> list[dict]:
    """A label over each week column holding a 1st of a month (skipped when too close to the previous one)."""
    labels, last = [], -4
    for col in range(HEATMAP_WEEKS):
        week = [start + timedelta(days=7 * col + i) for i in range(7)]
        first = next((d for d in week if d.day == 1), None)
        if first is not None and col - last >= 3:
            labels.append({"col": f"{col + 1} / span 3", "name": i18n.month_name(first.month, lang, "abbreviated")})
            last = col
    return labels
