"""/settings/tokens: personal access tokens for the REST API — created, shown once, listed and revoked."""

from __future__ import annotations

import reflex as rx

from easytrack import db, i18n, routes
from easytrack.components.i18n import t
from easytrack.components.layout import app_shell, message
from easytrack.services import api_tokens
from easytrack.services.errors import ServiceError
from easytrack.state.auth import AuthState, NotLoggedIn, _validated_user, utcnow


def _when(moment, lang: str) -> str:
    """"3 Dec 2026, 14:05 UTC" / "3 дек. 2026 г., 14:05 UTC"; "never" in `lang` when there is none."""
    if not moment:
        return i18n.gettext(lang, "never")
    return i18n.gettext(lang, "{date}, {time} UTC", date=i18n.medium_date(moment, lang), time=moment.strftime("%H:%M"))


def _list_tx(session, token: str, now):
    user = _validated_user(session, token, now)
    return api_tokens.list_tokens(session, user_id=user.user_id)


class TokensState(AuthState):
    tokens: list[dict] = []
    new_secret: str = ""  # shown once, to its owner, right after creation
    error: str = ""

    async def _reload(self) -> None:
        found = await db.run(_list_tx, self.session_token, utcnow())
        lang = self._page_lang()
        self.tokens = [{"id": t.id, "name": t.name, "created": _when(t.created_at, lang),
                        "used": _when(t.last_used_at, lang)} for t in found]

    @rx.event
    async def load(self):
        self.new_secret, self.error = "", ""
        try:
            await self._reload()
        except NotLoggedIn:
            self.tokens = []

    @rx.event
    async def create(self, form: dict):
        self.error, self.new_secret = "", ""
        name = form.get("token_name") if isinstance(form, dict) else None
        try:
            _info, secret = await self._run_as_user(api_tokens.create_token, name=name, now=utcnow())
        except ServiceError as exc:
            self.error = self._error_text(exc)
            return
        self.new_secret = secret
        await self._reload()

    @rx.event
    async def revoke(self, token_id: int):
        self.error = ""
        try:
            await self._run_as_user(api_tokens.revoke_token, token_id=token_id)
        except ServiceError as exc:
            self.error = self._error_text(exc)
            return
        await self._reload()


def _row(token) -> rx.Component:
    return rx.table.row(
        rx.table.cell(token["name"].to(str)),
        rx.table.cell(token["created"].to(str)),
        rx.table.cell(token["used"].to(str)),
        rx.table.cell(rx.button(t("Revoke"), size="1", color_scheme="red", variant="soft",
                                on_click=TokensState.revoke(token["id"]),
                                aria_label=t("Revoke {name}", name=token["name"].to(str)))),
    )


def tokens_page() -> rx.Component:
    return app_shell(
        rx.link(t("← Settings"), href=routes.SETTINGS),
        rx.text(t("A token lets a script use the REST API ({path}) as you.", path="/api/v1"), " ",
                t("Send it as {header}.", header="Authorization: Bearer <token>"), " ",
                t("Interactive documentation:"), " ", rx.link("/api/v1/docs", href="/api/v1/docs")),
        message(TokensState.error),
        rx.cond(TokensState.new_secret != "", rx.callout(
            rx.vstack(rx.text(t("Copy your new token now — it is not shown again:")),
                      rx.code(TokensState.new_secret, size="3", style={"word-break": "break-all"}), spacing="2"),
            icon="key-round", color_scheme="amber", width="100%")),
        rx.form(
            rx.hstack(rx.input(name="token_name", placeholder=t("What is it for? e.g. “home automation”"),
                               aria_label=t("Token name"), max_length=100, required=True, flex="1"),
                      rx.button(t("Create token"), type="submit"), width="100%"),
            on_submit=TokensState.create, reset_on_submit=True, width="100%",
        ),
        rx.cond(
            TokensState.tokens.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h)
                                               for h in (t("Name"), t("Created"), t("Last used"), "")])),
                rx.table.body(rx.foreach(TokensState.tokens, _row)),
                width="100%",
            ),
            rx.text(t("No tokens yet."), color_scheme="gray"),
        ),
        title=t("API tokens"),
    )
