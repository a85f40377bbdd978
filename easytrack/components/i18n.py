"""Texts of a page in the reader's language, resolved in the browser (see easytrack.i18n).

`t("Log in")` is a string Var: `tr(lang, "Log in")` in the page, looked up in assets/i18n_catalog.js. The
only state it reads is `AuthState.lang`, which changes when the reader switches language, never on a tick;
so a tick's delta carries no text, and switching language re-renders every text at once with no round trip.

    rx.button(t("Log in"))
    rx.text(t("Hello, {name}", name=AuthState.display_name))
    rx.text(tn("{n} day", "{n} days", Habit.streak))            # 1 день, 2 дня, 5 дней
    rx.text(t_var(State.error))                                  # a message the server set, as a msgid
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.utils.imports import ImportVar
from reflex.vars.base import Var, VarData
from reflex.vars.function import FunctionVar

from easytrack.state.auth import AuthState

_LIBRARY = "$/public/i18n.js"


def _fn(name: str) -> FunctionVar:
    return Var(_js_expr=name, _var_data=VarData(imports={_LIBRARY: [ImportVar(tag=name)]})).to(FunctionVar)


_TR = _fn("tr")
_TRN = _fn("trn")


def _params(params: dict[str, Any]) -> Var | None:
    return Var.create(params) if params else None


def t(msgid: str, **params: Any) -> Var[str]:
    """`msgid` (an English literal: the extractor reads it) in the reader's language."""
    args = [AuthState.lang, msgid] + ([_params(params)] if params else [])
    return _TR.call(*args).to(str)


def tn(singular: str, plural: str, n: Any, **params: Any) -> Var[str]:
    """The plural form for `n` (a Var or a number); `{n}` is `n` written in the reader's language."""
    args = [AuthState.lang, singular, plural, n] + ([_params(params)] if params else [])
    return _TRN.call(*args).to(str)


def t_device(msgid: str) -> Var[str]:
    """`msgid` in this device's language (the saved choice, else the browser's), reading no state: for the
    app-wide parts Reflex renders outside the pages (the toaster's label)."""
    return _TR.call("", msgid).to(str)


def t_var(msgid: Var[str], **params: Any) -> Var[str]:
    """A text the server keeps in state in English (it must be a msgid in the catalogue: mark it N_)."""
    args = [AuthState.lang, msgid] + ([_params(params)] if params else [])
    return _TR.call(*args).to(str)


class LangSync(rx.Component):
    """Keeps <html lang> and the window title in the reader's language (renders nothing)."""

    library = _LIBRARY
    tag = "LangSync"

    lang: rx.Var[str]
    title: rx.Var[str]


def lang_sync(title: Var[str] | str | None = None) -> rx.Component:
    return LangSync.create(lang=AuthState.lang, **({"title": title} if title is not None else {}))
