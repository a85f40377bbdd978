"""Settings → Reminders, push part: turn notifications on for this browser, and the devices that get them."""

from __future__ import annotations

import reflex as rx

from easytrack import i18n
from easytrack.components.i18n import t
from easytrack.components.layout import message
from easytrack.components.pwa import push_setup
from easytrack.services import push
from easytrack.services.errors import ServiceError
from easytrack.state.auth import AuthState, NotLoggedIn, utcnow

MAX_CLIENT_MESSAGE = 300


def _rows(found: list[push.Device], lang: str) -> list[dict]:
    """The devices, an unnamed one called "A browser", each with the day it subscribed, in `lang`."""
    unnamed = i18n.gettext(lang, "A browser")
    return [{"id": d.id, "label": d.label or unnamed, "since": i18n.medium_date(d.created_at.date(), lang)}
            for d in found]


class PushState(AuthState):
    public_key: str = ""
    devices: list[dict] = []
    push_error: str = ""
    push_info: str = ""


    @rx.event
    async def load(self):
        self.push_error, self.push_info = "", ""
        try:
            self.public_key = await self._run_as_user(push.public_key)
            self.devices = _rows(await self._run_as_user(push.list_devices), self._page_lang())
        except NotLoggedIn:
            self.public_key, self.devices = "", []

    @rx.event
    async def subscribed(self, subscription: dict, label: str):
        self.push_error, self.push_info = "", ""
        try:
            await self._run_as_user(push.subscribe, subscription=subscription,
                                    label=label[:push.MAX_LABEL] if isinstance(label, str) else "", now=utcnow())
            self.devices = _rows(await self._run_as_user(push.list_devices), self._page_lang())
        except ServiceError as exc:
            self.push_error = self._error_text(exc)
            return
        self.push_info = self._t("Notifications are on for this device.")

    @rx.event
    async def unsubscribed(self, endpoint: str):
        self.push_error, self.push_info = "", ""
        try:
            if endpoint:
                await self._run_as_user(push.unsubscribe, endpoint=endpoint)
            self.devices = _rows(await self._run_as_user(push.list_devices), self._page_lang())
        except ServiceError as exc:
            self.push_error = self._error_text(exc)
            return
        self.push_info = self._t("Notifications are off for this device.")

    @rx.event
    async def remove_device(self, device_id: int):
        self.push_error, self.push_info = "", ""
        try:
            await self._run_as_user(push.remove_device, device_id=device_id)
            self.devices = _rows(await self._run_as_user(push.list_devices), self._page_lang())
        except ServiceError as exc:
            self.push_error = self._error_text(exc)

    @rx.event
    def failed(self, message: str):
        """The browser could not subscribe: show its reason (plain text, from our own script)."""
        self.push_info = ""
        self.push_error = message[:MAX_CLIENT_MESSAGE] if isinstance(message, str) else self._t("Something went wrong.")


def _device(device) -> rx.Component:
    return rx.hstack(
        rx.icon("smartphone", size=16),
        rx.text(t("{device} · since {day}", device=device["label"].to(str), day=device["since"].to(str)), size="2"),
        rx.spacer(),
        rx.button(t("Remove"), size="1", variant="soft", color_scheme="red",
                  aria_label=t("Remove {what}", what=device["label"].to(str)),
                  on_click=PushState.remove_device(device["id"].to(int))),
        width="100%", align="center",
    )


def push_card() -> rx.Component:
    """The push section of the reminders page."""
    return rx.card(
        rx.vstack(
            rx.heading(t("Push notifications"), size="4", as_="h2"),
            rx.text(t("Reminders as notifications on your phone or computer, with a Done button. "
                      "On iPhone: add easytrack to the Home Screen first and open it from there."), size="2"),
            message(PushState.push_error),
            message(PushState.push_info, kind="info"),
            push_setup(public_key=PushState.public_key, on_subscribe=PushState.subscribed,
                       on_unsubscribe=PushState.unsubscribed, on_error=PushState.failed),
            rx.cond(PushState.devices.length() > 0,
                    rx.vstack(rx.text(t("Devices that get notifications:"), size="2", weight="medium"),
                              rx.foreach(PushState.devices, _device), width="100%", spacing="2")),
            spacing="3", align="start", width="100%",
        ),
        width="100%",
    )
