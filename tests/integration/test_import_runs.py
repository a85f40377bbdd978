"""One import per user at a time (a claimed row, taken over when stale), the import pool's bound, and
uploads kept between preview and import only for their owner."""

from __future__ import annotations

import asyncio
import os
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from easytrack.models import ImportRun
from easytrack.services.transfer import ImportBusy, ImportFailed, import_file, pending, pool, runs
from tests.factories import make_user
from tests.fixtures.transfer import BEAVER


def _claims(session) -> list:
    return session.exec(select(ImportRun.user_id, ImportRun.token).execution_options(populate_existing=True)).all()


def test_a_second_import_of_the_same_user_is_refused_while_one_runs(session):
    uid, other = make_user(session, email="a@example.org"), make_user(session, email="b@example.org")
    token = runs.claim(session, user_id=uid, now=datetime.now(timezone.utc))
    with pytest.raises(ImportBusy):
        import_file(session, user_id=uid, data=BEAVER.read_bytes())
    assert import_file(session, user_id=other, data=BEAVER.read_bytes()).habits_created == 4  # others go on
    runs.release(session, user_id=uid, token=token)
    assert import_file(session, user_id=uid, data=BEAVER.read_bytes()).habits_created == 4
    assert _claims(session) == []  # every import gave its claim back


def test_a_claim_that_stopped_beating_is_taken_over(session):
    uid = make_user(session)
    now = datetime.now(timezone.utc)
    old = runs.claim(session, user_id=uid, now=now - runs.STALE - timedelta(seconds=1))
    new = runs.claim(session, user_id=uid, now=now)
    assert new != old
    runs.release(session, user_id=uid, token=old)  # the stale run's late release leaves the new claim alone
    assert [c.token for c in _claims(session)] == [new]


def test_a_failed_import_gives_its_claim_back(session):
    uid = make_user(session)
    with pytest.raises(ImportFailed):
        import_file(session, user_id=uid, data=b"not an export")
    assert _claims(session) == []


def test_the_import_pool_runs_work_in_lower_priority_processes_and_refuses_work_beyond_its_queue():
    async def scenario():
        assert await pool.run(os.getpid) != os.getpid()
        assert await pool.run(os.nice, 0) >= pool.NICENESS
        jobs = [asyncio.ensure_future(pool.run(time.sleep, 0.5)) for _ in range(pool.RUNNING + pool.WAITING)]
        await asyncio.sleep(0.05)
        with pytest.raises(ImportBusy):
            await pool.run(time.sleep, 0)
        await asyncio.gather(*jobs)
        assert await pool.run(abs, -42) == 42  # slots come back once jobs end

    asyncio.run(scenario())


def test_a_kept_upload_opens_only_for_its_owner_and_is_replaced_by_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(pending.tempfile, "gettempdir", lambda: str(tmp_path))
    first = pending.save(7, b"first")
    assert pending.load(7, first) == b"first"
    for user, token in ((8, first), (7, "../../etc/passwd"), (7, 123)):
        with pytest.raises(ImportFailed):
            pending.load(user, token)
    second = pending.save(7, b"second")
    with pytest.raises(ImportFailed):
        pending.load(7, first)
    assert pending.load(7, second) == b"second"
    assert oct(pending.folder().stat().st_mode & 0o777) == "0o700"
    pending.drop(7, second)
    assert list(pending.folder().iterdir()) == []
