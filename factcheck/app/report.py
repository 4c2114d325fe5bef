"""The standards desk's report (``factcheck report``): corrections published,
claims by verdict, articles with open findings, the most-corrected articles, since
a day. A read: no unit of work is opened."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.store.ledger import Ledger

__all__ = ["standards_report"]


def standards_report(ledger: "Ledger", since: date, *, limit: int = 10) -> dict[str, Any]:
    """The report's JSON payload for the period from ``since``, ``limit`` rows per ranked list."""
    from factcheck.store.report import standards_report as query

    return query(ledger, since, limit=limit)
