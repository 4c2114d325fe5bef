"""Commands: known fact-checks — import-claimreview, match.

The library does the work: ``factcheck.app.known_factchecks`` (import, matching),
``factcheck.sources.claimreview`` (reading ClaimReview), ``factcheck.analysis.claim_matching``
(ranking).
"""

from __future__ import annotations

from typing import Any

import click

from factcheck.cli.base import AppContext, cli, emit_json, format_option, pass_app

#: Queries one ``match --file`` takes: a day's copy, sentence by sentence.
MAX_QUERIES = 10_000


@cli.command("import-claimreview")
@click.argument("source", metavar="FILE|URL")
@format_option("text", "json")
@pass_app
def import_claimreview(app: AppContext, source: str, fmt: str) -> None:
    """Import fact-checkers' ClaimReview JSON-LD, to be matched against new copy.

    FILE|URL holds a single ClaimReview, a list, an @graph, a DataFeed (with
    dataFeedElement), JSON Lines, or an HTML page with embedded JSON-LD. Each
    review is kept once, by its url: importing it again updates it. Items that
    cannot be used are skipped, one line each on stderr saying why; an input that
    cannot be read imports nothing.

    Example:

    \b
        factcheck import-claimreview politifact-feed.json
        factcheck import-claimreview https://www.example-factcheck.org/claimreview-feed.json
    """
    from factcheck.errors import InvalidInput
    from factcheck.app.known_factchecks import import_claimreviews

    report = import_claimreviews(app.ledger(), source)
    if fmt == "json":
        emit_json(report.to_json())
    else:
        for skipped in report.skipped:
            click.echo(skipped.line(), err=True)
    stored = report.added + report.updated + report.unchanged
    if not stored:
        raise InvalidInput(f"none of the {len(report.skipped)} ClaimReviews in {source} could be imported "
                           "(reasons above); nothing was stored.")
    if fmt != "json":
        click.echo(f"{source}: {report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
                   f"{len(report.skipped)} skipped.")


def _queries(text: str | None, path: str | None) -> list[str]:
    from factcheck.errors import InvalidInput

    if (text is None) == (path is None):
        raise click.UsageError("give either TEXT or --file FILE (one query per line), not both or neither.")
    if text is not None:
        if not text.strip():
            raise InvalidInput("TEXT is empty; pass the sentence to look up.")
        return [text.strip()]
    from factcheck.sources.files import decode_text, read_bytes

    data = read_bytes(path)  # type: ignore[arg-type]
    lines = [line.strip() for line in decode_text(data, path).splitlines() if line.strip()] if data.strip() else []
    if not lines:
        raise InvalidInput(f"{path} has no queries; put one sentence per line.")
    if len(lines) > MAX_QUERIES:
        raise InvalidInput(f"{path} has {len(lines):,} queries, more than the {MAX_QUERIES:,} one run takes; "
                           "split the file.")
    return lines


def _render(query: str, matches: list[dict[str, Any]], with_query: bool) -> None:
    if with_query:
        click.echo(f"? {query}")
    if not matches:
        click.echo("  No known fact-check or judged claim matches.")
    for found in matches:
        if found["claim"] is not None:
            who = f"claim {found['claim']} of {found['article']}, judged {found['rating']}"
        else:
            who = f"{found['publisher'] or 'unknown publisher'}: {found['rating'] or 'no rating'}  {found['url']}"
        click.echo(f"  {found['score']:.2f}  {who}")
        click.echo(f"        {found['text']}")


@cli.command()
@click.argument("text", required=False)
@click.option("--file", "path", metavar="FILE", help="Match each line of FILE (one query per line).")
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True,
              help="Matches per query.")
@format_option("text", "json")
@pass_app
def match(app: AppContext, text: str | None, path: str | None, limit: int, fmt: str) -> None:
    """Find the known fact-checks and judged claims closest to TEXT.

    Ranks the imported ClaimReviews (import-claimreview) and the claims the
    ledger judged in any article, best first, each with its score from 0 to 1
    (from about 0.55 the text states the known claim), text, url, publisher and
    rating, and for the ledger's claims the claim id and article.

    Example:

    \b
        factcheck match "Dangerous amounts of lead are in the city's tap water."
        factcheck match --file sentences.txt --format json
    """
    from factcheck.app.known_factchecks import match as find, match_payload

    queries = _queries(text, path)
    payload = match_payload(find(app.ledger(), queries, limit=limit))
    if fmt == "json":
        emit_json(payload if path is not None else payload["results"][0])
        return
    for result in payload["results"]:
        _render(result["query"], result["matches"], with_query=path is not None)
