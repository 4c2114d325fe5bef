"""Uvicorn, the production ASGI server, on a socket the command already bound.

Binding first lets ``factcheck serve`` refuse a taken port in one line and print
the real port for ``--port 0``. One worker: the sign-in throttle lives in the
process, and the database is the shared state. Sync handlers run in Starlette's
thread pool, so a slow query does not stall other sessions.
"""

from __future__ import annotations

import socket
from typing import Any

__all__ = ["run"]


def run(app: Any, sock: socket.socket, *, log_level: str = "warning") -> None:
    import uvicorn

    config = uvicorn.Config(app, log_level=log_level, server_header=False, proxy_headers=False,
                            timeout_keep_alive=15, access_log=False)
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
