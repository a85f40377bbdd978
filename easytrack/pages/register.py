"""/register: create an account that stays inactive until the e-mailed link is opened."""

from __future__ import annotations

import reflex as rx

from easytrack import db, i18n, routes
from easytrack.components.forms import field, form_text, submit
from easytrack.components.i18n import t
from easytrack.components.layout import auth_card, message
from easytrack.config import settings
from easytrack.services import account_mail, accounts, app_settings
from easytrack.services.errors import MailError, ServiceError
from easytrack.state.auth import AuthState, utcnow

SENT = i18n.N_("Check your inbox: if {email} is new here, we sent it a link to confirm your account.")


class RegisterState(AuthState):
    error: str = ""
    info: str = ""
    loading: bool = False

    registration_open: bool = True

    @rx.event
    async def load_policy(self):
        """on_load: open or closed as an admin set it (EASYTRACK_REGISTRATION until one does)."""
        policy = await db.run(app_settings.registration_policy, default_open=settings.registration_open)
        self.registration_open = policy.open

    def _new_account_defaults(self) -> dict:
        """The page's language, and the first weekday of the browser's locale (en-US: Sunday, ru: Monday)."""
        accept = getattr(self.router.headers, "accept_language", "")
        return dict(language=self._page_lang(),
                    first_weekday=i18n.first_weekday(i18n.preferred_tag(accept)))

    @rx.event
    async def submit(self, form: dict):
        self.error, self.info, self.loading = "", "", True
        yield
        fields = dict(email=form_text(form, "email"), password=form_text(form, "password"),
                      display_name=form_text(form, "display_name"), now=utcnow(),
                      default_open=settings.registration_open)
        defaults = self._new_account_defaults()
        try:
            await db.run(app_settings.check_registration_allowed, client_ip=self.router.session.client_ip, **fields)
            result = await db.run_hashing(app_settings.register_account, **fields, **defaults)
            email = accounts.normalize_email(fields["email"])
            self.info = self._t(SENT, email=email)
            await account_mail.after_registration(email, result, lang=defaults["language"])
        except MailError:
            self.info = ""
            self.error = self._t(
                "Your account is saved, but we could not send the confirmation e-mail right now. "
                "Please use “Send the confirmation e-mail again” in a few minutes."
            )
        except ServiceError as exc:
            self.error = self._error_text(exc)
        finally:
            self.loading = False


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            field(t("Email"), "email", type="email", autocomplete="username", required=True),
            field(t("Password"), "password", type="password", autocomplete="new-password", required=True),
            rx.text(t("At least 8 characters; a phrase of a few words is best."), size="1", color_scheme="gray"),
            field(t("Display name (optional)"), "display_name", autocomplete="nickname"),
            submit(t("Create account"), RegisterState.loading),
            spacing="3",
        ),
        on_submit=RegisterState.submit,
        reset_on_submit=False,
    )


def register_page() -> rx.Component:
    return auth_card(
        t("Create your account"),
        message(RegisterState.error),
        message(RegisterState.info, kind="info"),
        rx.cond(
            RegisterState.registration_open,
            _form(),
            rx.text(t("Registration is closed on this server. Ask its administrator for an account.")),
        ),
        rx.hstack(
            rx.link(t("Already have an account? Log in"), href=routes.LOGIN),
            rx.spacer(),
            rx.link(t("Resend confirmation"), href=routes.RESEND),
            width="100%",
            wrap="wrap",
        ),
        languages=True,
    )
