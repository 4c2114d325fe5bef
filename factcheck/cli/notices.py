"""Commands: correction notices — draft, list, edit, approve, publish, withdraw.

``factcheck notice`` is a group whose default subcommand is ``draft``: when the
first word after ``notice`` is not one of its subcommands, ``draft`` is assumed, so
the spellings of the issue all work::

    factcheck notice khadr-wikileaks v2 v3      # = notice draft khadr-wikileaks v2 v3
    factcheck notice old.txt new.txt            # = notice draft old.txt new.txt
    factcheck notice approve 3 --by m.tremblay
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from factcheck.cli.base import RECORD_ID, AppContext, by_option, cli, emit_json, expect_version_option, format_option, parse_date, pass_app
from factcheck.cli.diff import _looks_like_file


class DefaultCommandGroup(click.Group):
    """A group that runs ``default`` when the first argument names no subcommand."""

    default = "draft"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default, *args]
        return super().parse_args(ctx, args)


def _templates(directory: str | None) -> Any:
    from factcheck.app.notice_workflow import house_templates

    return house_templates(directory)


def _done(version: Any, what: str) -> None:
    click.echo(f"notice {version.notice_id} {what} (version {version.version}, {version.state}, by {version.by})")


@cli.group(cls=DefaultCommandGroup)
def notice() -> None:
    """Draft correction notices and take them through approval to publication.

    `factcheck notice ARTICLE V1 V2` (or `notice OLD.txt NEW.txt`) is `notice
    draft`; the other subcommands act on a stored notice by its id.

    Example:

    \b
        factcheck notice khadr-wikileaks v2 v3
        factcheck notice approve 1 --by m.tremblay
        factcheck notice publish 1
    """


@notice.command("draft")
@click.argument("revisions", nargs=-1, required=True, metavar="[ARTICLE] V1 V2 | OLD.txt NEW.txt")
@click.option("--article", metavar="SLUG", help="The article, when not given as the first argument.")
@format_option("text", "json")
@click.option("--templates", "templates_dir", metavar="DIR",
              help="House-style templates overriding the defaults file by file (also [notices] templates in the config).")
@click.option("--date", "dated", metavar="YYYY-MM-DD", callback=parse_date,
              help="Dateline date for two files (a stored revision's own date is used otherwise).")
@by_option
@pass_app
def draft(app: AppContext, revisions: tuple[str, ...], article: str | None, fmt: str, templates_dir: str | None,
          dated: date | None, by: str | None) -> None:
    """Draft the notices readers need for what changed between two revisions.

    Every change is classified as correction, clarification, update, editor's
    note or silent edit; one notice is drafted per kind readers see. For stored
    revisions the drafts are stored (re-running adds nothing when unchanged);
    for two files nothing is stored.

    Example:

    \b
        factcheck notice khadr-wikileaks v2 v3
        factcheck notice draft old.txt new.txt --date 2010-12-03 --format json
    """
    if len(revisions) == 3:
        if article:
            raise click.UsageError("give the article either as the first argument or with --article, not both.")
        article, *pair = revisions
    elif len(revisions) == 2:
        pair = list(revisions)
    else:
        raise click.UsageError("give two revisions (ARTICLE V1 V2, or V1 V2 with one article) or two files OLD NEW.")
    templates = _templates(templates_dir)
    if _looks_like_file(pair[0]) or _looks_like_file(pair[1]):
        from factcheck.app.notice_workflow import draft_files

        if pair[0] == "-" and pair[1] == "-":
            raise click.UsageError("Only one of OLD and NEW can be standard input (-).")
        drafting = draft_files(pair[0], pair[1], dated=dated, templates=templates)
        stored: list[Any] = []
    else:
        from factcheck.app.revisions import draft_stored

        if dated is not None:
            raise click.UsageError("--date is for two files; a stored revision's dateline uses its published date.")
        compared = draft_stored(app.ledger(), article, pair[0], pair[1], templates, by=by)
        drafting, stored = compared.drafting, compared.notices
    payload = drafting.to_json()
    if fmt == "json":
        for notice_json, item in zip(payload["notices"], stored):
            notice_json.update(id=item.notice.id, version=item.version.version, state=item.version.state)
        emit_json(payload)
    else:
        from factcheck.views.notices_text import render_drafting

        click.echo(render_drafting(payload, stored))


@notice.command("show")
@click.argument("notice_id", type=RECORD_ID, metavar="ID")
@format_option("text", "json")
@pass_app
def show(app: AppContext, notice_id: int, fmt: str) -> None:
    """A notice's full history: every version with its state, who, when and why.

    Example:

    \b
        factcheck notice show 1
    """
    from factcheck.app.notice_workflow import notice_history

    view = notice_history(app.ledger(), notice_id)
    if fmt == "json":
        emit_json({"notice": view})
    else:
        from factcheck.views.notices_text import render_history

        click.echo(render_history(view))


@notice.command("edit")
@click.argument("notice_id", type=RECORD_ID, metavar="ID")
@click.argument("text")
@click.option("--note", help="Why the wording changed (kept in the notice's history).")
@expect_version_option
@by_option
@pass_app
def edit(app: AppContext, notice_id: int, text: str, note: str | None, expect_version: int | None, by: str | None) -> None:
    """Reword a notice: the new text is a draft to approve and publish.

    An approved notice goes back to draft. A published notice keeps its published
    text on the page until the amended draft is approved and published.

    Example:

    \b
        factcheck notice edit 1 "Correction: ... Khadr was 22, not 23." --note "Tighter."
    """
    from factcheck.app.notice_workflow import edit_notice, standing_of

    ledger = app.ledger()
    version = edit_notice(ledger, notice_id, text, note=note, by=by, expect_version=expect_version)
    _done(version, "edited")
    standing = standing_of(ledger, notice_id)
    if standing is not None:
        click.echo(f"published version {standing.version} stays on the page until version {version.version} is "
                   f"approved and published (factcheck notice approve {notice_id}).")


@notice.command("approve")
@click.argument("notice_id", type=RECORD_ID, metavar="ID")
@click.option("--note", help="A remark kept with the approval.")
@expect_version_option
@by_option
@pass_app
def approve(app: AppContext, notice_id: int, note: str | None, expect_version: int | None, by: str | None) -> None:
    """Approve a draft notice for publication.

    Example:

    \b
        factcheck notice approve 1 --by m.tremblay
    """
    from factcheck.app.notice_workflow import approve_notice

    _done(approve_notice(app.ledger(), notice_id, by=by, note=note, expect_version=expect_version), "approved")


@notice.command("publish")
@click.argument("notice_id", type=RECORD_ID, metavar="ID")
@click.option("--note", help="A remark kept with the publication.")
@expect_version_option
@by_option
@pass_app
def publish(app: AppContext, notice_id: int, note: str | None, expect_version: int | None, by: str | None) -> None:
    """Publish an approved notice: it joins the story's corrections block.

    Example:

    \b
        factcheck notice publish 1
    """
    from factcheck.app.notice_workflow import publish_notice

    _done(publish_notice(app.ledger(), notice_id, by=by, note=note, expect_version=expect_version), "published")


@notice.command("withdraw")
@click.argument("notice_id", type=RECORD_ID, metavar="ID")
@click.option("--note", help="Why the notice is withdrawn (required).")
@expect_version_option
@by_option
@pass_app
def withdraw(app: AppContext, notice_id: int, note: str | None, expect_version: int | None, by: str | None) -> None:
    """Withdraw a notice (kept in the history, no longer shown).

    Example:

    \b
        factcheck notice withdraw 2 --note "Duplicate of notice 1."
    """
    from factcheck.app.notice_workflow import withdraw_notice

    _done(withdraw_notice(app.ledger(), notice_id, note=note, by=by, expect_version=expect_version), "withdrawn")


@cli.command("notices")
@click.argument("article")
@format_option("text", "json", "markdown", "html")
@click.option("--all", "show_all", is_flag=True,
              help="Every notice in every state (text: also withdrawn ones; json: not only published).")
@click.option("--templates", "templates_dir", metavar="DIR", help="House-style templates for the markdown/html block.")
@pass_app
def notices_command(app: AppContext, article: str, fmt: str, show_all: bool, templates_dir: str | None) -> None:
    """List an article's notices, or render its published corrections block.

    Text lists the editor's worklist (drafts, approved, published; --all adds
    withdrawn). Markdown, HTML and JSON render what readers see: the published
    notices (JSON with --all gives every notice with its state).

    Example:

    \b
        factcheck notices khadr-wikileaks
        factcheck notices khadr-wikileaks --format html > corrections.html
    """
    from factcheck.app.notice_workflow import list_notices

    # --all lists every state in the editor's text and in JSON; a rendered block is
    # for readers, so it only ever shows what is published.
    article_view, listed = list_notices(app.ledger(), article, worklist=fmt == "text",
                                        every_state=show_all and fmt in ("text", "json"))
    if fmt == "json":
        emit_json({"article": article_view, "notices": listed})
    elif fmt == "text":
        from factcheck.views.notices_text import render_listing

        click.echo(render_listing(article_view, listed))
    else:
        from factcheck.views.notices_block import render_block

        click.echo(render_block(article_view, listed, fmt, _templates(templates_dir)))
