"""How the tracker words schedules, periods, quota progress, day counts and date ranges in a language.

The domain stays English-free of languages (stdlib only); these are the same phrases in the reader's language,
with plural forms and dates from CLDR (easytrack.i18n). English reads exactly as the domain's own `describe()`.
"""

from __future__ import annotations

from datetime import date

from easytrack import i18n
from easytrack.domain.frequency import Kind, Schedule
from easytrack.domain.progress import Progress
from easytrack.domain.target import Period, parse_period


def days_text(n: int, lang: str) -> str:
    """"1 day", "5 days" / "1 день", "2 дня", "5 дней"."""
    return i18n.ngettext(lang, "{n} day", "{n} days", n)


def _times_a(n: int, period: str, lang: str) -> str:
    if period == "week":
        if n == 1:
            return i18n.gettext(lang, "Once a week")
        if n == 2:
            return i18n.gettext(lang, "Twice a week")
        return i18n.ngettext(lang, "{n} time a week", "{n} times a week", n)
    if n == 1:
        return i18n.gettext(lang, "Once a month")
    if n == 2:
        return i18n.gettext(lang, "Twice a month")
    return i18n.ngettext(lang, "{n} time a month", "{n} times a month", n)


def _ratio(times: int, days: int, lang: str) -> str:
    if times == 1:
        return i18n.ngettext(lang, "Once in {n} day", "Once in {n} days", days)
    if times == 2:
        return i18n.ngettext(lang, "Twice in {n} day", "Twice in {n} days", days)
    return i18n.ngettext(lang, "{times} times in {n} day", "{times} times in {n} days", days, times=times)


def describe(schedule: Schedule, lang: str) -> str:
    """A short description: "Every day", "3 times a week", "Mon, Wed, Fri" / "Каждый день", "3 раза в неделю"."""
    if schedule.kind is Kind.DAILY or (schedule.kind is Kind.EVERY and schedule.every == 1):
        return i18n.gettext(lang, "Every day")
    if schedule.kind is Kind.WEEKLY:
        return _times_a(schedule.times, "week", lang)
    if schedule.kind is Kind.MONTHLY:
        return _times_a(schedule.times, "month", lang)
    if schedule.kind is Kind.EVERY:
        return i18n.ngettext(lang, "Every {n} day", "Every {n} days", schedule.every)
    if schedule.kind is Kind.WEEKDAYS:
        return ", ".join(i18n.weekday_name(d, lang) for d in sorted(schedule.weekdays))
    return _ratio(schedule.times, schedule.every, lang)


def describe_text(text: str, lang: str) -> str:
    """`describe` of a stored schedule text ("week:3")."""
    return describe(Schedule.from_text(text), lang)


def period_phrase(text: str, lang: str) -> str:
    """Words for a stored period, after an amount: "a day", "a week", "every 3 days" / "в день", "каждые 3 дня"."""
    period, days = parse_period(text)
    if period is Period.DAYS:
        return i18n.ngettext(lang, "every {n} day", "every {n} days", days)
    return {Period.DAY: i18n.gettext(lang, "a day"), Period.WEEK: i18n.gettext(lang, "a week"),
            Period.MONTH: i18n.gettext(lang, "a month")}[period]


def progress_text(progress: Progress | None, lang: str) -> str:
    """A quota's progress as on a button: "2/3 this week" / "2/3 на этой неделе"; "" without one."""
    if progress is None:
        return ""
    if progress.period == "week":
        return i18n.gettext(lang, "{done}/{needed} this week", done=progress.done, needed=progress.needed)
    return i18n.gettext(lang, "{done}/{needed} this month", done=progress.done, needed=progress.needed)


def date_range(first: date, last: date, lang: str) -> str:
    """A span of days as a heading: "1–14 December 2026", "28 Nov – 4 Dec 2026", "28 Dec 2026 – 3 Jan 2027"
    (Russian: "1–14 декабря 2026 г.", "28 нояб. – 4 дек. 2026 г."); the month in the genitive where needed."""
    if first.year != last.year:
        return i18n.gettext(lang, "{start} – {end}", start=i18n.medium_date(first, lang),
                            end=i18n.medium_date(last, lang))
    if first.month == last.month:
        return i18n.gettext(lang, "{start}–{end}", start=i18n.format_number(first.day, lang),
                            end=i18n.long_date(last, lang))
    return i18n.gettext(lang, "{start} – {end}", start=i18n.day_month_short(first, lang),
                        end=i18n.medium_date(last, lang))
