"""/resend, /forgot and /reset: ask for a link by e-mail, and set a new password with it."""

from __future__ import annotations

import reflex as rx

from easytrack import db, routes
from easytrack.components.forms import field, form_text, submit
from easytrack.components.i18n import t
from easytrack.components.layout import auth_card, message
from easytrack.i18n import N_
from easytrack.services import account_mail, accounts, ratelimits
from easytrack.services.errors import ServiceError
from easytrack.state.auth import AuthState, utcnow


class RecoverState(AuthState):
    error: str = ""
    info: str = ""
    loading: bool = False
    password_set: bool = False

    async def _mail_link(self, form: dict, limit: ratelimits.Limit, request, send, info: str):
        self.error, self.info, self.loading = "", "", True
        yield
        try:
            email = accounts.normalize_email(form_text(form, "email"))
            await db.run(ratelimits.take, limit, account=email, ip=self.router.session.client_ip, now=utcnow())
            found = await db.run(request, email=email, now=utcnow())
            if found is not None:
                account_mail.in_background(send(email, found[1], user_id=found[0]))
            self.info = self._t(info, email=email)
        except ServiceError as exc:
            self.error = self._error_text(exc)
        finally:
            self.loading = False

    @rx.event
    async def resend(self, form: dict):
        info = N_("If {email} has an account waiting for confirmation, we sent it a new link.")
        async for update in self._mail_link(form, ratelimits.RESEND, accounts.resend_confirmation,
                                            account_mail.send_confirmation, info):
            yield update

    @rx.event
    async def forgot(self, form: dict):
        info = N_("If {email} has an account, we sent it a link to choose a new password. It is valid for one hour.")
        async for update in self._mail_link(form, ratelimits.FORGOT, accounts.request_password_reset,
                                            account_mail.send_reset, info):
            yield update

    @rx.event
    async def set_new_password(self, form: dict):
        self.error, self.info, self.loading = "", "", True
        yield
        password = form_text(form, "password")
        try:
            if password != form_text(form, "password_again"):
                self.error = self._t("The two passwords are not the same.")
                return
            token = self.router.url.query_parameters.get("token", "")
            user_id = await db.run_hashing(accounts.reset_password, token=token, new_password=password, now=utcnow())
            # This browser proved it reads the account's mail: others' failed logins do not slow it down.
            self._trust_device(await db.run(accounts.new_device_token, user_id=user_id))
            self.info, self.password_set = self._t("Your password is changed. You can log in with it now."), True
        except ServiceError as exc:
            self.error = self._error_text(exc)
        finally:
            self.loading = False

    @rx.event
    def clear(self):
        self.error, self.info, self.loading, self.password_set = "", "", False, False


def _email_form(label: rx.Var[str], handler) -> rx.Component:
    return rx.form(
        rx.vstack(field(t("Email"), "email", type="email", autocomplete="username", required=True),
                  submit(label, RecoverState.loading), spacing="3"),
        on_submit=handler,
        reset_on_submit=False,
    )


def _back() -> rx.Component:
    return rx.link(t("Back to log in"), href=routes.LOGIN)


def resend_page() -> rx.Component:
    return auth_card(t("Confirm your account"), message(RecoverState.error), message(RecoverState.info, kind="info"),
                     _email_form(t("Send the link again"), RecoverState.resend), _back())


def forgot_page() -> rx.Component:
    return auth_card(t("Forgot your password?"), message(RecoverState.error), message(RecoverState.info, kind="info"),
                     _email_form(t("Send me a reset link"), RecoverState.forgot), _back())


def reset_page() -> rx.Component:
    form = rx.form(
        rx.vstack(
            field(t("New password"), "password", type="password", autocomplete="new-password", required=True),
            field(t("New password again"), "password_again", type="password", autocomplete="new-password", required=True),
            submit(t("Set new password"), RecoverState.loading),
            spacing="3",
        ),
        on_submit=RecoverState.set_new_password,
        reset_on_submit=False,
    )
    return auth_card(t("Choose a new password"), message(RecoverState.error), message(RecoverState.info, kind="info"),
                     rx.cond(RecoverState.password_set, _back(), form))
