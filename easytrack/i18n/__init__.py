"""Languages: which one a person gets, the translated text, and dates and numbers in their locale.

Reflex-free. Catalogues are gettext `.po` files in `easytrack/locale/<lang>/LC_MESSAGES/messages.po`, read
once per process (no compiled `.mo` needed). The message id is the English text itself, with `{name}`
placeholders filled in after translation, so an untranslated message still reads as English.

Two sides use the same catalogue:

* the server (messages a handler sets, e-mails, notifications, API errors): `gettext(lang, msgid, **params)`
  and `ngettext(lang, singular, plural, n, **params)`;
* the browser (every static text of a page): `easytrack.components.i18n.t("…")` compiles to a lookup in
  `assets/i18n_catalog.js`, which `python -m easytrack.i18n compile` writes from the same `.po` files.

Plural forms, month and weekday names, date patterns and the first day of the week come from Babel's CLDR
data, never from tables written here.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from gettext import c2py
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_day_names, get_month_names
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

DEFAULT = "en"
# The languages a person can choose, by code, each named in itself (a Russian reader finds "Русский").
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский"}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_TAG = re.compile(r"^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*$")


def N_(msgid: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string for extraction without translating it here (it is translated where it is shown)."""
    return msgid


# ---------------------------------------------------------------------------------------------- choosing

