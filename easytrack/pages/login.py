"""/login: e-mail and password, throttled, returning the visitor to the page they were going to."""

from __future__ import annotations

import reflex as rx

from easytrack import db, routes
from easytrack.components.forms import field, form_text, submit
from easytrack.components.i18n import t
from easytrack.components.layout import auth_card, message
from easytrack.services import accounts
from easytrack.services.errors import NotConfirmed, ServiceError
from easytrack.state.auth import AuthState, utcnow


class LoginState(AuthState):
    error: str = ""
    unconfirmed: bool = False
    loading: bool = False

    @rx.event
    async def submit(self, form: dict):
        self.error, self.unconfirmed, self.loading = "", False, True
        yield
        attempt = dict(email=form_text(form, "email"), client_ip=self.router.session.client_ip,
                       device_tokens=self.device_tokens, now=utcnow())
        try:
            await db.run(accounts.check_login_allowed, **attempt)  # a refusal never waits for a hash
            result = await db.run_hashing(accounts.login, password=form_text(form, "password"), **attempt)
        except NotConfirmed as exc:
            self.error, self.unconfirmed = self._error_text(exc), True
        except ServiceError as exc:
            self.error = self._error_text(exc)
        else:
            self.session_token = result.token
            self._trust_device(result.device_token)
            yield rx.redirect(routes.safe_next(self.router.url.query_parameters.get("next")))
        finally:
            self.loading = False


def login_page() -> rx.Component:
    return auth_card(
        t("Log in"),
        message(LoginState.error),
        rx.cond(LoginState.unconfirmed, rx.link(t("Send the confirmation e-mail again"), href=routes.RESEND)),
        rx.form(
            rx.vstack(
                field(t("Email"), "email", type="email", autocomplete="username", required=True),
                field(t("Password"), "password", type="password", autocomplete="current-password", required=True),
                submit(t("Log in"), LoginState.loading),
                spacing="3",
            ),
            on_submit=LoginState.submit,
            reset_on_submit=False,
        ),
        rx.hstack(
            rx.link(t("Forgot your password?"), href=routes.FORGOT),
            rx.spacer(),
            rx.link(t("Create an account"), href=routes.REGISTER),
            width="100%",
            wrap="wrap",
        ),
    )
