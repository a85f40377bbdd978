"""Start the real app (`reflex run --env prod`: gunicorn with uvicorn workers) on a free port, and stop its
whole process group."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from easytrack.ops.startup import children

ROOT = Path(__file__).resolve().parents[2]
REFLEX = Path(sys.executable).with_name("reflex")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 2.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except OSError:
        return 0


@dataclass
class AppProcess:
    """One running easytrack: `base_url` serves the frontend and the websocket on the same port."""

    env: dict[str, str]
    port: int = field(default_factory=free_port)
    log_path: Path | None = None
    db_url: str = ""
    proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://localhost:{self.port}"

    def start(self, timeout: float = 420.0) -> "AppProcess":
        env = {"REFLEX_BUN_PATH": str(ROOT / ".tools" / "bun"), **os.environ, **self.env,
               "EASYTRACK_BASE_URL": self.base_url, "REFLEX_TELEMETRY_ENABLED": "false"}
        cmd = [str(REFLEX), "run", "--env", "prod", "--single-port",
               "--frontend-port", str(self.port), "--backend-port", str(self.port)]
        log = open(self.log_path or os.devnull, "w")  # noqa: SIM115 (closed with the process)
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the app exited early ({self.proc.returncode}); see {self.log_path}")
            if _get(f"{self.base_url}/ping") == 200 and _get(f"{self.base_url}/login") == 200:
                return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the app did not start within {timeout:.0f} s; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        """The server's worker processes: the children of gunicorn's master, itself a child of `reflex run`."""
        return [worker for master in children(self.proc.pid) for worker in children(master)]

    def stop(self, grace: float = 15.0) -> None:
        """SIGTERM the process group and wait until all of it is gone: `reflex run` exits at once, gunicorn
        stops its workers gracefully (within graceful_timeout, gunicorn.conf.py) and only then frees the
        port. SIGKILL what is left after `grace` seconds."""
        if self.proc is None:
            return
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            if self._group_gone_within(wait):
                return

    def _group_gone_within(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.proc.poll()  # reap `reflex run`; the init process reaps the others
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                return True
            time.sleep(0.05)
        return False
