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
    # One worker keeps tab state in memory (the disk manager's periodic scan of state files cost ~10% of
    # the event loop under load, and every tab rebuilds its state from the database on reconnect anyway);
    # several workers share it in Redis.
    state_manager_mode="redis" if settings.redis_url else "memory",
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="grass", gray_color="sand", radius="medium"))],
    disable_plugins=[SitemapPlugin],
)
