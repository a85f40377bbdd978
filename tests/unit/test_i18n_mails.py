"""Every e-mail easytrack sends, rendered in English and in Russian: whole sentences from the catalogue, the
links untouched, Russian plurals right, and nothing of the English left in the Russian mail."""

from __future__ import annotations

import re

import pytest

from easytrack import i18n
from easytrack.reminders import mails
from easytrack.services import mail_templates

BASE = "https://habits.example.org"
TOKEN = "tok_-42abcdefghijklmnopqrstuvwxyz0123456789AB"

TEMPLATES = {
    "confirm_account": lambda lang: mail_templates.confirm_account(base_url=BASE, token=TOKEN, lang=lang),
    "reset_password": lambda lang: mail_templates.reset_password(base_url=BASE, token=TOKEN, lang=lang),
    "already_registered": lambda lang: mail_templates.already_registered(base_url=BASE, lang=lang),
    "confirm_email_change": lambda lang: mail_templates.confirm_email_change(base_url=BASE, token=TOKEN, lang=lang),
    "digest": lambda lang: mails.digest(base_url=BASE, token=TOKEN, names=["Read", "Walk"], lang=lang),
    "habit": lambda lang: mails.habit(base_url=BASE, token=TOKEN, name="Read", lang=lang),
}
# (subject, a sentence of the body) in each language.
EXPECTED = {
    "confirm_account": {"en": ("Confirm your easytrack account", "The link is valid for 24 hours and works once."),
                        "ru": ("Подтвердите аккаунт easytrack", "Ссылка действует 24 часа и срабатывает один раз.")},
    "reset_password": {"en": ("Choose a new easytrack password", "Open this link to choose a new password:"),
                       "ru": ("Выберите новый пароль для easytrack", "Откройте эту ссылку, чтобы выбрать новый пароль:")},
    "already_registered": {"en": ("Your easytrack account", "but you already have one."),
                           "ru": ("Ваш аккаунт easytrack", "но у вас уже есть аккаунт.")},
    "confirm_email_change": {"en": ("Confirm your new e-mail address for easytrack", "Open this link to confirm the change:"),
                             "ru": ("Подтвердите новый адрес эл. почты для easytrack",
                                    "Откройте эту ссылку, чтобы подтвердить смену адреса:")},
    "digest": {"en": ("Still open today: 2 habits", "These habits are still open today:"),
               "ru": ("Сегодня ещё не отмечены 2 привычки", "Эти привычки сегодня ещё не отмечены:")},
    "habit": {"en": ("Reminder: Read", "“Read” is still open today."),
              "ru": ("Напоминание: Read", "Привычка «Read» сегодня ещё не отмечена.")},
}


def _english_sentences() -> set[str]:
    """Every English msgid of the catalogue with a different Russian translation, longer than a word or two."""
    return {msgid for msgid, ru in i18n.catalog("ru").items()
            if isinstance(ru, str) and ru != msgid and len(msgid) > 12 and "{" not in msgid}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_each_mail_is_written_in_the_language_asked_for(name, lang):
    mail = TEMPLATES[name](lang)
    subject, sentence = EXPECTED[name][lang]
    assert mail.subject == subject
    assert sentence in mail.body
    assert mail.body.endswith("\n\n-- \neasytrack\n")


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_the_russian_mail_has_the_same_links_as_the_english_one(name):
    links = [re.findall(r"https?://\S+", TEMPLATES[name](lang).body) for lang in ("en", "ru")]
    assert links[0] == links[1] and links[0]
    assert TEMPLATES[name]("en").headers == TEMPLATES[name]("ru").headers


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_no_english_sentence_is_left_in_a_russian_mail(name):
    mail = TEMPLATES[name]("ru")
    left = [s for s in _english_sentences() if s in mail.body or s in mail.subject]
    assert left == []
    assert re.search(r"[а-яё]", mail.body)


@pytest.mark.parametrize("lang", ["", "de", None])
def test_an_account_without_a_language_of_ours_gets_english(lang):
    assert TEMPLATES["confirm_account"](lang).body == TEMPLATES["confirm_account"]("en").body


@pytest.mark.parametrize(("count", "subject"), [
    (1, "Сегодня ещё не отмечена 1 привычка"),
    (3, "Сегодня ещё не отмечены 3 привычки"),
    (5, "Сегодня ещё не отмечено 5 привычек"),
    (21, "Сегодня ещё не отмечена 21 привычка"),
])
def test_the_digest_subject_counts_habits_in_russian_plural_forms(count, subject):
    mail = mails.digest(base_url=BASE, token=TOKEN, names=[f"h{i}" for i in range(count)], lang="ru")
    assert mail.subject == subject


def test_a_long_digest_says_how_many_more_in_either_language():
    names = [f"habit {i}" for i in range(mails.MAX_LISTED + 7)]
    assert "  … and 7 more" in mails.digest(base_url=BASE, token=TOKEN, names=names).body
    assert "  … и ещё 7" in mails.digest(base_url=BASE, token=TOKEN, names=names, lang="ru").body
