"""Commands: watch (rounds over the watch list), watch add, watch list, watch remove.

``factcheck watch`` is a group that runs rounds when no subcommand is given, so the
spellings ``factcheck watch --once`` and ``factcheck watch add URL`` both work.
The library (:mod:`factcheck.app.watch`) does the fetching, storing and scheduling;
this module parses, prints, runs the hook, and handles Ctrl-C.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from factcheck.cli.base import AppContext, cli, emit_json, format_option, pass_app

_ROUND_OPTIONS = ("once", "everything", "on_change", "interval")


def _hook_command(_ctx: Any, param: click.Parameter, value: str | None) -> list[str] | None:
    """Split --on-change like a shell would, without running one (shell=False)."""
    import shlex

    if value is None:
        return None
    from factcheck.errors import InvalidInput

    # InvalidInput rather than click.BadParameter: one line on stderr, exit 2.
    try:
        command = shlex.split(value)
    except ValueError as error:
        raise InvalidInput(f"--on-change {value!r} cannot be split into a command ({error}); check the quotes.") from None
    if not command:
        raise InvalidInput("--on-change is empty; pass a program, e.g. --on-change ./notify.sh.")
    return command


@cli.group(invoke_without_command=True)
@click.option("--once", is_flag=True, help="Run one round and exit (for cron).")
@click.option("--all", "everything", is_flag=True, help="Check every watched article now, whatever the schedule.")
@click.option("--on-change", metavar="CMD", callback=_hook_command,
              help="Run CMD for each change with the change summary as JSON on stdin.")
@click.option("--interval", type=click.FloatRange(min=1), default=60, show_default=True, metavar="SECONDS",
              help="Pause between rounds when running until interrupted.")
@click.pass_context
def watch(ctx: click.Context, once: bool, everything: bool, on_change: list[str] | None, interval: float) -> None:
    """Poll the watched articles and feeds; store each changed article as a revision.

    Without a subcommand, runs rounds until Ctrl-C (or one round with --once). Each
    article is fetched when due on the schedule (often while fresh, rarely when
    old, never after 30 days), conditionally on its ETag / Last-Modified. A changed
    body becomes a new revision; the checks run and their findings are stored; one
    line per change is printed. Failures are one line each on stderr and the round
    goes on. Ctrl-C stops after the page being fetched; nothing stored is lost.

    Example:

    \b
        factcheck watch --once
        factcheck watch --all --on-change "./post-to-slack.sh #standards"
    """
    if ctx.invoked_subcommand is not None:
        given = [f"--{name.replace('_', '-')}" for name in _ROUND_OPTIONS
                 if ctx.get_parameter_source(name) != click.core.ParameterSource.DEFAULT]
        if given:
            from factcheck.errors import InvalidInput

            raise InvalidInput(f"{', '.join(given).replace('--everything', '--all')} applies to watch rounds, "
                               f"not to watch {ctx.invoked_subcommand}; drop it.")
        return
    _run(ctx.find_object(AppContext), once=once, everything=everything, hook=on_change, interval=interval)


def _run(app: AppContext, *, once: bool, everything: bool, hook: list[str] | None, interval: float) -> None:
    import signal
    import threading

    from factcheck.app.watch import Watcher

    watcher = Watcher(app.ledger())
    stop = threading.Event()

    def interrupted(_signum: int, _frame: Any) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        click.echo("Stopping after the current page (Ctrl-C again to quit at once).", err=True)

    try:
        previous = signal.signal(signal.SIGINT, interrupted)
    except ValueError:  # not the main thread (embedded use): Ctrl-C cannot be caught here
        previous = None
    try:
        while True:
            _round(watcher, everything=everything, hook=hook, stop=stop)
            if once or stop.is_set() or stop.wait(interval):
                break
    except KeyboardInterrupt:
        pass  # the second Ctrl-C: every finished page is already committed
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _round(watcher: Any, *, everything: bool, hook: list[str] | None, stop: Any) -> None:
    from contextlib import ExitStack

    from factcheck.app.watch import run_hook

    tally: dict[str, int] = {}
    with ExitStack() as stack:

        def wrap(ids: list[int]) -> Any:
            # A bar only for a person watching: cron and pipes get plain lines.
            if not sys.stderr.isatty() or len(ids) < 2:
                return ids
            return stack.enter_context(click.progressbar(ids, label="checking", file=sys.stderr))

        for outcome in watcher.round(everything=everything, stop=stop.is_set, wrap=wrap):
            tally[outcome.status] = tally.get(outcome.status, 0) + 1
            if outcome.status in ("failed", "skipped"):
                click.echo(outcome.message, err=True)
            if outcome.change is None:
                continue
            click.echo(outcome.change.line())
            if hook:
                problem = run_hook(hook, outcome.change.to_json())
                if problem:
                    click.echo(problem, err=True)
    # A skipped outcome (a broken feed entry, a page another round holds) was not checked.
    checked = sum(n for status, n in tally.items() if status != "skipped")
    parts = ", ".join(f"{n} {status}" for status, n in sorted(tally.items()))
    click.echo(f"watch round: {checked} checked" + (f" ({parts})" if parts else ""), err=True)


@watch.command("add")
@click.argument("url")
@click.option("--article", "slug", metavar="SLUG", help="The article the page belongs to. Default: the article "
              "already stored with this URL, else a slug from the URL.")
@click.option("--feed", is_flag=True, help="URL is an RSS/Atom feed: its new entries become watched articles.")
@pass_app
def watch_add(app: AppContext, url: str, slug: str | None, feed: bool) -> None:
    """Add an article page or an RSS/Atom feed to the watch list.

    A URL already stored as an article's URL is watched as that article. Nothing is
    fetched until the next watch round.

    Example:

    \b
        factcheck watch add https://www.cbc.ca/news/canada/khadr-1.975373 --article khadr-wikileaks
        factcheck watch add https://www.cbc.ca/cmlink/rss-canada --feed
    """
    from factcheck.app.watch import Watcher

    row, state = Watcher(app.ledger()).add(url, article=slug, feed=feed)
    what = "feed" if row.kind == "feed" else f"article {row.article_slug}"
    verb = {"added": "watching", "resumed": "watching again", "already": "already watching"}[state]
    click.echo(f"{verb} {row.url} ({what})")


@watch.command("list")
@format_option("text", "json")
@pass_app
def watch_list(app: AppContext, fmt: str) -> None:
    """List the watch list with each entry's next check and last error.

    Example:

    \b
        factcheck watch list --format json
    """
    from factcheck.store.records import when
    from factcheck.app.watch import Watcher

    rows = Watcher(app.ledger()).watches()
    items = [{
        "url": r.url, "kind": r.kind, "article": r.article_slug, "feed": r.feed_url,
        "first_seen": when(r.first_seen), "last_checked": when(r.last_checked), "next_check": when(r.next_check),
        "checks": r.checks, "failures": r.failures, "last_error": r.last_error,
        "etag": r.etag, "last_modified": r.last_modified,
    } for r in rows]
    if fmt == "json":
        emit_json({"watches": items})
        return
    if not items:
        click.echo("The watch list is empty; add a page with factcheck watch add URL.")
        return
    for item in items:
        name = "feed" if item["kind"] == "feed" else item["article"]
        due = item["next_check"] or "finished (past the watch limit)"
        failing = f"; {item['failures']} failure(s): {item['last_error']}" if item["failures"] else ""
        click.echo(f"{name}  {item['url']}  next {due}{failing}")


@watch.command("remove")
@click.argument("url")
@pass_app
def watch_remove(app: AppContext, url: str) -> None:
    """Stop watching URL (stored revisions are kept; a feed will not add it back).

    Example:

    \b
        factcheck watch remove https://www.cbc.ca/news/canada/khadr-1.975373
    """
    from factcheck.app.watch import Watcher

    row = Watcher(app.ledger()).remove(url)
    click.echo(f"stopped watching {row.url}")
