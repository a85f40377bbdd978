"""/admin: accounts (disable, enable, delete) and the registration policy — for admins only.

Every handler asks the database whether the caller is an admin (services.admin), whatever `is_admin` or
`allowed` say in the browser; a visitor who is not an admin is sent home and sees nothing.
"""

from __future__ import annotations

import reflex as rx

from easytrack import db, i18n, routes
from easytrack.components.forms import form_text
from easytrack.components.i18n import t
from easytrack.components.layout import app_shell, message
from easytrack.config import settings
from easytrack.services import admin
from easytrack.services.errors import ServiceError
from easytrack.state.auth import AuthState, NotLoggedIn, _validated_user, utcnow


def _as_admin(session, token: str, now, fn, kwargs: dict):
    user = _validated_user(session, token, now)
    return fn(session, user_id=user.user_id, **kwargs)


def _overview(session, *, user_id: int, default_open: bool):
    return (admin.list_users(session, user_id=user_id),
            admin.registration_policy(session, user_id=user_id, default_open=default_open), user_id)


def _row(u: admin.UserRow, me: int, lang: str) -> dict:
    return {"id": u.id, "email": u.email, "name": u.display_name, "created": i18n.medium_date(u.created_at, lang),
            "confirmed": u.is_confirmed, "disabled": u.is_disabled,
            "admin": u.is_admin, "habits": u.habit_count, "me": u.id == me}


class AdminState(AuthState):
    allowed: bool = False
    users: list[dict] = []
    registration_open: bool = True
    max_users: str = ""
    pending_email: str = ""  # the account a delete waits to be confirmed for
    _pending_id: int = 0
    error: str = ""
    info: str = ""

    async def _admin(self, fn, **kwargs):
        """Run `fn(session, user_id=<the caller>, ...)`; the service re-checks admin rights in the database."""
        return await db.run(_as_admin, self.session_token, utcnow(), fn, kwargs)

    async def _reload(self) -> None:
        found, policy, me = await self._admin(_overview, default_open=settings.registration_open)
        self.users = [_row(u, me, self._page_lang()) for u in found]
        self.registration_open, self.max_users = policy.open, str(policy.max_users or "")
        self.allowed = True

    async def _act(self, fn, info: str, /, **kwargs):
        """Run an admin action and reload; a non-admin is sent home with nothing changed or shown."""
        self.error, self.info = "", ""
        try:
            await self._admin(fn, **kwargs)
            await self._reload()
        except (NotLoggedIn, admin.NotAdmin):
            return self._refuse()
        except ServiceError as exc:
            self.error = self._error_text(exc)
            return None
        self.info = info
        return None

    def _refuse(self):
        self.allowed, self.users, self.pending_email, self._pending_id = False, [], "", 0
        return rx.redirect(routes.HOME)

    @rx.event
    async def load(self):
        self.error, self.info, self.pending_email, self._pending_id = "", "", "", 0
        try:
            await self._reload()
        except (NotLoggedIn, admin.NotAdmin):
            return self._refuse()

    @rx.event
    async def set_disabled(self, user_id: int, disabled: bool):
        info = self._t("Account disabled; its sessions ended.") if disabled is True else self._t("Account enabled.")
        return await self._act(admin.set_disabled, info, target_id=user_id, disabled=disabled)

    @rx.event
    async def ask_delete(self, user_id: int):
        """First step of a delete: remember which account (server side) and ask for confirmation."""
        self.error, self.info = "", ""
        match = next((u for u in self.users if u["id"] == user_id and not u["me"]), None)
        if not self.allowed or match is None or isinstance(user_id, bool):
            self.pending_email, self._pending_id = "", 0
            return
        self.pending_email, self._pending_id = match["email"], user_id

    @rx.event
    def cancel_delete(self):
        self.pending_email, self._pending_id = "", 0

    @rx.event
    async def confirm_delete(self):
        target, email = self._pending_id, self.pending_email
        self.pending_email, self._pending_id = "", 0
        if not target:
            return None
        return await self._act(admin.delete_user, self._t("Deleted {email} and all its data.", email=email),
                               target_id=target)

    @rx.event
    async def save_registration(self, form: dict):
        choice = form_text(form, "registration")
        if choice not in ("open", "closed"):
            self.error, self.info = self._t("Choose whether registration is open."), ""
            return None
        return await self._act(admin.save_registration_policy, self._t("Registration settings saved."),
                               open=choice == "open", max_users=form_text(form, "max_users", 20))


