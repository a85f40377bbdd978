"""The page shell: navigation, dark-mode toggle, log out, and the centred card used by the account pages."""

from __future__ import annotations

import reflex as rx

from easytrack import i18n, routes
from easytrack.components.i18n import lang_sync, t
from easytrack.components.pwa import offline_view, pwa
from easytrack.state.auth import AuthState


def _nav_link(label: rx.Var[str], href: str, icon: str) -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon(icon, size=18), rx.text(label, class_name="nav-label"), spacing="1", align="center"),
        href=href,
        aria_label=label,
        underline="none",
        color_scheme="gray",
        high_contrast=True,
        padding="0.4rem 0.6rem",
        border_radius="var(--radius-3)",
        class_name="et-navlink",
        _hover={"background": "var(--gray-a3)"},
    )


def navbar() -> rx.Component:
    return rx.el.nav(
        rx.hstack(
            rx.link(rx.heading("easytrack", size="5", as_="span"), href=routes.HOME, underline="none",
                    high_contrast=True, class_name="et-brand"),
            rx.spacer(),
            _nav_link(t("Today"), routes.HOME, "circle-check"),
            _nav_link(t("Grid"), routes.GRID, "grid-3x3"),
            _nav_link(t("Habits"), routes.HABITS, "list-checks"),
            _nav_link(t("Settings"), routes.SETTINGS, "settings"),
            rx.cond(AuthState.is_admin, _nav_link(t("Admin"), routes.ADMIN, "shield")),
            rx.color_mode.button(size="2", variant="ghost", aria_label=t("Toggle dark mode")),
            rx.button(
                rx.icon("log-out", size=16), rx.text(t("Log out"), class_name="nav-label"),
                on_click=AuthState.logout, variant="soft", size="2", aria_label=t("Log out"),
            ),
            align="center",
            spacing="1",
            width="100%",
        ),
        aria_label=t("Main"),
        class_name="et-nav",
        style={"border-bottom": "1px solid var(--gray-a5)", "background": "var(--color-panel)"},
    )


def app_shell(*children: rx.Component, title: rx.Var[str]) -> rx.Component:
    """A private page: navigation on top; the content only once the session is confirmed. `title` is a
    translated text (`t("Grid")`): the page's heading and, with the app's name, the window's title."""
    return rx.box(
        lang_sync(title=title + " · easytrack"),
        navbar(),
        pwa(),
        rx.el.main(
            rx.cond(
                AuthState.logged_in,
                rx.vstack(rx.heading(title, size="6", as_="h1"), *children, spacing="4", width="100%"),
                offline_view(rx.center(rx.spinner(size="3"), padding="3rem")),
            ),
            class_name="et-main",
        ),
        min_height="100vh",
    )


def language_switcher() -> rx.Component:
    """Each language named in itself; choosing one switches every text at once (AuthState.set_language)."""
    return rx.hstack(
        *[rx.button(name, lang=code, size="1", variant=rx.cond(AuthState.lang == code, "soft", "ghost"),
                    color_scheme="gray", on_click=AuthState.set_language(code),
                    aria_pressed=rx.cond(AuthState.lang == code, "true", "false"))
          for code, name in i18n.LANGUAGES.items()],
        spacing="2", justify="center", width="100%", class_name="et-languages",
    )


def auth_card(title: rx.Var[str], *children: rx.Component, languages: bool = True) -> rx.Component:
    """A public account page (login, register, …): a centred card with a (translated) title, and (unless
    `languages` is False) a language switcher at its foot for a visitor the browser's choice does not suit."""
    return rx.center(
        lang_sync(title=title + " · easytrack"),
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading("easytrack", size="4", color_scheme="grass", as_="span"),
                    rx.spacer(),
                    rx.color_mode.button(size="1", variant="ghost", aria_label=t("Toggle dark mode")),
                    width="100%",
                ),
                rx.heading(title, size="6", as_="h1"),
                *children,
                *([language_switcher()] if languages else []),
                spacing="4",
                width="100%",
            ),
            size="3",
            width="100%",
            max_width="26rem",
        ),
        pwa(forget=True),
        min_height="100vh",
        padding="1rem",
    )


def message(text: rx.Var[str], kind: str = "error") -> rx.Component:
    """A callout shown when `text` is non-empty; errors are announced to screen readers."""
    icon, color = ("triangle-alert", "red") if kind == "error" else ("info", "grass")
    return rx.cond(
        text != "",
        rx.callout(text, icon=icon, color_scheme=color, role="alert" if kind == "error" else "status", width="100%"),
    )
