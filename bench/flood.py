"""Other users' ticks during a registration flood: the load test (bench.load) with attackers beside it.

    python -m bench.flood --start-app sqlite --users 20 --rate 20 --duration 30 --flood-rate 15 --addresses 50

While the seeded users tick, `--flood-clients` unauthenticated websockets submit the registration form
`--flood-rate` times a second in all, each with a new address (argon2 per valid submission). With
`--addresses N` (N > 1) the clients claim different client addresses spread over N (X-Forwarded-For, the
app trusting one proxy hop; one address per client, so at most `--flood-clients` of them), and the
per-address limit no longer stops the flood early; with 1 it is the issue's single attacker.
Prints the load test's figures plus the flood's: submissions sent, accounts created, and what the form
answered the attackers (accepted, "Too many requests", "busy"). It starts the app itself (with the proxy hop).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import uuid

from bench import common, load
from bench.ws import WebSocket, WebSocketClosed

NS = "/_event"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.flood", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--flood-rate", type=float, default=15.0, help="register submissions per second, all clients")
    p.add_argument("--flood-clients", type=int, default=10, help="attacker websockets (default %(default)s)")
    p.add_argument("--addresses", type=int, default=50, help="client addresses the flood claims (default %(default)s)")
    own, rest = p.parse_known_args(argv)
    args = load.parse_args([*rest, "--app-env", "REFLEX_TRUSTED_PROXY_HOPS=1"])
    for key, value in vars(own).items():
        setattr(args, key, value)
    return args


def _state_names() -> tuple[str, str]:
    """(root state, RegisterState) full names; made in the main task, before the attackers' tasks copy its
    context (Reflex keeps its state registry in a context variable)."""
    from reflex.state import State

    from easytrack.pages.register import RegisterState

    load.Names.load()
    return State.get_full_name(), RegisterState.get_full_name()


async def _attacker(ws_base: str, n: int, args: argparse.Namespace, stop: asyncio.Event, sent: list[int],
                    answers: dict[str, int], names: tuple[str, str]) -> None:
    root, register = names
    address = f"10.{n % 250}.{(n // 250) % 250}.1" if args.addresses > 1 else "10.0.0.1"
    url = f"{ws_base}/_event/?token={uuid.uuid4()}&EIO=4&transport=websocket"
    ws = await WebSocket.connect(url, headers={"X-Forwarded-For": address})
    await ws.recv()
    boot = {"event": {"name": f"{root}.hydrate", "payload": {},
                      "router_data": {"pathname": "/register", "asPath": "/register"}}}
    await ws.send(f"40{NS},{json.dumps(boot)}")
    reader = asyncio.create_task(_drain(ws, answers))
    every = args.flood_clients / args.flood_rate
    try:
        while not stop.is_set():
            form = {"email": f"flood-{uuid.uuid4().hex[:12]}@example.org", "password": "a fine long password"}
            event = {"name": f"{register}.submit", "payload": {"form": form},
                     "router_data": {"pathname": "/register", "asPath": "/register"}}
            await ws.send(f'42{NS},{json.dumps(["event", event])}')
            sent[0] += 1
            await asyncio.sleep(every)
    finally:
        reader.cancel()
        await ws.close()


ANSWERS = {"busy": "server is busy", "throttled": "Too many requests", "accepted": "Check your inbox"}


async def _drain(ws: WebSocket, answers: dict[str, int]) -> None:
    """Answer pings and count what the register form told the attacker."""
    try:
        while True:
            text, _ = await ws.recv()
            if text == "2":
                await ws.send("3")
            for kind, words in ANSWERS.items():
                answers[kind] += words in text
    except (WebSocketClosed, asyncio.CancelledError):
        pass


async def run(args: argparse.Namespace, *, base_url: str, db_url: str) -> dict:
    ws_base = "ws" + base_url[len("http"):]
    stop, sent, answers = asyncio.Event(), [0], dict.fromkeys(ANSWERS, 0)
    clients = args.flood_clients if args.flood_rate > 0 else 0
    names = _state_names()
    attackers = [asyncio.create_task(_attacker(ws_base, n * args.addresses // clients, args, stop, sent, answers,
                                               names)) for n in range(clients)]
    try:
        summary = await load.run(args, base_url=base_url, db_url=db_url)
    finally:
        stop.set()
        failures = [r for r in await asyncio.gather(*attackers, return_exceptions=True) if isinstance(r, Exception)]
        for failure in failures[:3]:
            print(f"attacker failed: {failure!r}", file=sys.stderr)
    summary["flood"] = {"sent": sent[0], "accounts": _flood_accounts(db_url), "addresses": args.addresses,
                        "rate": args.flood_rate, "answers": answers}
    return summary


def _flood_accounts(db_url: str) -> int:
    from sqlalchemy import func, select

    from easytrack.models import User

    engine = common.make_engine(db_url)
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(User).where(User.email.like("flood-%"))).scalar_one()
    engine.dispose()
    return n


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    db = app = None
    try:
        db = common.fresh_database(args.start_app or "sqlite", pg_url=args.pg_url)
        extra = dict(kv.split("=", 1) for kv in args.app_env)
        app = common.start_app(db, workers=args.workers, redis_url=args.redis_url, extra_env=extra)
        summary = asyncio.run(run(args, base_url=app.base_url, db_url=db.url))
        summary["loadavg_1m"] = round(os.getloadavg()[0], 2)
    finally:
        if app is not None:
            app.stop()
        if db is not None:
            db.drop()
    print(load.report(summary, args))
    print(f"flood: {summary['flood']['sent']} register submissions at {args.flood_rate:g}/s from "
          f"{args.addresses} address(es); {summary['flood']['accounts']} accounts created; answers "
          f"{summary['flood']['answers']}")
    if args.json:
        print(json.dumps({k: v for k, v in summary.items() if k != "samples"}, separators=(",", ":")))
    return 1 if load.failed(summary) else 0


if __name__ == "__main__":
    sys.exit(main())
