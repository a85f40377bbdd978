"""Shared checks and ordering for the tracker services (habits, groups, check-ins); private."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence

from sqlalchemy import Table, bindparam, delete, func, select, update
from sqlmodel import Session

from easytrack.i18n import N_
from easytrack.services import revisions
from easytrack.services.errors import NotFound, ValidationError
from easytrack.services.tracker_types import Deleted

NAME_MAX = 100
NAME_KEY_MAX = 400
MAX_ID = 2**31 - 1  # PostgreSQL `integer`; larger ids cannot exist and must not reach the driver
MAX_LIST = 10_000  # longest id list a reorder accepts (far above any real number of habits)
_LINE_BREAKS = frozenset("\n\t")
_BLANK = frozenset({"Zs", "Zl", "Zp", "Cf"})  # spaces and invisible format characters


def user_key(user_id: object) -> int:
    """Return `user_id` if it is a plausible id; anything else is a caller bug reported as NotFound."""
    return checked_id(user_id, NotFound)


def checked_id(value: object, not_found: type[NotFound]) -> int:
    """Return `value` if it can be a row id (an int, not a bool, 1..2**31-1); else raise `not_found`."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise not_found()
    return value


# Whole sentences for each field a check names (`what`), so each can be translated (easytrack.i18n).
_TEXT_ERRORS = {
    "Names": (N_("Names must be text."), N_("Names can be at most {n} characters."),
              N_("Names contain characters that can't be stored.")),
    "Notes": (N_("Notes must be text."), N_("Notes can be at most {n} characters."),
              N_("Notes contain characters that can't be stored.")),
    "Descriptions": (N_("Descriptions must be text."), N_("Descriptions can be at most {n} characters."),
                     N_("Descriptions contain characters that can't be stored.")),
    "Questions": (N_("Questions must be text."), N_("Questions can be at most {n} characters."),
                  N_("Questions contain characters that can't be stored.")),
    "Units": (N_("Units must be text."), N_("Units can be at most {n} characters."),
              N_("Units contain characters that can't be stored.")),
}
_NAME_MISSING = {"habit": N_("Please give the habit a name."), "group": N_("Please give the group a name.")}
_NUMBER_ERRORS = {
    "The amount": (N_("The amount must be a number."), N_("The amount must be between 0 and {high}.")),
    "The target": (N_("The target must be a number."), N_("The target must be between 0 and {high}.")),
}
_CHOICE_ERRORS = {"The direction": N_("The direction must be one of: {choices}.")}
_BOOL_ERRORS = {"Measurable": N_("Measurable must be true or false."),
                "Archived": N_("Archived must be true or false.")}
_ORDER_ERRORS = {"habits": N_("The new order of the habits is not valid."),
                 "groups": N_("The new order of the groups is not valid.")}
_CHANGED_ERRORS = {"habits": N_("The habits changed meanwhile; please reload and try again."),
                   "groups": N_("The groups changed meanwhile; please reload and try again.")}


def _bad_char(ch: str, multiline: bool) -> bool:
    category = unicodedata.category(ch)
    if category == "Cs":  # a lone surrogate (JSON allows "\ud800"): no database can store it
        return True
    return category == "Cc" and not (multiline and ch in _LINE_BREAKS)


def clean_text(value: object, *, max_len: int, what: str, multiline: bool = True) -> str:
    """Return `value` stripped, if it is a str of at most `max_len` characters without control characters.

    Raises:
        ValidationError: naming `what` ("Descriptions", "Notes", …) in its message.
    """
    not_text, too_long, bad_chars = _TEXT_ERRORS[what]
    if not isinstance(value, str):
        raise ValidationError(not_text)
    text = value.strip()
    if len(text) > max_len:
        raise ValidationError(too_long, n=format(max_len, ","))
    if any(_bad_char(ch, multiline) for ch in text):
        raise ValidationError(bad_chars)
    return text


def clean_name(value: object, *, thing: str) -> tuple[str, str]:
    """Return `(name, name_key)`: the trimmed name (1..100 characters, any Unicode) and its casefold.

    Raises:
        ValidationError: for non-text, empty, over-long names or control characters.
    """
    name = clean_text(value, max_len=NAME_MAX, what="Names", multiline=False)
    if not any(unicodedata.category(ch) not in _BLANK for ch in name):  # "", or only zero-width marks
        raise ValidationError(_NAME_MISSING[thing])
    # NFC so composed and decomposed accents are one name; casefold may lengthen ("ß" -> "ss"), hence 400.
    key = unicodedata.normalize("NFC", name).casefold()
    if len(key) > NAME_KEY_MAX:
        raise ValidationError("That name is too long.")
    return name, key


