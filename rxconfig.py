"""Reflex configuration: everything deployment-specific comes from the environment (see easytrack/config.py)."""

import reflex as rx

from easytrack.config import settings

config = rx.Config(
    app_name="easytrack",
    db_url=settings.db_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=list(settings.cors_origins),
    plugins=[rx.plugins.RadixThemesPlugin()],
    disable_plugins=["reflex.plugins.sitemap.SitemapPlugin"],
)
