"""Commands: check (automated consistency checks), extract (claim candidates),
finding dismiss (an editor's decision on a finding).

TARGET is a file (checked as is, no database) or an article slug in the ledger
(findings stored, dismissed ones not raised again). The app's use cases do the work
(:mod:`factcheck.app.checks`, :func:`factcheck.app.revisions.check_stored`,
:mod:`factcheck.app.extraction`); these commands parse and render.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import click

from factcheck.cli.base import RECORD_ID, AppContext, cli, emit_json, format_option, parse_date, pass_app


def _is_file(target: str) -> bool:
    return target == "-" or os.path.exists(target)


def _render_findings(findings: list[dict[str, Any]]) -> None:
    if not findings:
        click.echo("No findings.")
        return
    for item in findings:
        ident = f"#{item['id']} " if "id" in item else ""
        click.echo(f"{ident}{item['check']} ({item['severity']}): {item['message']}")
        for span in item["spans"]:
            where = f"paragraph {span['paragraph']}, sentence {span['sentence']}"
            click.echo(f"    {where}: {span['text']}")


def _ledger_if_any(app: AppContext) -> Any:
    """The ledger, when there is one: checking a file must not create a database
    where there was none."""
    from factcheck.store.engine import has_ledger

    return app.ledger() if has_ledger(app.db_url) else None


def _check_revision(app: AppContext, slug: str, label: str | None, published: date | None) -> dict[str, Any]:
    """Ledger mode: the checks on a stored revision, their findings stored (the app's use case)."""
    from factcheck.app.revisions import check_stored

    checked = check_stored(app.ledger(), slug, label, published=published)
    revision = checked.revision
    when = published or revision.published
    return {
        "revision": {"article": slug, "label": revision.label,
                     "published": when.isoformat() if when else None},
        "findings": [{"id": fid, **finding.to_json(), "state": state} for fid, finding, state in checked.findings],
    }


@cli.command()
@click.argument("target")
@click.argument("label", required=False)
@click.option("--date", "published", metavar="YYYY-MM-DD", callback=parse_date,
              help="Publication date: anchors \"now\" for ages and years for undated days.")
@format_option("text", "json")
@pass_app
def check(app: AppContext, target: str, label: str | None, published: date | None, fmt: str) -> None:
    """Run the automated consistency checks on an article file or a stored revision.

    TARGET is a file (checked on its own, nothing stored) or an article slug in the
    ledger, with LABEL the revision (default: the latest); findings on a revision
    are stored, and ones an editor dismissed are not raised again.

    Checks: duplicate-paragraph, age-inconsistency, count-mismatch,
    weekday-mismatch, name-variant, and previously-checked (a sentence stating a
    claim of an imported ClaimReview, see import-claimreview, or a claim judged in
    another article of the ledger).

    Example:

    \b
        factcheck check claims/khadr-wikileaks-v1.txt --date 2010-11-20
        factcheck check khadr v1 --format json
    """
    if _is_file(target):
        from factcheck.app.checks import check_file

        checked = check_file(target, published=published, label=label, ledger=_ledger_if_any(app))
        payload = {
            "revision": {"origin": target, "label": label,
                         "published": published.isoformat() if published else None,
                         "words": checked.document.word_count()},
            "findings": [f.to_json() for f in checked.findings],
        }
    else:
        payload = _check_revision(app, target, label, published)
    if fmt == "json":
        emit_json(payload)
    else:
        _render_findings(payload["findings"])


@cli.command()
@click.argument("target")
@click.argument("label", required=False)
@click.option("--save", is_flag=True, help="Store the claims as unverified (ledger only); existing ones are skipped.")
@click.option("--by", metavar="NAME", help="Who saves the claims (with --save).")
@click.option("--threshold", type=click.FloatRange(0, 1), metavar="0-1",
              help="Propose sentences scoring at least this (default: [extract] threshold, else the model's).")
@click.option("--top", type=click.IntRange(min=1), metavar="N", help="Propose at most the N best sentences.")
@format_option("text", "json")
@pass_app
def extract(app: AppContext, target: str, label: str | None, save: bool, by: str | None,
            threshold: float | None, top: int | None, fmt: str) -> None:
    """Propose the check-worthy sentences of an article file or a stored revision.

    Every body sentence is scored from 0 to 1 by the shipped check-worthiness
    model (trained on public fact-checkers' labels; see the model card) and those
    at or above the threshold are proposed, best first. Each claim carries its
    facets (statistic, comparison, superlative, age, count, quantity, quotation,
    attribution, date), the reason it reads as a claim; captions and credits are
    never claims. A larger model can be named in factcheck.toml ([extract] scorer).

    Example:

    \b
        factcheck extract claims/khadr-wikileaks-v1.txt
        factcheck extract claims/khadr-wikileaks-v1.txt --top 5 --format json
        factcheck extract khadr v1 --save --by "Copy desk"
    """
    from factcheck.errors import InvalidInput

    if _is_file(target) and save:
        raise InvalidInput("--save needs an article in the ledger, not a file; add the file as a revision first.")
    from factcheck.app.extraction import configured_scorer, extract_from_file, extract_from_revision

    scorer, cut, warning = configured_scorer(threshold)
    if warning:
        click.echo(f"Warning: {warning}", err=True)
    if _is_file(target):
        found = extract_from_file(target, cut, scorer=scorer, top=top)
        payload: dict[str, Any] = {"revision": {"origin": target, "label": label, "sentences": found.sentences},
                                   "claims": [c.to_json() for c in found.candidates]}
    else:
        found = extract_from_revision(app.ledger(), target, label, cut, scorer=scorer, top=top, save=save, by=by)
        claims = ([{"id": claim_id, **candidate.to_json()} for claim_id, candidate in found.saved]
                  if found.saved is not None else [c.to_json() for c in found.candidates])
        payload = {"revision": {"article": target, "label": found.label, "sentences": found.sentences},
                   "claims": claims}
    payload["scorer"] = {"name": scorer.name, "version": scorer.version,
                         "threshold": scorer.threshold if cut is None else cut}
    if fmt == "json":
        emit_json(payload)
        return
    if not payload["claims"]:
        click.echo("No check-worthy sentences.")
    for claim in payload["claims"]:
        ident = f"#{claim['id']} " if "id" in claim else ""
        click.echo(f"{ident}{claim['score']:.2f}  [{', '.join(claim['facets'])}]  "
                   f"paragraph {claim['paragraph']}, sentence {claim['sentence']}: {claim['text']}")
    about = payload["scorer"]
    named = about["version"] if about["version"].startswith(about["name"]) else f"{about['name']} {about['version']}"
    click.echo(f"{len(payload['claims'])} of {payload['revision']['sentences']} sentences at or above "
               f"{about['threshold']:.2f} ({named}).")


@cli.command("findings")
@click.argument("article", required=False)
@click.option("--state", type=click.Choice(["open", "dismissed", "resolved"]), help="Only findings in this state.")
@format_option("text", "json")
@pass_app
def findings(app: AppContext, article: str | None, state: str | None, fmt: str) -> None:
    """List the stored findings of ARTICLE (every article's without one) with their
    state and the editor's decision, without running the checks again.

    Example:

    \b
        factcheck findings khadr-wikileaks --state open
    """
    from factcheck.views import ledger_text

    payload = app.reader().findings_payload(article, state)
    emit_json(payload) if fmt == "json" else click.echo(ledger_text.findings(payload))


@cli.group()
def finding() -> None:
    """Findings of the automated checks stored in the ledger.

    Example:

    \b
        factcheck finding dismiss 12 --note "The 15 is the French paper's error, quoted as printed."
    """


@finding.command()
@click.argument("finding_id", metavar="ID", type=RECORD_ID)
@click.option("--note", required=True, help="Why the finding does not need a correction.")
@click.option("--by", metavar="NAME", help="Who dismisses it.")
@pass_app
def dismiss(app: AppContext, finding_id: int, note: str, by: str | None) -> None:
    """Dismiss a finding: it is not raised again for the same text.

    Example:

    \b
        factcheck finding dismiss 12 --note "Quoted as printed in the source." --by "J. Editor"
    """
    if not note.strip():
        from factcheck.errors import InvalidInput

        raise InvalidInput("--note is empty; say why the finding needs no correction.")
    app.ledger().dismiss_finding(finding_id, note=note, by=by)
    click.echo(f"Dismissed finding {finding_id}.")
