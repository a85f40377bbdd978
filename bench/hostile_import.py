"""Other users' ticks while one user imports big files over and over (issue 17: a 60k-row import once
made another user's tick take 1,148 ms instead of 5 ms).

    python -m bench.hostile_import --start-app sqlite --users 20 --rate 20 --duration 30 --rows 60000

Seeds `--users` users who tick on real websockets (as `bench.load`) and one attacker with an API token.
First a baseline phase of ticks alone, then the same ticks while the attacker POSTs two easytrack
exports of `--rows` days each to /api/v1/import, one after the other (every day flips, so every import
writes all its rows). Prints tick latency of both phases and how long each import took.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import date, timedelta

from bench import common
from bench.client import Names, Stats
from bench.driver import connect_all, drive


def export(rows: int, habits: int, flip: bool) -> bytes:
    """An easytrack export of `habits` habits with `rows` days in all (states flipped when `flip`)."""
    per = rows // habits
    start = date(2000, 1, 1)
    states = ("skip", "done") if flip else ("done", "skip")
    doc = {"format": "easytrack", "version": 1, "groups": [], "habits": [
        {"name": f"Imported {h}", "position": h, "source_id": f"bench:{h}", "checkins": [
            {"day": (start + timedelta(days=d)).isoformat(), "state": states[d % 2]} for d in range(per)]}
        for h in range(habits)]}
    return json.dumps(doc).encode()


def post_import(base_url: str, token: str, data: bytes) -> tuple[int, float]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"e.json\"\r\n"
            f"Content-Type: application/json\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"{base_url}/api/v1/import", data=body, method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.perf_counter() - started


def attack(base_url: str, token: str, files: list[bytes], stop: threading.Event, log: list) -> None:
    i = 0
    while not stop.is_set():
        log.append(post_import(base_url, token, files[i % len(files)]))
        i += 1


def api_token(engine, user_id: int) -> str:
    from sqlmodel import Session

    from easytrack.services import api_tokens

    with Session(engine) as s:
        _, secret = api_tokens.create_token(s, user_id=user_id, name="bench", now=common.utcnow())
        s.commit()
    return secret


async def run(args, base_url: str, db_url: str) -> dict:
    engine = common.make_engine(db_url)
    users = common.seed_users(engine, args.users, 5)
    attacker = common.seed_users(engine, 1, 1, prefix="attacker")[0]
    token = api_token(engine, attacker.user_id)
    files = [export(args.rows, 10, flip) for flip in (False, True)]
    stats = Stats()
    ws_base = "ws" + base_url[len("http"):]
    clients = await connect_all(ws_base, [u.token for u in users], Names.load("home"), stats, origin=base_url)
    out: dict = {"connected": len(clients)}
    try:
        await drive(clients, rate=args.rate, duration=2, seed=1)  # warm-up
        stats.latencies.clear()
        out["baseline"] = (await drive(clients, rate=args.rate, duration=args.duration, seed=2)).summary()
        stats.latencies.clear()
        stop, log = threading.Event(), []
        thread = threading.Thread(target=attack, args=(base_url, token, files, stop, log), daemon=True)
        thread.start()
        await asyncio.sleep(1.0)  # the first upload is read and parsing has begun
        out["during_import"] = (await drive(clients, rate=args.rate, duration=args.duration, seed=3)).summary()
        stop.set()
        await asyncio.to_thread(thread.join)
        out["imports"] = [{"status": s, "seconds": round(t, 2)} for s, t in log]
    finally:
        await asyncio.gather(*(c.close() for c in clients))
        engine.dispose()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.hostile_import", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--start-app", choices=["sqlite", "postgres"], required=True)
    p.add_argument("--pg-url", default=common.PG_DEFAULT)
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--rate", type=float, default=20.0, help="ticks per second of the other users")
    p.add_argument("--duration", type=float, default=30.0, help="seconds of each phase")
    p.add_argument("--rows", type=int, default=60_000, help="days in each imported file")
    args = p.parse_args(argv)
    db = common.fresh_database(args.start_app, pg_url=args.pg_url)
    app = common.start_app(db)
    try:
        out = asyncio.run(run(args, app.base_url, db.url))
    finally:
        app.stop()
        db.drop()
    for phase in ("baseline", "during_import"):
        lat = out[phase]["latency_ms"]
        print(f"{phase}: {out[phase]['acked']}/{out[phase]['sent']} ticks acknowledged, errors "
              f"{out[phase]['errors']}; latency ms " + ", ".join(f"{k} {v}" for k, v in lat.items()))
    print(f"imports of {args.rows:,} days during the second phase: "
          + ", ".join(f"{i['status']} in {i['seconds']} s" for i in out["imports"]))
    print(f"{args.start_app}, {out['connected']} users at {args.rate:g} ticks/s; 1-min load average at the end "
          f"{os.getloadavg()[0]:.2f}; {common.machine()}")
    return 0 if out["during_import"]["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
