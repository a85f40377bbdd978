"""The REST API under /api/v1 (FastAPI): thin routers that parse, call one service, and serialise."""
