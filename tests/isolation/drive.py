"""Driving a state tree like Reflex does, for hostile callers: router data, server-held ids, every output."""

from __future__ import annotations

import inspect
import re
from typing import Any
from urllib.parse import urlencode

from reflex.state import BaseState, State

from tests.app.conftest import substate
from tests.isolation.handlers import ID_NAME, Handler


def claim_route(root: State, path_params: dict[str, str], query: dict[str, str] | None = None) -> None:
    """Make the tab claim to be on a page with `path_params` (what a crafted router_data can say)."""
    params = {**path_params, **(query or {})}
    path = "/" + "/".join(f"{k}/{v}" for k, v in path_params.items())
    if query:
        path += "?" + urlencode(query)
    data = {"pathname": "/".join(f"[{k}]" for k in path_params) or "/", "asPath": path, "query": params,
            "headers": {"origin": "http://localhost:3000"}}
    root.router_data = root._update_router_vars(data, {})


def _states(root: BaseState):
    yield root
    for sub in root.substates.values():
        yield from _states(sub)


def plant_ids(root: State, values: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Put foreign ids into the tree's server-held id vars (`editing_id`, `_entry_key`, `_pending_id`, ...).

    Defence in depth: even if a tab's server-side state held someone else's id, the services must refuse.
    `values` maps a var name to the value to plant. Returns (planted, unknown): the vars set, and the
    int vars named like ids that `values` does not cover (a new one must be added to the caller's map).
    """
    planted, unknown = [], []
    for state in _states(root):
        for name, field in type(state).get_fields().items():
            if field._owner is not type(state):
                continue
            if name in values:
                setattr(state, name, values[name])
                planted.append(f"{type(state).__name__}.{name}")
            elif ID_NAME.search(name) and type(getattr(state, name, None)) is int:
                unknown.append(f"{type(state).__name__}.{name}")
    return planted, unknown


def visible(root: State) -> dict:
    """Everything the tab holds: every var (sent to the browser) and every backend var (on the server)."""
    out = root.dict()
    out["__backend__"] = {
        type(state).__name__: {name: getattr(state, name, None) for name, f in type(state).get_fields().items()
                               if f._backend and name != "router_data"}
        for state in _states(root)
    }
    return out


async def run(root: State, handler: Handler, args: tuple) -> list:
    """Call `handler` on its substate of `root` with `args` like Reflex would; every yielded/returned value."""
    state = substate(root, handler.cls)
    result = handler.fn(state, *args)
    outputs = []
    if inspect.isasyncgen(result):
        async for value in result:
            outputs.append(value)
        return outputs
    if inspect.isgenerator(result):
        return list(result)
    if inspect.isawaitable(result):
        result = await result
    return [result]


def short(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return re.sub(r"\s+", " ", text)[:300]
