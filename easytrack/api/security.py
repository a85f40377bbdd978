"""Who is calling: the Bearer API token, checked after the rate limiter has counted the request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from easytrack.api.context import ApiContext, context
from easytrack.i18n import N_
from easytrack.services import api_tokens

CHALLENGE = {"WWW-Authenticate": "Bearer"}
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiToken",
    description="A personal API token (`et_…`), created with `python -m easytrack token create`.",
)


async def _count(ctx: ApiContext, key: str) -> None:
    """Count one request for `key`; raise 429 with Retry-After when over the limit."""
    retry = await ctx.limiter.hit(key)
    if retry:
        raise HTTPException(429, N_("Too many requests. Please slow down."), headers={"Retry-After": str(retry)})


async def count_client(ctx: ApiContext, request: Request) -> None:
    """Count an unauthenticated request per client address (429 when over the limit)."""
    await _count(ctx, f"ip:{ctx.client_ip(request)}")


async def current_user(
    request: Request,
    ctx: Annotated[ApiContext, Depends(context)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> int:
    """The id of the user whose token authorises the request (a FastAPI dependency).

    Requests are counted per token (by its hash), or per client address without a token. Failed
    authentications also count per client address, and once that is over the limit tokens from
    there are refused without a database lookup.

    Raises:
        HTTPException: 401 (with `WWW-Authenticate: Bearer`) without a usable token, 429 when limited.
    """
    ip = ctx.client_ip(request)
    if credentials is None:
        await _count(ctx, f"ip:{ip}")
        raise HTTPException(401, N_("Send an API token: 'Authorization: Bearer <token>'."), headers=CHALLENGE)
    await _count(ctx, "token:" + api_tokens.hash_secret(credentials.credentials)[:32])
    retry = await ctx.limiter.blocked(f"fail:{ip}")
    if retry:
        raise HTTPException(429, N_("Too many failed attempts. Please wait."), headers={"Retry-After": str(retry)})
    user_id = await ctx.run(api_tokens.authenticate, secret=credentials.credentials, now=ctx.now())
    if user_id is None:
        await ctx.limiter.hit(f"fail:{ip}")
        raise HTTPException(401, N_("This API token is not valid."), headers=CHALLENGE)
    return user_id


UserId = Annotated[int, Depends(current_user)]
Ctx = Annotated[ApiContext, Depends(context)]
