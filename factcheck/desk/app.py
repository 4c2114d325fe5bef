"""The desk's Starlette application: routes, sessions and guards, for one database."""

from __future__ import annotations

import os
import secrets
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from factcheck.desk import routes
from factcheck.desk.security import BodyLimit, SecurityHeaders

__all__ = ["create_app", "SESSION_COOKIE", "SESSION_HOURS", "DESK_THREADS", "DB_CONNECTIONS"]

SESSION_COOKIE = "factcheck_session"
SESSION_HOURS = 12  # one working day on the desk
#: Worker threads for the handlers (each does blocking database work). Two per
#: connection-pool slot at most: a request can hold the ORM's connection and a
#: reader's at once, and a request waiting for a connection is a request failing.
DESK_THREADS = 16
DB_CONNECTIONS = DESK_THREADS


def templates() -> Environment:
    env = Environment(loader=PackageLoader("factcheck.desk", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                      lstrip_blocks=True)
    return env


def create_app(engine: Any, *, secret_key: str | None = None, https_only: bool = False) -> Starlette:
    """The desk on ``engine``. Sessions are signed with ``secret_key``, else
    ``FACTCHECK_SECRET_KEY``, else a key drawn now (a restart signs everyone out)."""
    key = secret_key or os.environ.get("FACTCHECK_SECRET_KEY") or secrets.token_urlsafe(32)
    claim = "{claim_id:int}"
    notice = "{notice_id:int}"
    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = DESK_THREADS
        yield

    app = Starlette(
        lifespan=lifespan,
        routes=[
            Route("/login", routes.login_form, methods=["GET"]),
            Route("/login", routes.login, methods=["POST"]),
            Route("/logout", routes.logout, methods=["POST"]),
            Route("/", routes.home, methods=["GET"]),
            Route("/articles", routes.new_revision, methods=["POST"]),
            Route("/articles/{slug}", routes.article, methods=["GET"]),
            Route("/articles/{slug}/revisions", routes.new_revision, methods=["POST"]),
            Route("/articles/{slug}/check", routes.check, methods=["POST"]),
            Route("/articles/{slug}/claims", routes.new_claim, methods=["POST"]),
            Route("/articles/{slug}/notices", routes.draft, methods=["POST"]),
            Route("/articles/{slug}/diff/{old}/{new}", routes.diff, methods=["GET"]),
            Route(f"/claims/{claim}", routes.claim, methods=["GET"]),
            Route(f"/claims/{claim}/status", routes.claim_status, methods=["POST"]),
            Route(f"/claims/{claim}/edit", routes.claim_edit, methods=["POST"]),
            Route(f"/claims/{claim}/sources", routes.claim_source, methods=["POST"]),
            Route("/findings/{finding_id:int}/dismiss", routes.dismiss, methods=["POST"]),
            Route(f"/notices/{notice}", routes.notice, methods=["GET"]),
            Route(f"/notices/{notice}/{{action}}", routes.notice_action, methods=["POST"]),
            Route("/search", routes.search, methods=["GET"]),
            Mount("/static", StaticFiles(packages=[("factcheck.desk", "static")]), name="static"),
        ],
        middleware=[
            Middleware(BodyLimit),
            Middleware(SecurityHeaders),
            Middleware(SessionMiddleware, secret_key=key, session_cookie=SESSION_COOKIE,
                       max_age=SESSION_HOURS * 3600, same_site="strict", https_only=https_only),
        ],
        exception_handlers={404: routes.not_found},
    )
    app.state.desk = routes.Desk(engine, templates())
    return app
