"""Tells the server the browser's time zone and whether the screen is phone-sized, once on mount."""

from __future__ import annotations

import reflex as rx
from reflex.event import passthrough_event_spec


class ClientInfo(rx.Component):
    library = "$/public/clientinfo.jsx"
    tag = "ClientInfo"

    on_info: rx.EventHandler[passthrough_event_spec(str, bool)]


def client_info(**props) -> rx.Component:
    return ClientInfo.create(**props)
