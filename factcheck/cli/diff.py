"""Commands: diff."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from factcheck.cli.base import cli, format_option, pass_app, use_color

# Arguments that look like files are read as files even when missing, so that a
# typo in a path says "does not exist" rather than "no revision labelled ...".
_FILE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")


def _looks_like_file(argument: str) -> bool:
    return (
        argument == "-"
        or os.path.exists(argument)
        or os.sep in argument
        or "/" in argument
        or argument.lower().endswith(_FILE_SUFFIXES)
    )


@cli.command(name="diff")
@click.argument("old")
@click.argument("new")
@click.option("--article", metavar="SLUG", help="Article whose revisions OLD and NEW are (needed when the ledger holds several).")
@format_option("text", "json", "html", "markdown")
@click.option(
    "--context",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Show N unchanged paragraphs around each change. Default: changed paragraphs only.",
)
@click.option("--ignore-cosmetic", is_flag=True, help="Hide cosmetic edits: spacing, quote style, typo fixes.")
@pass_app
def diff_command(
    app: Any, old: str, new: str, article: str | None, fmt: str, context: int | None, ignore_cosmetic: bool
) -> None:
    """Show what changed between two revisions, sentence by sentence.

    OLD and NEW are revision labels of an article in the ledger (v1, v2), or two
    text files, compared without any database. Sentences that moved, were
    edited, split or merged pair up; findings say which numbers, dates, names,
    quotations and tracked claims changed.

    Example:

    \b
        factcheck diff v1 v2 --article khadr
        factcheck diff old.txt new.txt --format html > diff.html
    """
    if context is not None and fmt == "json":
        raise click.UsageError("--context applies to --format text, html and markdown, not json.")
    if _looks_like_file(old) or _looks_like_file(new):
        result = _diff_files(old, new, article)
    else:
        result = _diff_ledger_revisions(app, old, new, article)
    if ignore_cosmetic:
        result = result.without_cosmetic()

    if fmt == "json":
        from factcheck.analysis.diff_json import write_json

        write_json(result, sys.stdout)
    elif fmt == "html":
        from factcheck.views.diff_html import render_html

        click.echo(render_html(result, context=context))
    elif fmt == "markdown":
        from factcheck.views.diff_markdown import render_markdown

        click.echo(render_markdown(result, context=context))
    else:
        from factcheck.views.diff_text import render_text

        click.echo(render_text(result, color=use_color(), context=context), color=use_color())


def _diff_files(old: str, new: str, article: str | None) -> Any:
    from factcheck.app.revisions import compare_files

    if old == "-" and new == "-":
        raise click.UsageError("Only one of OLD and NEW can be standard input (-).")
    return compare_files(old, new, article=article)


def _diff_ledger_revisions(app: Any, old: str, new: str, article: str | None) -> Any:
    """Both revisions from the ledger, with the claims anchored in the old one."""
    from factcheck.app.revisions import compare_stored

    return compare_stored(app.ledger(), article, old, new).diff
