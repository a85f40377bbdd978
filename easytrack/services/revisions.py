"""The per-user change counter (`users.data_rev`) that orders a user's changes in commit order."""

from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlmodel import Session

from easytrack.models import User
from easytrack.services.errors import NotFound

_users = User.__table__
_BUMP = (
    update(_users)
    .where(_users.c.id == bindparam("uid"))
    .values(data_rev=_users.c.data_rev + 1)
    .returning(_users.c.data_rev)
)


def bump(session: Session, *, user_id: int) -> int:
    """Increment the user's revision in the current transaction and return the new value.

    The UPDATE takes the user's row lock until commit, so concurrent changes by the same user are
    serialised and their revisions follow commit order. Services call it once per mutation, after
    their read-only checks and before their writes (one lock order for every mutation: no deadlocks).

    Raises:
        NotFound: if there is no such user (services only pass authenticated ids).
    """
    rev = session.execute(_BUMP, {"uid": user_id}).scalar_one_or_none()
    if rev is None:
        raise NotFound()
    return rev


def current(session: Session, *, user_id: int) -> int:
    """Return the user's current revision (0 before any change).

    Raises:
        NotFound: if there is no such user.
    """
    rev = session.exec(select(_users.c.data_rev).where(_users.c.id == user_id)).scalar_one_or_none()
    if rev is None:
        raise NotFound()
    return rev
