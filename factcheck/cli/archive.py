"""Commands: the archive — bulk import and the standards desk's report."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

import click

from factcheck.cli.base import AppContext, cli, emit_json, format_option, parse_date, pass_app


@cli.command("import-archive")
@click.argument("path", metavar="DIR|FILE.jsonl")
@click.option("--batch-size", default=200, show_default=True, type=click.IntRange(1, 10_000),
              help="Revisions per transaction (up to 10,000).")
@click.option("--no-checks", is_flag=True, help="Skip the automated checks (faster; run factcheck check later).")
@format_option("text", "json")
@pass_app
def import_archive(app: AppContext, path: str, batch_size: int, no_checks: bool, fmt: str) -> None:
    """Bulk-load an archive: a directory tree of articles or a JSON Lines file.

    DIR/<slug>/<label>.txt|.html, or one revision per line: {"article": SLUG,
    "text": ... or "html": ..., "label", "url", "published"} (last three optional).
    Batches are transactions; re-running skips what is stored, so an interrupted
    import is finished by running it again.

    Example:

    \b
        factcheck import-archive archive.jsonl --batch-size 500
    """

    from pathlib import Path

    from factcheck.app.archive_import import import_archive as run_import
    from factcheck.progress import Progress, megabytes

    ledger = app.ledger()
    # A bar on a terminal, a line per batch elsewhere (see factcheck.progress).
    with Progress("importing", _archive_size(Path(path)), amount=megabytes) as progress:
        summary = run_import(
            ledger, path, batch_size=batch_size, checks=not no_checks, progress=progress.advance,
            on_batch=lambda so_far: progress.batch(
                f"{so_far.stored} stored, {so_far.identical} already stored, {len(so_far.problems)} problems"),
        )
        progress.finish()  # skipped lines and blank ones were read too
    for problem in summary.problems:
        click.echo(f"Warning: {problem}", err=True)
    if fmt == "json":
        emit_json(summary.to_json())
    else:
        click.echo(summary.line())
    if summary.problems:
        sys.exit(1)
    


def _archive_size(path: Any) -> int:
    if path.is_file():
        return path.stat().st_size
    if path.is_dir():
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return 0


@cli.command("report")
@click.option("--since", required=True, callback=parse_date, metavar="YYYY-MM-DD", help="Start of the period.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=1), help="Rows in the ranked lists.")
@format_option("text", "json")
@pass_app
def report(app: AppContext, since: date, limit: int, fmt: str) -> None:
    """The standards desk's report: corrections published, claims by verdict,
    articles with open findings, most-corrected articles.

    Example:

    \b
        factcheck report --since 2010-12-01 --format json
    """
    from factcheck.app.report import standards_report
    from factcheck.views.report_text import render_text

    payload = standards_report(app.ledger(), since, limit=limit)
    emit_json(payload) if fmt == "json" else click.echo(render_text(payload))
