"""What makes the app safe to expose: tokens, per-client rate limits, bounded bodies, security headers, and
no traceback ever sent to a client.

`Guard` is plain ASGI middleware (no BaseHTTPMiddleware: it buffers nothing and does not break streaming).
Rate limits live in each worker process's memory: with N workers a client gets up to N times the rate
(docs/web.md); a reverse proxy is the place for a global limit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

import anyio
from starlette.exceptions import HTTPException
from starlette.requests import Request

from rashomon.web.settings import Settings

__all__ = [
    "CSP",
    "Guard",
    "HEADERS",
    "OPEN_PATHS",
    "RateLimiter",
    "SESSION_COOKIE",
    "client_key",
    "read_body",
    "route_path",
    "session_value",
    "token_problem",
]

log = logging.getLogger("rashomon.web")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Only the app's own stylesheets and script; inline style attributes of the report partials are allowed by
# the hash of each value, per response (`rashomon.web.pages.style_hashes`), never with 'unsafe-inline'.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'{styles}; img-src 'self' data:; form-action 'self';"
    " base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    # same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on its own form posts.
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
SESSION_COOKIE = "rashomon_session"
OPEN_PATHS = ("/static/", "/login", "/api/health", "/api/openapi.json")


def session_value(token: str) -> str:
    """The session cookie's value for a token: an HMAC of it, so the cookie never holds the token itself."""
    return hmac.new(token.encode("utf-8"), b"rashomon web session v1", hashlib.sha256).hexdigest()


def _presented(request: Request, form_token: str | None) -> tuple[str | None, str | None]:
    """The token a request presents (Bearer header or form field) and its session cookie, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    bearer = value.strip() if scheme.lower() == "bearer" and value.strip() else None
    return bearer or form_token or None, request.cookies.get(SESSION_COOKIE)


def token_problem(request: Request, settings: Settings, *, form_token: str | None = None) -> HTTPException | None:
    """The 401 or 403 a request without the right token gets, or None when it presents the token."""
    if settings.token is None:
        return HTTPException(403, "writing is disabled: the server has no token (set RASHOMON_TOKEN or --token-file)")
    token, cookie = _presented(request, form_token)
    if token is not None:
        if hmac.compare_digest(token.encode("utf-8"), settings.token.encode("utf-8")):
            return None
        return HTTPException(403, "the token is not valid")
    if cookie is not None:
        if hmac.compare_digest(cookie.encode("ascii", "replace"), session_value(settings.token).encode("ascii")):
            return None
        return HTTPException(403, "the session is not valid; sign in again")
    return HTTPException(
        401, "a token is needed: send Authorization: Bearer TOKEN, or sign in", {"WWW-Authenticate": "Bearer"}
    )


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """A token bucket per client: `rate` a second on average, `burst` at once; the oldest clients are forgotten."""

    def __init__(self, rate: float, burst: int, *, clock: Callable[[], float] = time.monotonic, keep: int = 10_000):
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.keep = keep
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, client: str) -> float:
        """Spend one request of `client`'s allowance; return 0, or the seconds to wait when there is none."""
        if self.rate <= 0:
            return 0.0
        now = self.clock()
        bucket = self._buckets.pop(client, None) or _Bucket(tokens=float(self.burst), at=now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        self._buckets[client] = bucket
        while len(self._buckets) > self.keep:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate


def client_key(scope: Scope) -> str:
    """The client a request counts against: its address (uvicorn puts the proxy's X-Forwarded-For here when
    started with --proxy-headers and the proxy is trusted)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


async def read_body(request: Request, settings: Settings) -> bytes:
    """Read a request body of at most `max_body_bytes`, arriving within `body_timeout` seconds (413, 408)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_body_bytes:
        raise HTTPException(413, f"the body is {int(declared):,} bytes; at most {settings.max_body_bytes:,}")
    chunks, size = [], 0
    try:
        with anyio.fail_after(settings.body_timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > settings.max_body_bytes:
                    raise HTTPException(413, f"the body is over {settings.max_body_bytes:,} bytes")
                chunks.append(chunk)
    except TimeoutError:
        raise HTTPException(408, f"the body did not arrive within {settings.body_timeout:g}s") from None
    return b"".join(chunks)


class Guard:
    """ASGI middleware: rate limits, read protection, security headers, and a generic 500 for any bug."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.reads = RateLimiter(settings.rate, settings.burst)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = route_path(scope)
        wait = self.reads.take(client_key(scope))
        if wait:
            await _plain(send, path, 429, f"too many requests; retry in {wait:.0f}s", [(b"retry-after", _secs(wait))])
            return
        if self.settings.read_token and not path.startswith(OPEN_PATHS):
            problem = token_problem(Request(scope), self.settings)
            if problem is not None and problem.status_code == 401 and not _is_api(path):
                await _sign_in_first(send, scope)
                return
            if problem is not None:
                await _plain(send, path, problem.status_code, problem.detail, _encode(problem.headers))
                return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in HEADERS if k not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.format(styles="").encode("ascii")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            incident = secrets.token_hex(4)
            log.exception("unhandled error %s on %s %s", incident, scope.get("method"), path)
            if started:
                raise  # the response is half sent; the server closes the connection
            await _plain(send_with_headers, path, 500, f"internal error {incident}; it is logged on the server")


def route_path(scope: Scope) -> str:
    """The request's path below the app's root path (uvicorn may or may not include --root-path in it)."""
    path, root = str(scope.get("path", "")), str(scope.get("root_path", ""))
    return path[len(root) :] if root and path.startswith(root + "/") else path


def _is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


async def _sign_in_first(send: Send, scope: Scope) -> None:
    """Send a browser that has no session to the sign-in page, coming back here afterwards."""
    from urllib.parse import quote

    root = scope.get("root_path", "")
    target = f"{root}/login?next={quote(route_path(scope), safe='/')}"
    head = [(b"location", target.encode("latin-1")), (b"content-length", b"0"), *HEADERS]
    await send({"type": "http.response.start", "status": 303, "headers": head})
    await send({"type": "http.response.body", "body": b""})


def _secs(wait: float) -> bytes:
    return str(max(1, round(wait + 0.5))).encode("ascii")


def _encode(headers: Any) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]


async def _plain(send: Send, path: str, status: int, message: str, headers: Sequence[tuple[bytes, bytes]] = ()) -> None:
    """Answer from the middleware: JSON under /api, a short page elsewhere (the message escaped)."""
    if _is_api(path):
        body = json.dumps({"error": message, "status": status}).encode("utf-8")
        kind = b"application/json"
    else:
        from markupsafe import escape

        text = (
            f"<!DOCTYPE html><html lang=en><meta charset=utf-8><title>{status}</title>"
            f"<h1>{status}</h1><p>{escape(message)}</p>"
        )
        body = text.encode("utf-8")
        kind = b"text/html; charset=utf-8"
    head = [(b"content-type", kind), (b"content-length", str(len(body)).encode("ascii")), *headers]
    head += [(k, v) for k, v in HEADERS] + [(b"content-security-policy", CSP.format(styles="").encode("ascii"))]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})
