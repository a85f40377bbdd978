"""Reflex configuration: everything deployment-specific comes from the environment (see easytrack/config.py)."""

import os

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

from easytrack.config import settings

# The production backend is gunicorn with uvicorn workers, not Granian. Every way the app starts (`reflex
# run --env prod`, `python -m easytrack.ops.startup`, the tests, the benches) loads this file before Reflex
# picks its server, which it does by reading this variable then. Why: Granian holds ~154 KB of memory per
# open websocket by itself (even serving a trivial ASGI echo app), uvicorn with wsproto ~18 KB; easytrack
# measured 225.6 KB per idle connected tab under Granian and 93.6 KB under uvicorn (budget: 100 KB), with
# the same tick latency. Worker processes: WEB_CONCURRENCY; gunicorn's other settings: gunicorn.conf.py.
# An operator can still choose Granian with REFLEX_USE_GRANIAN=true (then GRANIAN_WORKERS sets workers).
os.environ.setdefault("REFLEX_USE_GRANIAN", "false")

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
