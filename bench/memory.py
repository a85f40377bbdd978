"""Server memory: RSS per idle connected session, and RSS growth over 10,000 ticks from one client.

    python -m bench.memory --start-app sqlite                    # 200 idle sessions, then 10,000 ticks
    python -m bench.memory --start-app sqlite --sessions 500 --ticks 10000 --rate 250 --json
    python -m bench.memory --url http://localhost:3000 --db-url sqlite:///data/easytrack.db --pid 1234

RSS is VmRSS from /proc/<pid>/status summed over the app's whole process group (reflex run, the gunicorn
master and its workers); the figures are differences, taken after a warm-up (one session that ticks 500
times) so imports and caches already count in the baseline. Budgets: <= 100 KB per idle connected
session, <= 5 MB growth over 10,000 ticks.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bench import common
from bench.client import Names, Stats
from bench.driver import connect_all, drive

KB, MB = 1024, 1024 * 1024


def _rss(root_pid: int) -> int:
    return sum(common.group_rss(root_pid).values())


async def _settle(root_pid: int, seconds: float = 3.0) -> int:
    """RSS after letting the server finish pending work (state writes, GC)."""
    await asyncio.sleep(seconds)
    return _rss(root_pid)


async def measure(base_url: str, db_url: str, root_pid: int, *, sessions: int, ticks: int, rate: float) -> dict:
    engine = common.make_engine(db_url)
    users = common.seed_users(engine, sessions + 1, 5)
    names, stats = Names.load("home"), Stats()
    ws_base = "ws" + base_url[len("http"):]
    out: dict = {"sessions": sessions, "ticks": ticks}
    # Warm-up: one session ticking, so the baseline already holds the code paths and caches of a tick.
    ticker = await connect_all(ws_base, [users[0].token], names, stats, origin=base_url)
    await drive(ticker, rate=rate, duration=500 / rate)
    # 10,000 ticks from the one warm client, RSS read at five checkpoints to show the trend, not one sample.
    start = await _settle(root_pid)
    trend = [start]
    for i in range(5):
        phase = await drive(ticker, rate=rate, duration=ticks / 5 / rate, seed=11 + i)
        out["ticks_acked"] = out.get("ticks_acked", 0) + phase.acked
        trend.append(_rss(root_pid))
    end = await _settle(root_pid)
    out.update(rss_before_ticks=start, rss_after_ticks=end, tick_growth_bytes=end - start, tick_trend=trend)
    # Then the idle sessions: connected, hydrated, home page loaded, doing nothing.
    before = await _settle(root_pid)
    idle = await connect_all(ws_base, [u.token for u in users[1:]], names, stats, origin=base_url)
    after = await _settle(root_pid)
    out.update(idle_connected=len(idle), rss_before_idle=before, rss_after_idle=after,
               per_session_bytes=round((after - before) / max(1, len(idle))))
    await asyncio.gather(*(c.close() for c in idle))
    out["rss_after_disconnect"] = await _settle(root_pid)
    out.update(errors=sum(stats.errors.values()), error_kinds=dict(stats.errors),
               processes={pid: rss for pid, rss in common.group_rss(root_pid).items()})
    await asyncio.gather(*(c.close() for c in ticker))
    engine.dispose()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--start-app", choices=["sqlite", "postgres"], help="start the app on a fresh database")
    target.add_argument("--url", help="an already running app (needs --db-url and --pid)")
    p.add_argument("--db-url", help="with --url: the database that app uses")
    p.add_argument("--pid", type=int, help="with --url: a pid of the app; its whole process group is measured")
    p.add_argument("--pg-url", default=common.PG_DEFAULT)
    p.add_argument("--sessions", type=int, default=200, help="idle sessions to connect (default %(default)s)")
    p.add_argument("--ticks", type=int, default=10_000, help="ticks from one client (default %(default)s)")
    p.add_argument("--rate", type=float, default=200.0, help="ticks per second (default %(default)s)")
    p.add_argument("--app-env", action="append", default=[], metavar="KEY=VALUE",
                   help="extra environment for the started app (repeatable), e.g. to compare server settings")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if args.url and not (args.db_url and args.pid):
        p.error("--url needs --db-url and --pid")
    db = app = None
    try:
        if args.start_app:
            db = common.fresh_database(args.start_app, pg_url=args.pg_url)
            app = common.start_app(db, extra_env=dict(kv.split("=", 1) for kv in args.app_env))
            base_url, db_url, pid = app.base_url, db.url, app.proc.pid
        else:
            base_url, db_url, pid = args.url.rstrip("/"), args.db_url, args.pid
        r = asyncio.run(measure(base_url, db_url, pid, sessions=args.sessions, ticks=args.ticks, rate=args.rate))
    finally:
        if app is not None:
            app.stop()
        if db is not None:
            db.drop()
    per, growth = r["per_session_bytes"], r["tick_growth_bytes"]
    print(f"idle sessions: {r['idle_connected']}/{r['sessions']} connected, RSS {r['rss_before_idle'] / MB:.1f} -> "
          f"{r['rss_after_idle'] / MB:.1f} MB = {per / KB:.1f} KB per session (budget <= 100 KB: "
          f"{'MET' if per <= 100 * KB else 'MISSED'}); after they disconnect {r['rss_after_disconnect'] / MB:.1f} MB")
    print(f"ticks: {r['ticks_acked']}/{r['ticks']} acknowledged, RSS {r['rss_before_ticks'] / MB:.1f} -> "
          f"{r['rss_after_ticks'] / MB:.1f} MB = {growth / MB:+.2f} MB (budget <= 5 MB: "
          f"{'MET' if growth <= 5 * MB else 'MISSED'}); errors {r['errors']} {r['error_kinds'] or ''}")
    print("RSS trend over the ticks, MB: " + " -> ".join(f"{x / MB:.1f}" for x in r["tick_trend"]))
    print("per process RSS MB: " + ", ".join(f"{pid}: {rss / MB:.1f}" for pid, rss in r["processes"].items()))
    if args.json:
        print(json.dumps(r, separators=(",", ":")))
    return 0 if per <= 100 * KB and growth <= 5 * MB and not r["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
