"""Apply Alembic migrations programmatically (used by `python -m easytrack migrate` and the tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from easytrack.config import ROOT, settings


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.attributes["url"] = url or settings.db_url
    cfg.attributes["configure_logging"] = False
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Bring the database at `url` (default: the configured one) up to `revision`."""
    command.upgrade(alembic_config(url), revision)
