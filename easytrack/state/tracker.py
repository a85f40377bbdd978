"""Ticks: one press sets one cell; the answer and every other tab's view arrive as small patches."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import reflex as rx

from easytrack import db, i18n, live, routes
from easytrack.domain.calendar import next_midnight_utc, parse_day, today_in_zone
from easytrack.i18n import N_
from easytrack.services import board
from easytrack.services.accounts import SessionUser
from easytrack.services.errors import ServiceError
from easytrack.state import tabs
from easytrack.state.auth import AuthState, NotLoggedIn, _validated_user, utcnow

PATCHES_KEPT = 8
RESYNC_KEY = "easytrack-resync"
_REQ = re.compile(r"[a-z0-9]{1,12}")


@dataclass(frozen=True)
class Press:
    """A validated press from the browser."""

    habit_id: int
    day: date
    done: bool
    req: str


def parse_press(habit_id: object, day: object, value: object, req: object) -> Press:
    """Check what a (possibly crafted) websocket message sent; raises ValueError with a user-facing text (an
    English msgid: translate it where it is shown)."""
    if isinstance(habit_id, bool) or not isinstance(habit_id, int) or not 0 < habit_id < 2**63:
        raise ValueError(N_("That habit no longer exists."))
    if not isinstance(day, str) or len(day) != 10:
        raise ValueError(N_("That is not a day."))
    if value not in ("0", "1"):
        raise ValueError(N_("Unknown action."))
    if not isinstance(req, str) or not _REQ.fullmatch(req):
        req = ""
    return Press(habit_id, parse_day(day), value == "1", req)


def patch(rev: int, habit_id: int, day: str, cell: str, streak: int, req: str = "", error: str = "",
          progress: str = "") -> dict:
    return {"r": rev, "h": habit_id, "d": day, "c": cell, "s": streak, "q": req, "e": error, "g": progress}


def _press_tx(session, token: str, now, press: Press, lang: str = i18n.DEFAULT) -> tuple[SessionUser, board.Tick]:
    user = _validated_user(session, token, now)
    today = today_in_zone(now, user.timezone)
    return user, board.tick(session, user_id=user.user_id, habit_id=press.habit_id, day=press.day,
                            done=press.done, today=today, first_weekday=user.first_weekday, lang=lang)


def _cell_tx(session, token: str, now, habit_id: int, day: date, lang: str = i18n.DEFAULT) -> board.Tick:
    user = _validated_user(session, token, now)
    return board.cell_now(session, user_id=user.user_id, habit_id=habit_id, day=day,
                          today=today_in_zone(now, user.timezone), first_weekday=user.first_weekday, lang=lang)


class TrackerState(AuthState):
    """Shared by the home and grid pages: today's date, the loaded revision and the patch stream."""

    today: str = ""
    rev: int = 0
    patches: list[dict] = []
    # Milliseconds since the epoch of the next midnight in the user's zone: the page reloads then.
    next_day_at: int = 0

    async def _set_user_day(self, user: SessionUser) -> date:
        now = utcnow()
        today = today_in_zone(now, user.timezone)
        self.today = today.isoformat()
        self.next_day_at = int(next_midnight_utc(now, user.timezone).timestamp() * 1000)
        await tabs.register(user.user_id, self.router.session.client_token)
        return today

    def _push(self, entry: dict) -> None:
        self.patches = [*self.patches[-(PATCHES_KEPT - 1):], entry]

    async def _refuse(self, press: Press | None, day: object, habit_id: object, req: str, message: str) -> None:
        """Answer a refused press with the cell's real value, so the page rolls back; the page says why."""
        if press is None:
            if isinstance(day, str) and isinstance(habit_id, int) and not isinstance(habit_id, bool):
                self._push(patch(0, habit_id, day[:10], "", 0, req, message))
            return
        try:
            now = await self._db_run(_cell_tx, press.habit_id, press.day, self._page_lang())
            self._push(patch(0, press.habit_id, press.day.isoformat(), now.cell, now.streak, req, message))
        except ServiceError:
            self._push(patch(0, press.habit_id, press.day.isoformat(), "0", 0, req, message))


    async def _db_run(self, fn, *args):
        """Run `fn(session, token, now, *args)` in one transaction on a worker thread."""
        return await db.run(fn, self.session_token, utcnow(), *args)

    @rx.event
    async def set_cell(self, habit_id: int, day: str, value: str, req: str):
        """A press: mark `day` of `habit_id` done ("1") or clear it ("0"); `req` is echoed back."""
        req = req if isinstance(req, str) and _REQ.fullmatch(req) else ""
        try:
            press = parse_press(habit_id, day, value, req)
        except ValueError as exc:
            return await self._refuse(None, day, habit_id, req, self._t(str(exc)))
        try:
            user, result = await self._db_run(_press_tx, press, self._page_lang())
        except NotLoggedIn:
            if self.session_token:  # expired, logged out elsewhere, or disabled: roll back, then log in
                await self._refuse(None, day, habit_id, req, self._t("Please log in again."))
                return rx.redirect(f"{routes.LOGIN}?next={quote(self.router.url.path or routes.HOME, safe='/')}")
            # This tab's server-side state is gone (a restarted Redis or worker) although the browser may
            # still hold its session: roll back, and have the page send its stored values again (removing
            # an unused key makes Reflex re-run the page's start-up events, which re-validate the session).
            await self._refuse(None, day, habit_id, req, self._t("Reconnected: please press again."))
            return rx.remove_local_storage(RESYNC_KEY)
        except ServiceError as exc:
            return await self._refuse(press, day, habit_id, req, self._error_text(exc))
        iso = press.day.isoformat()
        self._push(patch(result.rev, press.habit_id, iso, result.cell, result.streak, req,
                         progress=result.progress))
        live.publish_soon(user.user_id, live.Cell(result.rev, press.habit_id, press.day),
                           origin=self.router.session.client_token)


