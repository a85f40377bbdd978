"""The logged-in user: an opaque session token in LocalStorage, re-validated against the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import TypeVar
from urllib.parse import quote

import reflex as rx

from easytrack import db, i18n, live, routes
from easytrack.services import accounts, devices, profile
from easytrack.services.errors import ServiceError

T = TypeVar("T")
MAX_TOKEN_LENGTH = 100


class NotLoggedIn(ServiceError):
    """The browser presents no valid session (logged out, expired, disabled)."""

    default_message = i18n.N_("Your session has ended. Please log in again.")

    def __init__(self) -> None:
        super().__init__()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _validated_user(session, token: str, now: datetime):
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise NotLoggedIn()
    user = accounts.validate_session(session, token=token, now=now)
    if user is None:
        raise NotLoggedIn()
    return user


def _as_user(session, token: str, now: datetime, fn: Callable[..., T], kwargs: dict) -> tuple[int, T]:
    user = _validated_user(session, token, now)
    return user.user_id, fn(session, user_id=user.user_id, **kwargs)


class AuthState(rx.State):
    """Who is logged in. Handlers elsewhere derive the user from `session_token`, never from a payload."""

    # The only proof of identity: an opaque random token; the server stores its SHA-256 with expiry.
    session_token: str = rx.LocalStorage("", name="easytrack_session", sync=True)
    # Device tokens of the accounts that logged in from this browser: their logins are not slowed by
    # others' failures (services.devices). Not a login: only a throttling exemption, signed per account.
    device_tokens: str = rx.LocalStorage("", name="easytrack_devices", sync=True)
    user_email: str = ""
    display_name: str = ""
    is_admin: bool = False
    # The language every text of the page is in (easytrack.components.i18n). "" until the first event of
    # the page decides it; the browser meanwhile guesses the same way (assets/i18n.js).
    lang: str = ""
    # The language last chosen or used on this device: the logged-out pages keep speaking it.
    lang_saved: str = rx.LocalStorage("", name="easytrack_lang", sync=True)

    @rx.var
    def logged_in(self) -> bool:
        return self.user_email != ""

    async def _current_user(self) -> accounts.SessionUser:
        """The validated user behind this browser's session token; raises NotLoggedIn."""
        return await db.run(_validated_user, self.session_token, utcnow())

    async def _run_as_user(self, fn: Callable[..., T], /, **kwargs) -> T:
        """Validate the session and run `fn(session, user_id=..., **kwargs)` in the same transaction."""
        _user_id, result = await db.run(_as_user, self.session_token, utcnow(), fn, kwargs)
        return result

    async def _hash_as_user(self, fn: Callable[..., T], /, **kwargs) -> T:
        """Like `_run_as_user`, on the password-hashing pool: for `fn` that checks or hashes a password."""
        _user_id, result = await db.run_hashing(_as_user, self.session_token, utcnow(), fn, kwargs)
        return result

    def _trust_device(self, token: str | None) -> None:
        """Keep a new device token (see services.devices) in this browser."""
        if token:
            self.device_tokens = devices.remember(self.device_tokens, token)

    async def _change_and_announce(self, fn: Callable[..., T], /, **kwargs) -> T:
        """Run a change like `_run_as_user`, then tell the user's other tabs to reload (`fn` returns a
        result with the new revision in `.rev`)."""
        user_id, result = await db.run(_as_user, self.session_token, utcnow(), fn, kwargs)
        live.publish_soon(user_id, live.Reload(result.rev), origin=self.router.session.client_token)
        return result

    def _show_user(self, user: accounts.SessionUser | None) -> None:
        self.user_email = user.email if user else ""
        self.display_name = user.display_name if user else ""
        self.is_admin = bool(user and user.is_admin)
        if user is not None:
            self._apply_lang(user.language)

    # ------------------------------------------------------------------------------------------ language

    def _browser_lang(self) -> str:
        """The language the browser asks for (its Accept-Language), when we have it."""
        return i18n.negotiate(getattr(self.router.headers, "accept_language", ""))

    def _apply_lang(self, account: str = "") -> None:
        """The account's language when it has one, else this device's last, else the browser's."""
        self.lang = i18n.choose(account, self.lang_saved, self._browser_lang())
        if self.lang_saved != self.lang and (account or self.lang_saved):
            self.lang_saved = self.lang

    def _page_lang(self) -> str:
        """The language of this tab's pages ("en", "ru"): for what a handler writes into state."""
        return i18n.choose(self.lang or self._browser_lang())

    def _t(self, msgid: str, /, **params) -> str:
        """`msgid` in the page's language: for a text a handler puts into state."""
        return i18n.gettext(self._page_lang(), msgid, **params)

    def _tn(self, singular: str, plural: str, n: float, /, **params) -> str:
        return i18n.ngettext(self._page_lang(), singular, plural, n, **params)

    def _error_text(self, error: ServiceError) -> str:
        """A service error's message in the page's language."""
        return error.localized(self._page_lang())

    @rx.event
    def pick_language(self):
        """on_load of every page, first: the page's language before anything else is shown."""
        if not self.lang:
            self._apply_lang()

    @rx.event
    async def set_language(self, code: str):
        """The reader picks a language: every text switches at once; a logged-in account keeps it."""
        lang = i18n.supported(code)
        if lang is None or lang != code:
            return
        self.lang = self.lang_saved = lang
        if not self.session_token:
            return
        try:
            await self._run_as_user(profile.set_language, language=lang)
        except NotLoggedIn:
            return
        # Texts the server made for pages this tab has open (a grid's title, schedules) follow at once.
        from easytrack.state.tracker import TrackerState, reload_pages

        await reload_pages(await self.get_state(TrackerState))

    def _forget_session(self) -> None:
        self._show_user(None)
        self.session_token = ""

    @rx.event
    async def check_login(self):
        """on_load of every private page: redirect a logged-out visitor to /login, remembering the page."""
        try:
            user = await self._current_user()
        except NotLoggedIn:
            self._forget_session()
            path = self.router.url.path or routes.HOME
            return rx.redirect(f"{routes.LOGIN}?next={quote(path, safe='/')}")
        self._show_user(user)

    @rx.event
    async def redirect_if_logged_in(self):
        """on_load of the login and register pages: a logged-in user goes home."""
        if not self.session_token:
            return
        try:
            self._show_user(await self._current_user())
        except NotLoggedIn:
            self._forget_session()
            return
        return rx.redirect(routes.HOME)

    @rx.event
    async def logout(self):
        token = self.session_token
        if isinstance(token, str) and token and len(token) <= MAX_TOKEN_LENGTH:
            await db.run(accounts.end_session, token=token)
        self._forget_session()
        return rx.redirect(routes.LOGIN)


async def tab_is_logged_in(app: rx.App, client_token: str) -> bool:
    """Whether the browser tab with Reflex client token `client_token` holds a live session (for the upload
    guard, before Reflex reads a body). An unknown tab is refused without creating state for it."""
    from reflex.istate.manager.token import BaseStateToken

    manager = app.state_manager
    known = getattr(manager, "states", None)
    if isinstance(known, dict) and client_token not in known:
        return False
    state = await manager.get_state(BaseStateToken(ident=client_token, cls=AuthState))
    if not isinstance(state, AuthState):
        state = state.get_substate(AuthState.get_full_name().split("."))
    token = state.session_token
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        return False
    return await db.run(accounts.validate_session, token=token, now=utcnow()) is not None
