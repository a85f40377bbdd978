"""Every event handler, called by user B (and by a tab nobody logged in to) with user A's ids: A is untouched.

The handlers are found by walking Reflex's state tree, so a new one is covered without editing this file;
if its arguments cannot be synthesised from their names, `test_every_handler_has_arguments` names it.
For each handler, three callers try their worst:
  * B, logged in, passing A's ids (and plausible values for the rest) as arguments;
  * B, with A's ids planted in B's own server-side state (`editing_id`, `_entry_key`, `_habit_id`, ...)
    and in the route the tab claims to be on;
  * an anonymous tab (no session token), with the same arguments and planted ids.
After every call: A's rows in every table are exactly as before, nothing of A's (names, notes, e-mail,
tokens) is anywhere in B's state or in what the handler returned, and the handler raised nothing.
"""

from __future__ import annotations

import itertools

import pytest

from tests.app.conftest import account, app_db, new_tab, substate  # noqa: F401  (app_db: fixture)
from tests.factories import PASSWORD, fast_hashing  # noqa: F401  (fast_hashing: fixture)
from tests.isolation.arguments import Ctx, cases, missing
from tests.isolation.drive import claim_route, plant_ids, run, short, visible
from tests.isolation.handlers import app_handlers
from tests.isolation.world import A_HABITS, diff, exposed, make_alice, snapshot

HANDLERS = app_handlers()
# Handlers known to raise (a bug: Reflex shows an error toast) — each with a failing regression test in
# tests/fuzz/test_handlers_fuzz.py. Strict: once a handler stops raising, this test fails until it is removed.
KNOWN_RAISES: dict[str, str] = {}
EXERCISED: set[str] = set()
_b_numbers = itertools.count(1)


def test_the_walk_finds_the_apps_handlers():
    keys = {h.key for h in HANDLERS}
    assert len(HANDLERS) >= 40, sorted(keys)
    assert {"TrackerState.set_cell", "EntryState.save_entry", "HabitsState.delete_habit", "AuthState.logout",
            "HabitDetailState.load"} <= keys
    assert not any(h.name == "setvar" for h in HANDLERS)  # Reflex's own are skipped


def test_every_handler_has_arguments(app_db):
    alice = make_alice(app_db)
    ctx = Ctx(alice, "b@example.org", PASSWORD)
    unknown = {h.key: missing(h, ctx) for h in HANDLERS if missing(h, ctx)}
    assert not unknown, f"add these parameters to tests/isolation/arguments.py (FORMS or PLAUSIBLE): {unknown}"


def _tab(engine, email: str):
    """A fresh tab: logged in as a new user B with `email`, or anonymous when `email` is ""."""
    root = new_tab()
    if email:
        from easytrack.state.auth import AuthState

        substate(root, AuthState).session_token = account(engine, email)[1]
    return root


def planted_values(alice) -> dict:
    """A's ids for every server-held var that names a row (a new one makes `_plant` fail until added here)."""
    return {"editing_id": alice.habit_id, "_habit_id": alice.habit_id, "_pending_id": alice.user_id,
            "_entry_key": (alice.habit_id, alice.days[0], False)}


def _plant(root, alice) -> None:
    claim_route(root, {"habit_id": str(alice.habit_id)}, {"group_id": str(alice.group_id)})
    planted, unknown = plant_ids(root, planted_values(alice))
    assert planted and not unknown, f"add these to planted_values() in {__file__}: {unknown}"


CALLERS = ("B with A's ids", "B with A's ids planted in its state", "anonymous tab")


@pytest.mark.parametrize("handler", HANDLERS, ids=lambda h: h.key)
async def test_user_b_cannot_touch_or_see_user_as_data(app_db, fast_hashing, handler):  # noqa: F811
    alice = make_alice(app_db)
    failures: list[str] = []
    calls, raised = 0, []
    for caller in CALLERS:
        for n in range(len(cases(handler, Ctx(alice, "", PASSWORD)))):
            email = "" if caller == "anonymous tab" else f"b{next(_b_numbers)}@example.org"
            args = cases(handler, Ctx(alice, email, PASSWORD))[n]
            root = _tab(app_db, email)
            if caller != CALLERS[0]:
                _plant(root, alice)
            before = snapshot(app_db, alice)
            try:
                outputs = await run(root, handler, args)
            except Exception as exc:  # noqa: BLE001 (Reflex would show an error toast: a failure here)
                raised.append(f"{caller} {args!r}: raised {short(exc)}")
                outputs = []
            calls += 1
            changed = diff(before, snapshot(app_db, alice))
            if changed:
                failures.append(f"{caller} {args!r}: changed A's rows: {changed}")
            seen = exposed([visible(root), [repr(o) for o in outputs]], alice)
            seen = [s for s in seen if not _echoed(s, args)]
            if seen:
                failures.append(f"{caller} {args!r}: B can see {seen}")
    EXERCISED.add(handler.key)
    assert calls > 0
    assert not failures, "\n".join(failures)
    if handler.key in KNOWN_RAISES:
        assert raised, f"{handler.key} no longer raises: remove it from KNOWN_RAISES (and its xfail)"
    else:
        assert not raised, "\n".join(raised)


def _echoed(secret: str, args: tuple) -> bool:
    """B typed this text itself (A's habit or group name, into its own form): B seeing it is no leak."""
    return secret in repr(args)


async def test_the_detectors_see_a_real_change_and_a_real_leak(app_db):
    """The owner's own tab does change and show A's data: the checks above are not blind."""
    from easytrack.pages.home import HomeState
    from easytrack.state.auth import AuthState
    from easytrack.state.tracker import TrackerState

    alice = make_alice(app_db)
    root = new_tab()
    substate(root, AuthState).session_token = alice.session_token
    before = snapshot(app_db, alice)
    handlers = {h.key: h for h in HANDLERS}
    await run(root, handlers["HomeState.load"], ())
    assert set(exposed(visible(root), alice)) >= set(A_HABITS)
    await run(root, handlers["TrackerState.set_cell"], (alice.habit_id, alice.days[0].isoformat(), "0", "a1"))
    assert substate(root, TrackerState).patches[-1]["e"] == ""
    assert any(line.startswith("checkins") for line in diff(before, snapshot(app_db, alice)))
    assert substate(root, HomeState).loaded


def test_every_collected_handler_was_exercised(request):
    """Runs last in this module: each handler test that was selected did call its handler."""
    selected = {item.callspec.id for item in request.session.items
                if item.originalname == "test_user_b_cannot_touch_or_see_user_as_data"}
    if not selected:
        pytest.skip("the per-handler tests were not selected")
    expected = {h.key for h in HANDLERS if any(h.key in i.split("-") for i in selected)}
    assert expected and expected <= EXERCISED, f"selected but not exercised: {sorted(expected - EXERCISED)}"
