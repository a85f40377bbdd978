"""/confirm and /confirm-email: open an e-mailed link to activate the account or the new address."""

from __future__ import annotations

import reflex as rx

from easytrack import db, routes
from easytrack.components.i18n import t
from easytrack.components.layout import auth_card, message
from easytrack.i18n import N_
from easytrack.services import accounts
from easytrack.services.errors import ServiceError
from easytrack.state.auth import AuthState, utcnow


class ConfirmState(AuthState):
    error: str = ""
    info: str = ""
    done: bool = False

    async def _use_token(self, fn, success: str):
        self.error, self.info, self.done = "", "", False
        token = self.router.url.query_parameters.get("token", "")
        try:
            await db.run(fn, token=token, now=utcnow())
        except ServiceError as exc:
            self.error = self._error_text(exc)
        else:
            self.info, self.done = self._t(success), True

    @rx.event
    async def confirm_account(self):
        await self._use_token(accounts.confirm_account, N_("Your account is confirmed. You can log in now."))

    @rx.event
    async def confirm_email(self):
        await self._use_token(accounts.confirm_email_change, N_("Your new e-mail address is confirmed."))


def _result(title: rx.Var[str]) -> rx.Component:
    return auth_card(
        title,
        message(ConfirmState.error),
        message(ConfirmState.info, kind="info"),
        rx.cond(
            ConfirmState.done,
            rx.link(rx.button(t("Go to log in"), size="3", width="100%"), href=routes.LOGIN, width="100%"),
            rx.link(t("Send a new confirmation link"), href=routes.RESEND),
        ),
    )


def confirm_page() -> rx.Component:
    return _result(t("Confirm your account"))


def confirm_email_page() -> rx.Component:
    return _result(t("Confirm your new e-mail address"))
