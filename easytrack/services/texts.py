"""Texts for the user kept in English with their msgid, to be shown later in the reader's language.

A service that runs before anyone knows who reads the result (an import in its own process, say) keeps
each message as a `Text`: it is the English string everywhere a string is expected, and
`localized(lang)` translates it with its parameters. `Count` is a number written the reader's way.
"""

from __future__ import annotations

from easytrack.i18n import _fill, format_number, gettext, localized_params


class Count(int):
    """A count shown with its thousands separated: "250,000" in English (what `str` gives), "250 000" in
    Russian."""

    def __str__(self) -> str:
        return f"{int(self):,}"

    def localized(self, lang: str) -> str:
        return format_number(int(self), lang)


class Text(str):
    """A text for the user that can be shown in another language later: `str` of it is the English (so it
    prints, compares and serialises as an English string), `localized(lang)` the translation. Write the
    msgid as `Text(N_("{where}: cut to {n} characters."), where=..., n=Count(n))` (N_ for the extractor);
    parameters may themselves be Texts (a place in the file) or Counts."""

    msgid: str
    params: dict

    def __new__(cls, msgid: str, /, **params) -> Text:
        self = super().__new__(cls, _fill(msgid, params))
        self.msgid, self.params = msgid, params
        return self

    def __reduce__(self):  # pickled to and from the import processes with its msgid and parameters
        return (_text, (self.msgid, self.params))

    def localized(self, lang: str) -> str:
        return gettext(lang, self.msgid, **localized_params(self.params, lang))


def _text(msgid: str, params: dict) -> Text:
    return Text(msgid, **params)


def localized(text: str, lang: str) -> str:
    """A Text in `lang`; any other string (a msgid such as a Format's value, or a name) through the catalogue."""
    return text.localized(lang) if isinstance(text, Text) else gettext(lang, text)
