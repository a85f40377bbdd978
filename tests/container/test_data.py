"""Where the image keeps its data: migrations run once however many containers start together, and the
default SQLite database lives on the /data volume, so a new container on the same volume has it all."""

from __future__ import annotations

import re
import threading
import uuid

from sqlalchemy import text

from easytrack.db import make_engine
from tests.container.conftest import Account
from tests.container.docker import docker, remove_volume
from tests.services import postgres_schema


def _migrations_run(logs: str) -> list[str]:
    """The revisions a container's log says it applied ("Running upgrade 0001 -> 0002, ...")."""
    return re.findall(r"Running upgrade \S* ?-> (\w+)", logs)


def _revisions() -> tuple[list[str], str]:
    """(every revision of this checkout, the head)."""
    from alembic.script import ScriptDirectory

    from easytrack.migrate import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in scripts.walk_revisions()], scripts.get_current_head()


def test_two_containers_starting_together_migrate_once(image, containers):
    with postgres_schema("et_ctr_mig", migrate=False) as db_url:
        pair = [containers(image, env={"REFLEX_DB_URL": db_url}) for _ in range(2)]
        starters = [threading.Thread(target=c.run) for c in pair]
        for starter in starters:
            starter.start()
        for starter in starters:
            starter.join()
        for container in pair:
            container.wait_healthy()
        applied = [_migrations_run(c.logs()) for c in pair]
        revisions, head = _revisions()
        assert sorted(applied[0] + applied[1]) == sorted(revisions), applied  # each one once, by one of them
        engine = make_engine(db_url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head]
        engine.dispose()


def test_a_new_container_on_the_same_volume_keeps_the_sqlite_data(image, containers):
    volume = f"easytrack-test-{uuid.uuid4().hex[:8]}"
    try:
        first = containers(image, volumes={volume: "/data"}).run()
        first.wait_healthy()
        account = Account(first, f"home-{uuid.uuid4().hex[:6]}@example.org")
        ids = account.write_habits(first.url, ["Read", "Walk"])
        first.stop()
        first.remove()

        second = containers(image, volumes={volume: "/data"}).run()
        second.wait_healthy()
        assert _migrations_run(second.logs()) == []  # the database on the volume is already at head
        for habit_id in ids.values():
            assert len(account.done_days(second.url, habit_id)) == 1
        owner = second.exec("stat", "-c", "%U", "/data/easytrack.db").strip()
        assert owner == "easytrack"
    finally:
        for container in docker("ps", "-aq", "--filter", f"volume={volume}").split():
            docker("rm", "-f", container, check=False)
        remove_volume(volume)
