"""One virtual user speaking Reflex's wire protocol (Engine.IO 4 / Socket.IO 5 over a raw websocket).

It connects like the compiled frontend does: the hydrate event rides in the Socket.IO CONNECT packet,
with the LocalStorage session token in the payload's `vars`; the backend then runs the page's on_load
handlers (check_login + HomeState.load or GridState.load). A press is `<TrackerState>.set_cell` (the name the
compiled page sends, checked by capturing a Chromium session's frames), and its answer is the delta of TrackerState.patches holding a patch whose `q` echoes the request id.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field

from bench.ws import WebSocket, WebSocketClosed

NS = "/_event"


@dataclass(frozen=True)
class Names:
    """Full state names as the backend knows them (`State.get_full_name()`)."""

    root: str
    token_var: str  # the hydrate payload key of AuthState.session_token
    tracker: str
    page: str  # HomeState or GridState

    @classmethod
    def load(cls, page: str = "home") -> Names:
        from reflex.state import State

        from easytrack.pages.grid import GridState
        from easytrack.pages.home import HomeState
        from easytrack.state.auth import AuthState
        from easytrack.state.tracker import TrackerState

        page_state = {"home": HomeState, "grid": GridState}[page]
        return cls(State.get_full_name(), f"{AuthState.get_full_name()}.session_token_rx_state_",
                   TrackerState.get_full_name(), page_state.get_full_name())


@dataclass
class Press:
    habit_id: int
    day: str
    value: str
    sent: float


@dataclass
class Stats:
    """What one run observed; shared by all clients of the run."""

    latencies: list[float] = field(default_factory=list)
    delta_bytes: list[int] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)

    def error(self, kind: str, detail: str = "") -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if detail and len(self.error_samples) < 10:
            self.error_samples.append(f"{kind}: {detail[:200]}")


class ReflexClient:
    """A browser tab of one seeded user on `path` ("/" home or "/grid")."""

    def __init__(self, ws_base: str, session_token: str, names: Names, stats: Stats, *, path: str = "/",
                 origin: str | None = None):
        self.url = f"{ws_base}/_event/?token={uuid.uuid4()}&EIO=4&transport=websocket"
        self.session_token, self.names, self.stats = session_token, names, stats
        self.path, self.origin = path, origin
        self.ws: WebSocket | None = None
        self.today = ""
        self.habit_ids: list[int] = []
        self.pending: dict[str, Press] = {}
        self.acked: dict[tuple[int, str], str] = {}  # (habit, day) -> cell the server confirmed last
        self.unsure: set[tuple[int, str]] = set()  # sent but never answered: the DB may hold either value
        self.intended: dict[tuple[int, str], str] = {}
        self._seq = 0
        self._loaded = asyncio.Event()
        self._reader: asyncio.Task | None = None
        self.alive = False

    # ------------------------------------------------------------------ connection
    async def connect(self, timeout: float = 30.0) -> None:
        """Open the socket, hydrate with the session token and wait for the page's on_load data."""
        self.ws = await WebSocket.connect(self.url, origin=self.origin, timeout=timeout)
        opening, _ = await asyncio.wait_for(self.ws.recv(), timeout)
        if not opening.startswith("0"):
            raise ConnectionError(f"unexpected Engine.IO opening {opening[:80]!r}")
        router = {"pathname": self.path, "asPath": self.path}
        boot = {"event": {"name": f"{self.names.root}.hydrate_and_load",
                          "payload": {"vars": {self.names.token_var: self.session_token}},
                          "router_data": router}}
        await self.ws.send(f"40{NS},{json.dumps(boot, separators=(',', ':'))}")
        self.alive = True
        self._reader = asyncio.create_task(self._read_loop())
        await asyncio.wait_for(self._loaded.wait(), timeout)

    async def close(self) -> None:
        self.alive = False
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)

    async def _read_loop(self) -> None:
        try:
            while True:
                text, size = await self.ws.recv()
                if text == "2":  # Engine.IO ping: answer or the server drops us after pingTimeout
                    self.ws.writer.write(_frame("3"))
                elif text.startswith(f"42{NS},"):
                    self._on_event(text[len(NS) + 3:], size)
                elif text.startswith(f"44{NS},"):
                    self.stats.error("connect_refused", text)
                    self._loaded.set()
                    return
        except WebSocketClosed as exc:
            if self.alive:
                self.stats.error("disconnected", str(exc))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 (a bench client reports, never crashes the run)
            self.stats.error("client_bug", repr(exc))
        finally:
            self.alive = False
            self._loaded.set()

    # ------------------------------------------------------------------ incoming
    def _on_event(self, body: str, size: int) -> None:
        name, update = json.loads(body)[:2]
        if name != "event":
            return
        if isinstance(update, str):
            update = json.loads(update)
        delta = update.get("delta") or {}
        page = delta.get(self.names.page)
        tracker = delta.get(self.names.tracker)
        if tracker and tracker.get("today_rx_state_"):
            self.today = tracker["today_rx_state_"]
        if page and not self._loaded.is_set():
            rows = page.get("habits_rx_state_") or page.get("rows_rx_state_")
            if rows is not None:
                self.habit_ids = [r["id"] for r in rows]
            if page.get("loaded_rx_state_"):
                self._loaded.set()
        for event in update.get("events") or []:
            if "redirect" in json.dumps(event)[:400] and not self._loaded.is_set():
                self.stats.error("hydrate_redirect", json.dumps(event)[:200])
        if tracker and "patches_rx_state_" in tracker:
            self._on_patches(tracker["patches_rx_state_"], size)

    def _on_patches(self, patches: list[dict], size: int) -> None:
        now = time.perf_counter()
        counted = False
        for p in patches:
            press = self.pending.pop(p.get("q") or "", None)
            if press is None:
                continue
            if not counted:  # one frame may answer several presses: count its size once
                self.stats.delta_bytes.append(size)
                counted = True
            self.stats.latencies.append(now - press.sent)
            key = (press.habit_id, press.day)
            if p.get("e"):
                self.stats.error("refused", f"{p['e']} ({p})")
                self.acked[key] = p.get("c", "")
            elif p.get("h") != press.habit_id or p.get("d") != press.day or p.get("c") != press.value:
                self.stats.error("wrong_answer", f"sent {press}, got {p}")
                self.acked[key] = p.get("c", "")
            else:
                self.acked[key] = press.value

    # ------------------------------------------------------------------ outgoing
    def press(self, habit_id: int, day: str, value: str) -> None:
        """Send one set_cell without waiting (the reader task matches the answer)."""
        self._seq += 1
        req = _base36(self._seq)
        event = {"name": f"{self.names.tracker}.set_cell",
                 "payload": {"habit_id": habit_id, "day": day, "value": value, "req": req},
                 "router_data": {"pathname": self.path, "asPath": self.path}}
        text = f"42{NS},{json.dumps(['event', event], separators=(',', ':'))}"
        self.pending[req] = Press(habit_id, day, value, time.perf_counter())
        self.intended[(habit_id, day)] = value
        self.ws.writer.write(_frame(text))

    def give_up_pending(self) -> None:
        """After the drain: unanswered presses are errors, and their cells cannot be checked."""
        for press in self.pending.values():
            self.stats.error("timeout", f"{press.habit_id} {press.day}")
            self.unsure.add((press.habit_id, press.day))
        self.pending.clear()


def _frame(text: str) -> bytes:
    from bench.ws import OP_TEXT, encode_frame

    return encode_frame(OP_TEXT, text.encode())


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out or "0"
