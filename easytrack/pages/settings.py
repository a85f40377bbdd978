"""/settings: language, profile (name, time zone, first weekday), password, e-mail address, and deleting the account."""

from __future__ import annotations

import functools
import zoneinfo

import reflex as rx
from babel.dates import get_timezone_location

from easytrack import i18n, routes
from easytrack.components.forms import field, form_text
from easytrack.components.i18n import t
from easytrack.components.layout import app_shell, message
from easytrack.services import account_mail, accounts
from easytrack.services.errors import ServiceError
from easytrack.state.auth import AuthState, NotLoggedIn, utcnow

TIMEZONES = sorted(zoneinfo.available_timezones())


def weekday_options(lang: str) -> list[list[str]]:
    """[value, name] for Monday (0) … Sunday (6), the names from CLDR ("Monday" / "Понедельник")."""
    return [[str(i), _capital(i18n.weekday_name(i, lang, "wide"))] for i in range(7)]


@functools.cache
def timezone_options(lang: str) -> tuple[tuple[str, str], ...]:
    """(zone, label) of every time zone, by label: the city in `lang` from CLDR, then the zone's id
    ("Москва (Europe/Moscow)"); the id alone where CLDR names no city (UTC, Etc/GMT+5)."""
    out = []
    for zone in TIMEZONES:
        ident = zone.replace("_", " ")
        try:
            city = get_timezone_location(zone, locale=i18n.choose(lang), return_city=True)
        except (LookupError, ValueError):
            city = ""
        out.append((zone, f"{city} ({ident})" if city and city != ident else ident))
    return tuple(sorted(out, key=lambda option: option[1].casefold()))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class SettingsState(AuthState):
    timezone: str = "UTC"
    first_weekday: str = "0"
    profile_name: str = ""
    error: str = ""
    info: str = ""
    loading: bool = False
    # Names the server makes in the page's language (CLDR): set on load and again when the language changes.
    weekdays: list[list[str]] = weekday_options(i18n.DEFAULT)
    timezones: list[list[str]] = []
    labels_lang: str = ""

    def _done(self, info: str = "", error: str = "") -> None:
        self.info, self.error, self.loading = info, error, False

    def _label(self) -> None:
        lang = self._page_lang()
        if self.labels_lang != lang:
            self.weekdays = weekday_options(lang)
            self.timezones = [list(option) for option in timezone_options(lang)]
            self.labels_lang = lang

    @rx.event
    async def load(self):
        try:
            user = await self._current_user()
        except NotLoggedIn:
            return
        self.timezone, self.first_weekday = user.timezone, str(user.first_weekday)
        self.profile_name = user.display_name
        self._label()
        self._done()

    @rx.event
    def relabel(self):
        """After AuthState.set_language: the names the server made, again in the new language. Nothing
        else changes (the other settings, and what the forms hold, stay as they are)."""
        if self.labels_lang:
            self._label()
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
            return self._done(error=self._error_text(exc))
        self.timezone, self.first_weekday = form_text(form, "timezone"), weekday
        self.profile_name = self.display_name = form_text(form, "display_name").strip()
        self._done(info=self._t("Your settings are saved."))

    @rx.event
    async def change_password(self, form: dict):
        new = form_text(form, "new_password")
        if new != form_text(form, "new_password_again"):
            return self._done(error=self._t("The two new passwords are not the same."))
        keep = form_text(form, "keep_api_tokens") == "on"
        try:
            token = await self._hash_as_user(
                accounts.change_password, current_password=form_text(form, "current_password"),
                new_password=new, now=utcnow(), revoke_tokens=not keep,
            )
        except ServiceError as exc:
            return self._done(error=self._error_text(exc))
        self.session_token = token
        if keep:
            return self._done(info=self._t(
                "Your password is changed. Other devices have been logged out; your API tokens are kept."))
        return self._done(info=self._t(
            "Your password is changed. Other devices have been logged out; your API tokens are revoked."))

    @rx.event
    async def change_email(self, form: dict):
        try:
            new_email = accounts.normalize_email(form_text(form, "new_email"))
            change = await self._hash_as_user(
                accounts.request_email_change, password=form_text(form, "email_password"), new_email=new_email,
                client_ip=self.router.session.client_ip, now=utcnow(),
            )
            if change.token:  # else another account has the address: nothing is sent, the answer is the same
                account_mail.in_background(account_mail.send_email_change(change.address, change.token,
                                                                           lang=self._page_lang()))
        except ServiceError as exc:
            return self._done(error=self._error_text(exc))
        self._done(info=self._t("We sent a link to {email}. Your address changes when you open it.", email=new_email))

    @rx.event
    async def delete_account(self, form: dict):
        # The word to type is in the page's language ("УДАЛИТЬ"); the English one always works too.
        if form_text(form, "confirm").strip() not in {"DELETE", self._t("DELETE")}:
            return self._done(error=self._t("Type DELETE to confirm."))
        try:
            await self._hash_as_user(accounts.delete_account, password=form_text(form, "delete_password"), now=utcnow())
        except ServiceError as exc:
            return self._done(error=self._error_text(exc))
        self._forget_session()
        return rx.redirect(routes.LOGIN)


