"""The desk's pages and form actions.

Handlers are thin: check who is asking (:func:`page`), call a payload builder or
one ledger operation signed by the signed-in user, render a template or redirect.
Form actions that the ledger refuses (a stale ``expect_version``, a missing note)
render the page the form came from again, with the message and the text that was
typed, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from factcheck.desk import actions, payloads
from factcheck.desk.security import LoginThrottle, csrf_token, csrf_valid
from factcheck.errors import Conflict, FactcheckError, NotFound

__all__ = ["Desk"]

_MAX_FIELDS = 40
FAILED_SIGN_IN_PAUSE = 1.0  # seconds every wrong password costs the guesser
_MAX_ID = 2**31 - 1  # what both databases store: a larger id is "not found", not an overflow
_NOTICE_ACTIONS = ("approve", "publish", "withdraw", "edit")


@dataclass
class Ctx:
    """One request as a handler sees it."""

    desk: "Desk"
    request: Request
    form: dict[str, str]
    user: Any = None
    ledger: Any = None
    params: dict[str, Any] = field(default_factory=dict)

    def field(self, name: str) -> str:
        return self.form.get(name, "").strip()

    def required(self, name: str, message: str) -> str:
        """The field's value; without one, the form is refused with ``message``."""
        from factcheck.errors import InvalidInput

        value = self.field(name)
        if not value:
            raise InvalidInput(message)
        return value

    def optional_int(self, name: str) -> int | None:
        value = self.field(name)
        return int(value) if value.isdigit() else None


class Desk:
    def __init__(self, engine: Any, templates: Any) -> None:
        self.engine = engine
        self.templates = templates
        self.throttle = LoginThrottle()

    # ------------------------------------------------------------------ rendering

    def render(self, ctx: Ctx, template: str, data: dict[str, Any], status: int = 200) -> HTMLResponse:
        session = ctx.request.session
        html = self.templates.get_template(template).render(
            **data, user=ctx.user, csrf_token=csrf_token(session), flash=session.pop("flash", None),
            path=ctx.request.url.path, url_query=ctx.request.url.query,
        )
        return HTMLResponse(html, status_code=status)

    def error_page(self, ctx: Ctx, status: int, title: str, message: str) -> HTMLResponse:
        return self.render(ctx, "error.html.j2", {"status": status, "title": title, "message": message}, status)


