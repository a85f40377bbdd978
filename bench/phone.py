"""Phone-first figures: Web Push fan-out for many due reminders, and an offline outbox replayed.

    python -m bench.phone fanout --db sqlite --reminders 1000   # one scheduler pass, 1,000 users due
    python -m bench.phone replay --db both --presses 500         # 500 queued presses, service and REST

fanout: N users, each with one habit whose push-only reminder came due a minute ago and one subscribed
browser (real P-256 keys) on a local push service (tests/pushservice.py, the one the tests use). Times one
`scheduler.run_once` (find due, claim each, compose, encrypt and send every push, mark sent), checks that
N pushes arrived, and decrypts one.

replay: one user with 10 habits and 500 presses spread over 50 days (as an outbox holds them after a
day or two offline), applied by `services.outbox.replay` (what the websocket handler calls) and by
`POST /api/v1/checkins/batch` (what a native client calls), each on a fresh copy of the data.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import time
from datetime import date, datetime, timedelta, timezone

from sqlmodel import Session

from bench.common import fresh_database, seed_users
from easytrack.db import make_engine
from easytrack.models import HabitReminder, PushSubscription
from easytrack.reminders import scheduler
from easytrack.services import api_tokens, outbox, push
from tests.pushservice import Browser, running_push_service

NOW = datetime(2026, 3, 15, 8, 1, tzinfo=timezone.utc)
TODAY = date(2026, 3, 15)


def _seed_due(engine, n: int, endpoint) -> Browser:
    browser = Browser()
    keys = browser.subscription("")["keys"]
    users = seed_users(engine, n, 1)
    with Session(engine) as s:
        for u in users:
            s.add(HabitReminder(habit_id=u.habit_ids[0], user_id=u.user_id, minute=8 * 60, channels="push"))
            s.add(PushSubscription(user_id=u.user_id, endpoint=endpoint(f"u{u.user_id}"), **keys))
        s.commit()
    return browser


def _serve(conn) -> None:
    """The push service in a process of its own (in ours it would compete for the GIL): port, then bodies."""
    with running_push_service() as service:
        conn.send(service.port)
        conn.recv()  # "done?"
        conn.send([p.body for p in service.received])


def fanout(kind: str, n: int) -> None:
    os.environ[push.ALLOW_LOCAL_ENV] = "1"
    db = fresh_database(kind)
    engine = make_engine(db.url)
    ours, theirs = multiprocessing.Pipe()
    server = multiprocessing.Process(target=_serve, args=(theirs,), daemon=True)
    server.start()
    try:
        port = ours.recv()
        browser = _seed_due(engine, n, lambda name: f"http://127.0.0.1:{port}/push/{name}")
        started = time.perf_counter()
        sent = scheduler.run_once(NOW, bind=engine, send=lambda *a: None)
        took = time.perf_counter() - started
        ours.send("done?")
        bodies = ours.recv()
        assert sent == n and len(bodies) == n, (sent, len(bodies))
        assert browser.decrypt(bodies[0])["title"] == "Reminder: Habit 1"
        print(f"fanout {kind}: {n} due reminders -> {n} pushes in {took:.2f} s ({n / took:.0f}/s)")
    finally:
        server.join(timeout=5)
        engine.dispose()
        db.drop()


def _presses(habit_ids: tuple[int, ...], n: int) -> list[dict]:
    days = [TODAY - timedelta(days=k) for k in range(n // len(habit_ids))]
    return [{"ref": str(i), "habit_id": habit_ids[i % len(habit_ids)], "day": days[i // len(habit_ids)].isoformat(),
             "state": "done"} for i in range(n)]


def replay(kind: str, n: int, repeat: int) -> None:
    from fastapi.testclient import TestClient

    from easytrack.api.app import create_api
    from easytrack.api.ratelimit import MemoryLimiter

    service_ms, rest_ms = [], []
    for _ in range(repeat):
        db = fresh_database(kind)
        engine = make_engine(db.url)
        try:
            [user] = seed_users(engine, 1, 10)
            raw = _presses(user.habit_ids, n)
            with Session(engine) as s:
                started = time.perf_counter()
                results = outbox.replay(s, user_id=user.user_id, raw=raw, now=NOW)
                s.commit()
                service_ms.append((time.perf_counter() - started) * 1000)
                assert all(r.ok for r in results)
                _, secret = api_tokens.create_token(s, user_id=user.user_id, name="bench", now=NOW)
                s.commit()
            client = TestClient(create_api(engine, limiter=MemoryLimiter(10**9), clock=lambda: NOW))
            started = time.perf_counter()
            response = client.post("/api/v1/checkins/batch", json={"changes": raw},
                                   headers={"Authorization": f"Bearer {secret}"})
            rest_ms.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200 and all(r["ok"] for r in response.json()["results"])
        finally:
            engine.dispose()
            db.drop()
    print(f"replay {kind}: {n} presses: service median {statistics.median(service_ms):.0f} ms "
          f"(min {min(service_ms):.0f}); REST batch median {statistics.median(rest_ms):.0f} ms "
          f"(min {min(rest_ms):.0f}); {repeat} runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["fanout", "replay"])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--reminders", type=int, default=1000)
    parser.add_argument("--presses", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for kind in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
        if args.what == "fanout":
            fanout(kind, args.reminders)
        else:
            replay(kind, args.presses, args.repeat)


if __name__ == "__main__":
    main()
