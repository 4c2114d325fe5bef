"""The desk's guards: request size, security headers, CSRF tokens, sign-in throttle.

Each is small and separate so that a test can point at it: a huge body is refused
with 413 before it is read, every response carries a Content-Security-Policy that
allows only the desk's own scripts and styles, every form carries the session's
token, and a name that keeps getting the password wrong is made to wait.
"""

from __future__ import annotations

import secrets
import threading
import time
from typing import Any, Callable

__all__ = ["BodyLimit", "SecurityHeaders", "LoginThrottle", "csrf_token", "csrf_valid", "CSP", "MAX_BODY"]

#: The largest request body the desk reads: a pasted 8,000-word article is ~60 kB,
#: the ingest limit for a revision is far below this.
MAX_BODY = 2 * 1024 * 1024

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]

_TOO_LARGE = (
    b"<!DOCTYPE html><title>Too large</title><p>The request is larger than the desk accepts "
    b"(2 MB). Paste a shorter text, or add the revision with factcheck add-revision."
)


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413: by Content-Length
    before reading, and while reading for a body sent in chunks."""

    def __init__(self, app: Any, limit: int = MAX_BODY) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _refuse(send)
            return
        seen = 0
        started = False

        async def counting_receive() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge()
            return message

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _refuse(send)


class _TooLarge(Exception):
    pass


async def _refuse(send: Callable[..., Any]) -> None:
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"connection", b"close"), *_HEADERS]})
    await send({"type": "http.response.body", "body": _TOO_LARGE})


class SecurityHeaders:
    """Add the CSP and friends to every response; pages are not cached."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() not in dict(_HEADERS)]
                headers.extend(_HEADERS)
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def csrf_token(session: dict[str, Any]) -> str:
    """The session's CSRF token, drawn on first use."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def csrf_valid(session: dict[str, Any], submitted: Any) -> bool:
    expected = session.get("csrf")
    return bool(expected) and isinstance(submitted, str) and secrets.compare_digest(expected, submitted)


class LoginThrottle:
    """Five wrong passwords for a name (or from one address) in a row, then a wait
    that doubles with each further failure: 30 s, 60 s ... up to 15 minutes. A
    success clears the name. Kept in the server process (one Uvicorn worker)."""

    FREE = 5
    FIRST_WAIT = 30.0
    LONGEST_WAIT = 900.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def wait(self, *keys: str) -> float:
        """Seconds until these keys may try again (0: now)."""
        now = self.clock()
        with self._lock:
            waits = [until - now for count, until in (self._failures.get(k, (0, 0.0)) for k in keys)]
        return max([0.0, *waits])

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                count, _ = self._failures.get(key, (0, 0.0))
                count += 1
                wait = 0.0 if count < self.FREE else min(self.FIRST_WAIT * 2 ** (count - self.FREE), self.LONGEST_WAIT)
                self._failures[key] = (count, now + wait)
            if len(self._failures) > 100_000:  # a flood of made-up names: forget the oldest half
                for key in list(self._failures)[:50_000]:
                    del self._failures[key]

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
