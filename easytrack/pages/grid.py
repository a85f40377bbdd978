"""/grid: the paper sheet — habits in rows, days in columns; click or drag to fill cells."""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from easytrack import db, i18n, routes
from easytrack.components.daywatch import day_watch
from easytrack.components.entry_dialog import entry_dialog
from easytrack.components.i18n import t
from easytrack.components.layout import app_shell
from easytrack.components.ticks import tick_grid, tick_legend
from easytrack.domain.calendar import is_weekend, parse_day, shift_month, today_in_zone
from easytrack.domain.grid import MONTH, WEEK, window_for
from easytrack.domain.progress import MAX_RECENT_DAYS, MIN_RECENT_DAYS, recent_days
from easytrack.services import board, wording
from easytrack.state.auth import NotLoggedIn, _validated_user, utcnow
from easytrack.state.entry import EntryState
from easytrack.state.tracker import TrackerState, reloadable


RECENT = "recent"  # Loop's "last N days": N columns ending on the anchor (today by default)
VIEWS = (RECENT, WEEK, MONTH)


def _grid_tx(session, token: str, now, view: str, anchor: str, n: int, lang: str = i18n.DEFAULT):
    user = _validated_user(session, token, now)
    today = today_in_zone(now, user.timezone)
    try:
        focus = parse_day(anchor) if anchor else today
    except ValueError:
        focus = today
    days = recent_days(min(focus, today), n) if view == RECENT else window_for(view, focus, user.first_weekday)
    return user, today, days, board.load_board(session, user_id=user.user_id, days=days, today=today,
                                               first_weekday=user.first_weekday, lang=lang)


def _row(r: board.Row) -> dict:
    row = {"id": r.habit_id, "name": r.name, "color": r.color, "cells": r.cells, "streak": r.streak,
           "group": r.group, "m": r.measurable, "url": routes.habit_url(r.habit_id)}
    if r.measurable:
        row["a"] = list(r.amounts)
    if r.notes:
        row["n"] = {d.isoformat(): text for d, text in r.notes}
    return row


def _weekday(d: date, lang: str) -> str:
    """A column's weekday: two letters in English ("Mo", as the grid always had), CLDR's short name
    elsewhere ("пн")."""
    if i18n.choose(lang) == i18n.DEFAULT:
        return i18n.weekday_name(d.weekday(), lang)[:2]
    return i18n.weekday_name(d.weekday(), lang, "short")


def _columns(days: list[date], today: date, lang: str = i18n.DEFAULT) -> list[dict]:
    return [
        {"d": d.isoformat(), "label": str(d.day), "dow": _weekday(d, lang), "we": is_weekend(d),
         "today": d == today}
        for d in days
    ]


def _title(days: list[date], view: str, lang: str = i18n.DEFAULT) -> str:
    """The heading: "December 2026" for a month (nominative), else the span ("1–14 December 2026")."""
    first, last = days[0], days[-1]
    if view == MONTH:
        return i18n.month_year(first, lang)
    return wording.date_range(first, last, lang)


