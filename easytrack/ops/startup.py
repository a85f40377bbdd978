"""Container start-up: migrate exactly once however many replicas start together, then serve the prebuilt app.

`python -m easytrack.ops.startup` is the image's command: it runs `migrate_once` on the configured
database and then the production backend (gunicorn with `WEB_CONCURRENCY` uvicorn workers, see rxconfig.py
and gunicorn.conf.py) with the frontend that `reflex export --frontend-only` built into `.web` when the
image was built. Unlike `reflex run --env prod`, nothing is compiled or downloaded at start-up, so the
runtime image needs neither bun nor Node nor a network.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import signal
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import make_url, text

from easytrack import migrate
from easytrack.db import make_engine

log = logging.getLogger(__name__)
# pg_advisory_lock key: "easytrack migrate" (any constant works; it only has to be the same in every replica).
ADVISORY_KEY = 0x6561_7379_6D69_67
DEFAULT_PORT = 3000


def _sqlite_path(url: str) -> Path | None:
    """The database file of a sqlite:/// URL, or None for an in-memory database."""
    database = make_url(url).database
    return None if not database or database == ":memory:" else Path(database)


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive flock on `path` (created if missing), released when the block ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextlib.contextmanager
def _advisory_lock(url: str) -> Iterator[None]:
    """A PostgreSQL session-level advisory lock, held on a connection of its own."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_KEY})
            conn.commit()  # the lock is session-level: it outlives the transaction
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                conn.commit()
    finally:
        engine.dispose()


def migration_lock(url: str) -> contextlib.AbstractContextManager[None]:
    """The lock that serialises migrations of the database at `url` across processes and hosts."""
    if url.startswith("sqlite"):
        path = _sqlite_path(url)
        return _file_lock(path.with_name(path.name + ".migrate.lock")) if path else contextlib.nullcontext()
    return _advisory_lock(url)


def migrate_once(url: str) -> None:
    """Upgrade the database at `url` to head while holding the migration lock.

    Replicas starting together queue on the lock; the first migrates, the others find the schema at
    head and do nothing. (SQLite's lock is a file next to the database: it covers one host, which is
    the only place a SQLite file can be shared anyway.)
    """
    with migration_lock(url):
        migrate.upgrade(url)


def children(pid: int) -> list[int]:
    """The pids of the child processes of `pid` (read from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            stat = Path(f"/proc/{entry}/stat").read_text() if entry.isdigit() else ""
            if stat and int(stat.rsplit(")", 1)[1].split()[1]) == pid:  # field 4: the parent
                found.append(int(entry))
        except (OSError, IndexError, ValueError):
            continue  # a process that exited while we looked
    return found


def _pass_on_stop_signals() -> None:
    """Hand SIGTERM and SIGINT on to the server process instead of dying at once.

    gunicorn runs as a child of this process. `docker stop` signals only this one (through the container's
    init); dying at once would leave gunicorn to be SIGKILLed with the container, websockets and requests
    cut off. Passed on, gunicorn stops gracefully (gunicorn.conf.py: graceful_timeout) and this process
    returns when it has. (As PID 1 without an init, this process would otherwise ignore SIGTERM.)
    """

    def pass_on(signum, _frame) -> None:
        running = children(os.getpid())
        if not running:
            raise SystemExit(128 + signum)
        for pid in running:
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                pass

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, pass_on)


def serve(host: str = "0.0.0.0", port: int = DEFAULT_PORT) -> None:
    """Serve the prebuilt frontend and the backend on one port (blocks until stopped).

    The server is gunicorn with uvicorn workers (rxconfig.py); REFLEX_USE_GRANIAN=true runs Granian instead.
    """
    from reflex_base import constants
    from reflex_base.config import get_config
    from reflex_base.environment import environment

    from reflex.utils import exec as reflex_exec

    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)  # compiled and built at image build time
    get_config()._set_persistent(frontend_port=port, backend_port=port)  # also loads rxconfig.py
    if not reflex_exec.should_use_granian():  # Granian serves in this process and handles signals itself
        _pass_on_stop_signals()
    reflex_exec.run_backend_prod(host, port, constants.LogLevel.INFO, mount_frontend_compiled_app=True)


def main() -> None:
    """Migrate (once) and serve; PORT sets the port (default 3000)."""
    from easytrack.config import settings

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    log.info("applying migrations (if any)")
    migrate_once(settings.db_url)
    serve(port=int(os.environ.get("PORT", DEFAULT_PORT)))


if __name__ == "__main__":
    main()
