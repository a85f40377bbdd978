"""Docker for the container tests: is it usable, build an image with scripts/build-image.sh, run containers.

Containers run on the host network (as the CI machine allows: dockerd --bridge=none) with `--init`, as
compose.yaml runs them, on a free port each; everything a test makes is removed when it ends.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
import uuid
from dataclasses import dataclass, field

import pytest

from tests.e2e.harness import ROOT, free_port

DOCKER = os.environ.get("DOCKER", "docker")
BUILD_SCRIPT = ROOT / "scripts" / "build-image.sh"
START_TIMEOUT = 120.0


def docker(*args: str, timeout: float = 120.0, check: bool = True, input: str | None = None) -> str:
    """Run `docker ARGS` and return its stdout; a failure raises with docker's stderr."""
    done = subprocess.run([DOCKER, *args], capture_output=True, text=True, timeout=timeout, input=input)
    if check and done.returncode:
        raise RuntimeError(f"docker {' '.join(args[:3])} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def require_docker() -> None:
    """Skip (fail in CI) when no Docker daemon answers."""
    try:
        subprocess.run([DOCKER, "info"], capture_output=True, text=True, timeout=20, check=True)
        return
    except (OSError, subprocess.SubprocessError) as error:
        reason = getattr(error, "stderr", "") or str(error)
    message = f"Docker cannot run here ({reason.strip()[:200]})"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}: CI must build and run the image (.ci/run starts dockerd)", pytrace=False)
    pytest.skip(f"{message}: the container tests need a Docker daemon (.ci/run starts one)")


def build_image(tag: str, *, context=ROOT, log_path=None, extra: tuple[str, ...] = ()) -> float:
    """Build `tag` from `context` with scripts/build-image.sh; returns the seconds it took."""
    started = time.monotonic()
    with open(log_path or os.devnull, "w") as log:
        done = subprocess.run([str(BUILD_SCRIPT), "-t", tag, "--context", str(context), *extra], stdout=log,
                              stderr=subprocess.STDOUT, timeout=1800)
    if done.returncode:
        tail = open(log_path).read()[-3000:] if log_path else ""
        raise RuntimeError(f"building {tag} from {context} failed ({done.returncode}):\n{tail}")
    return time.monotonic() - started


def http_get(url: str, timeout: float = 5.0) -> tuple[int, str]:
    """(status, body) of GET `url`; (0, error) when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError as error:
        return 0, str(error)


@dataclass
class Container:
    """One app container: `docker run -d --init --network host` with PORT set to a free port."""

    image: str
    env: dict[str, str] = field(default_factory=dict)
    volumes: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    name: str = field(default_factory=lambda: f"easytrack-test-{uuid.uuid4().hex[:10]}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def run(self, *command: str) -> "Container":
        args = ["run", "-d", "--init", "--network", "host", "--name", self.name, "-e", f"PORT={self.port}"]
        for key, value in self.env.items():
            args += ["-e", f"{key}={value}"]
        for volume, target in self.volumes.items():
            args += ["-v", f"{volume}:{target}"]
        docker(*args, self.image, *command)
        return self

    def wait_healthy(self, timeout: float = START_TIMEOUT) -> float:
        """Wait until /health answers 200 and the login page is served; returns the seconds it took."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.state()["Status"] == "exited":
                raise RuntimeError(f"{self.name} exited ({self.state()['ExitCode']}):\n{self.logs()[-3000:]}")
            if http_get(f"{self.url}/health", 2)[0] == 200 and http_get(f"{self.url}/login/", 2)[0] == 200:
                return time.monotonic() - started
            time.sleep(0.25)
        raise RuntimeError(f"{self.name} not healthy within {timeout:.0f} s:\n{self.logs()[-3000:]}")

    def start(self, timeout: float = START_TIMEOUT) -> float:
        """`docker start` a stopped container and wait until it serves."""
        docker("start", self.name)
        return self.wait_healthy(timeout)

    def stop(self, timeout: int = 20) -> float:
        """`docker stop` (SIGTERM, SIGKILL after `timeout` s); returns the seconds it took."""
        started = time.monotonic()
        docker("stop", "-t", str(timeout), self.name, timeout=timeout + 30)
        return time.monotonic() - started

    def state(self) -> dict:
        return json.loads(docker("inspect", "-f", "{{json .State}}", self.name))

    def exec(self, *command: str, input: str | None = None, user: str | None = None) -> str:
        return docker("exec", "-i", *(["-u", user] if user else []), self.name, *command, input=input)

    def cli(self, *args: str, input: str | None = None) -> str:
        """`python -m easytrack ARGS` inside the running container."""
        return self.exec("python", "-m", "easytrack", *args, input=input)

    def logs(self) -> str:
        done = subprocess.run([DOCKER, "logs", self.name], capture_output=True, text=True, timeout=30)
        return done.stdout + done.stderr

    def remove(self) -> None:
        docker("rm", "-f", "-v", self.name, check=False)


def remove_volume(name: str) -> None:
    docker("volume", "rm", "-f", name, check=False)
