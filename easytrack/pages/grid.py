"""/grid: the paper sheet — habits in rows, days in columns; click or drag to fill cells."""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from easytrack import db, routes
from easytrack.components.clientinfo import client_info
from easytrack.components.daywatch import day_watch
from easytrack.components.entry_dialog import entry_dialog
from easytrack.components.layout import app_shell
from easytrack.components.ticks import tick_grid
from easytrack.domain.calendar import WEEKDAY_NAMES, is_weekend, parse_day, shift_month, today_in_zone
from easytrack.domain.grid import MONTH, WEEK, window_for
from easytrack.services import board
from easytrack.state.auth import NotLoggedIn, _validated_user, utcnow
from easytrack.state.entry import EntryState
from easytrack.state.tracker import TrackerState, reloadable


def _grid_tx(session, token: str, now, view: str, anchor: str):
    user = _validated_user(session, token, now)
    today = today_in_zone(now, user.timezone)
    try:
        focus = parse_day(anchor) if anchor else today
    except ValueError:
        focus = today
    days = window_for(view, focus, user.first_weekday)
    return user, today, days, board.load_board(session, user_id=user.user_id, days=days, today=today,
                                               first_weekday=user.first_weekday)


def _columns(days: list[date], today: date) -> list[dict]:
    return [
        {"d": d.isoformat(), "label": str(d.day), "dow": WEEKDAY_NAMES[d.weekday()][:2], "we": is_weekend(d),
         "today": d == today}
        for d in days
    ]


def _title(days: list[date], view: str) -> str:
    first, last = days[0], days[-1]
    if view == MONTH:
        return first.strftime("%B %Y")
    if first.month == last.month:
        return f"{first.day}–{last.day} {last.strftime('%B %Y')}"
    return f"{first.day} {first.strftime('%b')} – {last.day} {last.strftime('%b %Y')}"


@reloadable
class GridState(TrackerState):
    view: str = MONTH
    anchor: str = ""  # a day inside the window shown; "" = today
    title: str = ""
    days: list[dict] = []
    rows: list[dict] = []
    loaded: bool = False

    async def _reload(self) -> None:
        user, today, days, data = await db.run(_grid_tx, self.session_token, utcnow(), self.view, self.anchor)
        await self._set_user_day(user)
        self.rev, self.patches = data.rev, []
        self.days, self.title = _columns(days, today), _title(days, self.view)
        self.rows = [
            {"id": r.habit_id, "name": r.name, "color": r.color, "cells": r.cells, "streak": r.streak,
             "group": r.group, "m": r.measurable, "url": routes.habit_url(r.habit_id)}
            for r in data.rows
        ]
        self.loaded = True

    async def _go(self, anchor: str):
        self.anchor = anchor
        try:
            await self._reload()
        except NotLoggedIn:
            self.loaded = False

    @rx.event
    async def load(self):
        await self._go(self.anchor)

    def _shifted(self, step: int) -> str:
        """The anchor `step` windows away; "" (today) while nothing is loaded yet."""
        base = self.anchor or self.today
        if not base:
            return ""
        focus = parse_day(base)
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
        if view in (MONTH, WEEK) and view != self.view:
            self.view = view
            await self._go(self.anchor)

    @rx.event
    async def client_info(self, zone: str, small: bool):
        """On mount: a phone gets the week view."""
        if small is True:
            await self.set_view(WEEK)


def _toolbar() -> rx.Component:
    return rx.hstack(
        rx.icon_button(rx.icon("chevron-left"), on_click=GridState.previous_window, variant="soft",
                       aria_label="Previous"),
        rx.heading(GridState.title, size="4", as_="h2", min_width="10rem", text_align="center"),
        rx.icon_button(rx.icon("chevron-right"), on_click=GridState.next_window, variant="soft", aria_label="Next"),
        rx.button("Today", on_click=GridState.go_today, variant="outline"),
        rx.spacer(),
        rx.segmented_control.root(
            rx.segmented_control.item("Month", value=MONTH),
            rx.segmented_control.item("Week", value=WEEK),
            value=GridState.view,
            on_change=GridState.set_view,
            aria_label="View",
        ),
        align="center", width="100%", wrap="wrap", spacing="2",
    )


def _empty() -> rx.Component:
    return rx.callout(
        rx.text("No habits yet. ", rx.link("Add your first habit on the home page", href=routes.HOME),
                ", then fill in its days here like on paper."),
        icon="info", width="100%",
    )


def grid_page() -> rx.Component:
    return app_shell(
        day_watch(at=GridState.next_day_at, on_due=GridState.load),
        client_info(on_info=GridState.client_info),
        _toolbar(),
        rx.cond(
            GridState.loaded,
            rx.cond(
                GridState.rows.length() > 0,
                tick_grid(days=GridState.days, rows=GridState.rows, rev=GridState.rev, patches=GridState.patches,
                          on_set=GridState.set_cell, on_menu=EntryState.open_entry, on_resync=GridState.load),
                _empty(),
            ),
            rx.center(rx.spinner(), width="100%"),
        ),
        entry_dialog(EntryState),
        rx.text("Click a day to fill or clear it; drag across days to paint them; arrow keys and Space work too. "
                "Right-click or press and hold a day to skip it, mark it not done, enter an amount or add a note.",
                size="2", color_scheme="gray"),
        title="Grid",
    )
