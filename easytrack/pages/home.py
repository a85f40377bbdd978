"""/: the home page of habit buttons (for now a welcome; the tracker fills it)."""

from __future__ import annotations

import reflex as rx

from easytrack.components.layout import app_shell
from easytrack.state.auth import AuthState


def home_page() -> rx.Component:
    return app_shell(
        rx.text("Welcome, ", rx.cond(AuthState.display_name != "", AuthState.display_name, AuthState.user_email), "."),
        title="Today",
    )