def _actions(user) -> rx.Component:
    return rx.cond(
        user["me"].to(bool),
        rx.text(t("you"), color_scheme="gray", size="1"),
        rx.hstack(
            rx.cond(
                user["disabled"].to(bool),
                rx.button(t("Enable"), size="1", variant="soft",
                          on_click=AdminState.set_disabled(user["id"], False),
                          aria_label=t("Enable {email}", email=user["email"].to(str))),
                rx.button(t("Disable"), size="1", variant="soft", color_scheme="amber",
                          on_click=AdminState.set_disabled(user["id"], True),
                          aria_label=t("Disable {email}", email=user["email"].to(str))),
            ),
            rx.button(t("Delete"), size="1", variant="soft", color_scheme="red",
                      on_click=AdminState.ask_delete(user["id"]),
                      aria_label=t("Delete {email}", email=user["email"].to(str))),
            spacing="2",
        ),
    )


def _user_row(user) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(user["email"].to(str)), rx.text(user["name"].to(str), size="1", color_scheme="gray")),
        rx.table.cell(user["created"].to(str)),
        rx.table.cell(rx.cond(user["confirmed"].to(bool), t("yes"), t("no"))),
        rx.table.cell(rx.cond(user["disabled"].to(bool), rx.badge(t("disabled"), color_scheme="amber"), "")),
        rx.table.cell(rx.cond(user["admin"].to(bool), t("yes"), "")),
        rx.table.cell(user["habits"].to(int)),
        rx.table.cell(_actions(user)),
    )


def _users() -> rx.Component:
    heads = (t("E-mail"), t("Created"), t("Confirmed"), t("Disabled"), t("Administrator"), t("Habits"), "")
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
        rx.table.body(rx.foreach(AdminState.users, _user_row)),
        width="100%",
    )


def _confirm_delete() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Delete this account?")),
            rx.alert_dialog.description(
                t("This deletes {email} with every habit and check-in in it. It cannot be undone.",
                  email=AdminState.pending_email)),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Cancel"), variant="soft", on_click=AdminState.cancel_delete)),
                rx.alert_dialog.action(rx.button(t("Delete account"), color_scheme="red",
                                                 on_click=AdminState.confirm_delete)),
                justify="end", spacing="3", margin_top="1rem",
            ),
        ),
        open=AdminState.pending_email != "",
    )


def _registration() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.label(t("Registration"), html_for="field-registration", style={"font-weight": "500"}),
            rx.el.select(rx.el.option(t("Open: anyone can create an account"), value="open"),
                         rx.el.option(t("Closed: only `create-user` adds accounts"), value="closed"),
                         id="field-registration", name="registration", class_name="native-select",
                         default_value=rx.cond(AdminState.registration_open, "open", "closed"),
                         key=AdminState.registration_open.to(str)),
            rx.el.label(t("Maximum number of users (empty: no limit)"), html_for="field-max_users",
                        style={"font-weight": "500"}),
            rx.input(id="field-max_users", name="max_users", default_value=AdminState.max_users,
                     key=AdminState.max_users, inputmode="numeric", max_length=7),
            rx.button(t("Save registration settings"), type="submit"),
            spacing="2", align="start",
        ),
        on_submit=AdminState.save_registration, reset_on_submit=False,
    )


def admin_page() -> rx.Component:
    return app_shell(
        rx.cond(
            AdminState.allowed,
            rx.vstack(
                message(AdminState.error),
                message(AdminState.info, kind="info"),
                rx.card(rx.vstack(rx.heading(t("Registration"), size="4", as_="h2"), _registration()), width="100%"),
                rx.heading(t("Accounts"), size="4", as_="h2"),
                rx.text(t("Admins see accounts only, never their habits or check-ins."), size="2", color_scheme="gray"),
                _users(),
                _confirm_delete(),
                spacing="4", width="100%",
            ),
            rx.center(rx.spinner(size="3"), padding="3rem"),
        ),
        title=t("Admin"),
    )