def clean_number(value: object, *, what: str, high: float) -> float:
    """Return `value` as a float if it is a finite int or float in 0..`high` (bools are refused)."""
    not_number, out_of_range = _NUMBER_ERRORS[what]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(not_number)
    try:
        number = float(value)
    except OverflowError:  # an int beyond any float
        number = math.inf
    if not 0 <= number <= high:  # NaN and ±inf fail this too
        raise ValidationError(out_of_range, high=format(high, ",.0f"))
    return number


def clean_choice(value: object, choices: Sequence[str], *, what: str) -> str:
    """Return `value` if it is one of `choices`."""
    if not isinstance(value, str) or value not in choices:
        raise ValidationError(_CHOICE_ERRORS[what], choices=", ".join(choices))
    return value


def clean_bool(value: object, *, what: str) -> bool:
    """Return `value` if it is a real bool (not 0/1, not "true")."""
    if not isinstance(value, bool):
        raise ValidationError(_BOOL_ERRORS[what])
    return value


def owned(session: Session, table: Table, *, user_id: int, item_id: int) -> bool:
    """Return whether row `item_id` of `table` exists and belongs to `user_id` (checked in SQL)."""
    stmt = select(table.c.id).where(table.c.id == item_id, table.c.user_id == user_id)
    return session.exec(stmt).first() is not None


def ordered_ids(session: Session, table: Table, *, user_id: int) -> list[int]:
    """Return the ids of the user's rows of `table` by position, then id (first to last)."""
    stmt = select(table.c.id).where(table.c.user_id == user_id).order_by(table.c.position, table.c.id)
    return list(session.exec(stmt).scalars())


def next_position(session: Session, table: Table, *, user_id: int) -> tuple[int, int]:
    """Return `(count, last position + 1)` of the user's rows of `table` (0, 0 when there are none)."""
    stmt = select(func.count(), func.max(table.c.position)).where(table.c.user_id == user_id)
    count, last = session.exec(stmt).one()
    return count, (0 if last is None else last + 1)


def write_order(session: Session, table: Table, *, user_id: int, ids: Sequence[int]) -> tuple[int, ...]:
    """Number the user's rows `ids` 0, 1, 2, … in that order (one executemany, scoped to the user)."""
    stmt = (
        update(table)
        .where(table.c.id == bindparam("row_id"), table.c.user_id == user_id)
        .values(position=bindparam("new_position"))
    )
    if ids:
        params = [{"row_id": row_id, "new_position": i} for i, row_id in enumerate(ids)]
        session.connection().execute(stmt, params)
    return tuple(ids)


def checked_id_list(value: object, *, what: str) -> list[int]:
    """Return `value` as a list if it is a list or tuple of ints (not bools), at most MAX_LIST long."""
    bad = not isinstance(value, (list, tuple)) or len(value) > MAX_LIST
    if bad or any(isinstance(v, bool) or not isinstance(v, int) for v in value):
        raise ValidationError(_ORDER_ERRORS[what])
    return list(value)


def check_same_ids(ids: list[int], current: Sequence[int], *, what: str) -> None:
    """Raise unless `ids` holds exactly the ids in `current`, each once, in any order."""
    if len(ids) != len(current) or set(ids) != set(current):
        raise ValidationError(_CHANGED_ERRORS[what])


def moved(ids: list[int], item_id: int, offset: int, same_block: Callable[[int], bool]) -> list[int]:
    """Return `ids` with `item_id` swapped with its nearest neighbour `offset` (-1/+1) away in its block.

    `same_block(other_id)` says which rows count as neighbours. At either end the order is unchanged.
    """
    i = ids.index(item_id)
    j = i + offset
    while 0 <= j < len(ids) and not same_block(ids[j]):
        j += offset
    if not 0 <= j < len(ids):
        return ids
    out = list(ids)
    out[i], out[j] = out[j], out[i]
    return out


def checked_offset(offset: object) -> int:
    """Return `offset` if it is -1 or +1."""
    if isinstance(offset, bool) or not isinstance(offset, int) or offset not in (-1, 1):
        raise ValidationError("Items can only move one place up or down.")
    return offset


def delete_owned(session: Session, table: Table, *, user_id: object, item_id: object,
                 not_found: type[NotFound]) -> Deleted:
    """Delete one of the user's rows of `table` (a revision bump first, like every change);
    a missing or someone else's row raises `not_found`."""
    uid, iid = user_key(user_id), checked_id(item_id, not_found)
    rev = revisions.bump(session, user_id=uid)
    stmt = delete(table).where(table.c.id == iid, table.c.user_id == uid)
    if session.exec(stmt).rowcount != 1:
        raise not_found()
    session.flush()
    return Deleted(rev, iid)
