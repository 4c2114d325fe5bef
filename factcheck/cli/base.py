"""The ``factcheck`` command group, shared options, and the error boundary.

Every command is thin: parse, call the library, render. User mistakes arrive as
:class:`factcheck.errors.FactcheckError` and leave as one line on stderr with a
non-zero exit; nothing heavy is imported here so that ``--help`` stays fast.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Callable

import click

from factcheck.errors import FactcheckError

__all__ = [
    "RECORD_ID", "AppContext", "by_option", "cli", "emit_json", "expect_version_option", "format_option",
    "parse_date", "pass_app",
]

#: Ids of claims, notices and findings: positive, and within what both databases
#: store (PostgreSQL's integer), so a mistyped id is "no claim N", not an overflow.
RECORD_ID = click.IntRange(min=1, max=2**31 - 1)


class CommandError(click.ClickException):
    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class FactcheckGroup(click.Group):
    """Turns library errors into one-line messages, whichever subcommand raised them."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as error:
            # click prints usage, a hint and the error on four lines; editors get one.
            where = error.ctx.command_path if error.ctx else self.name
            click.echo(f"Error: {error.format_message()} (see {where} --help)", err=True)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.exceptions.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FactcheckError as error:
            raise CommandError(str(error), error.exit_code) from None
        except BrokenPipeError:
            # The reader went away (`factcheck ... | head`): nothing left to say.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
            ctx.exit(0)
        except (UnicodeDecodeError, OSError) as error:
            # Files the commands read are checked first; this is the last guard.
            raise CommandError(f"{error}. Check the path and the file's encoding (UTF-8 expected).") from None
        except Exception as error:
            # The database going away in the middle of a read (writes are already
            # wrapped by the ledger's transaction) is one line too, not a traceback.
            if not _is_database_error(error):
                raise
            reason = (str(getattr(error, "orig", error)).strip().splitlines() or ["unknown error"])[0]
            raise CommandError(
                f"the database failed during the command ({reason}); nothing was changed. Check that it is "
                "reachable and run the command again."
            ) from None


def _is_database_error(error: Exception) -> bool:
    # Looked up, not imported: --help must not pay for SQLAlchemy, and an error
    # from it can only exist once it has been imported.
    exc = sys.modules.get("sqlalchemy.exc")
    return exc is not None and isinstance(error, exc.DBAPIError)


class AppContext:
    """What the commands share: where the database is, opened only when needed."""

    def __init__(self, db_url: str | None) -> None:
        self.db_url = db_url
        self._ledger: Any = None
        self._engines: list[Any] = []

    def ledger(self) -> Any:
        if self._ledger is None:
            from factcheck.store.ledger import Ledger

            self._ledger = Ledger.open(self.db_url)
        return self._ledger

    def reader(self) -> Any:
        """Read-only access on SQLAlchemy Core: listings start without the ORM."""
        if self._ledger is not None:
            return self._ledger._reader()
        from factcheck.store.engine import ensure_schema, make_engine
        from factcheck.store.listings import Reader

        engine = make_engine(self.db_url)
        ensure_schema(engine)
        self._engines.append(engine)
        return Reader(engine)

    def close(self) -> None:
        """Release the database connections when the command ends."""
        for engine in self._engines:
            engine.dispose()
        self._engines.clear()
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None


pass_app = click.make_pass_decorator(AppContext)


@click.group(cls=FactcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    envvar="FACTCHECK_DATABASE_URL",
    show_envvar=True,
    help="Database URL. Default: sqlite:///factcheck.db in the working directory.",
)
@click.version_option(package_name="factcheck")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None) -> None:
    """Track an article's revisions, its claims, what changed and what needs correcting.

    The database is --db URL, else FACTCHECK_DATABASE_URL, else factcheck.db
    (SQLite) in the working directory. It is created and upgraded on first use.

    Example:

    \b
        factcheck add-revision khadr claims/khadr-wikileaks-v1.txt
        factcheck diff v1 v2
    """
    ctx.obj = AppContext(db_url)
    ctx.call_on_close(ctx.obj.close)


def format_option(*choices: str, default: str = "text") -> Callable[[Any], Any]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format; JSON goes to stdout and nothing else does.",
    )


def parse_date(_ctx: Any, param: click.Parameter, value: str | None) -> Any:
    """Callback for date options: YYYY-MM-DD, and a plausible publication date.

    Errors are :class:`InvalidInput` (one line, exit 2), not click's four-line usage
    message.
    """
    if value is None:
        return None
    from datetime import date, datetime

    from factcheck.text.dates import check_publication_date
    from factcheck.errors import InvalidInput

    option = param.opts[0] if param.opts else "the date"
    try:
        day = datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{option} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2010-11-20.") from None
    return check_publication_date(day, option)


def expect_version_option(func: Any) -> Any:
    return click.option(
        "--expect-version",
        type=click.IntRange(min=1),
        metavar="N",
        help="Refuse the change unless the record is still at version N (as last seen).",
    )(func)


def by_option(func: Any) -> Any:
    return click.option(
        "--by", metavar="NAME", help="Who makes the change. Default: $FACTCHECK_USER, else the login name."
    )(func)


def emit_json(payload: Any) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


def use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
