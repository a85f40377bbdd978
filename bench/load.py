"""Load test: N seeded users, each on a real websocket speaking Reflex's protocol, ticking cells at a set rate.

Examples (from the repository root, with the venv's python):

    python -m bench.load --start-app sqlite --users 1 --rate 20 --duration 30
    python -m bench.load --start-app sqlite --users 200 --rate 100 --duration 60 --json
    python -m bench.load --start-app postgres --redis-url redis://127.0.0.1:6379/0 --workers 2 --users 50
    python -m bench.load --url http://localhost:3000 --db-url sqlite:///data/easytrack.db --users 5

Every user is first written to the database the app uses (user, habits, a session made with
accounts.create_session); each client then hydrates with that token as the browser would, runs the
page's on_load, and presses cells (today and the 19 days before, never the future). Latency is press
sent -> delta holding the patch that echoes the press's request id. At the end the database is read:
every acknowledged cell must be stored as acknowledged and no other rows may exist. Exit status 1 on
any error or lost/stray cell, 0 otherwise. The load generator runs on the same machine as the app.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys

from bench import common
from bench.client import Names, Stats
from bench.driver import connect_all, drive
from bench.verify import check


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--start-app", choices=["sqlite", "postgres"],
                        help="start the app (reflex run --env prod) against a fresh database of this kind")
    target.add_argument("--url", help="an already running app, e.g. http://localhost:3000 (needs --db-url)")
    p.add_argument("--db-url", help="with --url: the database that app uses (users are seeded into it)")
    p.add_argument("--pg-url", default=common.PG_DEFAULT,
                   help="with --start-app postgres: server to create a fresh schema in (default: %(default)s)")
    p.add_argument("--redis-url", help="with --start-app: set REFLEX_REDIS_URL (state in Redis; allows workers)")
    p.add_argument("--workers", type=int, default=1,
                   help="with --start-app: WEB_CONCURRENCY, gunicorn's workers (>1 needs --redis-url)")
    p.add_argument("--app-env", action="append", default=[], metavar="KEY=VALUE",
                   help="with --start-app: extra environment for the app, e.g. REFLEX_STATE_MANAGER_MODE=memory")
    p.add_argument("--users", type=int, default=10, help="virtual users, one websocket each (default %(default)s)")
    p.add_argument("--habits", type=int, default=5, help="habits per user (default %(default)s)")
    p.add_argument("--history", type=int, default=0,
                   help="days of seeded 'done' history per habit before the run (default %(default)s)")
    p.add_argument("--rate", type=float, default=10.0, help="aggregate presses per second (default %(default)s)")
    p.add_argument("--duration", type=float, default=10.0, help="seconds of pressing (default %(default)s)")
    p.add_argument("--days", type=int, default=20, help="press today and the N-1 days before (default %(default)s)")
    p.add_argument("--page", choices=["home", "grid"], default="home",
                   help="the page each client is on: / (HomeState.load) or /grid (GridState.load)")
    p.add_argument("--drain", type=float, default=15.0, help="seconds to wait for late answers (default %(default)s)")
    p.add_argument("--warmup", type=float, default=2.0, help="seconds of pressing at the same rate before measuring")
    p.add_argument("--seed", type=int, default=7, help="random seed of the presses")
    p.add_argument("--json", action="store_true", help="also print a one-line JSON summary (last line)")
    args = p.parse_args(argv)
    if args.url and not args.db_url:
        p.error("--url needs --db-url (the database the running app uses)")
    if args.workers > 1 and not (args.redis_url or args.url):
        p.error("--workers > 1 needs --redis-url: without Redis Reflex always runs one worker")
    return args


async def run(args: argparse.Namespace, *, base_url: str, db_url: str) -> dict:
    """Seed, connect, warm up, measure, drain and verify; returns the summary dict."""
    engine = common.make_engine(db_url)
    users = common.seed_users(engine, args.users, args.habits)
    baseline: dict[int, set[str]] = {}
    if args.history:
        ids = [h for u in users for h in u.habit_ids]
        today = common.utcnow().date()
        common.seed_history(engine, ids, days=args.history, today=today, seed=args.seed)
        baseline = _seeded(engine, ids)
    stats = Stats()
    names = Names.load(args.page)
    ws_base = "ws" + base_url[len("http"):] if base_url.startswith("http") else base_url
    path = "/" if args.page == "home" else "/grid"
    clients = await connect_all(ws_base, [u.token for u in users], names, stats, path=path, origin=base_url)
    summary: dict = {"users": args.users, "connected": len(clients), "habits": args.habits,
                     "history_days": args.history, "page": args.page}
    try:
        if clients and args.warmup > 0:
            await drive(clients, rate=args.rate, duration=args.warmup, days=args.days, baseline=baseline,
                        seed=args.seed + 1)
            stats.latencies.clear()
            stats.delta_bytes.clear()
        if clients:
            phase = await drive(clients, rate=args.rate, duration=args.duration, days=args.days, baseline=baseline,
                                seed=args.seed)
            summary.update(phase.summary())
        verdict = check(engine, clients, baseline)
        summary.update(errors=sum(stats.errors.values()), error_kinds=dict(stats.errors),
                       checked_cells=verdict.checked, lost=verdict.lost, stray=verdict.stray, unsure=verdict.unsure)
        summary["samples"] = stats.error_samples + verdict.samples
    finally:
        await asyncio.gather(*(c.close() for c in clients))
        engine.dispose()
    return summary


def _seeded(engine, habit_ids: list[int]) -> dict[int, set[str]]:
    from sqlalchemy import select

    from easytrack.models import CheckIn

    t = CheckIn.__table__
    out: dict[int, set[str]] = {}
    with engine.connect() as conn:
        for row in conn.execute(select(t.c.habit_id, t.c.day).where(t.c.habit_id.in_(habit_ids))):
            out.setdefault(row.habit_id, set()).add(row.day.isoformat())
    return out


def report(summary: dict, args: argparse.Namespace) -> str:
    lat = summary.get("latency_ms", {})
    lines = [
        f"users {summary['connected']}/{summary['users']} connected, {summary['habits']} habits each, "
        f"page {summary['page']}, history {summary['history_days']} days",
        f"rate {args.rate:g}/s for {args.duration:g} s: sent {summary.get('sent', 0)}, "
        f"acknowledged {summary.get('acked', 0)} ({summary.get('throughput', 0)}/s)",
        "latency ms: " + ", ".join(f"{k} {v}" for k, v in lat.items()),
        f"delta frame bytes: mean {summary.get('delta_bytes', {}).get('mean')}, "
        f"max {summary.get('delta_bytes', {}).get('max')}",
        f"scheduler max lag {summary.get('max_send_lag_ms')} ms; 1-min load average at the end "
        f"{summary.get('loadavg_1m')} on {os.cpu_count()} cores; the load generator (same box) used "
        f"{summary.get('generator_cpu_s')} CPU s",
        f"errors {summary['errors']} {summary['error_kinds'] or ''}",
        f"database: {summary['checked_cells']} cells checked, lost {summary['lost']}, stray {summary['stray']}, "
        f"unanswered {summary['unsure']}",
    ]
    lines += [f"  {s}" for s in summary.get("samples", [])]
    return "\n".join(lines)


def failed(summary: dict) -> bool:
    return bool(summary["errors"] or summary["lost"] or summary["stray"] or summary["connected"] < summary["users"])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    db = app = None
    try:
        if args.start_app:
            db = common.fresh_database(args.start_app, pg_url=args.pg_url)
            extra = dict(kv.split("=", 1) for kv in args.app_env)
            app = common.start_app(db, workers=args.workers, redis_url=args.redis_url, extra_env=extra)
            base_url, db_url = app.base_url, db.url
        else:
            base_url, db_url = args.url.rstrip("/"), args.db_url
        cpu0 = os.times()
        summary = asyncio.run(run(args, base_url=base_url, db_url=db_url))
        cpu1 = os.times()
        # CPU the load generator itself used (seeding and verification included), as a share of one core.
        summary["generator_cpu_s"] = round(cpu1.user + cpu1.system - cpu0.user - cpu0.system, 1)
    finally:
        if app is not None:
            app.stop()
        if db is not None:
            db.drop()
    summary.update(app_env=args.app_env, target=args.start_app or "url", workers=args.workers, redis=bool(args.redis_url),
                   rate=args.rate, duration=args.duration, loadavg_1m=round(os.getloadavg()[0], 2))
    print(report(summary, args))
    if args.json:
        print(json.dumps({k: v for k, v in summary.items() if k != "samples"}, separators=(",", ":")))
    return 1 if failed(summary) else 0


if __name__ == "__main__":
    sys.exit(main())
