"""A real local web site for tests: 127.0.0.1, a free port, pages that change.

``Site`` serves routes set by the test. A route is a list of responses served in
turn (the last one repeats), so a page can gain a paragraph between two watch
rounds. A response with an ``etag`` answers ``304 Not Modified`` to a request that
sends it back, as real servers do, so conditional requests are exercised for real.
No test reaches the internet.
"""

from __future__ import annotations

import sys
import threading
import traceback
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bytes(*parts: str) -> bytes:
    return FIXTURES.joinpath(*parts).read_bytes()


@dataclass
class Response:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    delay: float = 0.0


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    status: int


class FixtureServer(ThreadingHTTPServer):
    """A test's HTTP server on loopback, whose handler errors are kept in ``errors``,
    never printed.

    socketserver prints a handler's traceback on stderr. A handler thread left over
    from an earlier test (its client gave up, its server since closed) prints it
    while the next test's CLI runner holds stderr, which then reads as the command's
    own traceback. A client hanging up is no error at all here.
    """

    daemon_threads = True  # a handler still sleeping (a slow route) must not block shutdown

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self.errors: list[str] = []

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            self.errors.append(traceback.format_exc())


class Site:
    """The server and its routes; ``hits`` records every request in order."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Response]] = {}
        self.served: dict[str, int] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep pytest output clean
                pass

            def do_GET(self) -> None:
                site._serve(self)

        self.server = FixtureServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, *responses: Response) -> str:
        """Serve ``responses`` at ``path`` in turn (the last repeats); returns the URL."""
        with self._lock:
            self.routes[path] = list(responses)
            self.served[path] = 0
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 301) -> str:
        return self.route(path, Response(status=status, headers={"Location": to}, content_type=None))

    def requests_to(self, path: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.path == path]

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            queue = self.routes.get(handler.path)
            if queue is None:
                response = Response(b"<h1>Not Found</h1>", status=404)
            else:
                index = min(self.served[handler.path], len(queue) - 1)
                self.served[handler.path] += 1
                response = queue[index]
        status = response.status
        if response.etag and handler.headers.get("If-None-Match") == response.etag:
            status = 304
        self.hits.append(Hit(handler.path, dict(handler.headers.items()), status))
        if response.delay:
            time.sleep(response.delay)
        handler.send_response(status)
        if response.content_type and status != 304:
            handler.send_header("Content-Type", response.content_type)
        if response.etag:
            handler.send_header("ETag", response.etag)
        for key, value in response.headers.items():
            handler.send_header(key, value)
        body = b"" if status == 304 else response.body
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        try:
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    yield served
    served.close()
