"""Drive connected clients: connect them, press cells at an aggregate open-loop rate, drain, summarise."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta

from bench.client import Names, ReflexClient, Stats
from bench.common import summary_ms


@dataclass
class Phase:
    """The figures of one run at one rate."""

    rate: float
    duration: float
    sent: int
    acked: int
    stats: Stats
    send_lag_ms: float  # how far the scheduler fell behind its timetable at worst (client saturation)

    def summary(self) -> dict:
        sizes = self.stats.delta_bytes
        return {
            "target_rate": self.rate,
            "sent": self.sent,
            "acked": self.acked,
            "throughput": round(self.acked / self.duration, 1) if self.duration else 0.0,
            "latency_ms": summary_ms(self.stats.latencies),
            "errors": sum(self.stats.errors.values()),
            "error_kinds": dict(self.stats.errors),
            "delta_bytes": {"mean": round(sum(sizes) / len(sizes)) if sizes else 0, "max": max(sizes, default=0)},
            "max_send_lag_ms": round(self.send_lag_ms, 1),
        }


async def connect_all(ws_base: str, tokens: list[str], names: Names, stats: Stats, *, path: str = "/",
                      origin: str | None = None, concurrency: int = 20) -> list[ReflexClient]:
    """Connect and hydrate one client per session token, `concurrency` at a time; failures go to `stats`."""
    gate = asyncio.Semaphore(concurrency)
    clients = [ReflexClient(ws_base, t, names, stats, path=path, origin=origin) for t in tokens]

    async def one(c: ReflexClient) -> None:
        async with gate:
            try:
                await c.connect()
            except (OSError, asyncio.TimeoutError) as exc:
                stats.error("connect_failed", repr(exc))
            if not c.today or not c.habit_ids:
                stats.error("hydrate_failed", f"today={c.today!r} habits={len(c.habit_ids)}")

    await asyncio.gather(*(one(c) for c in clients))
    return [c for c in clients if c.alive and c.today and c.habit_ids]


def _pick(rnd: random.Random, client: ReflexClient, days: int, baseline: dict[int, set[str]]):
    habit = rnd.choice(client.habit_ids)
    day = (date.fromisoformat(client.today) - timedelta(days=rnd.randrange(days))).isoformat()
    key = (habit, day)
    current = client.intended.get(key, "1" if day in baseline.get(habit, ()) else "0")
    return habit, day, "0" if current == "1" else "1"


async def drive(clients: list[ReflexClient], *, rate: float, duration: float, days: int = 20,
                drain: float = 15.0, seed: int = 7, baseline: dict[int, set[str]] | None = None,
                stats: Stats | None = None) -> Phase:
    """Press a random cell of a random client `rate` times a second for `duration` s, then wait for answers.

    Open loop: presses follow a fixed timetable whatever the answers, so a slow server shows up as
    latency (including time queued behind the same user's earlier presses), not as a lower send rate.
    Days are today and the `days - 1` days before it (never the future); each press flips the cell.
    """
    rnd = random.Random(seed)
    baseline = baseline or {}
    stats = stats or clients[0].stats
    before = len(stats.latencies)
    interval, sent, lag = 1.0 / rate, 0, 0.0
    start = time.perf_counter()
    total = int(rate * duration)
    while sent < total:
        due = start + sent * interval
        wait = due - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        else:
            lag = max(lag, -wait)
        live = [c for c in clients if c.alive]
        if not live:
            stats.error("all_disconnected")
            break
        client = live[sent % len(live)] if len(live) == len(clients) else rnd.choice(live)
        client.press(*_pick(rnd, client, days, baseline))
        sent += 1
        if sent % 64 == 0:  # let the reader tasks run even when the timetable is behind
            await asyncio.sleep(0)
    elapsed = time.perf_counter() - start
    deadline = time.perf_counter() + drain
    while any(c.pending for c in clients if c.alive) and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    for c in clients:
        c.give_up_pending()
    return Phase(rate, elapsed, sent, len(stats.latencies) - before, stats, lag * 1000)