@reloadable
class GridState(TrackerState):
    view: str = RECENT
    anchor: str = ""  # a day inside the window shown (the last one in the recent view); "" = today
    recent_n: int = 14  # columns of the recent view: as many as fit, reported by the grid (`fit`)
    # The last count that fitted on this device: the next visit loads that many at once, so the columns do
    # not shift under a finger right after the page opens.
    fitted_days: str = rx.LocalStorage("", name="easytrack_grid_days")
    title: str = ""
    days: list[dict] = []
    rows: list[dict] = []
    loaded: bool = False

    async def _reload(self) -> None:
        lang = self._page_lang()
        user, today, days, data = await db.run(_grid_tx, self.session_token, utcnow(), self.view, self.anchor,
                                               self.recent_n, lang)
        await self._set_user_day(user)
        self.rev, self.patches = data.rev, []
        self.days, self.title = _columns(days, today, lang), _title(days, self.view, lang)
        self.rows = [_row(r) for r in data.rows]
        self.loaded = True

    async def _go(self, anchor: str):
        self.anchor = anchor
        try:
            await self._reload()
        except NotLoggedIn:
            self.loaded = False

    @rx.event
    async def load(self):
        """on_load: a dialog left open on another page (or before a reload) does not follow the user here."""
        (await self.get_state(EntryState))._close()
        saved = _fitted(self.fitted_days)
        if saved:
            self.recent_n = saved
        await self._go(self.anchor)

    def _shifted(self, step: int) -> str:
        """The anchor `step` windows away; "" (today) while nothing is loaded yet."""
        base = self.anchor or self.today
        if not base:
            return ""
        focus = parse_day(base)
        if self.view == RECENT:
            shifted = focus + timedelta(days=self.recent_n * step)
            return "" if self.today and shifted >= parse_day(self.today) else shifted.isoformat()
        if self.view == WEEK:
            return (focus + timedelta(days=7 * step)).isoformat()
        return shift_month(focus, step).isoformat()

    @rx.event
    async def previous_window(self):
        await self._go(self._shifted(-1))

    @rx.event
    async def next_window(self):
        await self._go(self._shifted(1))

    @rx.event
    async def go_today(self):
        await self._go("")

    @rx.event
    async def set_view(self, view: str | list[str]):
        if view in VIEWS and view != self.view:
            self.view = view
            await self._go(self.anchor)

    @rx.event
    async def fit(self, n: int):
        """The grid reports how many day columns fit its box: the recent view shows that many."""
        if isinstance(n, bool) or not isinstance(n, int) or not MIN_RECENT_DAYS <= n <= MAX_RECENT_DAYS:
            return
        if str(n) != self.fitted_days:
            self.fitted_days = str(n)
        if n != self.recent_n:
            self.recent_n = n
            if self.view == RECENT and self.loaded:
                await self._go(self.anchor)


def _fitted(saved: str) -> int | None:
    """The day count kept in the browser, when it is a sane one (the browser may send anything)."""
    if not isinstance(saved, str) or not saved.isdigit():
        return None
    n = int(saved)
    return n if MIN_RECENT_DAYS <= n <= MAX_RECENT_DAYS else None


def _toolbar() -> rx.Component:
    return rx.hstack(
        rx.icon_button(rx.icon("chevron-left"), on_click=GridState.previous_window, variant="soft",
                       aria_label=t("Previous")),
        rx.heading(GridState.title, size="4", as_="h2", min_width="10rem", text_align="center"),
        rx.icon_button(rx.icon("chevron-right"), on_click=GridState.next_window, variant="soft",
                       aria_label=t("Next")),
        rx.button(t("Today"), on_click=GridState.go_today, variant="outline"),
        rx.spacer(),
        rx.segmented_control.root(
            rx.segmented_control.item(t("Recent"), value=RECENT),
            rx.segmented_control.item(t("Week"), value=WEEK),
            rx.segmented_control.item(t("Month"), value=MONTH),
            value=GridState.view,
            on_change=GridState.set_view,
            aria_label=t("View"),
        ),
        align="center", width="100%", wrap="wrap", spacing="2",
    )


def _empty() -> rx.Component:
    return rx.callout(
        rx.text(t("No habits yet: add your first habit on the home page, then fill in its days here like on paper."),
                " ", rx.link(t("Go to the home page"), href=routes.HOME)),
        icon="info", width="100%",
    )


def grid_page() -> rx.Component:
    return app_shell(
        day_watch(at=GridState.next_day_at, on_due=GridState.load),
        _toolbar(),
        rx.cond(
            GridState.loaded,
            rx.cond(
                GridState.rows.length() > 0,
                tick_grid(days=GridState.days, rows=GridState.rows, rev=GridState.rev, patches=GridState.patches,
                          fit=GridState.view == RECENT, on_set=GridState.set_cell, on_menu=EntryState.open_entry,
                          on_resync=GridState.load, on_fit=GridState.fit),
                _empty(),
            ),
            rx.center(rx.spinner(), width="100%"),
        ),
        entry_dialog(EntryState),
        tick_legend(),
        rx.text(t("Click or tap a day to fill or clear it; drag along a row to paint days; arrow keys and Space work "
                  "too. Right-click or press and hold a day to skip it, mark it not done, enter an amount or add a "
                  "note."),
                size="2", color_scheme="gray"),
        title=t("Grid"),
    )
