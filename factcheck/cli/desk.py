"""Commands: serve (the review desk in a browser), user (desk accounts), search."""

from __future__ import annotations

import sys
from typing import Any

import click

from factcheck.cli.base import AppContext, cli, emit_json, format_option, pass_app

_LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _engine(app: AppContext) -> Any:
    return app.reader().engine


def _password_from_stdin() -> str:
    from factcheck.errors import InvalidInput

    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise InvalidInput("--password-stdin read nothing; pipe the password in, e.g. echo \"$PW\" | factcheck user add ...")
    return line


# ---------------------------------------------------------------------- serve


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback is reachable from the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8700, show_default=True,
              help="Port to listen on (0: any free port, printed at start).")
@pass_app
def serve(app: AppContext, host: str, port: int) -> None:
    """Serve the review desk in a browser, from the same database as the CLI.

    Uvicorn (a production ASGI server) serves the desk until Ctrl-C. Sign in with an
    account made by factcheck user add. Sessions are signed with
    FACTCHECK_SECRET_KEY; without it a key is drawn at start and a restart signs
    everyone out.

    Example:

    \b
        factcheck user add ana --role editor
        factcheck serve --port 8700
    """
    import socket

    from factcheck.errors import InvalidInput

    from factcheck.store.engine import ensure_schema, make_engine
    from factcheck.desk.app import DB_CONNECTIONS

    # One connection per worker thread and one more for each the ORM may hold.
    engine = make_engine(app.db_url, pool_size=DB_CONNECTIONS, max_overflow=DB_CONNECTIONS, pool_timeout=60)
    ensure_schema(engine)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise InvalidInput(f"cannot listen on {host}:{port} ({error.strerror}); choose another --port or --host.") from None
    sock.listen(128)
    sock.set_inheritable(True)
    bound = sock.getsockname()[1]

    from factcheck.desk.app import create_app
    from factcheck.desk.server import run
    from factcheck.store.users import count_users

    desk = create_app(engine)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"factcheck desk at http://{shown}:{bound}/ (Ctrl-C to stop)")
    if host not in _LOOPBACK:
        click.echo(f"Warning: listening on {host}, not loopback: anyone who can reach this machine can reach the "
                   "sign-in page. Put the desk behind HTTPS.", err=True)
    if not count_users(engine):
        click.echo("Warning: no desk accounts yet; add one with factcheck user add NAME --role admin.", err=True)
    sys.stdout.flush()
    run(desk, sock)


# ---------------------------------------------------------------------- users


@cli.group()
def user() -> None:
    """Desk accounts: reporters add claims, sources and revisions; editors also set
    verdicts, dismiss findings and approve, publish and withdraw notices; admins too.

    Example:

    \b
        factcheck user add ana --role editor
        factcheck user list
    """


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["reporter", "editor", "admin"]), required=True, help="What the account may do.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@pass_app
def user_add(app: AppContext, name: str, role: str, password_stdin: bool) -> None:
    """Add a desk account; without --password-stdin a password is generated and printed once.

    Example:

    \b
        factcheck user add ana --role editor
        printf '%s\\n' "$PASSWORD" | factcheck user add sam --role reporter --password-stdin
    """
    from factcheck.store.users import add_user, check_name, generate_password

    check_name(name)
    password = _password_from_stdin() if password_stdin else generate_password()
    account = add_user(_engine(app), name, role, password)
    click.echo(f"added {account.name} ({account.role})")
    if not password_stdin:
        click.echo(f"password: {password}  (shown once; change it with factcheck user passwd {account.name})")


@user.command("list")
@format_option("text", "json")
@pass_app
def user_list(app: AppContext, fmt: str) -> None:
    """List the desk accounts and their roles.

    Example:

    \b
        factcheck user list --format json
    """
    from factcheck.store.users import list_users

    accounts = list_users(_engine(app))
    if fmt == "json":
        emit_json({"users": [a.to_json() for a in accounts]})
    elif not accounts:
        click.echo("no desk accounts; add one with factcheck user add NAME --role admin")
    else:
        for account in accounts:
            click.echo(f"{account.name}\t{account.role}")


@user.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of standard input.")
@pass_app
def user_passwd(app: AppContext, name: str, password_stdin: bool) -> None:
    """Give an account a new password; its browsers are signed out.

    Example:

    \b
        factcheck user passwd ana
    """
    from factcheck.store.users import generate_password, get_user, set_password

    engine = _engine(app)
    get_user(engine, name)  # "no user" before reading a password for it
    password = _password_from_stdin() if password_stdin else generate_password()
    set_password(engine, name, password)
    click.echo(f"new password for {name}; signed in browsers are signed out")
    if not password_stdin:
        click.echo(f"password: {password}  (shown once)")


@user.command("remove")
@click.argument("name")
@pass_app
def user_remove(app: AppContext, name: str) -> None:
    """Remove an account; its browsers are signed out. What it signed stays signed.

    Example:

    \b
        factcheck user remove sam
    """
    from factcheck.store.users import remove_user

    remove_user(_engine(app), name)
    click.echo(f"removed {name}")


# ---------------------------------------------------------------------- search


@cli.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(1, 200), default=20, show_default=True, help="Results to show at most.")
@format_option("text", "json")
@pass_app
def search(app: AppContext, words: tuple[str, ...], limit: int, fmt: str) -> None:
    """Search articles (their newest revision), claims and notices, best match first.

    Each result shows the sentence that matched. Words are stemmed ("corrected"
    finds "correction"); "quoted words" must appear together.

    Example:

    \b
        factcheck search Khadr age
        factcheck search '"Gitmo trial"' --format json
    """
    from factcheck.store.search import search as run_search

    payload = run_search(_engine(app), " ".join(words), limit=limit)
    if fmt == "json":
        emit_json(payload)
        return
    if not payload["results"]:
        click.echo(f"nothing matches {payload['query']!r}")
    for item in payload["results"]:
        what = item["article"]["slug"] if item["kind"] == "article" else f"{item['kind']} #{item['id']} ({item['article']['slug']})"
        sentence = item["sentence"]
        where = f" paragraph {sentence['paragraph']}, sentence {sentence['sentence']}" if sentence and item["kind"] == "article" else ""
        click.echo(f"{what}{where}: {sentence['text'] if sentence else item['title'] or ''}")
