"""The day-entry form: done / skipped / not done, an amount for measurable habits, and a note.

It opens on a long press or right-click of a button or cell, and on a plain press of a measurable habit.
The habit and day it edits stay on the server (set only by `open_entry`), never taken from the form.
"""

from __future__ import annotations

from datetime import date

import reflex as rx

from easytrack import i18n, live
from easytrack.domain.calendar import today_in_zone
from easytrack.i18n import N_
from easytrack.services import board
from easytrack.services.errors import ServiceError, ValidationError
from easytrack.state.auth import _validated_user
from easytrack.state.tracker import TrackerState, parse_press, patch, reload_pages

STATES = ("done", "skip", "no", "clear")


def _entry_tx(session, token: str, now, habit_id: int, day: date) -> board.Entry:
    user = _validated_user(session, token, now)
    if day > today_in_zone(now, user.timezone):
        raise ValidationError("You can't fill in a day in the future.")
    return board.entry_of(session, user_id=user.user_id, habit_id=habit_id, day=day)


def _save_entry_tx(session, token: str, now, habit_id: int, day: date, values: dict, lang: str = i18n.DEFAULT):
    user = _validated_user(session, token, now)
    return user, board.set_entry(session, user_id=user.user_id, habit_id=habit_id, day=day,
                                 today=today_in_zone(now, user.timezone), first_weekday=user.first_weekday,
                                 lang=lang, **values)


def entry_values(form: object, measurable: bool) -> dict:
    """State, amount and note from the entry form; raises ValueError with a user-facing message (a msgid).

    A measurable habit's form preselects no state: an amount typed in then counts as the day's entry
    (whether it meets the target is the domain's call), and no amount and no choice clears the day.
    """
    form = form if isinstance(form, dict) else {}
    note, raw = form.get("note", ""), form.get("amount", "")
    state = form.get("state", "" if measurable else "done")
    if state not in (*STATES, "") or not isinstance(note, str) or not isinstance(raw, str):
        raise ValueError(N_("Please check what you entered."))
    amount = None
    if measurable and state in ("done", "") and raw.strip():
        try:
            amount = float(raw.strip().replace(",", "."))
        except ValueError:
            raise ValueError(N_("The amount must be a number, like 12 or 2.5.")) from None
        state = "done"
    return {"state": None if state in ("clear", "") else state, "amount": amount, "note": note}


def _form_fields(found: board.Entry, lang: str = i18n.DEFAULT) -> dict:
    h, c = found.habit, found.checkin
    return {
        "name": h.name, "day": i18n.full_date(found.day, lang), "measurable": h.measurable, "unit": h.unit,
        "target": board.amount_detail(h, None, lang).removeprefix("– / ") if h.measurable else "",
        "state": c.state if c else ("" if h.measurable else "clear"),
        "amount": "" if c is None or c.amount is None else f"{c.amount:g}", "note": c.note if c else "",
    }


class EntryState(TrackerState):
    entry_open: bool = False
    entry: dict = {}
    entry_error: str = ""
    _entry_key: tuple[int, date, bool] | None = None

    @rx.event
    async def open_entry(self, habit_id: int, day: str):
        self.entry_open, self.entry_error = False, ""
        try:
            press = parse_press(habit_id, day, "1", "")
            found = await self._db_run(_entry_tx, press.habit_id, press.day)
        except ServiceError as exc:
            return rx.toast.error(self._error_text(exc))
        except ValueError as exc:
            return rx.toast.error(self._t(str(exc)))
        self._entry_key = (found.habit.id, found.day, found.habit.measurable)
        self.entry, self.entry_open = _form_fields(found, self._page_lang()), True

    def _close(self) -> None:
        self.entry_open, self._entry_key = False, None

    @rx.event
    def close_entry(self):
        self._close()

    @rx.event
    async def save_entry(self, form: dict):
        if self._entry_key is None:
            self.entry_open = False
            return
        habit_id, day, measurable = self._entry_key
        try:
            values = entry_values(form, measurable)
            user, result = await self._db_run(_save_entry_tx, habit_id, day, values, self._page_lang())
        except ValueError as exc:
            self.entry_error = self._t(str(exc))
            return
        except ServiceError as exc:
            self.entry_error = self._error_text(exc)
            return
        self._push(patch(result.rev, habit_id, day.isoformat(), result.cell, result.streak, progress=result.progress))
        self._close()
        change = live.Cell(result.rev, habit_id, day)
        if measurable or values["note"] != self.entry.get("note", ""):
            # The amount or note marker shown in cells and buttons changed too: pages reload, not patch.
            change = live.Reload(result.rev)
            await reload_pages(self)
        live.publish_soon(user.user_id, change, origin=self.router.session.client_token)
