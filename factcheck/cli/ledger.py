"""Commands: the ledger — revisions, claims, import/export, database upkeep."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from factcheck.cli.base import (
    RECORD_ID,
    AppContext,
    by_option,
    cli,
    emit_json,
    expect_version_option,
    format_option,
    parse_date,
    pass_app,
)

_STANCES = click.Choice(["supports", "refutes", "context"])


def _warn(message: str | None) -> None:
    if message:
        click.echo(f"Warning: {message}", err=True)


# ---------------------------------------------------------------------- database


@cli.group()
def db() -> None:
    """Database upkeep for operators (the schema is also upgraded on first use).

    Example:

    \b
        factcheck --db postgresql+psycopg://localhost/newsroom db upgrade
    """


@db.command("upgrade")
@pass_app
def db_upgrade(app: AppContext) -> None:
    """Upgrade the database schema to the newest migration.

    Example:

    \b
        factcheck db upgrade
    """
    from factcheck.store.engine import ensure_schema, make_engine, upgrade

    engine = make_engine(app.db_url)
    ensure_schema(engine)
    click.echo(f"schema at {upgrade(engine)}")


@db.command("current")
@pass_app
def db_current(app: AppContext) -> None:
    """Print the schema revision of the database (without upgrading it).

    Example:

    \b
        factcheck db current
    """
    from factcheck.store.engine import describe_schema

    click.echo(describe_schema(app.db_url))


# ---------------------------------------------------------------------- revisions


@cli.command("add-revision")
@click.argument("article")
@click.argument("path", metavar="PATH|URL|-")
@click.option("--label", help="Label for the revision. Default: the next vN.")
@click.option("--published", callback=parse_date, metavar="YYYY-MM-DD",
              help="Publication date of this revision. Default for a page: the date it gives.")
@click.option("--url", help="Canonical URL of the article. Default for a page: its canonical link.")
@click.option("--title", help="Headline, when the text has none. Default for a page: its headline.")
@click.option("--selector", metavar="CSS", help="CSS selector for the body of an HTML page, where extraction fails.")
@click.option("--force", is_flag=True, help="Store a revision even if its body is empty or far shorter than the previous one.")
@by_option
@pass_app
def add_revision(app: AppContext, article: str, path: str, label: str | None, published: date | None,
                 url: str | None, title: str | None, selector: str | None, force: bool, by: str | None) -> None:
    """Store a revision of ARTICLE read from PATH, a URL, or - (standard input).

    The article is created on first use. Text identical, after normalisation, to a
    stored revision is not stored again. Claims anchored to the previous revision
    follow the text into the new one.

    An HTML page (a .html file, or a file or URL that is one) is reduced to its
    headline, body and captions; the page itself is kept with the revision, and its
    canonical URL, headline and publication date fill --url, --title and
    --published when they are not given.

    Example:

    \b
        factcheck add-revision khadr-wikileaks claims/khadr-wikileaks-v1.txt --published 2010-12-02
        factcheck add-revision ferry https://www.harbourledger.example/news/ferry-captain-cleared/
        factcheck add-revision ferry saved-page.html --selector "div.story-body"
    """
    from factcheck.sources.pages import load_input

    from factcheck.app.revisions import receive_revision

    page = load_input(path, selector=selector, force=force)
    result = receive_revision(
        app.ledger(), article, page.raw, label=label, published=published or page.published, url=url or page.url,
        title=title or page.title, force=force, by=by,
    )
    rev = result.revision
    if not result.created:
        click.echo(f"{article}: identical to {result.duplicate_of}; nothing stored.")
        return
    click.echo(f"{article}: stored {rev.label} ({result.document.word_count()} words, sha256 {rev.sha256[:12]})")
    for change in result.claim_changes:
        click.echo(f"  claim #{change.claim.id} {change.version.status}: {change.version.note}")


@cli.command("revisions")
@click.argument("article")
@format_option("text", "json")
@pass_app
def revisions(app: AppContext, article: str, fmt: str) -> None:
    """List the revisions of ARTICLE.

    Example:

    \b
        factcheck revisions khadr-wikileaks --format json
    """
    from factcheck.views import ledger_text

    payload = app.reader().revisions_payload(article)
    emit_json(payload) if fmt == "json" else click.echo(ledger_text.revisions(payload))


@cli.command("show")
@click.argument("article")
@click.argument("label", required=False)
@format_option("text", "json")
@pass_app
def show(app: AppContext, article: str, label: str | None, fmt: str) -> None:
    """Print a revision (default: the latest) with paragraph and sentence numbers.

    Numbers count from 0 over the body; headline, section label, captions and
    credits are shown with their role.

    Example:

    \b
        factcheck show khadr-wikileaks v1
    """
    from factcheck.views import ledger_text

    payload = app.reader().show_payload(article, label)
    emit_json(payload) if fmt == "json" else click.echo(ledger_text.revision(payload))


@cli.command("articles")
@format_option("text", "json")
@pass_app
def articles(app: AppContext, fmt: str) -> None:
    """List the articles in the ledger.

    Example:

    \b
        factcheck articles
    """
    slugs = app.ledger().article_slugs()
    if fmt == "json":
        emit_json({"articles": slugs})
    else:
        click.echo("\n".join(slugs) if slugs else "the ledger is empty; add a revision with factcheck add-revision")


# ---------------------------------------------------------------------- claims


def _sources(refs: tuple[str, ...], stances: tuple[str, ...], excerpts: tuple[str, ...]) -> list[Any]:
    from factcheck.errors import InvalidInput
    from factcheck.store.claims import SourceSpec

    if len(stances) > len(refs) or len(excerpts) > len(refs):
        raise InvalidInput("each --stance and --excerpt goes with a --source; give the --source first.")
    return [
        SourceSpec(ref, stances[i] if i < len(stances) else "supports", excerpts[i] if i < len(excerpts) else None)
        for i, ref in enumerate(refs)
    ]


@cli.command("add-claim")
@click.argument("article")
@click.argument("text")
@click.option("--revision", "revision_label", metavar="LABEL", help="Anchor in this revision. Default: the latest.")
@click.option("--source", "sources", multiple=True, metavar="URL_OR_CITATION", help="A source (repeatable).")
@click.option("--stance", "stances", multiple=True, type=_STANCES, help="Stance of the matching --source (default supports).")
@click.option("--excerpt", "excerpts", multiple=True, help="Excerpt of the matching --source.")
@click.option("--status", help="unverified (default), in-review, checked, corrected, withdrawn.")
@click.option("--verdict", help="true, mostly-true, mixture, mostly-false, false, misleading, unproven, outdated.")
@click.option("--note", help="Why: the rationale recorded with this version.")
@by_option
@format_option("text", "json")
@pass_app
def add_claim(app: AppContext, article: str, text: str, revision_label: str | None, sources: tuple[str, ...],
              stances: tuple[str, ...], excerpts: tuple[str, ...], status: str | None, verdict: str | None,
              note: str | None, by: str | None, fmt: str) -> None:
    """Record a claim that ARTICLE makes, anchored to the sentence that states it.

    Example:

    \b
        factcheck add-claim khadr-wikileaks "Khadr was 22 at the time of the meeting" \\
            --source "U.S. State Department cable 09PARIS170 (WikiLeaks)" --stance supports
    """
    from factcheck.app import claims as use_cases

    ledger = app.ledger()
    change = use_cases.add_claim(ledger, article, text, revision_label=revision_label,
                                 sources=_sources(sources, stances, excerpts), status=status, verdict=verdict,
                                 note=note, by=by)
    _warn(change.warning)
    _report_claim(ledger, change, fmt, "recorded")


def _report_claim(ledger: Any, change: Any, fmt: str, verb: str) -> None:
    from factcheck.store import records
    from factcheck.views.ledger_text import place

    if fmt == "json":
        emit_json({"claim": records.claim(change.claim)})
        return
    payload = records.claim(change.claim)
    verdict = f", {payload['verdict']}" if payload["verdict"] else ""
    click.echo(f"claim #{payload['id']} {verb}: version {payload['version']}, {payload['status']}{verdict}, anchored {place(payload['anchor'])}")


@cli.command("claims")
@click.argument("article", required=False)
@click.option("--status", help="Only claims with this status.")
@click.option("--verdict", help="Only claims with this verdict.")
@click.option("--since", callback=parse_date, metavar="YYYY-MM-DD", help="Only claims changed on or after this day.")
@format_option("text", "json")
@pass_app
def claims(app: AppContext, article: str | None, status: str | None, verdict: str | None, since: date | None,
           fmt: str) -> None:
    """List ARTICLE's claims (every article's without one): status, verdict,
    sources and where each stands.

    Example:

    \b
        factcheck claims khadr-wikileaks --status checked
        factcheck claims --verdict false --since 2010-12-01
    """
    from factcheck.views import ledger_text

    payload = app.reader().claims_payload(article, status, verdict=verdict, since=since)
    emit_json(payload) if fmt == "json" else click.echo(ledger_text.claims(payload))


@cli.group("claim")
def claim() -> None:
    """Show and change one claim; every change appends a version.

    Example:

    \b
        factcheck claim show 3
    """


@claim.command("show")
@click.argument("claim_id", type=RECORD_ID, metavar="ID")
@format_option("text", "json")
@pass_app
def claim_show(app: AppContext, claim_id: int, fmt: str) -> None:
    """Print a claim's full history: every version, who, when, why, sources.

    Example:

    \b
        factcheck claim show 3 --format json
    """
    from factcheck.views import ledger_text

    payload = app.reader().claim_payload(claim_id)
    emit_json(payload) if fmt == "json" else click.echo(ledger_text.claim_history(payload))


@claim.command("status")
@click.argument("claim_id", type=RECORD_ID, metavar="ID")
@click.argument("status")
@click.option("--verdict", help="The verdict, when the claim is checked.")
@click.option("--note", required=True, help="Why (required: it is the audit trail).")
@by_option
@expect_version_option
@format_option("text", "json")
@pass_app
def claim_status(app: AppContext, claim_id: int, status: str, verdict: str | None, note: str, by: str | None,
                 expect_version: int | None, fmt: str) -> None:
    """Move claim ID to STATUS (unverified, in-review, checked, corrected, withdrawn).

    Example:

    \b
        factcheck claim status 3 checked --verdict true --note "Matches the cable"
    """
    from factcheck.app import claims as use_cases

    ledger = app.ledger()
    change = use_cases.change_status(ledger, claim_id, status, verdict=verdict, note=note, by=by,
                                     expect_version=expect_version)
    _report_claim(ledger, change, fmt, "updated")


@claim.command("edit")
@click.argument("claim_id", type=RECORD_ID, metavar="ID")
@click.argument("text")
@click.option("--note", help="Why the wording changed.")
@by_option
@expect_version_option
@format_option("text", "json")
@pass_app
def claim_edit(app: AppContext, claim_id: int, text: str, note: str | None, by: str | None,
               expect_version: int | None, fmt: str) -> None:
    """Reword claim ID; a checked claim goes back to in-review.

    Example:

    \b
        factcheck claim edit 3 "Khadr was 22 when Kouchner met Clinton" --note "Tighter wording"
    """
    from factcheck.app import claims as use_cases

    ledger = app.ledger()
    change = use_cases.edit_claim(ledger, claim_id, text, note=note, by=by, expect_version=expect_version)
    _warn(change.warning)
    _report_claim(ledger, change, fmt, "edited")


@claim.command("source")
@click.argument("claim_id", type=RECORD_ID, metavar="ID")
@click.argument("ref", metavar="URL_OR_CITATION")
@click.option("--stance", type=_STANCES, default="supports", show_default=True)
@click.option("--excerpt", help="The passage of the source that bears on the claim.")
@click.option("--title", help="Title of the source.")
@click.option("--kind", type=click.Choice(["url", "document", "interview", "dataset"]), help="Default: url for http(s) links, else document.")
@click.option("--accessed", callback=parse_date, metavar="YYYY-MM-DD", help="When the source was consulted.")
@click.option("--note", help="Why the source matters.")
@by_option
@expect_version_option
@format_option("text", "json")
@pass_app
def claim_source(app: AppContext, claim_id: int, ref: str, stance: str, excerpt: str | None, title: str | None,
                 kind: str | None, accessed: date | None, note: str | None, by: str | None,
                 expect_version: int | None, fmt: str) -> None:
    """Attach a source to claim ID.

    Example:

    \b
        factcheck claim source 3 https://example.org/cable --stance supports --title "Cable 09PARIS170"
    """
    from factcheck.app import claims as use_cases
    from factcheck.store.claims import SourceSpec

    ledger = app.ledger()
    spec = SourceSpec(ref, stance, excerpt, title, kind, accessed)
    change = use_cases.add_source(ledger, claim_id, spec, note=note, by=by, expect_version=expect_version)
    _report_claim(ledger, change, fmt, "sourced")


# ---------------------------------------------------------------------- import / export


@cli.command("import")
@click.argument("path", metavar="FILE.yaml")
@pass_app
def import_(app: AppContext, path: str) -> None:
    """Import a whole article ledger (revisions, claims with histories, sources).

    Revision texts may be inline (text:) or files next to the ledger (file:).

    Example:

    \b
        factcheck import claims/khadr-wikileaks.yaml
    """
    from factcheck.app.ledger_files import import_ledger_file

    summary = import_ledger_file(app.ledger(), path)
    click.echo(summary)


@cli.command("export")
@click.argument("article")
@format_option("yaml", "json", "claimreview", "claimreview-html", default="yaml")
@pass_app
def export(app: AppContext, article: str, fmt: str) -> None:
    """Export ARTICLE's whole ledger as YAML or JSON (importable again).

    --format claimreview writes schema.org JSON-LD instead: a ClaimReview for
    every claim with a verdict and the NewsArticle with its published corrections.
    --format claimreview-html wraps it in the <script type="application/ld+json">
    block the story page needs. "<", ">" and "&" are escaped in both, so no claim
    text can close the script element.

    Example:

    \b
        factcheck export khadr-wikileaks --format yaml > khadr.yaml
        factcheck export khadr-wikileaks --format claimreview > khadr.jsonld
        factcheck export khadr-wikileaks --format claimreview-html > khadr-head.html
    """
    if fmt.startswith("claimreview"):
        from factcheck.config import load_config
        from factcheck.store.claimreview import claimreview_document
        from factcheck.views.jsonld import jsonld_script, jsonld_text

        document, warnings = claimreview_document(app.ledger(), article, load_config())
        for warning in warnings:
            _warn(warning)
        click.echo(jsonld_script(document) if fmt == "claimreview-html" else jsonld_text(document))
        return
    from factcheck.store.ledger_file import dump_yaml, export_article

    document = export_article(app.ledger(), article)
    if fmt == "json":
        emit_json(document)
    else:
        click.echo(dump_yaml(document), nl=False)
