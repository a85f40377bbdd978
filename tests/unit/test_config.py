"""Settings parsing: good values, defaults, and errors that name the variable at fault."""

from __future__ import annotations

import pytest

from easytrack.config import DEFAULT_DB_PATH, ConfigError, load


def test_defaults_are_a_local_sqlite_server_without_smtp():
    settings = load({})
    assert settings.db_url == f"sqlite:///{DEFAULT_DB_PATH}"
    assert settings.is_sqlite
    assert settings.base_url == "http://localhost:3000"
    assert settings.smtp_host is None and settings.smtp_user is None and settings.smtp_password is None
    assert (settings.smtp_security, settings.smtp_port) == ("none", 25)
    assert settings.mail_from == "easytrack <noreply@localhost>"
    assert settings.registration_open
    assert settings.redis_url is None
    assert settings.cors_origins == ("http://localhost:3000",)


def test_good_values_are_parsed():
    settings = load(
        {
            "REFLEX_DB_URL": "postgresql+psycopg://easy:pw@db/easytrack",
            "EASYTRACK_BASE_URL": "https://habits.example.org/",
            "EASYTRACK_SMTP_HOST": " smtp.example.org ",
            "EASYTRACK_SMTP_PORT": "2525",
            "EASYTRACK_SMTP_USER": "mailer",
            "EASYTRACK_SMTP_PASSWORD": "secret",
            "EASYTRACK_SMTP_SECURITY": "STARTTLS",
            "EASYTRACK_MAIL_FROM": "Habits <habits@example.org>",
            "EASYTRACK_REGISTRATION": "closed",
            "REFLEX_REDIS_URL": "redis://cache:6379/0",
        }
    )
    assert settings.db_url == "postgresql+psycopg://easy:pw@db/easytrack" and not settings.is_sqlite
    assert settings.base_url == "https://habits.example.org"
    assert settings.cors_origins == ("https://habits.example.org",)
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_security) == ("smtp.example.org", 2525, "starttls")
    assert (settings.smtp_user, settings.smtp_password) == ("mailer", "secret")
    assert settings.mail_from == "Habits <habits@example.org>"
    assert not settings.registration_open
    assert settings.redis_url == "redis://cache:6379/0"


@pytest.mark.parametrize(("security", "port"), [("none", 25), ("starttls", 587), ("tls", 465)])
def test_smtp_port_defaults_follow_the_security_mode(security, port):
    assert load({"EASYTRACK_SMTP_SECURITY": security}).smtp_port == port


def test_mail_from_defaults_to_the_base_url_host():
    assert load({"EASYTRACK_BASE_URL": "https://habits.example.org"}).mail_from.endswith("<noreply@habits.example.org>")


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"EASYTRACK_SMTP_PORT": "smtp"}, "EASYTRACK_SMTP_PORT"),
        ({"EASYTRACK_SMTP_PORT": "0"}, "EASYTRACK_SMTP_PORT"),
        ({"EASYTRACK_SMTP_PORT": "65536"}, "EASYTRACK_SMTP_PORT"),
        ({"EASYTRACK_SMTP_SECURITY": "ssl"}, "EASYTRACK_SMTP_SECURITY"),
        ({"EASYTRACK_REGISTRATION": "maybe"}, "EASYTRACK_REGISTRATION"),
        ({"EASYTRACK_BASE_URL": "habits.example.org"}, "EASYTRACK_BASE_URL"),
        ({"EASYTRACK_BASE_URL": "ftp://habits.example.org"}, "EASYTRACK_BASE_URL"),
        ({"EASYTRACK_BASE_URL": "https://"}, "EASYTRACK_BASE_URL"),
        ({"REFLEX_DB_URL": "postgresql://u:p@h/db"}, "REFLEX_DB_URL"),
        ({"REFLEX_DB_URL": "postgresql+psycopg2://u:p@h/db"}, "REFLEX_DB_URL"),
        ({"REFLEX_DB_URL": "mysql://u:p@h/db"}, "REFLEX_DB_URL"),
        ({"EASYTRACK_MAIL_FROM": "easytrack"}, "EASYTRACK_MAIL_FROM"),
        ({"REFLEX_REDIS_URL": "http://cache"}, "REFLEX_REDIS_URL"),
    ],
)
def test_bad_values_raise_config_error_naming_the_variable(env, variable):
    with pytest.raises(ConfigError, match=variable):
        load(env)


def test_psycopg2_urls_are_refused_with_a_pointer_to_psycopg_3():
    with pytest.raises(ConfigError, match="postgresql\\+psycopg://"):
        load({"REFLEX_DB_URL": "postgresql://u:p@h/db"})


def test_blank_values_count_as_unset():
    assert load({"EASYTRACK_SMTP_HOST": "   ", "EASYTRACK_SMTP_PORT": ""}).smtp_host is None
