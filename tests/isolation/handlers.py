"""Every event handler of every easytrack State class, found by walking Reflex's state tree.

Reflex makes every public method of a State class callable from a crafted websocket message, so the
suites here do not keep a list of handlers: they walk the tree after importing every page and state
module. Reflex's own handlers (hydrate, setvar, on_load_internal, ...) are skipped by module.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass

from reflex.state import BaseState, State

ID_NAME = re.compile(r"(^|_)id$")  # habit_id, group_id, token_id, id, ...
APP_PACKAGES = ("easytrack.pages", "easytrack.state")


def import_app() -> None:
    """Import the app and every page and state module (a page being written may not be routed yet)."""
    import easytrack.easytrack  # noqa: F401

    for package in APP_PACKAGES:
        pkg = importlib.import_module(package)
        for module in pkgutil.iter_modules(pkg.__path__):
            importlib.import_module(f"{package}.{module.name}")


@dataclass(frozen=True)
class Handler:
    """One public event handler: `cls.name(*params)`."""

    cls: type[BaseState]
    name: str
    params: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.cls.__name__}.{self.name}"

    @property
    def id_params(self) -> tuple[str, ...]:
        return tuple(p for p in self.params if ID_NAME.search(p))

    @property
    def is_async_gen(self) -> bool:
        return inspect.isasyncgenfunction(self.fn)

    @property
    def fn(self):
        return self.cls.event_handlers[self.name].fn


def _walk(cls: type[BaseState]):
    yield cls
    for sub in sorted(cls.get_substates(), key=lambda c: c.get_full_name()):
        yield from _walk(sub)


def app_states() -> list[type[BaseState]]:
    import_app()
    return [cls for cls in _walk(State) if cls.__module__.startswith("easytrack.")]


def app_handlers() -> list[Handler]:
    """Every handler defined by an easytrack State class (inherited ones are listed under their owner)."""
    found = []
    for cls in app_states():
        for name, handler in sorted(cls.event_handlers.items()):
            if not handler.fn.__module__.startswith("easytrack."):
                continue  # Reflex's own (setvar): not ours to test here
            params = tuple(inspect.signature(handler.fn).parameters)[1:]
            found.append(Handler(cls, name, params))
    return found
