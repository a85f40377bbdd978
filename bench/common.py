"""Shared bench helpers: fresh databases, seeded users with sessions, the app under test, statistics, RSS."""

from __future__ import annotations

import os
import random
import secrets
import tempfile
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert, text
from sqlmodel import Session

from easytrack.db import make_engine
from easytrack.models import CheckIn, Habit, User
from easytrack.services.accounts import create_session

ROOT = Path(__file__).resolve().parent.parent
PG_DEFAULT = os.environ.get("EASYTRACK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_DEFAULT = os.environ.get("EASYTRACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


# ---------------------------------------------------------------------------------------------- databases

@dataclass
class Database:
    """A freshly migrated database: a SQLite file in a temp dir, or a new PostgreSQL schema (dropped by `drop`)."""

    url: str
    kind: str
    workdir: Path
    _admin_url: str = ""
    _schema: str = ""

    def drop(self) -> None:
        if self._schema:
            admin = make_engine(self._admin_url)
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{self._schema}" CASCADE'))
            admin.dispose()


def fresh_database(kind: str, *, pg_url: str = PG_DEFAULT) -> Database:
    """Create and migrate an empty database of `kind` ("sqlite" or "postgres")."""
    from easytrack.migrate import upgrade

    workdir = Path(tempfile.mkdtemp(prefix="easytrack-bench-"))
    if kind == "sqlite":
        db = Database(f"sqlite:///{workdir}/easytrack.db", kind, workdir)
    elif kind == "postgres":
        schema = f"et_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        admin = make_engine(pg_url)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        url = f"{pg_url}{'&' if '?' in pg_url else '?'}options=-csearch_path%3D{schema}"
        db = Database(url, kind, workdir, pg_url, schema)
    else:
        raise ValueError(f"unknown database kind {kind!r}")
    upgrade(db.url)
    return db


# ---------------------------------------------------------------------------------------------- seeding

@dataclass(frozen=True)
class SeededUser:
    user_id: int
    email: str
    token: str  # the session token a browser keeps in LocalStorage (easytrack_session)
    habit_ids: tuple[int, ...]


def seed_users(engine, n: int, habits: int, *, prefix: str | None = None) -> list[SeededUser]:
    """Insert `n` confirmed users (UTC, time zone known) with `habits` daily habits and one live session each."""
    prefix = prefix or f"bench-{uuid.uuid4().hex[:8]}"
    # One real argon2 hash for everyone: nobody logs in with a password here, the session token is the proof.
    pw_hash = _password_hash()
    now = utcnow()
    out = []
    with Session(engine, expire_on_commit=False) as s:
        for i in range(n):
            user = User(email=f"{prefix}-{i}@example.org", password_hash=pw_hash, is_confirmed=True,
                        timezone="UTC", timezone_set=True)
            s.add(user)
            s.flush()
            rows = [Habit(user_id=user.id, name=f"Habit {j + 1}", name_key=f"habit {j + 1}", position=j)
                    for j in range(habits)]
            s.add_all(rows)
            s.flush()
            token = create_session(s, user_id=user.id, now=now)
            out.append(SeededUser(user.id, user.email, token, tuple(h.id for h in rows)))
        s.commit()
    return out


def _password_hash() -> str:
    from easytrack.services import passwords

    return passwords.context.hash(secrets.token_urlsafe(16))


def seed_history(engine, habit_ids: list[int], *, days: int, today: date, density: float = 0.6,
                 seed: int = 1) -> int:
    """Insert "done" check-ins on about `density` of the `days` days up to `today` for each habit; returns rows."""
    rnd = random.Random(seed)
    now = utcnow()
    rows = [{"habit_id": h, "day": today - timedelta(days=k), "state": "done", "note": "", "updated_at": now}
            for h in habit_ids for k in range(days) if rnd.random() < density]
    with engine.begin() as conn:
        for i in range(0, len(rows), 5000):
            conn.execute(insert(CheckIn.__table__), rows[i:i + 5000])
    return len(rows)


# ---------------------------------------------------------------------------------------------- the app

def start_app(db: Database, *, workers: int = 1, redis_url: str | None = None, log_name: str = "app.log",
              extra_env: dict[str, str] | None = None):
    """Start `reflex run --env prod --single-port` on a free port against `db` (tests/e2e/harness.AppProcess).

    Build output goes to <repo>/.web-bench and state files to the temp dir, apart from other runs.
    With `redis_url` gunicorn runs `workers` (WEB_CONCURRENCY) workers sharing state in Redis; without it one.
    """
    from tests.e2e.harness import AppProcess

    env = {
        "REFLEX_DB_URL": db.url,
        "REFLEX_WEB_WORKDIR": str(ROOT / ".web-bench"),
        "REFLEX_STATES_WORKDIR": str(db.workdir / "states"),
        "WEB_CONCURRENCY": str(workers),
    }
    env.update(extra_env or {})
    if redis_url:
        env["REFLEX_REDIS_URL"] = redis_url
    elif workers != 1:
        raise ValueError("several workers need Redis (--redis-url): the app runs one worker without it")
    return AppProcess(env=env, log_path=db.workdir / log_name, db_url=db.url).start()


def app_pids(root_pid: int) -> list[int]:
    """`root_pid` and every process in its process group (reflex run, the gunicorn master and its workers)."""
    pgid = os.getpgid(root_pid)
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.getpgid(int(entry)) == pgid:
                    pids.append(int(entry))
            except ProcessLookupError:
                continue
    return sorted(pids)


def rss_bytes(pid: int) -> int:
    """Resident set size of one process (VmRSS in /proc/<pid>/status), 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except FileNotFoundError:
        pass
    return 0


def group_rss(root_pid: int) -> dict[int, int]:
    """RSS in bytes of every process of the app's process group, by pid."""
    return {pid: rss_bytes(pid) for pid in app_pids(root_pid)}


# ---------------------------------------------------------------------------------------------- statistics

def percentile(sorted_values: list[float], p: float) -> float:
    """The nearest-rank `p`-th percentile (0..100) of already sorted values; NaN when empty."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def summary_ms(samples_s: list[float]) -> dict[str, float]:
    """p50/p95/p99/max/mean in milliseconds of latencies given in seconds."""
    values = sorted(samples_s)
    out = {f"p{p}": round(percentile(values, p) * 1000, 2) for p in (50, 95, 99)}
    out["max"] = round(values[-1] * 1000, 2) if values else float("nan")
    out["mean"] = round(sum(values) / len(values) * 1000, 2) if values else float("nan")
    return out


def machine() -> str:
    """A one-line description of this box (cores, CPU model, Python)."""
    import platform

    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "")
    except OSError:
        pass
    return f"{os.cpu_count()} cores {model}, Python {platform.python_version()}, {platform.system()}"
