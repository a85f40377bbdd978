"""Reflex configuration: everything deployment-specific comes from the environment (see easytrack/config.py)."""

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

from easytrack.config import settings

config = rx.Config(
    app_name="easytrack",
    db_url=settings.db_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=list(settings.cors_origins),
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="grass", gray_color="sand", radius="medium"))],
    disable_plugins=[SitemapPlugin],
)
