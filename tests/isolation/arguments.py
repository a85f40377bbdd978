"""Arguments for calling every handler as user B, aimed at user A's ids.

Parameters named like ids (`habit_id`, `group_id`, `token_id`, `id`, ...) get each of A's ids of that
kind; other parameters get plausible values by name (PLAUSIBLE). Only parameters whose value depends on
the handler (form dicts) need an entry in FORMS, keyed "State.handler"; a handler with a parameter that
neither covers makes `test_every_handler_has_arguments` fail, naming it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass

from tests.isolation.handlers import ID_NAME, Handler
from tests.isolation.world import A_EMAIL, A_GROUP, A_HABITS, A_PUSH_ENDPOINT, A_SOURCE_ID, Alice, today_utc

MAX_CASES = 12  # per handler: the product of the candidate values, cut


@dataclass(frozen=True)
class Ctx:
    alice: Alice
    b_email: str
    b_password: str

    def ids(self, param: str) -> list[int]:
        a = self.alice
        if "habit" in param:
            return list(a.habit_ids)
        if "group" in param:
            return [a.group_id]
        if "token" in param:
            return [a.api_token_id]
        if "device" in param:
            return [a.device_id]
        if "channel" in param:
            return [a.channel_id]
        if "reminder" in param:
            return list(a.reminder_ids)
        return [*a.habit_ids, a.group_id, a.api_token_id, a.user_id]  # an unknown kind of id: all of A's


def upload(name: str, data: bytes):
    """What Reflex's upload endpoint hands an upload handler: an `rx.UploadFile`."""
    import io
    from pathlib import Path

    import reflex as rx

    return rx.UploadFile(file=io.BytesIO(data), path=Path(name), size=len(data))


def import_file() -> bytes:
    """An easytrack export whose habit carries A's source id: an import must still only touch B's data."""
    habit = {"name": "B imported", "position": 0, "group": "B group", "source_id": A_SOURCE_ID, "description": "",
             "question": "", "color": "#1c7ed6", "archived": False, "schedule": "daily", "measurable": False,
             "unit": "", "target_value": 0.0, "target_direction": "at_least", "target_period": "day",
             "checkins": [{"day": "2024-01-01", "state": "done", "amount": None, "note": "B note"}]}
    data = {"format": "easytrack", "version": 1, "exported_at": "2024-02-01T08:00:00+00:00",
            "user": {"timezone": "UTC", "first_weekday": 0}, "groups": [{"name": "B group", "position": 0}],
            "habits": [habit]}
    return json.dumps(data).encode()


PLAUSIBLE: dict[str, Callable[[Ctx], list]] = {
    "day": lambda c: [c.alice.days[0].isoformat(), today_utc().isoformat()],
    # A language code (AuthState.set_language): B's own choice must change nothing of A's.
    "code": lambda c: ["ru", "en", "xx"],
    "value": lambda c: ["1", "0"],
    "req": lambda c: ["b1"],
    "archived": lambda c: [True, False],
    "offset": lambda c: [-1, 1],
    "name": lambda c: ["Renamed by B", A_GROUP],
    "view": lambda c: ["week", "month", "recent"],
    "n": lambda c: [8, 31],
    "year": lambda c: ["0", "2024"],
    "step": lambda c: [-1, 1],
    "small": lambda c: [True, False],
    "disabled": lambda c: [True, False],
    "zone": lambda c: ["Europe/Paris"],
    "files": lambda c: [[upload("export.json", import_file())]],
    "progress": lambda c: [{"progress": 0.5, "loaded": 10, "total": 20}],
    # Push: B's own browser, and A's subscribed endpoint (B must not be able to remove A's device by it).
    "subscription": lambda c: [_b_subscription()],
    "label": lambda c: ["B's phone"],
    "endpoint": lambda c: [A_PUSH_ENDPOINT],
    "message": lambda c: ["Notifications are blocked"],
    # An outbox replayed by B, naming A's habits: each press must be refused as "no longer exists".
    "presses": lambda c: [[{"ref": str(i), "habit_id": h, "day": c.alice.days[0].isoformat(), "state": s}
                           for i, (h, s) in enumerate((h, s) for h in c.alice.habit_ids for s in ("done", None))]],
    "merge": lambda c: [True, False],
    "code": lambda c: ["ru", "en"],
}


def _b_subscription() -> dict:
    from tests.pushservice import Browser

    return Browser().subscription("https://push.example.net/send/b-browser")


