"""The words fact-checkers keep records in: claim statuses, verdicts, stances.

These are defaults. Newsrooms name verdicts differently (PolitiFact, Snopes, AAP,
Meedan Check all differ), so the reader-facing names and ratings can be renamed
in configuration; the keys below are what the database stores.
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.errors import InvalidInput

__all__ = [
    "DATELINE_VERBS",
    "STATUSES",
    "VERDICTS",
    "STANCES",
    "SOURCE_KINDS",
    "Rating",
    "RATINGS",
    "check_status",
    "check_verdict",
    "check_stance",
]

#: The workflow: unverified -> in-review -> checked; then corrected (the article
#: was fixed) or withdrawn (the claim was cut from the story).
STATUSES = ("unverified", "in-review", "checked", "corrected", "withdrawn")

#: Statuses at which a claim carries a verdict.
JUDGED_STATUSES = ("checked", "corrected")

VERDICTS = ("true", "mostly-true", "mixture", "mostly-false", "false", "misleading", "unproven", "outdated")

STANCES = ("supports", "refutes", "context")

SOURCE_KINDS = ("url", "document", "interview", "dataset")


@dataclass(frozen=True)
class Rating:
    """A ClaimReview rating: ``value`` on the 1 (worst) to 5 (best) scale."""

    value: int
    alternate_name: str


#: 5 = true, 4 = mostly true, 3 = mixed or undetermined, 2 = misleading, mostly
#: false or out of date, 1 = false.
RATINGS: dict[str, Rating] = {
    "true": Rating(5, "True"),
    "mostly-true": Rating(4, "Mostly true"),
    "mixture": Rating(3, "Mixture"),
    "unproven": Rating(3, "Unproven"),
    "misleading": Rating(2, "Misleading"),
    "mostly-false": Rating(2, "Mostly false"),
    "outdated": Rating(2, "Outdated"),
    "false": Rating(1, "False"),
}


def _check(value: str, allowed: tuple[str, ...], what: str) -> str:
    normalised = value.strip().lower().replace("_", "-").replace(" ", "-")
    if normalised not in allowed:
        raise InvalidInput(f"'{value}' is not a {what}; use one of: {', '.join(allowed)}.")
    return normalised


def check_status(value: str) -> str:
    return _check(value, STATUSES, "claim status")


def check_verdict(value: str) -> str:
    return _check(value, VERDICTS, "verdict")


def check_stance(value: str) -> str:
    return _check(value, STANCES, "source stance")

#: The word before the date in a notice's dateline ("Corrected Dec. 3, 2010").
DATELINE_VERBS = {"correction": "Corrected", "clarification": "Clarified", "update": "Updated", "editors-note": "Edited"}
