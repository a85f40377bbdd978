"""/habits/<id>: one habit's statistics, year heatmap, strength and monthly charts, streaks and notes."""

from __future__ import annotations

import reflex as rx

from easytrack import db, i18n, routes
from easytrack.components.charts import bar_chart, heatmap, stat_card, strength_chart
from easytrack.components.daywatch import day_watch
from easytrack.components.i18n import t, t_var
from easytrack.components.layout import app_shell
from easytrack.domain.calendar import next_midnight_utc, today_in_zone
from easytrack.i18n import N_
from easytrack.pages.habit_format import cards, days_text, month_labels, span_text, target_text, weekday_labels
from easytrack.services import wording
from easytrack.services.errors import HabitNotFound
from easytrack.services.habit_report import HabitReport, habit_report
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


def _report_tx(session, token: str, now, habit_id: int, year: int):
    user = _validated_user(session, token, now)
    report = habit_report(session, user_id=user.user_id, habit_id=habit_id, today=today_in_zone(now, user.timezone),
                          first_weekday=user.first_weekday, year=year or None)
    return user, report


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
    year: int = 0  # the calendar year the heatmap and monthly bars show; 0: the last 12 months
    years: list[str] = []  # every year from this one back to the first entry's, newest first
    _habit_id: int = 0

    @rx.var
    def period_title(self) -> str:
        """The heatmap's title: a year, or a msgid (shown with t_var)."""
        return str(self.year) if self.year else N_("Last 12 months")

    @rx.var
    def can_go_back(self) -> bool:
        oldest = int(self.years[-1]) if self.years else 0
        return len(self.years) > 1 and (self.year == 0 or self.year > oldest)

    @rx.var
    def heading(self) -> str:
        """The habit's name, or "Habit" (English: the page shows it translated, see habit_detail_page)."""
        return self.name if self.loaded and not self.missing else "Habit"

    async def _reload(self) -> None:
        now = utcnow()
        try:
            user, report = await db.run(_report_tx, self.session_token, now, self._habit_id, self.year)
        except HabitNotFound:
            self._show(None)
            return
        await tabs.register(user.user_id, self.router.session.client_token)
        lang = self._page_lang()
        self._show(report, lang)
        self.weekdays = weekday_labels(user.first_weekday, lang)
        self.next_day_at = int(next_midnight_utc(now, user.timezone).timestamp() * 1000)

    def _show(self, r: HabitReport | None, lang: str = i18n.DEFAULT) -> None:
        """Show `r` (its texts in `lang`), or the not-found state; nothing of a habit shown before survives
        either way."""
        habit_id = self._habit_id
        self.reset()  # this state's own vars (the session token lives in AuthState)
        self._habit_id, self.loaded, self.missing = habit_id, True, r is None
        if r is None:
            return
        self.year, self.years = r.year or 0, [str(y) for y in reversed(r.years)]
        h = r.habit
        self.name, self.color = h.name, h.color
        self.schedule = " · ".join(filter(None, [wording.describe_text(h.schedule, lang), target_text(r, lang)]))
        self.has_history = r.stats.first_day is not None
        self.cards = cards(r, lang)
        self.heatmap, self.heatmap_start = r.heatmap, r.heatmap_start.isoformat()
        self.months = month_labels(r.heatmap_start, lang)
        self.strength = [{"day": i18n.day_month_short(p.day, lang), "score": round(p.value * 100, 1)}
                         for p in r.strength]
        self.bars = [{"label": i18n.month_name(p.day.month, lang, "abbreviated"), "value": round(p.value, 2)}
                     for p in r.months]
        self.bar_name = (i18n.gettext(lang, "Total ({unit})", unit=h.unit) if h.measurable and h.unit
                         else i18n.gettext(lang, "Total") if h.measurable else i18n.gettext(lang, "Days done"))
        self.streaks = [{"days": span_text(s.start, s.end), "length": days_text(s.length, lang)} for s in r.streaks]
        self.notes = [{"day": n.day.isoformat(), "text": n.text} for n in r.notes]

    @rx.event
    async def load(self):
        """on_load: the habit in the URL; a crafted router payload is only ever parsed into an id or 0."""
        params = self.rx_router_page.params
        habit_id = parse_habit_id(params.get(ROUTE_ARG) if isinstance(params, dict) else None)
        if habit_id != self._habit_id:
            self._habit_id, self.year = habit_id, 0
        await self._load()

    async def _load(self) -> None:
        try:
            await self._reload()
        except NotLoggedIn:
            self.reset()

    @rx.event
    async def show_year(self, year: str):
        """Show one calendar year ("0": the last 12 months); years without history are refused quietly."""
        if year != "0" and year not in self.years[1:]:  # the newest is this year: the last 12 months
            return
        self.year = int(year)
        await self._load()

    @rx.event
    async def step_year(self, step: int):
        """One year back (-1) or forward (1); forward onto this year returns to the last 12 months."""
        if isinstance(step, bool) or step not in (-1, 1) or not self.years:
            return
        wanted = (self.year or int(self.years[0])) + step
        await self.show_year("0" if wanted >= int(self.years[0]) else str(wanted))


