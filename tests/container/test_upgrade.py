"""Upgrading: the previous release's image writes data, this checkout's image starts on the same database
and volume, migrates what is new, and everything is still there (the same API token works too).

The previous release is a commit of this repository's history (bump PREVIOUS_RELEASE when releasing;
EASYTRACK_TEST_PREVIOUS_RELEASE overrides it). Its tree is built with its own Dockerfile, or with this
checkout's when its own cannot take the host's CA bundle (releases before the `ca_bundle` build secret):
the runtime stage, the code, the requirements and the migrations are the old release's either way.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.container.conftest import Account
from tests.container.docker import build_image, remove_volume
from tests.container.test_data import _migrations_run, _revisions
from tests.e2e.harness import ROOT
from tests.services import postgres_schema

PREVIOUS_RELEASE = os.environ.get("EASYTRACK_TEST_PREVIOUS_RELEASE", "845cff949dbd8cffe585d79a08b4fb99c708bbc5")
PREVIOUS_IMAGE = "easytrack:test-previous"


def _export_tree(commit: str, target: Path) -> None:
    """The files of `commit` (git archive) in `target`."""
    found = subprocess.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=ROOT, capture_output=True)
    if found.returncode:
        message = f"the previous release {commit[:12]} is not in this clone's history (a shallow clone?)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    target.mkdir(parents=True)
    subprocess.run(f"git archive --format=tar {commit} | tar -x -C '{target}'", shell=True, cwd=ROOT, check=True)


@pytest.fixture(scope="module")
def previous(image, tmp_path_factory) -> tuple[str, set[str]]:
    """(the previous release's image, the migration revisions it has)."""
    tree = tmp_path_factory.mktemp("previous") / "tree"
    _export_tree(PREVIOUS_RELEASE, tree)
    if "id=ca_bundle" not in (tree / "Dockerfile").read_text():
        shutil.copy(ROOT / "Dockerfile", tree / "Dockerfile")
        shutil.copy(ROOT / "deploy" / "with-host-ca.sh", tree / "deploy" / "with-host-ca.sh")
    build_image(PREVIOUS_IMAGE, context=tree, log_path=tree.parent / "build.log")
    revisions = set(re.findall(r"^revision\b[^=]*=\s*['\"](\w+)['\"]",
                               "\n".join(p.read_text() for p in (tree / "alembic" / "versions").glob("*.py")), re.M))
    return PREVIOUS_IMAGE, revisions


@pytest.fixture(params=["sqlite-volume", "postgres"])
def storage(request):
    """The container settings and volume of one installation: SQLite on /data, or PostgreSQL."""
    volume = f"easytrack-test-{uuid.uuid4().hex[:8]}"
    try:
        if request.param == "postgres":
            with postgres_schema("et_ctr_up", migrate=False) as db_url:
                yield {"REFLEX_DB_URL": db_url}, volume
        else:
            yield {}, volume
    finally:
        remove_volume(volume)


def test_the_new_image_keeps_what_the_previous_release_wrote(previous, image, storage, containers):
    old_image, old_revisions = previous
    env, volume = storage
    old = containers(old_image, env=env, volumes={volume: "/data"}).run()
    old.wait_healthy()
    account = Account(old, f"upgrader-{uuid.uuid4().hex[:6]}@example.org")
    ids = account.write_habits(old.url, ["Read", "Walk", "Stretch"])
    old.stop()
    old.remove()

    new = containers(image, env=env, volumes={volume: "/data"}).run()
    new.wait_healthy()
    revisions, _head = _revisions()
    assert sorted(_migrations_run(new.logs())) == sorted(set(revisions) - old_revisions)
    status, me = account.call(new.url, "GET", "/me")
    assert status == 200 and me["email"] == account.email
    status, habits = account.call(new.url, "GET", "/habits")
    assert status == 200 and {h["name"]: h["id"] for h in habits} == ids
    for habit_id in ids.values():
        assert len(account.done_days(new.url, habit_id)) == 1
