"""/habits/<id>: one habit's statistics, year heatmap, strength and monthly charts, streaks and notes."""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from easytrack import db, routes
from easytrack.components.charts import bar_chart, heatmap, stat_card, strength_chart
from easytrack.components.daywatch import day_watch
from easytrack.components.layout import app_shell
from easytrack.domain.calendar import WEEKDAY_NAMES, next_midnight_utc, today_in_zone
from easytrack.domain.frequency import Schedule
from easytrack.domain.target import period_phrase
from easytrack.services.errors import HabitNotFound
from easytrack.services.habit_report import HEATMAP_WEEKS, HabitReport, habit_report
from easytrack.services.stats import CompletionStats
from easytrack.state import tabs
from easytrack.state.auth import AuthState, NotLoggedIn, _validated_user, utcnow
from easytrack.state.tracker import reloadable

ROUTE_ARG = "habit_id"  # the [habit_id] of the route
_MAX_ID_DIGITS = 10


def parse_habit_id(value: object) -> int:
    """The habit id in the URL, or 0 (which no habit has) for anything that is not a short decimal number."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > _MAX_ID_DIGITS:
        return 0
    return int(value)


def _report_tx(session, token: str, now, habit_id: int):
    user = _validated_user(session, token, now)
    report = habit_report(session, user_id=user.user_id, habit_id=habit_id,
                          today=today_in_zone(now, user.timezone), first_weekday=user.first_weekday)
    return user, report


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _span(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"


def _amount(value: float, unit: str) -> str:
    return f"{value:,.1f}".removesuffix(".0") + (f" {unit}" if unit else "")


def _rate_card(label: str, c: CompletionStats) -> dict:
    value = "—" if c.rate is None else f"{c.rate:.0%}"
    return {"label": label, "value": value, "hint": f"{c.done} of {c.done + c.missed} days"}


def _cards(r: HabitReport) -> list[dict]:
    s, h = r.stats, r.habit
    cards = [
        {"label": "Strength", "value": f"{s.score:.0%}", "hint": "Loop's habit score"},
        {"label": "Current streak", "value": _days(s.streak_current), "hint": "days in a row, as Loop counts"},
        {"label": "Best streak", "value": _days(s.streak_best), "hint": "the longest run"},
        _rate_card("This week", s.week), _rate_card("This month", s.month),
        _rate_card("This year", s.year), _rate_card("All time", s.all),
    ]
    if not h.measurable:
        return [*cards, {"label": "Total", "value": _days(int(s.total)), "hint": "days done"}]
    return [*cards, {"label": "Total", "value": _amount(s.total, h.unit), "hint": "all time"},
            {"label": "Per day", "value": _amount(r.per_day, h.unit), "hint": "on average"},
            {"label": "Per week", "value": _amount(r.per_week, h.unit), "hint": "on average"}]


def _target_text(r: HabitReport) -> str:
    h = r.habit
    if not h.measurable:
        return ""
    direction = "At most" if h.target_direction == "at_most" else "At least"
    return f"{direction} {_amount(h.target_value, h.unit)} {period_phrase(h.target_period)}"


def _weekday_labels(first_weekday: int) -> list[str]:
    return [WEEKDAY_NAMES[(first_weekday + i) % 7] if i % 2 else "" for i in range(7)]


def _month_labels(start: date) -> list[dict]:
    """A label over each week column holding a 1st of a month (skipped when too close to the previous one)."""
    labels, last = [], -4
    for col in range(HEATMAP_WEEKS):
        week = [start + timedelta(days=7 * col + i) for i in range(7)]
        first = next((d for d in week if d.day == 1), None)
        if first is not None and col - last >= 3:
            labels.append({"col": f"{col + 1} / span 3", "name": first.strftime("%b")})
            last = col
    return labels


@reloadable(on_cell=True)
class HabitDetailState(AuthState):
    loaded: bool = False
    missing: bool = False  # the habit does not exist or is not the user's (one state for both)
    name: str = ""
    color: str = ""
    schedule: str = ""
    has_history: bool = False
    cards: list[dict] = []
    heatmap: str = ""  # one character per day from heatmap_start (see HabitReport.heatmap)
    heatmap_start: str = ""
    weekdays: list[str] = []
    months: list[dict] = []
    strength: list[dict] = []
    bars: list[dict] = []
    bar_name: str = ""
    streaks: list[dict] = []
    notes: list[dict] = []
    next_day_at: int = 0
    _habit_id: int = 0

    @rx.var
    def heading(self) -> str:
        return self.name if self.loaded and not self.missing else "Habit"

    async def _reload(self) -> None:
        now = utcnow()
        try:
            user, report = await db.run(_report_tx, self.session_token, now, self._habit_id)
        except HabitNotFound:
            self._show(None)
            return
        await tabs.register(user.user_id, self.router.session.client_token)
        self._show(report)
        self.weekdays = _weekday_labels(user.first_weekday)
        self.next_day_at = int(next_midnight_utc(now, user.timezone).timestamp() * 1000)

    def _show(self, r: HabitReport | None) -> None:
        """Show `r`, or the not-found state; nothing of a habit shown before survives either way."""
        habit_id = self._habit_id
        self.reset()  # this state's own vars (the session token lives in AuthState)
        self._habit_id, self.loaded, self.missing = habit_id, True, r is None
        if r is None:
            return
        h = r.habit
        self.name, self.color = h.name, h.color
        self.schedule = " · ".join(filter(None, [Schedule.from_text(h.schedule).describe(), _target_text(r)]))
        self.has_history = r.stats.first_day is not None
        self.cards = _cards(r)
        self.heatmap, self.heatmap_start = r.heatmap, r.heatmap_start.isoformat()
        self.months = _month_labels(r.heatmap_start)
        self.strength = [{"day": p.day.strftime("%d %b"), "score": round(p.value * 100, 1)} for p in r.strength]
        self.bars = [{"label": p.day.strftime("%b"), "value": round(p.value, 2)} for p in r.months]
        self.bar_name = f"Total ({h.unit})" if h.measurable and h.unit else "Total" if h.measurable else "Days done"
        self.streaks = [{"days": _span(s.start, s.end), "length": _days(s.length)} for s in r.streaks]
        self.notes = [{"day": n.day.isoformat(), "text": n.text} for n in r.notes]

    @rx.event
    async def load(self):
        """on_load: the habit in the URL; a crafted router payload is only ever parsed into an id or 0."""
        params = self.rx_router_page.params
        self._habit_id = parse_habit_id(params.get(ROUTE_ARG) if isinstance(params, dict) else None)
        try:
            await self._reload()
        except NotLoggedIn:
            self.reset()


S = HabitDetailState


def _section(title: str, *children: rx.Component) -> rx.Component:
    return rx.vstack(rx.heading(title, size="4", as_="h2"), *children, spacing="2", width="100%")


def _header() -> rx.Component:
    return rx.hstack(
        rx.box(width="0.8rem", height="0.8rem", border_radius="50%", background=S.color, flex_shrink="0"),
        rx.text(S.schedule, color_scheme="gray"),
        rx.spacer(),
        rx.link("All habits", href=routes.HABITS, size="2"),
        align="center", width="100%", wrap="wrap",
    )


def _streaks() -> rx.Component:
    return _section(
        "Best streaks",
        rx.cond(
            S.streaks.length() > 0,
            rx.el.ol(rx.foreach(S.streaks, lambda s: rx.el.li(rx.text(s["days"], ": ", rx.text.strong(s["length"])))),
                     style={"margin": 0, "padding_left": "1.4rem"}),
            rx.text("No streaks yet.", size="2", color_scheme="gray"),
        ),
    )


def _note(note) -> rx.Component:
    return rx.hstack(
        rx.text(note["day"], size="2", color_scheme="gray", white_space="nowrap", font_variant_numeric="tabular-nums"),
        rx.text(note["text"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
        align="start", spacing="3",
    )


def _notes() -> rx.Component:
    return _section(
        "Notes",
        rx.cond(S.notes.length() > 0, rx.vstack(rx.foreach(S.notes, _note), spacing="2"),
                rx.text("No notes yet.", size="2", color_scheme="gray")),
    )


def _details() -> rx.Component:
    return rx.vstack(
        rx.grid(rx.foreach(S.cards, lambda c: stat_card(c["label"], c["value"], c["hint"])),
                columns=rx.breakpoints(initial="2", sm="3", md="4"), spacing="3", width="100%"),
        _section("Last 12 months", heatmap(S.heatmap, S.heatmap_start, color=S.color, weekdays=S.weekdays,
                                            months=S.months)),
        rx.grid(
            _section("Strength", strength_chart(S.strength, color=S.color)),
            _section("Per month", bar_chart(S.bars, name=S.bar_name, color=S.color)),
            columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%",
        ),
        rx.grid(_streaks(), _notes(), columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
        spacing="5", width="100%",
    )


def _empty() -> rx.Component:
    return rx.callout(
        rx.text("No check-ins yet — tick this habit on the ", rx.link("home page", href=routes.HOME), " or the ",
                rx.link("grid", href=routes.GRID), "."),
        icon="info", width="100%",
    )


def _missing() -> rx.Component:
    return rx.callout(
        rx.text("This habit does not exist or is not yours. ", rx.link("Back to your habits", href=routes.HABITS)),
        icon="info", color_scheme="gray", width="100%",
    )


def habit_detail_page() -> rx.Component:
    return app_shell(
        day_watch(at=S.next_day_at, on_due=S.load),
        rx.cond(
            S.loaded,
            rx.cond(S.missing, _missing(),
                    rx.fragment(_header(), rx.cond(S.has_history, _details(), _empty()))),
            rx.center(rx.spinner(), width="100%"),
        ),
        title=S.heading,
    )
