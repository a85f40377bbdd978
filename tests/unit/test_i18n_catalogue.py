"""The catalogues are complete: every translatable text in the code has a Russian translation that is not
stale, not fuzzy, keeps the English placeholders, and the browser's compiled catalogue is up to date."""

from __future__ import annotations

from easytrack.i18n import catalogs


def test_every_text_in_the_code_is_translated_and_nothing_is_stale():
    problems = catalogs.check()
    assert not problems, "\n" + problems.report() + "\n(run `make i18n`, then translate; see docs/i18n.md)"


def test_the_extractor_finds_texts_in_components_states_errors_and_jsx():
    found = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogs.extract() if m.id}
    places = {loc[0] for m in found.values() for loc in m.locations}
    assert "Log in" in found  # t("Log in") in a page
    assert "Wrong e-mail or password." in found  # an error's default message (N_)
    assert any(p.startswith("assets/") for p in places)  # tr(lang, "…") in JSX
    assert any(p.startswith("easytrack/services/") for p in places)


def test_a_stale_or_missing_translation_is_reported(tmp_path, monkeypatch):
    """The check really fails: a catalogue without one message and with one the code no longer has."""
    from babel.messages.catalog import Catalog

    real = catalogs.read("ru")
    doctored = Catalog(locale="ru")
    for m in real:
        if m.id and m.id != "Log in":
            doctored[m.id] = m
    doctored.add("A text nobody writes any more", "Текст, которого больше нет")
    monkeypatch.setattr(catalogs, "read", lambda lang: doctored)
    problems = catalogs.check()
    assert "Log in" in problems.missing["ru"]
    assert "A text nobody writes any more" in problems.stale["ru"]
    assert problems.js_stale
