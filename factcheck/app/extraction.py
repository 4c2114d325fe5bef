"""Proposing the check-worthy sentences of an article file or a stored revision, and
saving them as unverified claims."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.store.ledger import Ledger

__all__ = ["Extraction", "configured_scorer", "extract_from_file", "extract_from_revision"]


@dataclass
class Extraction:
    #: The revision's label (None for a file) and how many sentences were scored.
    label: str | None
    sentences: int
    #: Claim candidates, best first; saved ones as (claim id, candidate).
    candidates: list[Any]
    saved: list[tuple[int, Any]] | None = None


def configured_scorer(threshold: float | None) -> tuple[Any, float | None, str | None]:
    """The configured scorer, the threshold to apply (None: the scorer's own), and a
    warning when the shipped weights cannot be read: the facet rule then takes over,
    and a configured threshold (set on the model's scale) no longer applies; one
    given with --threshold still does."""
    from factcheck.analysis.scorer import load_scorer
    from factcheck.config import load_config

    settings = load_config().extract
    scorer, warning = load_scorer(settings)
    if warning:
        return scorer, threshold, warning
    return scorer, threshold if threshold is not None else settings.threshold, None


def extract_from_file(path: str, threshold: float | None, *, scorer: Any, top: int | None) -> Extraction:
    from factcheck.analysis.candidates import extract_claims
    from factcheck.app.checks import read_article

    doc = read_article(path)
    return Extraction(None, len(doc.sentences), extract_claims(doc, threshold, scorer=scorer, top=top))


def extract_from_revision(ledger: "Ledger", slug: str, label: str | None, threshold: float | None, *, scorer: Any,
                          top: int | None, save: bool = False, by: str | None = None) -> Extraction:
    """A stored revision's candidates; with ``save``, stored as unverified claims
    (existing ones skipped)."""
    from factcheck.analysis.candidates import extract_claims
    from factcheck.text.segmentation import segment

    article = ledger.resolve_article(slug)
    revision = ledger.get_revision(article, label)
    doc = segment(revision.text)
    found = Extraction(revision.label, len(doc.sentences), extract_claims(doc, threshold, scorer=scorer, top=top))
    if save:
        found.saved = ledger.save_extracted_claims(revision, found.candidates, by=by)
    return found
