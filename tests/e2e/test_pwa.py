"""The installed app in a real Chromium: the service worker and its cache, the page offline, the outbox of
offline presses, push notifications delivered to the worker, and the "reload to update" flow."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from easytrack.models import CheckIn, User
from easytrack.services import habits, push_keys
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def _user_with_habits(app_engine, make_account, *names: str) -> tuple[str, int, list[int]]:
    email = make_account("pwa")
    with Session(app_engine) as session:
        user_id = session.exec(select(User.id).where(User.email == email)).one()
        ids = [habits.create_habit(session, user_id=user_id, name=n)[1].id for n in names]
        session.commit()
    return email, user_id, ids


def _controlled(page) -> None:
    """Wait until the service worker controls the page and has cached what it loaded."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)
    _until(page, """caches.keys().then(async (ks) => {
        const cache = await caches.open(ks.find((k) => k.startsWith('easytrack-shell-')));
        return (await cache.keys()).some((r) => r.url.includes('/assets/entry.client'));
    })""")


def _until(page, expression: str, timeout_ms: int = 20_000):
    """The value of `expression` (a promise is awaited) once it is truthy: wait_for_function would take a
    pending promise itself for a truthy answer."""
    for _ in range(timeout_ms // 200):
        if value := page.evaluate(expression):
            return value
        page.wait_for_timeout(200)
    raise AssertionError(f"never true within {timeout_ms} ms: {expression}")


def _button(page, name: str, done: bool):
    return page.get_by_role("button", name=re.compile(rf"^{name}, {'done' if done else 'not done'} today"))


def _checkins(app_engine, habit_id: int) -> list[str]:
    with Session(app_engine) as session:
        return [c.state for c in session.exec(select(CheckIn).where(CheckIn.habit_id == habit_id))]


def test_the_service_worker_is_registered_and_an_offline_reload_still_shows_todays_buttons(
        context, app, app_engine, make_account):
    email, _, _ = _user_with_habits(app_engine, make_account, "Read", "Walk")
    page = context.new_page()
    log_in(page, app, email)
    expect(_button(page, "Read", False)).to_be_visible()
    _controlled(page)
    script = page.evaluate("navigator.serviceWorker.controller.scriptURL")
    assert re.search(r"/sw\.js\?v=[0-9a-f]{12}$", script), script
    page.wait_for_timeout(800)  # the offline copy is written 300 ms after the page settles

    context.set_offline(True)
    page.reload()
    expect(page.get_by_text(re.compile("You are offline"))).to_be_visible()
    expect(_button(page, "Read", False)).to_be_visible()
    expect(_button(page, "Walk", False)).to_be_visible()
    context.set_offline(False)


def test_presses_made_offline_survive_a_reload_and_reach_the_database_once_online(
        context, app, app_engine, make_account):
    email, user_id, (read, walk, swim) = _user_with_habits(app_engine, make_account, "Read", "Walk", "Swim")
    page = context.new_page()
    log_in(page, app, email)
    expect(_button(page, "Read", False)).to_be_visible()
    _controlled(page)
    page.wait_for_timeout(800)

    context.set_offline(True)
    _button(page, "Read", False).click()  # on the live page, disconnected: kept in the outbox too
    expect(_button(page, "Read", True)).to_be_visible()
    page.reload()
    expect(page.get_by_text(re.compile("1 waiting to be sent"))).to_be_visible()
    expect(_button(page, "Read", True)).to_be_visible()
    _button(page, "Walk", False).click()  # on the offline page
    _button(page, "Swim", False).click()
    expect(page.get_by_text(re.compile("3 waiting to be sent"))).to_be_visible()  # counted from the stored outbox
    page.reload()  # and once more: all three are still there
    expect(page.get_by_text(re.compile("3 waiting to be sent"))).to_be_visible()
    for name in ("Read", "Walk", "Swim"):
        expect(_button(page, name, True)).to_be_visible()
    assert _checkins(app_engine, read) == []  # nothing reached the server yet
    with Session(app_engine) as session:  # meanwhile, on another device: Swim is deleted
        habits.delete_habit(session, user_id=user_id, habit_id=swim)
        session.commit()

    context.set_offline(False)
    page.reload()
    expect(page.get_by_text(re.compile(r"2 ticks made offline are saved\. 1 made offline could not be saved: "
                                       r"That habit no longer exists\."))).to_be_visible()
    expect(_button(page, "Read", True)).to_be_visible()
    expect(_button(page, "Walk", True)).to_be_visible()
    assert (_checkins(app_engine, read), _checkins(app_engine, walk)) == (["done"], ["done"])
    page.reload()  # the outbox is empty now: nothing is sent twice
    expect(_button(page, "Walk", True)).to_be_visible()
    page.wait_for_timeout(1500)
    assert page.evaluate("""new Promise((resolve) => {
        const open = indexedDB.open('easytrack-offline');
        open.onsuccess = () => {
            const req = open.result.transaction('outbox').objectStore('outbox').count();
            req.onsuccess = () => resolve(req.result);
        };
    })""") == 0


def _registration_id(cdp, page) -> str:
    versions: list[dict] = []
    cdp.on("ServiceWorker.workerVersionUpdated",
           lambda e: versions.extend(v for v in e["versions"] if v["status"] == "activated"))
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if versions:
            return versions[-1]["registrationId"]
        page.wait_for_timeout(100)  # lets Playwright deliver the CDP events
    raise AssertionError("no active service worker seen over CDP")


def test_a_pushed_reminder_shows_a_notification_whose_done_ticks_the_habit(browser, app, app_engine, make_account):
    email, user_id, (read,) = _user_with_habits(app_engine, make_account, "Read")
    with Session(app_engine) as session:  # the app's own keys (kept in its database)
        keys = push_keys.load_keys(session, env={})
        session.commit()
    today = datetime.now(timezone.utc).date()  # the user's zone is UTC
    token = push_keys.sign_action(keys, user_id=user_id, habit_id=read, day=today, now=datetime.now(timezone.utc))
    context = browser.new_context(permissions=["notifications"])
    try:
        page = context.new_page()
        log_in(page, app, email)
        _controlled(page)
        cdp = context.new_cdp_session(page)
        payload = {"title": "Reminder: Read", "body": "Still open today. Tap Done when it is.",
                   "url": f"/habits/{read}", "tag": f"habit-{read}", "action": token}
        cdp.send("ServiceWorker.deliverPushMessage", {"origin": app.base_url, "data": json.dumps(payload),
                                                      "registrationId": _registration_id(cdp, page)})
        shown = _until(page, """navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((ns) =>
            ns.map((n) => ({title: n.title, body: n.body, tag: n.tag, data: n.data,
                            actions: n.actions.map((a) => a.title)})))""", timeout_ms=10_000)
        assert shown == [{"title": "Reminder: Read", "body": "Still open today. Tap Done when it is.",
                          "tag": f"habit-{read}", "data": {"url": f"/habits/{read}", "action": token},
                          "actions": ["Done"]}]
        assert _checkins(app_engine, read) == []
        # A tap on Done (the system's notification UI cannot be clicked headless: the worker gets the same event).
        [worker] = context.service_workers
        worker.evaluate("""self.registration.getNotifications().then(([n]) =>
            self.dispatchEvent(new NotificationEvent('notificationclick', {notification: n, action: 'done'})))""")
        for _ in range(50):
            if _checkins(app_engine, read):
                break
            page.wait_for_timeout(200)
        assert _checkins(app_engine, read) == ["done"]
        expect(_button(page, "Read", True)).to_be_visible()  # the open page heard of it live
    finally:
        context.close()


def test_turning_push_on_where_no_push_service_answers_says_so(browser, app, make_account):
    context = browser.new_context(permissions=["notifications"])
    try:
        page = context.new_page()
        log_in(page, app, make_account("nopush"))
        page.goto(f"{app.base_url}/settings/reminders")
        expect(page.get_by_role("heading", name="Push notifications")).to_be_visible()
        page.get_by_role("button", name="Turn on notifications on this device").click()
        # A Playwright context is incognito-like: Chromium has no push service there (nor offline here).
        expect(page.get_by_role("alert")).to_contain_text("could not subscribe to push notifications")
    finally:
        context.close()


def test_a_new_deployment_offers_reload_to_update_and_then_runs_the_new_worker(context, app, make_account):
    page = context.new_page()
    log_in(page, app, make_account("update"))
    _controlled(page)
    old = page.evaluate("navigator.serviceWorker.controller.scriptURL")
    # What a new deployment does: the page names a worker script of another build.
    page.evaluate("navigator.serviceWorker.register('/sw.js?v=newbuild00001', {scope: '/'})")
    expect(page.get_by_text("A new version of easytrack is ready.")).to_be_visible(timeout=20_000)
    with page.expect_navigation(timeout=20_000):  # the new worker takes over, then the page reloads itself
        page.get_by_role("button", name="Reload to update").click()
    page.wait_for_function("() => navigator.serviceWorker.controller && "
                           "navigator.serviceWorker.controller.scriptURL.endsWith('v=newbuild00001')", timeout=20_000)
    names = page.evaluate("caches.keys()")
    assert names == ["easytrack-shell-newbuild00001"], (old, names)  # the old build's cache is gone


def test_the_grid_offline_shows_the_last_seen_rows(context, app, app_engine, make_account):
    email, _, _ = _user_with_habits(app_engine, make_account, "Read")
    page = context.new_page()
    log_in(page, app, email)
    _button(page, "Read", False).click()
    expect(_button(page, "Read", True)).to_be_visible()
    page.goto(f"{app.base_url}/grid")
    grid = page.locator(".tk-grid").first
    expect(grid).to_contain_text("Read")
    _controlled(page)
    page.wait_for_timeout(800)

    context.set_offline(True)
    page.reload()
    expect(page.get_by_text(re.compile("You are offline"))).to_be_visible()
    offline = page.locator("#offline-grid")
    expect(offline).to_contain_text("Read")
    expect(offline.locator(".tk-today .tk-c1")).to_have_count(1)  # today, done before going offline
    context.set_offline(False)


def _devices(app_engine, user_id: int) -> list[tuple[str, str, str]]:
    from easytrack.models import PushSubscription

    with Session(app_engine) as session:
        rows = session.exec(select(PushSubscription).where(PushSubscription.user_id == user_id)).all()
        return [(r.endpoint, r.p256dh, r.label) for r in rows]


def test_a_rotated_push_subscription_is_renewed_by_the_service_worker(context, app, app_engine, make_account):
    """Headless Chromium has no push service to rotate a subscription, so the test does what the browser would:
    the page tells the worker its subscription (as push.jsx does), then a `pushsubscriptionchange` event reaches
    the worker. Its own code sends the new subscription to the server, which drops the old one."""
    from easytrack.services import push
    from tests.pushservice import Browser

    email, user_id, _ = _user_with_habits(app_engine, make_account, "Read")
    old, new, newer = (Browser().subscription(f"https://push.example.net/send/{n}") for n in ("old", "new", "newer"))
    with Session(app_engine) as session:
        push.subscribe(session, user_id=user_id, subscription=old, label="Chromium", now=datetime.now(timezone.utc))
        key = push_keys.load_keys(session, env={}).public_key
        session.commit()
    page = context.new_page()
    log_in(page, app, email)
    _controlled(page)
    page.evaluate("([sub, key]) => navigator.serviceWorker.controller.postMessage("
                  "{type: 'push-subscribed', subscription: sub, key})", [old, key])
    _until(page, "caches.open('easytrack-push').then((c) => c.match('/__push-subscription')).then((r) => !!r)")
    [worker] = context.service_workers

    # The browser gives no old subscription (Chromium's way): the worker uses the one it was told of.
    worker.evaluate("""(sub) => { const e = new ExtendableEvent('pushsubscriptionchange');
        Object.defineProperty(e, 'oldSubscription', {value: null});
        Object.defineProperty(e, 'newSubscription', {value: {toJSON: () => sub}});
        self.dispatchEvent(e); }""", new)
    for _ in range(50):
        if _devices(app_engine, user_id) != [(old["endpoint"], old["keys"]["p256dh"], "Chromium")]:
            break
        page.wait_for_timeout(200)
    assert _devices(app_engine, user_id) == [(new["endpoint"], new["keys"]["p256dh"], "Chromium")]

    # With the old subscription given (Firefox's way), and the worker's copy now the renewed one.
    status = worker.evaluate("""([was, sub]) => renewSubscription(
        {toJSON: () => was, options: {applicationServerKey: null}}, {toJSON: () => sub})""", [new, newer])
    assert status == 200
    assert _devices(app_engine, user_id) == [(newer["endpoint"], newer["keys"]["p256dh"], "Chromium")]
    kept = page.evaluate("caches.open('easytrack-push').then((c) => c.match('/__push-subscription'))"
                         ".then((r) => r.json())")
    assert kept == {"subscription": newer, "key": key}
    # A stale copy proves nothing: renewing from the first subscription again is refused.
    assert worker.evaluate("""([was, sub]) => renewSubscription({toJSON: () => was, options: {}},
        {toJSON: () => sub})""", [old, new]) == 404
    assert _devices(app_engine, user_id) == [(newer["endpoint"], newer["keys"]["p256dh"], "Chromium")]