# Page states that show the user's data register here, so a change made elsewhere reloads them.
_reloadable: list[type] = []
_reload_on_cell: set[type] = set()


def reloadable(cls: type | None = None, *, on_cell: bool = False):
    """Class decorator for page states with an async `_reload()` and a `loaded` var.

    `on_cell=True`: reload also when one day changes elsewhere (pages that cannot apply a patch).
    """

    def register(page_cls: type) -> type:
        _reloadable.append(page_cls)
        if on_cell:
            _reload_on_cell.add(page_cls)
        return page_cls

    return register(cls) if cls is not None else register


async def reload_pages(state: TrackerState, *, cells_only: bool = False) -> None:
    """Reload every registered page state of `state`'s tab that has loaded its data.

    With `cells_only` (one day changed, already patched in), only pages that cannot take a patch reload:
    those registered with `reloadable(on_cell=True)` (e.g. a habit's statistics).
    """
    for cls in _reloadable:
        if cells_only and cls not in _reload_on_cell:
            continue
        page = await state.get_state(cls)
        if page.loaded:
            await page._reload()


def _app():
    from easytrack.easytrack import app

    return app


async def _cell_patch(user_id: int, change: live.Cell, lang: str = "") -> dict | None:
    try:
        now = await db.run(board.cell_for_user, user_id=user_id, habit_id=change.habit_id, day=change.day,
                           now=utcnow(), lang=lang)
    except ServiceError:
        return None  # the habit is gone: a Reload follows
    return patch(change.rev, change.habit_id, change.day.isoformat(), now.cell, now.streak, progress=now.progress)


async def _deliver(user_id: int, change: live.Change, origin: str) -> None:
    """Push `change` into every other open tab of the user on this worker."""
    tokens = await tabs.others(user_id, origin)
    if not tokens:
        return
    app = _app()
    entry = await _cell_patch(user_id, change) if isinstance(change, live.Cell) else None  # the account's language
    # A quota's progress ("2/3 this week") is a text: a tab in another language gets the patch in its own.
    worded: dict[str, dict | None] = {}
    connected = app.event_namespace._token_manager
    for token in tokens:
        if not await connected.is_token_connected(token):
            await tabs.forget(user_id, token)
            continue
        async with app.modify_state(rx.BaseStateToken(ident=token, cls=TrackerState)) as root:
            tracker = await root.get_state(TrackerState)
            mine = entry
            if entry is not None and entry["g"] and tracker.lang:
                if tracker.lang not in worded:
                    worded[tracker.lang] = await _cell_patch(user_id, change, tracker.lang)
                mine = worded[tracker.lang] or entry
            if mine is not None:
                tracker._push(mine)
            await reload_pages(tracker, cells_only=mine is not None)


live.subscribe(_deliver)

