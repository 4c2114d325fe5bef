"""One deadline for a whole HTTP exchange: connecting, the headers and the body.

A socket timeout alone bounds each wait for data, not the exchange: a server that
sends one byte a second never lets a 10 s timeout fire, and held a watch round for
minutes (past the watch's lease, so a second round claimed the same page). Here
every socket operation of a request is given the smaller of the per-read timeout
and what is left of the deadline on a monotonic clock, so the exchange ends at the
deadline whatever the server does; the deadline travels on the request through
redirects.

urllib's handlers are kept; only the connection classes they open change.
"""

from __future__ import annotations

import http.client
import io
import time
import urllib.request
from typing import Any

__all__ = ["Deadline", "DeadlinePassed", "deadline_handlers", "carry_deadline"]


class DeadlinePassed(TimeoutError):
    "The whole exchange took longer than its deadline."


class Deadline:
    """A point on the monotonic clock, ``seconds`` from now."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def timeout(self, per_operation: float | None) -> float:
        """The timeout for the next socket operation; raises once the deadline has passed."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise DeadlinePassed(f"over the {self.seconds:g} s deadline")
        return left if per_operation is None else min(per_operation, left)


class _DeadlineReader(io.RawIOBase):
    """The response stream: each read waits at most until the deadline."""

    def __init__(self, raw: Any, sock: Any, deadline: Deadline, per_read: float | None) -> None:
        self.raw, self.sock, self.deadline, self.per_read = raw, sock, deadline, per_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        self.sock.settimeout(self.deadline.timeout(self.per_read))
        try:
            return self.raw.readinto(buffer)
        except TimeoutError:
            if self.deadline.passed():
                raise DeadlinePassed(f"over the {self.deadline.seconds:g} s deadline") from None
            raise

    def close(self) -> None:
        if not self.closed:
            self.raw.close()
        super().close()


class _DeadlineSocket:
    """A connected socket whose sends and reads stop at the deadline; anything else
    is the socket's own."""

    def __init__(self, sock: Any, deadline: Deadline, per_read: float | None) -> None:
        self._sock, self._deadline, self._per_read = sock, deadline, per_read

    def sendall(self, data: Any, *args: Any) -> None:
        self._sock.settimeout(self._deadline.timeout(self._per_read))
        self._sock.sendall(data, *args)

    def makefile(self, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if mode != "rb":
            return self._sock.makefile(mode, *args, **kwargs)
        # buffering=0: the socket's own raw stream (it keeps the socket open while
        # the response reads, as http.client expects), bounded by the deadline.
        raw = self._sock.makefile("rb", buffering=0)
        return io.BufferedReader(_DeadlineReader(raw, self._sock, self._deadline, self._per_read))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class _DeadlineConnection:
    """Mixed into http.client's connections: connect within the deadline, then wrap
    the socket (after TLS, for https)."""

    _deadline: Deadline

    def connect(self) -> None:
        per_read = self.timeout  # type: ignore[has-type]
        self.timeout = self._deadline.timeout(per_read)
        super().connect()  # type: ignore[misc]
        self.sock = _DeadlineSocket(self.sock, self._deadline, per_read)  # type: ignore[has-type]
        self.timeout = per_read


class _HTTP(_DeadlineConnection, http.client.HTTPConnection):
    def __init__(self, *args: Any, deadline: Deadline, **kwargs: Any) -> None:
        self._deadline = deadline
        super().__init__(*args, **kwargs)


class _HTTPS(_DeadlineConnection, http.client.HTTPSConnection):
    def __init__(self, *args: Any, deadline: Deadline, **kwargs: Any) -> None:
        self._deadline = deadline
        super().__init__(*args, **kwargs)


def _connection(cls: type, req: Any) -> Any:
    deadline = getattr(req, "deadline", None) or Deadline(60.0)

    def make(*args: Any, **kwargs: Any) -> Any:
        return cls(*args, deadline=deadline, **kwargs)

    return make


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: Any) -> Any:
        return self.do_open(_connection(_HTTP, req), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: Any) -> Any:
        return self.do_open(_connection(_HTTPS, req), req, context=self._context)


def deadline_handlers() -> list[urllib.request.BaseHandler]:
    """Handlers for ``build_opener`` that honour ``request.deadline``."""
    return [_HTTPHandler(), _HTTPSHandler()]


def carry_deadline(old: Any, new: Any) -> Any:
    """A redirect's request keeps the deadline of the first one."""
    if new is not None and hasattr(old, "deadline"):
        new.deadline = old.deadline
    return new
