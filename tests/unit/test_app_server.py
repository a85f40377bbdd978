"""The production server: Reflex picks gunicorn + uvicorn (rxconfig.py), with the settings of gunicorn.conf.py."""

from __future__ import annotations

import functools
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from easytrack import db

ROOT = Path(__file__).resolve().parents[2]
CHOICE = "import rxconfig; from reflex.utils.exec import should_use_granian; print(should_use_granian())"


def _server_choice(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "REFLEX_USE_GRANIAN"}
    done = subprocess.run([sys.executable, "-c", CHOICE], cwd=ROOT, env={**clean, **env}, capture_output=True,
                          text=True, timeout=120, check=True)
    return done.stdout.strip().splitlines()[-1]


def test_reflex_runs_uvicorn_once_rxconfig_is_loaded():
    assert _server_choice() == "False"


def test_an_operator_can_still_choose_granian():
    assert _server_choice(REFLEX_USE_GRANIAN="true") == "True"


def _conf(monkeypatch, **env: str) -> dict:
    for name in ("REFLEX_REDIS_URL", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_one_worker_without_redis_whatever_web_concurrency_says(monkeypatch, capsys):
    assert _conf(monkeypatch, WEB_CONCURRENCY="4")["workers"] == 1
    assert "WEB_CONCURRENCY ignored" in capsys.readouterr().err


def test_with_redis_web_concurrency_sets_the_workers(monkeypatch):
    assert "workers" not in _conf(monkeypatch, REFLEX_REDIS_URL="redis://127.0.0.1:6379/0", WEB_CONCURRENCY="4")


def test_workers_stop_within_composes_grace_period(monkeypatch):
    conf = _conf(monkeypatch)
    grace = re.search(r"stop_grace_period: (\d+)s", (ROOT / "compose.yaml").read_text())
    assert grace and conf["graceful_timeout"] < int(grace.group(1))


def test_forwarded_headers_are_left_to_reflex_and_the_api(monkeypatch):
    assert _conf(monkeypatch)["forwarded_allow_ips"] == ""


def test_the_master_freezes_the_imported_app_before_forking(monkeypatch):
    import gc

    calls = []
    monkeypatch.setattr(gc, "collect", lambda *args: calls.append("collect"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    _conf(monkeypatch)["when_ready"](SimpleNamespace())
    assert calls == ["collect", "freeze"]


class _Engine:
    def __init__(self) -> None:
        self.disposed: list[bool] = []

    def dispose(self, close: bool = True) -> None:
        self.disposed.append(close)


def _fork_with_engine(monkeypatch, created: bool) -> _Engine:
    engine = _Engine()
    cached = functools.cache(lambda: engine)
    if created:
        cached()  # the master created the engine before forking
    monkeypatch.setattr(db, "engine", cached)
    server = SimpleNamespace(log=SimpleNamespace(warning=lambda *args: None))
    _conf(monkeypatch)["post_fork"](server, SimpleNamespace(pid=123))
    return engine


def test_a_worker_drops_a_pool_inherited_from_the_master_without_closing_its_connections(monkeypatch):
    assert _fork_with_engine(monkeypatch, created=True).disposed == [False]


def test_a_worker_leaves_the_engine_alone_when_the_master_made_none(monkeypatch):
    assert _fork_with_engine(monkeypatch, created=False).disposed == []


@pytest.mark.parametrize("path", ["compose.yaml", "deploy/.env.example"])
def test_the_deployment_files_name_the_workers_variable_gunicorn_reads(path):
    text = (ROOT / path).read_text()
    assert "WEB_CONCURRENCY" in text and "GRANIAN_WORKERS" not in text
