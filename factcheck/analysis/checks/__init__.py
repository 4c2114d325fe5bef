"""The registry of automated checks on one revision.

A check is a function ``(doc, ctx) -> list[Finding]`` in a module of its own,
registered here under its id. :func:`run_checks` runs them in the order of
:data:`CHECK_IDS` and sorts each check's findings by where they start, so that the
same article always gives the same list.

The check modules load lazily (on first run) so that importing the registry, as the
CLI does for ``--help``, costs nothing.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Callable, Iterable, Mapping

from factcheck.analysis.findings import Finding
from factcheck.text.segmentation import Document

__all__ = ["CHECK_IDS", "CheckContext", "CheckFunction", "get_check", "run_checks"]


@dataclass(frozen=True)
class CheckContext:
    """What a check may know beyond the text: when it was published, and its label.

    ``published`` is None when the date is unknown; checks that need "now" then
    treat it as an unknown no earlier than the latest date the story gives.
    """

    doc: Document
    published: date | None = None
    label: str | None = None
    #: Known claims that may apply (``factcheck.analysis.claim_matching.Candidate``), for
    #: ``previously-checked``: the caller gathers them from the ledger, per sentence
    #: (sentence text -> its candidates) or one tuple for every sentence.
    known: "tuple | Mapping[str, tuple]" = ()

    @cached_property
    def story_dates(self):  # -> list[tuple[Sentence, list[DateMention]]]
        """Every body sentence with the dates it gives, shared by the checks."""
        from factcheck.text.dates import find_dates

        first_pass = [(s, find_dates(s.text)) for s in self.doc.sentences]
        explicit_years = [d.year for _, found in first_pass for d in found if d.year is not None]
        context_year = max(explicit_years) if explicit_years else None
        if self.published is None and context_year is None:
            return first_pass
        # Only sentences with a year to infer ("Sept. 3", "last year") are read again.
        return [
            (s, find_dates(s.text, reference=self.published, context_year=context_year)
             if any(d.year is None for d in found) or "year" in s.text else found)
            for s, found in first_pass
        ]

    @cached_property
    def people(self):  # -> factcheck.text.people.People
        """Who the story names and whom its pronouns mean, shared by the checks."""
        from factcheck.text.people import find_people

        return find_people(self.doc)


CheckFunction = Callable[[Document, CheckContext], list[Finding]]

#: check id -> module that defines ``check(doc, ctx)``; the order findings come in.
_MODULES = {
    "duplicate-paragraph": "factcheck.analysis.checks.duplicate_paragraph",
    "age-inconsistency": "factcheck.analysis.checks.age_inconsistency",
    "count-mismatch": "factcheck.analysis.checks.count_mismatch",
    "weekday-mismatch": "factcheck.analysis.checks.weekday_mismatch",
    "name-variant": "factcheck.analysis.checks.name_variant",
    "previously-checked": "factcheck.analysis.checks.previously_checked",
}
CHECK_IDS: tuple[str, ...] = tuple(_MODULES)


def get_check(check_id: str) -> CheckFunction:
    """The function behind ``check_id``; KeyError names the ids that exist."""
    if check_id not in _MODULES:
        raise KeyError(f"unknown check {check_id!r}; known checks: {', '.join(CHECK_IDS)}")
    return importlib.import_module(_MODULES[check_id]).check


def _position(finding: Finding) -> tuple[int, int]:
    if not finding.spans:
        return (0, 0)
    first = min(finding.spans, key=lambda s: (s.paragraph, s.sentence))
    return (first.paragraph, first.sentence)


def run_checks(
    doc: Document,
    *,
    published: date | None = None,
    label: str | None = None,
    only: Iterable[str] | None = None,
    known: Iterable[object] | Mapping[str, tuple] = (),
) -> list[Finding]:
    """All registered checks (or the ids in ``only``) on ``doc``, in a stable order.

    ``known`` are the known claims ``previously-checked`` weighs, per sentence text
    or for every sentence (none: it finds nothing).
    """
    wanted = CHECK_IDS if only is None else tuple(only)
    for check_id in wanted:
        if check_id not in _MODULES:
            get_check(check_id)  # raises with the list of known ids
    ctx = CheckContext(doc, published, label, known if isinstance(known, Mapping) else tuple(known))
    findings: list[Finding] = []
    for check_id in CHECK_IDS:
        if check_id in wanted:
            findings.extend(sorted(get_check(check_id)(doc, ctx), key=_position))
    return findings
