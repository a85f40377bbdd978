"""make_plan: which of the file's habits meet which of the user's, and what is said about the rest."""

from __future__ import annotations

from easytrack.services.transfer.plan import OTHER_TYPE, TAKEN, TWICE, make_plan
from easytrack.services.transfer.types import Action, ImportedHabit

_SETTINGS = {"description": "", "question": "", "color": "#d32f2f", "archived": False, "schedule": "daily",
             "measurable": False, "unit": "", "target_value": 0.0, "target_direction": "at_least",
             "target_period": "day"}


def _row(id_: int, name: str, source_id: str = "", source_alt: str = "", **settings) -> dict:
    return {"id": id_, "name": name, "name_key": name.casefold(), "position": id_, "source_id": source_id,
            "source_alt": source_alt, **_SETTINGS, **settings}


def _habit(name: str, source_id: str = "", aliases: tuple[str, ...] = (), position: int = 0, **kw) -> ImportedHabit:
    return ImportedHabit(source_id=source_id, name=name, position=position, color="#d32f2f", aliases=aliases, **kw)


def _summary(steps) -> list[tuple]:
    return [(s.plan.name, s.plan.action, s.plan.target, s.habit_id) for s in steps]


def test_a_source_id_match_comes_before_an_alias_match_of_another_habit():
    rows = [_row(1, "Floss", source_id="loop:1:Floss")]
    file = (_habit("Floss", "loop:uuid-a", aliases=("loop:1:Floss",), position=0),
            _habit("Floss again", "loop:1:Floss", position=1))
    steps = make_plan(rows, file, merge_names=True)
    assert _summary(steps) == [("Floss", Action.RENAME, "Floss (2)", None), ("Floss again", Action.UNCHANGED, "Floss", 1)]


def test_an_alias_match_records_the_key_the_stored_habit_lacks():
    rows = [_row(1, "Teeth", source_id="loop:1:Floss")]
    (step,) = make_plan(rows, (_habit("Floss", "loop:f1", aliases=("loop:1:Floss",)),), merge_names=True)
    assert (step.plan.action, step.habit_id, step.values) == (Action.UNCHANGED, 1, {"source_alt": "loop:f1"})


def test_a_name_merge_takes_the_files_settings_and_names_them():
    rows = [_row(1, "Gym", schedule="daily", color="#000000")]
    (step,) = make_plan(rows, (_habit("gym", "beaver:9", schedule="week:3"),), merge_names=True)
    assert (step.plan.action, step.plan.target, step.plan.changes) == (Action.MERGE, "Gym", ("colour", "schedule"))
    assert step.values == {"color": "#d32f2f", "schedule": "week:3", "source_id": "beaver:9"}


def test_renamed_habits_say_why():
    rows = [_row(1, "Coffee", measurable=False), _row(2, "Gym")]
    file = (_habit("Coffee", "x:1", measurable=True, position=0), _habit("Gym", "x:2", position=1),
            _habit("Yoga", "x:3", position=2), _habit("yoga", "x:4", position=3))
    steps = make_plan(rows, file, merge_names=False)
    assert [(s.plan.action, s.plan.target, s.plan.reason) for s in steps] == [
        (Action.RENAME, "Coffee (2)", OTHER_TYPE), (Action.RENAME, "Gym (2)", TAKEN),
        (Action.CREATE, "Yoga", ""), (Action.RENAME, "yoga (2)", TWICE)]


def test_each_stored_habit_is_matched_at_most_once():
    rows = [_row(1, "Run", source_id="loop:1:Run")]
    file = (_habit("Run", "loop:a", aliases=("loop:1:Run",), position=0),
            _habit("Run", "loop:b", aliases=("loop:1:Run",), position=1))
    steps = make_plan(rows, file, merge_names=True)
    assert [(s.plan.action, s.habit_id) for s in steps] == [(Action.UNCHANGED, 1), (Action.RENAME, None)]
