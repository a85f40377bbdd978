"""The installed app: the service worker registration with its "reload to update" toast, and push setup;
each in the reader's language (`lang`: the JSX calls `tr(lang, …)`)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import reflex as rx
from reflex.event import passthrough_event_spec

from easytrack.state.auth import AuthState
from easytrack.state.outbox import OutboxState

_ROOT = Path(__file__).resolve().parents[2]


def build_version(root: Path = _ROOT) -> str:
    """A short hash of the app's code and assets: a new deployment gets a new service worker and cache."""
    digest = hashlib.sha256()
    for path in sorted([*(root / "easytrack").rglob("*.py"), *(root / "assets").rglob("*")]):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


BUILD = build_version()


class Pwa(rx.Component):
    library = "$/public/pwa.jsx"
    tag = "Pwa"

    version: rx.Var[str]
    forget: rx.Var[bool]
    user: rx.Var[str]
    replayed: rx.Var[dict]
    lang: rx.Var[str]
    on_replay: rx.EventHandler[passthrough_event_spec(list)]


class OfflineView(rx.Component):
    """Its children (a spinner) until the server proves unreachable; then the page as last seen."""

    library = "$/public/offline_view.jsx"
    tag = "OfflineView"

    lang: rx.Var[str]


class PushSetup(rx.Component):
    library = "$/public/push.jsx"
    tag = "PushSetup"

    public_key: rx.Var[str]
    lang: rx.Var[str]
    on_subscribe: rx.EventHandler[passthrough_event_spec(dict, str)]
    on_unsubscribe: rx.EventHandler[passthrough_event_spec(str)]
    on_error: rx.EventHandler[passthrough_event_spec(str)]


class ConnectionNote(rx.Component):
    """"The server cannot be reached" while the websocket is down, in the reader's language."""

    library = "$/public/connection.jsx"
    tag = "ConnectionNote"

    lang: rx.Var[str]


def connection_overlay(stateful: bool) -> rx.Component | None:
    """The app-wide overlay (Reflex's app wrap "Overlay"): its pulsing wifi icon, and our note in place of
    its English "Cannot connect to server" toast."""
    if not stateful:
        return None
    from reflex.components.core.banner import WifiOffPulse, has_connection_errors  # noqa: PLC0415

    # Reflex's connection_pulser, without its English "Connection Error: …" tooltip.
    pulser = rx.el.div(rx.cond(has_connection_errors, WifiOffPulse.create()), position="fixed", width="100vw",
                       height="0")
    return rx.fragment(pulser, ConnectionNote.create(lang=AuthState.lang))


def pwa(*, forget: bool = False) -> rx.Component:
    """On every page: registers the service worker. Private pages also keep the offline copy and replay the
    outbox (with a toast saying what became of it); `forget` (public pages) wipes the offline copy."""
    if forget:
        return Pwa.create(version=BUILD, forget=True, lang=AuthState.lang)
    return rx.fragment(
        Pwa.create(version=BUILD, forget=False, user=OutboxState.user_email, replayed=OutboxState.replayed,
                   lang=AuthState.lang, on_replay=OutboxState.replay),
        rx.cond(OutboxState.replayed["message"].to(str) != "",
                rx.callout(OutboxState.replayed["message"].to(str), icon="cloud-upload", role="status",
                           width="100%", class_name="outbox-note")),
    )


def offline_view(*children: rx.Component) -> rx.Component:
    return OfflineView.create(*children, lang=AuthState.lang)


def push_setup(**props) -> rx.Component:
    return PushSetup.create(lang=AuthState.lang, **props)
