# easytrack image: the frontend is compiled and built here, at image build time; the runtime stage only
# serves it (no bun, no Node, no downloads when the container starts). See docs/deployment.md.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---- builder: Python venv with the pinned packages, bun from the npm registry, the built frontend ----
FROM ${PYTHON_IMAGE} AS builder
ARG BUN_VERSION=1.4.4
# The host's package index settings, when scripts/build-image.sh finds any (builder stage only).
ARG PIP_INDEX_URL
ARG PIP_EXTRA_INDEX_URL
ARG NPM_CONFIG_REGISTRY
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    REFLEX_TELEMETRY_ENABLED=false \
    REFLEX_BUN_PATH=/tools/bun \
    PATH=/venv/bin:$PATH
# Node (Debian's) runs npm, which fetches bun; bun then installs the frontend packages and builds.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
COPY deploy/with-host-ca.sh /usr/local/bin/with-host-ca
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
# Every step that downloads trusts the host's CA bundle when one is given (secret `ca_bundle`, see
# deploy/with-host-ca.sh); without it, the image's own trust store.
RUN --mount=type=secret,id=ca_bundle with-host-ca pip install -r /tmp/requirements.txt \
 && pip uninstall -q -y pip
RUN --mount=type=secret,id=ca_bundle \
    with-host-ca npm install --prefix /tools --no-audit --no-fund --loglevel=error bun@${BUN_VERSION} \
 && ln -s node_modules/bun/bin/bun.exe /tools/bun \
 && /tools/bun --version
WORKDIR /app
COPY . .
# The page reaches the backend on its own origin: https://<domain> through Caddy (the browser drops
# the port for https), or http://<host>:3000 when the container is used directly. A public address on
# another https port needs it named: --build-arg REFLEX_API_URL=https://host:port.
ARG REFLEX_API_URL=http://localhost:3000
ENV REFLEX_API_URL=${REFLEX_API_URL}
RUN --mount=type=secret,id=ca_bundle with-host-ca reflex export --frontend-only --no-zip \
 && test -f .web/build/client/index.html \
 && rm -rf .web/node_modules .web/.react-router \
 && python -m compileall -q easytrack \
 && mkdir /writable && mv .web assets /writable/

# ---- runtime: slim Python, the venv, the app and its built frontend, a non-root user ----
FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    REFLEX_TELEMETRY_ENABLED=false \
    REFLEX_STATES_WORKDIR=/tmp/easytrack-states \
    REFLEX_DB_URL=sqlite:////data/easytrack.db \
    PORT=3000
RUN groupadd --system --gid 10001 easytrack \
 && useradd --system --uid 10001 --gid easytrack --home-dir /app --no-create-home --shell /usr/sbin/nologin easytrack \
 && mkdir -p /data \
 && chown easytrack:easytrack /data
COPY --from=builder /venv /venv
COPY --from=builder /app /app
# At start-up Reflex copies the stylesheets into .web/styles and links shared assets: only those are
# writable (the builder moved them aside, so that no layer holds a second, re-owned copy).
COPY --from=builder --chown=easytrack:easytrack /writable/.web /app/.web
COPY --from=builder --chown=easytrack:easytrack /writable/assets /app/assets
WORKDIR /app
USER easytrack
EXPOSE 3000
VOLUME ["/data"]
# easytrack.ops.startup (not `reflex run`) passes SIGTERM on to gunicorn, which stops its uvicorn workers
# within seconds, websockets open or not (graceful_timeout 10 s in gunicorn.conf.py); compose gives it a
# grace period of 20 s before SIGKILL.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '3000'), timeout=4)"]
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["serve"]
