"""/settings: profile (name, time zone, first weekday), password, e-mail address, and deleting the account."""

from __future__ import annotations

import zoneinfo

import reflex as rx

from easytrack import routes
from easytrack.components.forms import field, form_text
from easytrack.components.layout import app_shell, message
from easytrack.services import account_mail, accounts
from easytrack.services.errors import ServiceError
from easytrack.state.auth import AuthState, NotLoggedIn, utcnow

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TIMEZONES = sorted(zoneinfo.available_timezones())


class SettingsState(AuthState):
    timezone: str = "UTC"
    first_weekday: str = "0"
    profile_name: str = ""
    error: str = ""
    info: str = ""
    loading: bool = False

    def _done(self, info: str = "", error: str = "") -> None:
        self.info, self.error, self.loading = info, error, False

    @rx.event
    async def load(self):
        try:
            user = await self._current_user()
        except NotLoggedIn:
            return
        self.timezone, self.first_weekday = user.timezone, str(user.first_weekday)
        self.profile_name = user.display_name
        self._done()

    @rx.event
    async def save_profile(self, form: dict):
        weekday = form_text(form, "first_weekday")
        try:
            await self._run_as_user(
                accounts.update_profile,
                display_name=form_text(form, "display_name"),
                timezone=form_text(form, "timezone"),
                first_weekday=int(weekday) if weekday.isascii() and weekday.isdigit() else -1,
            )
        except ServiceError as exc:
            return self._done(error=exc.message)
        self.timezone, self.first_weekday = form_text(form, "timezone"), weekday
        self.profile_name = self.display_name = form_text(form, "display_name").strip()
        self._done(info="Your settings are saved.")

    @rx.event
    async def change_password(self, form: dict):
        new = form_text(form, "new_password")
        if new != form_text(form, "new_password_again"):
            return self._done(error="The two new passwords are not the same.")
        keep = form_text(form, "keep_api_tokens") == "on"
        try:
            token = await self._hash_as_user(
                accounts.change_password, current_password=form_text(form, "current_password"),
                new_password=new, now=utcnow(), revoke_tokens=not keep,
            )
        except ServiceError as exc:
            return self._done(error=exc.message)
        self.session_token = token
        tokens = "kept" if keep else "revoked"
        self._done(info=f"Your password is changed. Other devices have been logged out; your API tokens are {tokens}.")

    @rx.event
    async def change_email(self, form: dict):
        try:
            new_email = accounts.normalize_email(form_text(form, "new_email"))
            change = await self._hash_as_user(
                accounts.request_email_change, password=form_text(form, "email_password"), new_email=new_email,
                client_ip=self.router.session.client_ip, now=utcnow(),
            )
            if change.token:  # else another account has the address: nothing is sent, the answer is the same
                account_mail.in_background(account_mail.send_email_change(change.address, change.token))
        except ServiceError as exc:
            return self._done(error=exc.message)
        self._done(info=f"We sent a link to {new_email}. Your address changes when you open it.")

    @rx.event
    async def delete_account(self, form: dict):
        if form_text(form, "confirm") != "DELETE":
            return self._done(error="Type DELETE to confirm.")
        try:
            await self._hash_as_user(accounts.delete_account, password=form_text(form, "delete_password"), now=utcnow())
        except ServiceError as exc:
            return self._done(error=exc.message)
        self._forget_session()
        return rx.redirect(routes.LOGIN)


def _section(title: str, *children: rx.Component) -> rx.Component:
    return rx.card(rx.vstack(rx.heading(title, size="4", as_="h2"), *children, spacing="3"), width="100%")


def _select(label: str, name: str, options: list[tuple[str, str]], value: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=f"field-{name}", style={"font-weight": "500"}),
        rx.el.select(
            *[rx.el.option(text, value=val) for val, text in options],
            id=f"field-{name}", name=name, default_value=value, key=value, class_name="native-select",
        ),
        spacing="1",
        width="100%",
    )


def _profile() -> rx.Component:
    return rx.form(
        rx.vstack(
            field("Display name", "display_name", default_value=SettingsState.profile_name,
                  key=SettingsState.profile_name),
            _select("Time zone", "timezone", [(z, z.replace("_", " ")) for z in TIMEZONES], SettingsState.timezone),
            _select("First day of the week", "first_weekday", [(str(i), d) for i, d in enumerate(WEEKDAYS)],
                    SettingsState.first_weekday),
            rx.button("Save settings", type="submit"),
            spacing="3", align="start",
        ),
        on_submit=SettingsState.save_profile, reset_on_submit=False,
    )


def _password() -> rx.Component:
    return rx.form(
        rx.vstack(
            field("Current password", "current_password", type="password", autocomplete="current-password"),
            field("New password", "new_password", type="password", autocomplete="new-password"),
            field("New password again", "new_password_again", type="password", autocomplete="new-password"),
            rx.el.label(rx.el.input(type="checkbox", name="keep_api_tokens"), " Keep my API tokens working",
                        style={"display": "flex", "gap": "0.5em", "align-items": "center"}),
            rx.text("Unless you keep them, changing the password revokes every API token.", size="1",
                    color_scheme="gray"),
            rx.button("Change password", type="submit"),
            spacing="3", align="start",
        ),
        on_submit=SettingsState.change_password, reset_on_submit=True,
    )


def _email() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text("Current address: ", rx.text.strong(SettingsState.user_email)),
            field("New e-mail address", "new_email", type="email"),
            field("Password", "email_password", type="password", autocomplete="current-password"),
            rx.button("Change e-mail address", type="submit"),
            spacing="3", align="start",
        ),
        on_submit=SettingsState.change_email, reset_on_submit=True,
    )


def _delete() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text("This deletes your account and every habit and check-in in it. It cannot be undone."),
            field("Type DELETE to confirm", "confirm"),
            field("Password", "delete_password", type="password", autocomplete="current-password"),
            rx.button("Delete my account", type="submit", color_scheme="red"),
            spacing="3", align="start",
        ),
        on_submit=SettingsState.delete_account, reset_on_submit=True,
    )


def settings_page() -> rx.Component:
    return app_shell(
        message(SettingsState.error),
        message(SettingsState.info, kind="info"),
        rx.hstack(
            rx.link(rx.button(rx.icon("arrow-left-right", size=16), "Import and export", variant="soft"),
                    href=routes.DATA),
            rx.link(rx.button(rx.icon("key-round", size=16), "API tokens", variant="soft"), href=routes.TOKENS),
            rx.link(rx.button(rx.icon("bell", size=16), "Reminders", variant="soft"), href=routes.REMINDERS),
            wrap="wrap",
        ),
        _section("Profile", _profile()),
        _section("Password", _password()),
        _section("E-mail address", _email()),
        _section("Delete account", _delete()),
        title="Settings",
    )
