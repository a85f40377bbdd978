"""gunicorn's settings for the production backend: gunicorn reads this file from the directory it starts in.

Reflex 0.10.1 starts `python -m gunicorn --preload --worker-class uvicorn.workers.UvicornH11Worker` (chosen
in rxconfig.py), always from the repository root (the image's /app). Worker processes: WEB_CONCURRENCY
(gunicorn's default is 1). GUNICORN_CMD_ARGS (e.g. "--workers 3 --graceful-timeout 5") overrides this file.
"""

import os
import sys

# Without Redis each worker would keep the state of its own tabs and its own list of a user's open tabs:
# live updates would miss tabs on the other workers. One worker then, whatever WEB_CONCURRENCY says (some
# hosting platforms set it on their own).
if not os.environ.get("REFLEX_REDIS_URL", "").strip():
    if int(os.environ.get("WEB_CONCURRENCY", "1") or 1) > 1:
        print("easytrack: WEB_CONCURRENCY ignored, REFLEX_REDIS_URL is not set: running one worker",
              file=sys.stderr)
    workers = 1

# On SIGTERM a worker stops accepting, closes its websockets (a browser reconnects by itself) and finishes
# the requests in flight; one still busy after this many seconds is killed. Below compose's
# stop_grace_period (20 s), so `docker compose stop` never has to SIGKILL the container.
graceful_timeout = 10

# A proxy in front reuses idle connections to the app (Caddy keeps them 2 minutes); closing them sooner
# (gunicorn's default is 2 s) races with a request the proxy is just sending on one: a 502 for the user.
keepalive = 130

# X-Forwarded-For is read only as far as REFLEX_TRUSTED_PROXY_HOPS says (by Reflex and by the API). By
# default uvicorn would also take the client address and the scheme from X-Forwarded-* headers of any
# proxy on 127.0.0.1, so an app behind a local proxy would see other addresses and https than behind a
# remote one.
forwarded_allow_ips = ""

# No `gunicornc` control socket: every gunicorn of a user binds the same $HOME/.gunicorn/gunicorn.ctl,
# the image's user cannot create that directory, and its thread would be running in the master when it
# forks a replacement worker.
control_socket_disable = True


def post_fork(server, worker):
    """Nothing the workers use may be shared with the master, which imported the app (--preload).

    The app opens no database connection at import time, so the master holds none; should an engine have
    been created there all the same, the worker forgets its pool (without closing the master's
    connections, SQLAlchemy's rule for forked processes) and opens connections of its own.
    """
    from easytrack import db

    if db.engine.cache_info().currsize:
        server.log.warning("database engine created before the fork: worker %s opens its own connections",
                           worker.pid)
        db.engine().dispose(close=False)


def when_ready(server):
    """Freeze the imported app in the master before it forks the workers (Reflex does the same for Granian).

    Its ~150,000 objects move out of the collector's reach: a full collection over them took 60-85 ms,
    and a worker's tick p99 (2 workers, PostgreSQL + Redis, 100 ticks/s) was 39-65 ms without the freeze,
    15-30 ms with it (Granian: 13-24 ms). The pages shared with the master also stay shared instead of
    being copied on write when the collector touches them.
    """
    import gc

    gc.collect()
    gc.freeze()