def _habit_forms(c: Ctx) -> list[dict]:
    group = str(c.alice.group_id)
    return [
        {"name": "B's own", "group_id": group, "schedule_kind": "daily"},
        {"name": A_HABITS[0], "group_id": group, "measurable": "on", "target_value": "3"},
    ]


FORMS: dict[str, Callable[[Ctx], list]] = {
    "LoginState.submit": lambda c: [{"email": c.b_email, "password": c.b_password},
                                    {"email": c.b_email, "password": "wrong password"}],
    "RegisterState.submit": lambda c: [{"email": "new.b@example.org", "password": "a long password",
                                        "display_name": "B"}],
    "RecoverState.resend": lambda c: [{"email": c.b_email}],
    "RecoverState.forgot": lambda c: [{"email": c.b_email}],
    "RecoverState.set_new_password": lambda c: [{"password": "another long one", "password_again": "another long one"}],
    "SettingsState.save_profile": lambda c: [{"display_name": "B", "timezone": "Europe/Paris", "first_weekday": "6"}],
    "SettingsState.change_password": lambda c: [{"current_password": c.b_password, "new_password": "b's new password",
                                                 "new_password_again": "b's new password"}],
    "SettingsState.change_email": lambda c: [{"new_email": A_EMAIL, "email_password": c.b_password},
                                             {"new_email": "b.new@example.org", "email_password": c.b_password}],
    "SettingsState.delete_account": lambda c: [{"confirm": "DELETE", "delete_password": c.b_password}],
    "EntryState.save_entry": lambda c: [{"state": "skip", "note": "B was here"}, {"state": "clear"},
                                        {"state": "done", "amount": "9", "note": "B"}],
    "HomeState.add_habit": lambda c: [{"name": "B's habit"}, {"name": A_HABITS[0]}],
    "HabitsState.save_habit": _habit_forms,
    "HabitsState.add_group": lambda c: [{"group_name": A_GROUP}],
    "TokensState.create": lambda c: [{"token_name": "B's token"}],
    "AdminState.save_registration": lambda c: [{"registration": "closed", "max_users": "1"}],
    "ChannelsState.add": lambda c: [{"channel_name": "B's hook", "channel_url": "json://hooks.example.net/b"},
                                    {"channel_name": "B's bad", "channel_url": "foo://x"}],
    "RemindersState.save": lambda c: [{"digest_enabled": "on", "digest_time": "07:00",
                                       f"via-digest-c{c.alice.channel_id}": "on"}],
    # B adds a reminder to each of A's habits, and moves each of A's reminders (naming A's channel).
    "RemindersState.add_reminder": lambda c: [{"habit_id": str(h), "time": "06:30", "day-0": "on", "via-email": "on",
                                               f"via-c{c.alice.channel_id}": "on"} for h in c.alice.habit_ids],
    "RemindersState.update_reminder": lambda c: [{"reminder_id": str(r), "time": "05:15", "day-6": "on",
                                                  f"via-c{c.alice.channel_id}": "on"} for r in c.alice.reminder_ids],
}


def candidates(handler: Handler, param: str, c: Ctx) -> list | None:
    """The values to try for one parameter, or None when nothing says what it should be."""
    if ID_NAME.search(param):
        return c.ids(param)
    if handler.key in FORMS and param == "form":
        return FORMS[handler.key](c)
    if param in PLAUSIBLE:
        return PLAUSIBLE[param](c)
    return None


def missing(handler: Handler, c: Ctx) -> list[str]:
    return [p for p in handler.params if candidates(handler, p, c) is None]


def cases(handler: Handler, c: Ctx) -> list[tuple]:
    """Argument tuples for `handler` (at most MAX_CASES, every candidate of each parameter used at least once)."""
    values = [candidates(handler, p, c) for p in handler.params]
    if any(v is None for v in values):
        raise LookupError(f"{handler.key}: no arguments for {missing(handler, c)}")
    product = list(itertools.product(*values))
    widest = max((len(v) for v in values), default=1)
    # Each candidate at least once (zip of the cycles), then the rest of the product up to the cap.
    firsts = [tuple(v[i % len(v)] for v in values) for i in range(widest)]
    out, seen = [], set()
    for args in firsts + product:
        if repr(args) not in seen:
            seen.add(repr(args))
            out.append(args)
    return out[:max(MAX_CASES, widest)]
