"""The automated checks as the use cases run them: weighing what the ledger knows.

Every path that checks a text (a new revision, a stored one, an article file given
on the command line) runs :func:`checks_with_known_claims`, so the
``previously-checked`` check sees the same imported ClaimReviews and judged claims
whichever way the text came.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Callable

from factcheck.errors import InvalidInput

if TYPE_CHECKING:
    from factcheck.store.ledger import Ledger
    from factcheck.store.revisions import PreparedRevision
    from factcheck.text.segmentation import Document

__all__ = ["CheckedFile", "batch_checks", "check_file", "checks_with_known_claims", "read_article"]


def checks_with_known_claims(ledger: "Ledger | None", doc: "Document", slug: str | None, *,
                             published: date | None, label: str | None) -> list[Any]:
    """The checks' findings on ``doc`` (of article ``slug``; None for a file), with
    the ledger's known claims when there is a ledger."""
    from factcheck.analysis.checks import run_checks

    known: Any = ()
    if ledger is not None:
        from factcheck.app.known_factchecks import KnownClaims

        known = KnownClaims(ledger).for_document(doc, article=slug)
    return run_checks(doc, published=published, label=label, known=known)


def batch_checks(ledger: "Ledger") -> Callable[["PreparedRevision", str], list[Any]]:
    """The checks an archive batch hands the store: the ledger's known claims are
    read once for the batch, not per revision; each revision is checked as stored
    under ``label``."""
    from factcheck.analysis.checks import run_checks
    from factcheck.app.known_factchecks import KnownClaims

    known = KnownClaims(ledger)

    def check(prepared: "PreparedRevision", label: str) -> list[Any]:
        return run_checks(prepared.doc, published=prepared.published, label=label,
                          known=known.for_document(prepared.doc, article=prepared.slug))

    return check


def read_article(path: str) -> "Document":
    """Read and segment an article file (``-``: standard input); refuse one with
    nothing to check."""
    from factcheck.sources.files import read_input
    from factcheck.text.segmentation import segment

    doc = segment(read_input(path).text)
    if not any(any(ch.isalpha() for ch in s.text) for s in doc.sentences):
        raise InvalidInput(f"{path} has no sentences to check; pass the article text.")
    return doc


@dataclass
class CheckedFile:
    document: "Document"
    findings: list[Any]


def check_file(path: str, *, published: date | None, label: str | None, ledger: "Ledger | None") -> CheckedFile:
    """An article file checked on its own (nothing stored); ``ledger``, when there is
    one, lends its known claims."""
    doc = read_article(path)
    return CheckedFile(doc, checks_with_known_claims(ledger, doc, None, published=published, label=label))
