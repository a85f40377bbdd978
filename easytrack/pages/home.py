"""/: one big button per habit — press once a day to mark it done, press again to undo."""

from __future__ import annotations

import reflex as rx

from easytrack import db, i18n, routes
from easytrack.components.clientinfo import client_info
from easytrack.components.daywatch import day_watch
from easytrack.components.entry_dialog import entry_dialog
from easytrack.components.i18n import t
from easytrack.domain.calendar import today_in_zone
from easytrack.domain.marks import Cell
from easytrack.i18n import N_
from easytrack.components.layout import app_shell, message
from easytrack.components.ticks import tick_buttons
from easytrack.services import accounts, board, habits
from easytrack.services.errors import ServiceError
from easytrack.state.auth import NotLoggedIn, _validated_user, utcnow
from easytrack.state.entry import EntryState
from easytrack.state.tracker import TrackerState, reloadable

# First-use ideas; a pressed one becomes a habit named in the reader's language.
SUGGESTIONS = (N_("Drink a glass of water"), N_("Walk 10 minutes"), N_("Read 10 pages"), N_("Stretch"),
               N_("No phone in bed"))


def _board_tx(session, token: str, now, lang: str = i18n.DEFAULT):
    user = _validated_user(session, token, now)
    today = today_in_zone(now, user.timezone)
    return user, board.load_board(session, user_id=user.user_id, days=[today], today=today,
                                  first_weekday=user.first_weekday, lang=lang)


@reloadable
class HomeState(TrackerState):
    habits: list[dict] = []
    loaded: bool = False
    error: str = ""
    timezone_known: bool = True

    @rx.var
    def has_habits(self) -> bool:
        return len(self.habits) > 0

    async def _reload(self) -> None:
        user, data = await db.run(_board_tx, self.session_token, utcnow(), self._page_lang())
        await self._set_user_day(user)
        self.timezone_known = user.timezone_set
        self.rev, self.patches = data.rev, []
        self.habits = [
            {"id": r.habit_id, "name": r.name, "color": r.color, "done": r.cells == "1", "streak": r.streak,
             "group": r.group, "m": r.measurable, "detail": r.detail, "g": r.progress,
             "due": r.cells != Cell.NOT_NEEDED.value}
            for r in data.rows
        ]
        self.loaded = True

    @rx.event
    async def load(self):
        """on_load: a dialog left open on another page (or before a reload) does not follow the user here."""
        (await self.get_state(EntryState))._close()
        try:
            await self._reload()
        except NotLoggedIn:
            self.loaded = False

    @rx.event
    async def client_info(self, zone: str, small: bool):
        """On mount: until the user has a time zone, take the browser's (editable in settings)."""
        if self.loaded and not self.timezone_known and isinstance(zone, str) and 0 < len(zone) <= 64:
            try:
                if await self._run_as_user(accounts.set_timezone_if_unset, timezone=zone):
                    await self._reload()
            except ServiceError:  # the session ended meanwhile: the next load redirects to /login
                return

    async def _create(self, name: object):
        self.error = ""
        try:
            await self._change_and_announce(habits.create_habit, name=name)
        except ServiceError as exc:
            self.error = self._error_text(exc)
            return
        await self._reload()

    @rx.event
    async def add_habit(self, form: dict):
        await self._create(form.get("name") if isinstance(form, dict) else None)

    @rx.event
    async def add_suggestion(self, name: str):
        if isinstance(name, str) and name in SUGGESTIONS:
            await self._create(self._t(name))


def _add_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.el.label(t("Name"), html_for="new-habit-name", class_name="sr-only"),
            rx.input(id="new-habit-name", name="name", placeholder=t("A habit to keep, e.g. “Meditate”"),
                     max_length=100, size="3", required=True, flex="1", aria_label=t("Name")),
            rx.button(rx.icon("plus", size=16), t("Add habit"), type="submit", size="3"),
            width="100%",
        ),
        on_submit=HomeState.add_habit,
        reset_on_submit=True,
        width="100%",
    )


def _first_use() -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.text(t("Welcome! Create a button for each habit you want to keep; press it once a day; "
                      "see your month on the grid.")),
            rx.text(t("Type a name below, or start with one of these:"), size="2"),
            rx.hstack(
                *[rx.button(t(s), variant="soft", size="2", on_click=HomeState.add_suggestion(s)) for s in SUGGESTIONS],
                wrap="wrap", spacing="2",
            ),
            spacing="2",
        ),
        icon="sparkles",
        color_scheme="grass",
        width="100%",
    )


def _buttons() -> rx.Component:
    return rx.vstack(
        tick_buttons(habits=HomeState.habits, today=HomeState.today, rev=HomeState.rev,
                     patches=HomeState.patches, on_set=HomeState.set_cell, on_menu=EntryState.open_entry,
                     on_resync=HomeState.load),
        entry_dialog(EntryState),
        rx.text(t("Press a button once when you've done it today; press again to undo; press and hold "
                  "(or right-click) to skip a day or add a note. Habits whose schedule does not ask for today "
                  "are listed last, under “Not needed today”."),
                " ", rx.link(t("See the month on the grid"), href=routes.GRID), size="2", color_scheme="gray"),
        width="100%",
    )


def home_page() -> rx.Component:
    return app_shell(
        day_watch(at=HomeState.next_day_at, on_due=HomeState.load),
        client_info(on_info=HomeState.client_info),
        message(HomeState.error),
        rx.cond(
            HomeState.loaded,
            rx.cond(HomeState.has_habits, _buttons(), _first_use()),
            rx.center(rx.spinner(), width="100%"),
        ),
        _add_form(),
        title=t("Today"),
    )
