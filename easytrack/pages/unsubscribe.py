"""/unsubscribe?token=…: the one-click link in every reminder turns reminders off, no login needed.

It acts in on_load, which runs only once the page's script connected: mail scanners that merely fetch
the link do not unsubscribe anyone.
"""

from __future__ import annotations

import reflex as rx

from easytrack import db, routes
from easytrack.components.i18n import t
from easytrack.components.layout import auth_card, message
from easytrack.services import reminders
from easytrack.services.errors import ServiceError
from easytrack.state.auth import AuthState, utcnow


class UnsubscribeState(AuthState):
    """No login: the token in the link is the proof (AuthState only for the page's language)."""

    error: str = ""
    done: bool = False

    @rx.event
    async def unsubscribe(self):
        self.error, self.done = "", False
        token = self.router.url.query_parameters.get("token", "")
        try:
            await db.run(reminders.unsubscribe, token=token, now=utcnow())
        except ServiceError as exc:
            self.error = self._error_text(exc)
        else:
            self.done = True


def unsubscribe_page() -> rx.Component:
    return auth_card(
        t("Reminder e-mails"),
        message(UnsubscribeState.error),
        rx.cond(
            UnsubscribeState.done,
            rx.vstack(
                rx.callout(t("You are unsubscribed: easytrack sends you no more reminder e-mails."),
                           icon="bell-off", color_scheme="grass", role="status", width="100%"),
                rx.text(t("Changed your mind?"), " ",
                        rx.link(t("Turn reminders back on in your settings."), href=routes.REMINDERS)),
                spacing="3",
            ),
        ),
    )