S = HabitDetailState


def _section(title: rx.Var[str], *children: rx.Component) -> rx.Component:
    return rx.vstack(rx.heading(title, size="4", as_="h2"), *children, spacing="2", width="100%")


def _header() -> rx.Component:
    return rx.hstack(
        rx.box(width="0.8rem", height="0.8rem", border_radius="50%", background=S.color, flex_shrink="0"),
        rx.text(S.schedule, color_scheme="gray"),
        rx.spacer(),
        rx.link(t("All habits"), href=routes.HABITS, size="2"),
        align="center", width="100%", wrap="wrap",
    )


def _streaks() -> rx.Component:
    return _section(
        t("Best streaks"),
        rx.cond(
            S.streaks.length() > 0,
            rx.el.ol(rx.foreach(S.streaks, lambda s: rx.el.li(rx.text(s["days"], ": ", rx.text.strong(s["length"])))),
                     style={"margin": 0, "padding_left": "1.4rem"}),
            rx.text(t("No streaks yet."), size="2", color_scheme="gray"),
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
        t("Notes"),
        rx.cond(S.notes.length() > 0, rx.vstack(rx.foreach(S.notes, _note), spacing="2"),
                rx.text(t("No notes yet."), size="2", color_scheme="gray")),
    )


def _details() -> rx.Component:
    return rx.vstack(
        rx.grid(rx.foreach(S.cards, lambda c: stat_card(c["label"], c["value"], c["hint"])),
                columns=rx.breakpoints(initial="2", sm="3", md="4"), spacing="3", width="100%"),
        _year_nav(),
        heatmap(S.heatmap, S.heatmap_start, color=S.color, weekdays=S.weekdays, months=S.months),
        rx.grid(
            _section(t("Strength"), strength_chart(S.strength, color=S.color)),
            _section(t("Per month"), bar_chart(S.bars, name=S.bar_name, color=S.color)),
            columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%",
        ),
        rx.grid(_streaks(), _notes(), columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
        spacing="5", width="100%",
    )


def _year_nav() -> rx.Component:
    """The heatmap's title with year navigation: older history (e.g. imported from Loop) a click away."""
    return rx.hstack(
        rx.heading(t_var(S.period_title), size="4", as_="h2"),
        rx.spacer(),
        rx.icon_button(rx.icon("chevron-left"), variant="soft", size="1", aria_label=t("Previous year"),
                       disabled=~S.can_go_back, on_click=S.step_year(-1)),
        rx.icon_button(rx.icon("chevron-right"), variant="soft", size="1", aria_label=t("Next year"),
                       disabled=S.year == 0, on_click=S.step_year(1)),
        rx.el.select(
            rx.el.option(t("Last 12 months"), value="0"),
            rx.foreach(S.years[1:], lambda y: rx.el.option(y, value=y)),
            value=S.year.to_string(), on_change=S.show_year,
            class_name="native-select", aria_label=t("Year shown"), style={"width": "auto"},
        ),
        align="center", width="100%", spacing="2",
    )


def _empty() -> rx.Component:
    return rx.callout(
        rx.text(t("No check-ins yet — tick this habit on the home page or the grid."), " ",
                rx.link(t("Home page"), href=routes.HOME), " · ", rx.link(t("Grid"), href=routes.GRID)),
        icon="info", width="100%",
    )


def _missing() -> rx.Component:
    return rx.callout(
        rx.text(t("This habit does not exist or is not yours."), " ",
                rx.link(t("Back to your habits"), href=routes.HABITS)),
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
        title=rx.cond(S.loaded & ~S.missing, S.name, t("Habit")),
    )