def _section(title: rx.Var[str], *children: rx.Component) -> rx.Component:
    return rx.card(rx.vstack(rx.heading(title, size="4", as_="h2"), *children, spacing="3"), width="100%")


def _label(text: rx.Var[str], name: str) -> rx.Component:
    return rx.el.label(text, html_for=f"field-{name}", style={"font-weight": "500"})


def _select(label: rx.Var[str], name: str, options: rx.Var, value: rx.Var) -> rx.Component:
    """A native select of [value, text] options the server made; re-keyed once they arrive (or change
    language), so its default shows the saved value."""
    return rx.vstack(
        _label(label, name),
        rx.el.select(
            rx.foreach(options, lambda option: rx.el.option(option[1], value=option[0])),
            id=f"field-{name}", name=name, default_value=value, key=value + SettingsState.labels_lang,
            class_name="native-select",
        ),
        spacing="1",
        width="100%",
    )


def _language() -> rx.Component:
    """Applied at once (no reload, no save button); every other setting stays as it is."""
    return rx.vstack(
        rx.el.select(
            *[rx.el.option(name, value=code, lang=code) for code, name in i18n.LANGUAGES.items()],
            id="field-language", aria_label=t("Language"), default_value=SettingsState.lang, key=SettingsState.lang,
            class_name="native-select",
            on_change=[AuthState.set_language, SettingsState.relabel],
        ),
        rx.text(t("Pages, e-mails and reminders use this language."), size="1", color_scheme="gray"),
        spacing="1",
        width="100%",
    )


def _profile() -> rx.Component:
    return rx.form(
        rx.vstack(
            field(t("Display name"), "display_name", default_value=SettingsState.profile_name,
                  key=SettingsState.profile_name),
            _select(t("Time zone"), "timezone", SettingsState.timezones, SettingsState.timezone),
            _select(t("First day of the week"), "first_weekday", SettingsState.weekdays, SettingsState.first_weekday),
            rx.button(t("Save settings"), type="submit"),
            spacing="3", align="start",
        ),
        on_submit=SettingsState.save_profile, reset_on_submit=False,
    )


def _password() -> rx.Component:
    return rx.form(
        rx.vstack(
            field(t("Current password"), "current_password", type="password", autocomplete="current-password"),
            field(t("New password"), "new_password", type="password", autocomplete="new-password"),
            field(t("New password again"), "new_password_again", type="password", autocomplete="new-password"),
            rx.el.label(rx.el.input(type="checkbox", name="keep_api_tokens"), t("Keep my API tokens working"),
                        style={"display": "flex", "gap": "0.5em", "align-items": "center"}),
            rx.text(t("Unless you keep them, changing the password revokes every API token."), size="1",
                    color_scheme="gray"),
            rx.button(t("Change password"), type="submit"),
            spacing="3", align="start",
        ),
        on_submit=SettingsState.change_password, reset_on_submit=True,
    )


def _email() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(t("Current address:"), " ", rx.text.strong(SettingsState.user_email)),
            field(t("New e-mail address"), "new_email", type="email"),
            field(t("Password"), "email_password", type="password", autocomplete="current-password"),
            rx.button(t("Change e-mail address"), type="submit"),
            spacing="3", align="start",
        ),
        on_submit=SettingsState.change_email, reset_on_submit=True,
    )


def _delete() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(t("This deletes your account and every habit and check-in in it. It cannot be undone.")),
            field(t("Type DELETE to confirm"), "confirm"),
            field(t("Password"), "delete_password", type="password", autocomplete="current-password"),
            rx.button(t("Delete my account"), type="submit", color_scheme="red"),
            spacing="3", align="start",
        ),
        on_submit=SettingsState.delete_account, reset_on_submit=True,
    )


def settings_page() -> rx.Component:
    return app_shell(
        message(SettingsState.error),
        message(SettingsState.info, kind="info"),
        rx.hstack(
            rx.link(rx.button(rx.icon("arrow-left-right", size=16), t("Import and export"), variant="soft"),
                    href=routes.DATA),
            rx.link(rx.button(rx.icon("key-round", size=16), t("API tokens"), variant="soft"), href=routes.TOKENS),
            rx.link(rx.button(rx.icon("bell", size=16), t("Reminders"), variant="soft"), href=routes.REMINDERS),
            wrap="wrap",
        ),
        _section(t("Language"), _language()),
        _section(t("Profile"), _profile()),
        _section(t("Password"), _password()),
        _section(t("E-mail address"), _email()),
        _section(t("Delete account"), _delete()),
        title=t("Settings"),
    )
