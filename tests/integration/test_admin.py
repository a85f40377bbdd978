"""Administration on SQLite and PostgreSQL: only admins act, never on themselves; disabling ends sessions;
the registration policy (open/closed, maximum users) and the first account becoming admin."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from easytrack.db import session_scope
from easytrack.models import AuthSession, Habit, User
from easytrack.services import accounts, admin, app_settings
from easytrack.services.errors import NotFound, RegistrationClosed, ValidationError
from tests.conftest import NOW
from tests.factories import PASSWORD, fast_hashing, make_user  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")




def users(engine, *specs: tuple[str, dict]) -> list[int]:
    with Session(engine) as session:
        return [make_user(session, email=email, **fields) for email, fields in specs]


def count(engine, model, *where) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()[0]


def test_admins_list_accounts_with_habit_counts_but_no_habits(db, engine):
    boss, bob = users(engine, ("boss@example.org", {"is_admin": True}), ("bob@example.org", {}))
    with Session(engine) as session:
        session.add_all([Habit(user_id=bob, name=n, name_key=n) for n in ("a", "b")])
        session.commit()
    rows = db(admin.list_users, user_id=boss)
    assert [(r.email, r.is_admin, r.habit_count) for r in rows] == [("boss@example.org", True, 0),
                                                                    ("bob@example.org", False, 2)]
    assert not hasattr(rows[0], "password_hash") and not hasattr(rows[0], "habits")


@pytest.mark.parametrize("fields", [{}, {"is_admin": True, "is_disabled": True}, {"is_admin": True, "confirmed": False}])
def test_only_enabled_admins_may_act(db, engine, fields):
    caller, bob = users(engine, ("x@example.org", fields), ("bob@example.org", {}))
    calls = [(admin.list_users, {}), (admin.set_disabled, {"target_id": bob, "disabled": True}),
             (admin.delete_user, {"target_id": bob}),
             (admin.registration_policy, {"default_open": True}),
             (admin.save_registration_policy, {"open": False, "max_users": 1})]
    for fn, kwargs in calls:
        with pytest.raises(admin.NotAdmin):
            db(fn, user_id=caller, **kwargs)
    assert count(engine, User, User.is_disabled.is_(True)) == (1 if fields.get("is_disabled") else 0)
    assert count(engine, User) == 2
    assert db(app_settings.registration_policy, default_open=True).open


@pytest.mark.parametrize("user_id", [0, -1, 2**80, "1", None, True, 1.0])
def test_bogus_caller_ids_are_not_admins(db, engine, user_id):
    users(engine, ("boss@example.org", {"is_admin": True}))
    with pytest.raises(admin.NotAdmin):
        db(admin.list_users, user_id=user_id)


def test_an_admin_cannot_disable_or_delete_themselves(db, engine):
    [boss] = users(engine, ("boss@example.org", {"is_admin": True}))
    with pytest.raises(ValidationError, match="your own account"):
        db(admin.set_disabled, user_id=boss, target_id=boss, disabled=True)
    with pytest.raises(ValidationError, match="your own account"):
        db(admin.delete_user, user_id=boss, target_id=boss)
    assert count(engine, User, User.is_disabled.is_(False)) == 1


def test_disabling_ends_the_users_sessions_at_once(db, engine, now):
    boss, bob = users(engine, ("boss@example.org", {"is_admin": True}), ("bob@example.org", {}))
    token = db(accounts.create_session, user_id=bob, now=now)
    db(accounts.create_session, user_id=boss, now=now)
    db(admin.set_disabled, user_id=boss, target_id=bob, disabled=True)
    assert count(engine, AuthSession, AuthSession.user_id == bob) == 0
    assert count(engine, AuthSession, AuthSession.user_id == boss) == 1
    assert db(accounts.validate_session, token=token, now=now) is None
    db(admin.set_disabled, user_id=boss, target_id=bob, disabled=False)
    assert db(accounts.login, email="bob@example.org", password=PASSWORD, client_ip="1.2.3.4", now=now).user_id == bob


@pytest.mark.parametrize(("target", "disabled", "error"), [
    (999, True, NotFound), (-1, True, NotFound), ("2", True, NotFound), (None, True, NotFound),
    (2, "yes", ValidationError), (2, 1, ValidationError),
])
def test_bad_targets_change_nothing(db, engine, target, disabled, error):
    boss, _bob = users(engine, ("boss@example.org", {"is_admin": True}), ("bob@example.org", {}))
    with pytest.raises(error):
        db(admin.set_disabled, user_id=boss, target_id=target, disabled=disabled)
    assert count(engine, User, User.is_disabled.is_(True)) == 0


def test_deleting_a_user_takes_their_data_with_them(db, engine):
    boss, bob = users(engine, ("boss@example.org", {"is_admin": True}), ("bob@example.org", {}))
    with Session(engine) as session:
        session.add(Habit(user_id=bob, name="a", name_key="a"))
        session.commit()
    assert db(admin.delete_user, user_id=boss, target_id=bob) == "bob@example.org"
    assert count(engine, User) == 1 and count(engine, Habit) == 0
    with pytest.raises(NotFound):
        db(admin.delete_user, user_id=boss, target_id=bob)


# --- registration policy ----------------------------------------------------------------------------------


def register(db, email: str, default_open: bool = True):
    return db(app_settings.register_account, email=email, password=PASSWORD, now=NOW, default_open=default_open)


def test_the_first_registered_account_becomes_admin_and_later_ones_do_not(db, engine):
    first, second = register(db, "first@example.org"), register(db, "second@example.org")
    with Session(engine) as session:
        assert session.get(User, first.user_id).is_admin
        assert not session.get(User, second.user_id).is_admin


def test_the_environment_is_the_default_until_an_admin_saves_a_policy(db, engine):
    [boss] = users(engine, ("boss@example.org", {"is_admin": True}))
    with pytest.raises(RegistrationClosed, match="closed"):
        register(db, "a@example.org", default_open=False)
    db(admin.save_registration_policy, user_id=boss, open=True, max_users="")
    assert register(db, "a@example.org", default_open=False).user_id
    db(admin.save_registration_policy, user_id=boss, open=False, max_users=None)
    with pytest.raises(RegistrationClosed, match="Registration is closed"):
        register(db, "b@example.org", default_open=True)
    assert count(engine, User) == 2


def test_the_maximum_number_of_users_is_enforced_with_a_clear_message(db, engine):
    [boss] = users(engine, ("boss@example.org", {"is_admin": True}))
    db(admin.save_registration_policy, user_id=boss, open=True, max_users="2")
    assert db(admin.registration_policy, user_id=boss, default_open=False) == app_settings.RegistrationPolicy(True, 2)
    register(db, "a@example.org")
    with pytest.raises(RegistrationClosed, match="maximum number of users"):
        register(db, "b@example.org")
    assert count(engine, User) == 2


@pytest.mark.parametrize(("is_open", "limit"), [("yes", ""), (True, "0"), (True, "-3"), (True, "2.5"),
                                                  (True, "1000001"), (True, "abc"), (True, ["1"]), (None, "")])
def test_bad_policies_are_refused(db, engine, is_open, limit):
    [boss] = users(engine, ("boss@example.org", {"is_admin": True}))
    with pytest.raises(ValidationError):
        db(admin.save_registration_policy, user_id=boss, open=is_open, max_users=limit)
    assert db(app_settings.registration_policy, default_open=True) == app_settings.RegistrationPolicy(True, None)


def test_create_user_makes_the_first_account_admin_even_without_the_flag(engine, monkeypatch, capsys):
    from easytrack import db as app_db
    from easytrack.cli import main

    monkeypatch.setattr(app_db, "engine", lambda: engine)
    for email in ("root@example.org", "next@example.org"):
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        assert main(["create-user", email, "--password-stdin"]) == 0
    out = capsys.readouterr().out
    assert "created admin" in out and "created user" in out
