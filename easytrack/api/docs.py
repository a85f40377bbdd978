"""Interactive API docs (Swagger UI) served from this server: no CDN, no inline script (strict CSP works)."""

from __future__ import annotations

import html
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).parent / "static"  # Swagger UI's files, shipped in the wheel
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>easytrack API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{base}/docs/static/swagger-ui.css">
<link rel="icon" href="{base}/docs/static/favicon.png"></head>
<body><div id="swagger-ui" data-url="{base}/openapi.json"></div>
<script src="{base}/docs/static/swagger-ui-bundle.js"></script>
<script src="{base}/docs/init.js"></script></body></html>
"""

_INIT = """window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({url: root.dataset.url, dom_id: "#swagger-ui", deepLinking: true,
                              persistAuthorization: false, tryItOutEnabled: false});
});
"""


def install(app: FastAPI) -> None:
    """Serve the docs at `/docs` of `app` (so /api/v1/docs when mounted there)."""
    app.mount("/docs/static", StaticFiles(directory=ASSETS), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        base = html.escape(request.scope.get("root_path", "").rstrip("/"), quote=True)
        return HTMLResponse(_PAGE.format(base=base), headers={"Content-Security-Policy": CSP})

    @app.get("/docs/init.js", include_in_schema=False)
    async def init_js() -> Response:
        return Response(_INIT, media_type="text/javascript", headers={"Cache-Control": "no-cache"})
