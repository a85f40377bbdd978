"""EASYTRACK_* and REFLEX_DB_URL settings: read once from the environment and validated with clear errors."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = ROOT / "data" / "easytrack.db"
SMTP_SECURITY = ("none", "starttls", "tls")
REGISTRATION = ("open", "closed")


class ConfigError(ValueError):
    """A setting in the environment has a value easytrack cannot use."""


@dataclass(frozen=True)
class Settings:
    """All deployment settings; see the configuration table in README.md."""

    db_url: str
    base_url: str
    smtp_host: str | None
    smtp_port: int
    smtp_user: str | None
    smtp_password: str | None
    smtp_security: str
    mail_from: str
    registration: str
    redis_url: str | None

    @property
    def registration_open(self) -> bool:
        return self.registration == "open"

    @property
    def cors_origins(self) -> tuple[str, ...]:
        """The browser origins allowed to call the backend: the base URL's origin."""
        parts = urlsplit(self.base_url)
        return (f"{parts.scheme}://{parts.netloc}",)

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _choice(env: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = (_get(env, name) or default).lower()
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = _get(env, name)
    if raw is None:
        return default
    try:
        port = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a port number (got {raw!r})") from None
    if not 1 <= port <= 65535:
        raise ConfigError(f"{name} must be between 1 and 65535 (got {port})")
    return port


def _base_url(env: Mapping[str, str]) -> str:
    raw = _get(env, "EASYTRACK_BASE_URL") or "http://localhost:3000"
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"EASYTRACK_BASE_URL must be an absolute http(s) URL such as https://habits.example.org (got {raw!r})"
        )
    return raw.rstrip("/")


def _db_url(env: Mapping[str, str]) -> str:
    raw = _get(env, "REFLEX_DB_URL") or f"sqlite:///{DEFAULT_DB_PATH}"
    scheme = raw.split(":", 1)[0]
    if scheme == "postgresql" or scheme.startswith("postgresql+psycopg2"):
        raise ConfigError("REFLEX_DB_URL: use the psycopg 3 driver, e.g. postgresql+psycopg://user:pw@host/db")
    if scheme not in ("sqlite", "postgresql+psycopg"):
        raise ConfigError(
            f"REFLEX_DB_URL must start with sqlite:/// or postgresql+psycopg:// (got scheme {scheme!r})"
        )
    return raw


def _redis_url(env: Mapping[str, str]) -> str | None:
    raw = _get(env, "REFLEX_REDIS_URL")
    if raw is not None and not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"REFLEX_REDIS_URL must start with redis:// or rediss:// (got {raw!r})")
    return raw


def load(env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate every setting; raises ConfigError naming the variable at fault."""
    env = os.environ if env is None else env
    base_url = _base_url(env)
    smtp_host = _get(env, "EASYTRACK_SMTP_HOST")
    security = _choice(env, "EASYTRACK_SMTP_SECURITY", SMTP_SECURITY, "none")
    default_port = {"none": 25, "starttls": 587, "tls": 465}[security]
    mail_from = _get(env, "EASYTRACK_MAIL_FROM") or f"easytrack <noreply@{urlsplit(base_url).hostname}>"
    if "@" not in mail_from:
        raise ConfigError(f"EASYTRACK_MAIL_FROM must contain an e-mail address (got {mail_from!r})")
    return Settings(
        db_url=_db_url(env),
        base_url=base_url,
        smtp_host=smtp_host,
        smtp_port=_port(env, "EASYTRACK_SMTP_PORT", default_port),
        smtp_user=_get(env, "EASYTRACK_SMTP_USER"),
        smtp_password=_get(env, "EASYTRACK_SMTP_PASSWORD"),
        smtp_security=security,
        mail_from=mail_from,
        registration=_choice(env, "EASYTRACK_REGISTRATION", REGISTRATION, "open"),
        redis_url=_redis_url(env),
    )


settings = load()
