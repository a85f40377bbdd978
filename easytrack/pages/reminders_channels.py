"""Settings → Reminders, other channels: Apprise notification URLs (add, send a test, remove)."""

from __future__ import annotations

import asyncio

import reflex as rx

from easytrack.components.i18n import t
from easytrack.components.layout import message
from easytrack.i18n import N_
from easytrack.pages.reminders import RemindersState
from easytrack.reminders import apprise_send
from easytrack.services import channels
from easytrack.services.errors import ServiceError
from easytrack.state.auth import AuthState, NotLoggedIn, utcnow

# The test notification, sent in the user's language (msgids).
TEST_TITLE = N_("easytrack test")
TEST_BODY = N_("Reminders will arrive here like this.")


def _rows(found: list[channels.Channel]) -> list[dict]:
    return [{"id": c.id, "name": c.name, "scheme": c.scheme} for c in found]


class ChannelsState(AuthState):
    channels: list[dict] = []  # never the URLs: they hold the services' credentials
    channel_error: str = ""
    channel_info: str = ""

    @rx.event
    async def load(self):
        self.channel_error, self.channel_info = "", ""
        try:
            self.channels = _rows(await self._run_as_user(channels.list_channels))
        except NotLoggedIn:
            self.channels = []

    @rx.event
    async def add(self, form: dict):
        self.channel_error, self.channel_info = "", ""
        if not isinstance(form, dict):
            return
        try:
            await self._run_as_user(channels.add_channel, name=form.get("channel_name"),
                                    url=form.get("channel_url"), now=utcnow())
            self.channels = _rows(await self._run_as_user(channels.list_channels))
        except ServiceError as exc:
            self.channel_error = self._error_text(exc)
            return
        self.channel_info = self._t("Channel added: tick it on the reminders that should go there.")
        return RemindersState.load

    @rx.event
    async def remove(self, channel_id: int):
        self.channel_error, self.channel_info = "", ""
        try:
            await self._run_as_user(channels.remove_channel, channel_id=channel_id)
            self.channels = _rows(await self._run_as_user(channels.list_channels))
        except ServiceError as exc:
            self.channel_error = self._error_text(exc)
            return
        return RemindersState.load

    @rx.event
    async def send_test(self, channel_id: int):
        self.channel_error, self.channel_info = "", ""
        try:
            url = await self._run_as_user(channels.channel_url, channel_id=channel_id)
        except ServiceError as exc:
            self.channel_error = self._error_text(exc)
            return
        ok = await asyncio.to_thread(apprise_send.send_one, url, title=self._t(TEST_TITLE),
                                     body=self._t(TEST_BODY))
        if ok:
            self.channel_info = self._t("Test sent: check that it arrived.")
        else:
            self.channel_error = self._t("The test could not be sent: check the URL and that the service is reachable.")


def _row(channel) -> rx.Component:
    name = channel["name"].to(str)
    return rx.hstack(
        rx.icon("bell-ring", size=16),
        rx.text(name, " · ", channel["scheme"].to(str), "://", size="2"),  # a name and a URL scheme: no words
        rx.spacer(),
        rx.button(t("Send a test"), size="1", variant="soft", aria_label=t("Send a test to {name}", name=name),
                  on_click=ChannelsState.send_test(channel["id"].to(int))),
        rx.button(t("Remove"), size="1", variant="soft", color_scheme="red", aria_label=t("Remove {what}", what=name),
                  on_click=ChannelsState.remove(channel["id"].to(int))),
        width="100%", align="center", wrap="wrap",
    )


def _add_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(name="channel_name", placeholder=t("Name, e.g. Phone (ntfy)"), aria_label=t("Channel name"),
                     max_length=100, width="14rem"),
            rx.input(name="channel_url", type="password", placeholder="ntfy://my-topic", aria_label=t("Notification URL"),
                     max_length=2000, auto_complete="off", style={"flex": "1", "min-width": "14rem"}),
            rx.button(t("Add channel"), type="submit"),
            width="100%", wrap="wrap", align="center",
        ),
        on_submit=ChannelsState.add, reset_on_submit=True, width="100%",
    )


def channels_card() -> rx.Component:
    """The Apprise section of the reminders page."""
    return rx.card(
        rx.vstack(
            rx.heading(t("Other channels"), size="4", as_="h2"),
            rx.text(t("ntfy, Gotify, Telegram, Matrix, Discord or a webhook, as an Apprise URL (see "
                      "github.com/caronc/apprise/wiki). The URL is kept secret: it is not shown again."), size="2"),
            message(ChannelsState.channel_error),
            message(ChannelsState.channel_info, kind="info"),
            rx.foreach(ChannelsState.channels, _row),
            _add_form(),
            spacing="3", align="start", width="100%",
        ),
        width="100%",
    )