def _local(target: str) -> str:
    """Only paths on this desk are followed after sign-in (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def page(role: str | None = "reporter") -> Callable[..., Any]:
    """Wrap a handler ``fn(ctx) -> Response`` (run in the thread pool, where the
    database calls block): sign-in, role, CSRF on POST, error pages."""

    def decorate(fn: Callable[[Ctx], Response]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            desk: Desk = request.app.state.desk
            form: dict[str, str] = {}
            if request.method == "POST":
                async with request.form(max_files=0, max_fields=_MAX_FIELDS) as data:
                    form = {k: v for k, v in data.items() if isinstance(v, str)}
                if not csrf_valid(request.session, form.get("csrf_token")):
                    ctx = Ctx(desk, request, form)
                    return desk.error_page(ctx, 403, "Form expired",
                                           "This form has no valid security token (it may be from an old page or "
                                           "another site). Go back, reload the page and submit again.")
            return await run_in_threadpool(_run, desk, fn, request, form, role)

        endpoint.__name__ = fn.__name__
        return endpoint

    return decorate


def _run(desk: Desk, fn: Callable[[Ctx], Response], request: Request, form: dict[str, str], role: str | None) -> Response:
    from factcheck.store.ledger import Ledger
    from factcheck.store.users import can, session_user

    ctx = Ctx(desk, request, form, params=dict(request.path_params))
    session = request.session
    if role is not None:
        name, key = session.get("user"), session.get("key")
        ctx.user = session_user(desk.engine, name, key) if name and key else None
        if ctx.user is None:
            # Never signed in, or the account was removed or its password changed.
            session.pop("user", None)
            session.pop("key", None)
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        if not can(ctx.user.role, role):
            return desk.error_page(ctx, 403, "Not allowed",
                                   f"Only {role}s and above can do this; you are signed in as a {ctx.user.role}. "
                                   "Ask an editor.")
    if any(isinstance(v, int) and v > _MAX_ID for v in ctx.params.values()):
        return desk.error_page(ctx, 404, "Not found", "There is no record with that number.")
    ctx.ledger = Ledger(desk.engine)
    try:
        return fn(ctx)
    except NotFound as error:
        ctx.ledger.session.rollback()
        return desk.error_page(ctx, 404, "Not found", str(error))
    except FactcheckError as error:
        ctx.ledger.session.rollback()
        if request.method != "POST":
            return desk.error_page(ctx, 400, "Cannot show this", str(error))
        return _back(ctx, str(error), 409 if isinstance(error, Conflict) else 400)
    finally:
        ctx.ledger.session.close()


_BACK = [
    (re.compile(r"^/articles/([^/]+)$"), lambda ctx, m: ("article.html.j2",
                                                         payloads.article_page(ctx.desk.engine, ctx.ledger, m[1]))),
    (re.compile(r"^/claims/(\d+)$"), lambda ctx, m: ("claim.html.j2", payloads.claim_page(ctx.desk.engine, int(m[1])))),
    (re.compile(r"^/notices/(\d+)$"), lambda ctx, m: ("notice.html.j2", payloads.notice_page(ctx.ledger, int(m[1])))),
]


def _back(ctx: Ctx, message: str, status: int) -> Response:
    """The page a refused form came from, with the refusal and the typed text."""
    back = _local(ctx.form.get("back", "/"))
    for pattern, builder in _BACK:
        match = pattern.match(back)
        if match:
            template, data = builder(ctx, match)
            return ctx.desk.render(ctx, template, {**data, "error": message, "form": ctx.form}, status)
    return ctx.desk.render(ctx, "desk.html.j2", {**payloads.desk_page(ctx.desk.engine, None), "error": message,
                                                "form": ctx.form}, status)


def _done(ctx: Ctx, message: str, target: str | None = None) -> Response:
    ctx.request.session["flash"] = message
    return RedirectResponse(_local(target or ctx.form.get("back", "/")), status_code=303)


# ---------------------------------------------------------------------- sign-in


async def login_form(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    ctx = Ctx(desk, request, {})
    return desk.render(ctx, "login.html.j2", {"next": _local(request.query_params.get("next", "/"))})


async def login(request: Request) -> Response:
    from factcheck.store.users import authenticate

    desk: Desk = request.app.state.desk
    async with request.form(max_files=0, max_fields=_MAX_FIELDS) as data:
        form = {k: v for k, v in data.items() if isinstance(v, str)}
    ctx = Ctx(desk, request, form)
    if not csrf_valid(request.session, form.get("csrf_token")):
        return desk.error_page(ctx, 403, "Form expired", "The sign-in form expired. Reload the page and sign in again.")
    name, password = form.get("username", "").strip(), form.get("password", "")
    target = _local(form.get("next", "/"))
    address = f"ip:{request.client.host if request.client else '-'}"
    keys = (f"user:{name.lower()}", address)
    wait = desk.throttle.wait(*keys)
    if wait > 0:
        return desk.render(ctx, "login.html.j2", {"next": target, "username": name, "error": (
            f"Too many wrong passwords. Wait {int(wait) + 1} seconds and try again, or ask an admin to reset "
            "the password (factcheck user passwd).")}, 429)
    account = await run_in_threadpool(authenticate, desk.engine, name, password) if name and password else None
    if account is None:
        desk.throttle.failed(*keys)
        await asyncio.sleep(FAILED_SIGN_IN_PAUSE)
        return desk.render(ctx, "login.html.j2", {"next": target, "username": name,
                                                  "error": "Wrong user name or password."}, 401)
    for key in keys:
        desk.throttle.succeeded(key)
    request.session.clear()  # a new session: no token carried over from before sign-in
    request.session.update(user=account.name, key=account.session_key)
    csrf_token(request.session)
    return RedirectResponse(target, status_code=303)


async def logout(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    async with request.form(max_files=0, max_fields=_MAX_FIELDS) as data:
        token = data.get("csrf_token")
    if not csrf_valid(request.session, token):
        return desk.error_page(Ctx(desk, request, {}), 403, "Form expired", "Reload the page and sign out again.")
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


# ---------------------------------------------------------------------- pages


@page()
def home(ctx: Ctx) -> Response:
    article = ctx.request.query_params.get("article") or None
    return ctx.desk.render(ctx, "desk.html.j2", payloads.desk_page(ctx.desk.engine, article))


@page()
def article(ctx: Ctx) -> Response:
    return ctx.desk.render(ctx, "article.html.j2", payloads.article_page(ctx.desk.engine, ctx.ledger, ctx.params["slug"]))


@page()
def diff(ctx: Ctx) -> Response:
    p = ctx.params
    data = payloads.diff_page(ctx.desk.engine, p["slug"], p["old"], p["new"])
    data["view"] = "inline" if ctx.request.query_params.get("view") == "inline" else "side"
    return ctx.desk.render(ctx, "diff.html.j2", data)


@page()
def claim(ctx: Ctx) -> Response:
    return ctx.desk.render(ctx, "claim.html.j2", payloads.claim_page(ctx.desk.engine, ctx.params["claim_id"]))


@page()
def notice(ctx: Ctx) -> Response:
    return ctx.desk.render(ctx, "notice.html.j2", payloads.notice_page(ctx.ledger, ctx.params["notice_id"]))


@page()
def search(ctx: Ctx) -> Response:
    query = ctx.request.query_params.get("q", "").strip()
    data: dict[str, Any] = {"query": query, "results": None}
    if query:
        try:
            data = payloads.search_page(ctx.desk.engine, query)
        except FactcheckError as error:
            data["error"] = str(error)
    return ctx.desk.render(ctx, "search.html.j2", data, 400 if data.get("error") else 200)


async def not_found(request: Request, _exc: Exception) -> Response:
    desk: Desk = request.app.state.desk
    return desk.error_page(Ctx(desk, request, {}), 404, "Not found",
                           f"There is no page {request.url.path} on the desk. Start again from the desk.")


# ---------------------------------------------------------------------- actions


@page("reporter")
def new_revision(ctx: Ctx) -> Response:
    slug = ctx.params.get("slug") or ctx.field("slug")
    result = actions.add_revision(ctx.ledger, slug, ctx.form.get("text", ""), by=ctx.user.name, label=ctx.field("label"))
    if not result.created:
        return _done(ctx, f"Identical to {result.duplicate_of}; nothing stored.", f"/articles/{slug}")
    changed = "".join(f" Claim #{c.claim.id}: {c.version.note}" for c in result.claim_changes)
    return _done(ctx, f"Stored {result.revision.label}.{changed}", f"/articles/{slug}")


@page("reporter")
def check(ctx: Ctx) -> Response:
    stored = actions.run_checks(ctx.ledger, ctx.params["slug"])
    open_ = sum(1 for _, _, state in stored if state == "open")
    return _done(ctx, f"Checks ran: {open_} open finding{'s' if open_ != 1 else ''}.", f"/articles/{ctx.params['slug']}")


@page("reporter")
def new_claim(ctx: Ctx) -> Response:
    from factcheck.app import claims
    from factcheck.store.claims import SourceSpec

    sources = []
    if ctx.field("source"):
        sources.append(SourceSpec(ref=ctx.field("source"), stance=ctx.field("stance") or "supports",
                                  title=ctx.field("source_title") or None))
    change = claims.add_claim(ctx.ledger, ctx.params["slug"], ctx.form.get("text", ""), sources=sources,
                              note=ctx.field("note") or None, by=ctx.user.name)
    warning = f" {change.warning}" if change.warning else ""
    return _done(ctx, f"Claim #{change.claim.id} added.{warning}", f"/articles/{ctx.params['slug']}")


@page("editor")
def claim_status(ctx: Ctx) -> Response:
    from factcheck.app import claims

    change = claims.change_status(
        ctx.ledger, ctx.params["claim_id"], ctx.field("status"), verdict=ctx.field("verdict") or None,
        note=ctx.field("note"), by=ctx.user.name, expect_version=ctx.optional_int("expect_version"),
    )
    v = change.version
    return _done(ctx, f"Claim #{change.claim.id} is {v.status}{' (' + v.verdict + ')' if v.verdict else ''}, "
                      f"version {v.version}.")


@page("reporter")
def claim_edit(ctx: Ctx) -> Response:
    from factcheck.app import claims

    change = claims.edit_claim(ctx.ledger, ctx.params["claim_id"], ctx.form.get("text", ""),
                               note=ctx.field("note") or None, by=ctx.user.name,
                               expect_version=ctx.optional_int("expect_version"))
    warning = f" {change.warning}" if change.warning else ""
    return _done(ctx, f"Claim #{change.claim.id} reworded (version {change.version.version}).{warning}")


@page("reporter")
def claim_source(ctx: Ctx) -> Response:
    from datetime import date

    from factcheck.app import claims
    from factcheck.errors import InvalidInput
    from factcheck.store.claims import SourceSpec

    ref = ctx.required("ref", "give the source: a URL, or a citation of the document or interview.")
    accessed = None
    if ctx.field("accessed"):
        try:
            accessed = date.fromisoformat(ctx.field("accessed"))
        except ValueError:
            raise InvalidInput(f"{ctx.field('accessed')!r} is not a date; write it as YYYY-MM-DD.") from None
    spec = SourceSpec(ref=ref, kind=ctx.field("kind") or None, title=ctx.field("title") or None,
                      stance=ctx.field("stance") or "supports", excerpt=ctx.field("excerpt") or None, accessed=accessed)
    change = claims.add_source(ctx.ledger, ctx.params["claim_id"], spec, note=ctx.field("note") or None,
                               by=ctx.user.name, expect_version=ctx.optional_int("expect_version"))
    return _done(ctx, f"Source added to claim #{change.claim.id} (version {change.version.version}).")


@page("editor")
def dismiss(ctx: Ctx) -> Response:
    note = ctx.required("note", "say why the finding needs no correction: the note is the record of the decision.")
    ctx.ledger.dismiss_finding(ctx.params["finding_id"], note=note, by=ctx.user.name)
    return _done(ctx, f"Finding #{ctx.params['finding_id']} dismissed.")


@page("editor")
def draft(ctx: Ctx) -> Response:
    stored = actions.draft_notices(ctx.ledger, ctx.params["slug"], ctx.field("old"), ctx.field("new"), by=ctx.user.name)
    made = sum(1 for s in stored if s.outcome in ("new", "redrafted"))
    return _done(ctx, f"Drafted {len(stored)} notice{'s' if len(stored) != 1 else ''} ({made} new or redrafted).",
                 f"/articles/{ctx.params['slug']}")


@page("editor")
def notice_action(ctx: Ctx) -> Response:
    from factcheck.app import notice_workflow

    action = ctx.params["action"]
    if action not in _NOTICE_ACTIONS:
        raise NotFound(f"no notice action {action!r}; use one of {', '.join(_NOTICE_ACTIONS)}.")
    notice_id = ctx.params["notice_id"]
    common = dict(by=ctx.user.name, expect_version=ctx.optional_int("expect_version"), note=ctx.field("note") or None)
    if action == "edit":
        version = notice_workflow.edit_notice(ctx.ledger, notice_id, ctx.form.get("text", ""), **common)
    else:
        version = getattr(notice_workflow, f"{action}_notice")(ctx.ledger, notice_id, **common)
    past = {"approve": "approved", "publish": "published", "withdraw": "withdrawn", "edit": "edited"}[action]
    return _done(ctx, f"Notice #{notice_id} {past} (version {version.version}, {version.state}).",
                 ctx.form.get("back") or f"/notices/{notice_id}")