def supported(code: object) -> str | None:
    """`code` when it names a language of LANGUAGES ("ru", "ru-RU", "RU_ru" → "ru"), else None."""
    if not isinstance(code, str) or len(code) > 35 or not _TAG.match(code.strip()):
        return None
    base = code.strip().replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def _accepted(header: str) -> list[tuple[float, int, str]]:
    out = []
    for i, part in enumerate(header.split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag and 0 < q <= 1:
            out.append((-q, i, tag.strip()))
    return sorted(out)


def negotiate(accept_language: object) -> str:
    """The language to use for an `Accept-Language` header: the best-weighted one we have, else DEFAULT."""
    if not isinstance(accept_language, str) or len(accept_language) > 2000:
        return DEFAULT
    for _, _, tag in _accepted(accept_language):
        if (code := supported(tag)) is not None:
            return code
    return DEFAULT


def preferred_tag(accept_language: object) -> str:
    """The full tag ("en-US", "ru") the browser puts first among our languages: for locale defaults such as
    the first day of the week, which depend on the region."""
    if isinstance(accept_language, str) and len(accept_language) <= 2000:
        for _, _, tag in _accepted(accept_language):
            if supported(tag) is not None:
                return tag
    return DEFAULT


def choose(*candidates: object) -> str:
    """The first candidate that is a supported language (a saved setting, a browser's choice …), else DEFAULT."""
    for c in candidates:
        if (code := supported(c)) is not None:
            return code
    return DEFAULT


# ---------------------------------------------------------------------------------------------- text

@functools.cache
def _po(lang: str) -> tuple[dict[str, str | tuple[str, ...]], str]:
    """(msgid → translation, the catalogue's C plural expression): empty and fuzzy entries left out, a
    plural message only when all its forms are there."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == DEFAULT or not path.exists():
        return {}, "(n != 1)"
    with path.open("rb") as f:
        po = read_po(f, locale=lang)
    out: dict[str, str | tuple[str, ...]] = {}
    for m in po:
        if not m.id or m.fuzzy:
            continue
        if m.pluralizable:
            forms = tuple(m.string)
            if all(forms):
                out[m.id[0]] = forms
        elif m.string:
            out[m.id] = m.string
    return out, po.plural_expr


def catalog(lang: str) -> dict[str, str | tuple[str, ...]]:
    """msgid → translation in `lang` (a tuple of plural forms for plural messages)."""
    return _po(lang)[0]


def plural_expr(lang: str) -> str:
    """The catalogue's `Plural-Forms` expression (Babel writes it from CLDR): valid C, Python and JS."""
    return _po(choose(lang))[1]


@functools.cache
def _plural_fn(lang: str):
    return c2py(plural_expr(lang))


def plural_form(lang: str, n: float) -> int:
    """The index of the plural form for `n` (Russian: 1 день → 0, 2 дня → 1, 5 дней → 2)."""
    return _plural_fn(choose(lang))(int(n) if float(n).is_integer() else n)


def _fill(text: str, params: dict) -> str:
    if not params:
        return text
    return _PLACEHOLDER.sub(lambda m: str(params[m.group(1)]) if m.group(1) in params else m.group(0), text)


def localized_params(params: dict, lang: str) -> dict:
    """`params` with each value that can write itself in a language (`.localized(lang)`: a place in a file,
    a count, see easytrack.services.texts) written in `lang`."""
    return {k: v.localized(lang) if callable(getattr(v, "localized", None)) else v for k, v in params.items()}


def gettext(lang: str, msgid: str, /, **params) -> str:
    """`msgid` in `lang`, its `{placeholders}` filled from `params`."""
    found = catalog(choose(lang)).get(msgid)
    return _fill(found if isinstance(found, str) else msgid, params)


def ngettext(lang: str, singular: str, plural: str, n: float, /, **params) -> str:
    """The form of `singular`/`plural` for `n` in `lang`; `{n}` and the other placeholders filled."""
    lang = choose(lang)
    params = {"n": format_number(n, lang), **params}
    found = catalog(lang).get(singular)
    if isinstance(found, tuple):
        return _fill(found[min(plural_form(lang, n), len(found) - 1)], params)
    return _fill(singular if n == 1 else plural, params)


# ---------------------------------------------------------------------------------------------- dates

def format_number(n: float, lang: str) -> str:
    return format_decimal(n, locale=choose(lang))


def day_month(d: date, lang: str) -> str:
    """"3 December" / "3 декабря" (the month in the genitive where the language has one)."""
    return format_date(d, "d MMMM", locale=choose(lang))


def day_month_short(d: date, lang: str) -> str:
    """"3 Dec" / "3 дек."."""
    return format_date(d, "d MMM", locale=choose(lang))


def full_date(d: date, lang: str) -> str:
    """"Thursday, 3 December 2026" / "четверг, 3 декабря 2026 г."."""
    return format_date(d, "full", locale=_locale(lang))


def long_date(d: date, lang: str) -> str:
    """"14 December 2026" / "14 декабря 2026 г."."""
    return format_date(d, "long", locale=_locale(lang))


def medium_date(d: date, lang: str) -> str:
    """"3 Dec 2026" / "3 дек. 2026 г."."""
    return format_date(d, "medium", locale=_locale(lang))


def month_year(d: date, lang: str) -> str:
    """"December 2026" / "декабрь 2026 г." (a heading: the nominative, standalone month)."""
    text = format_date(d, "LLLL y", locale=choose(lang))
    return text[:1].upper() + text[1:]


def month_name(month: int, lang: str, width: str = "wide") -> str:
    """A month on its own (a chart axis): "Dec" / "дек."."""
    return get_month_names(width, context="stand-alone", locale=choose(lang))[month]


def weekday_name(weekday: int, lang: str, width: str = "abbreviated") -> str:
    """Monday = 0: "Mon" / "пн" (abbreviated), "Monday" / "понедельник" (wide), "M" / "П" (narrow)."""
    return get_day_names(width, context="stand-alone", locale=choose(lang))[weekday]


def _locale(lang: str) -> Locale:
    # English dates the way the app always wrote them (day before month), not the US order.
    return Locale.parse("en_GB") if choose(lang) == DEFAULT else Locale.parse(choose(lang))


def first_weekday(tag: str) -> int:
    """The locale's first day of the week, Monday = 0 ("en-US" → 6, Sunday; "ru" → 0; "en" → 0)."""
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError, AttributeError):
        return 0
    if locale.territory is None:  # a bare language: the region CLDR takes as its likely one
        try:
            locale = Locale.parse(Locale.parse(tag.replace("-", "_")).language, resolve_likely_subtags=True)
            locale = Locale.parse(f"{locale.language}_{locale.territory}") if locale.territory else locale
        except (ValueError, UnknownLocaleError):
            return 0
    return locale.first_week_day
