"""The ledger: the one object a command opens, composed of one part per concern.

One :class:`Ledger` serves one command: it opens the database (upgrading the
schema when behind) and every write runs in one transaction, so a failed command
leaves the database as it was. Methods raise :mod:`factcheck.errors` exceptions
whose messages the CLI prints as they are. The parts:

* :mod:`factcheck.store.unit_of_work`: engine, session, transactions, retry, locks;
* :mod:`factcheck.store.revisions`: articles and their revisions;
* :mod:`factcheck.store.claims`: claims as versioned records, their anchors and sources;
* :mod:`factcheck.store.findings`: what the checks found, and dismissals.

Claims and notices (:mod:`factcheck.store.notices`) change only by appending a
version, through the one protocol of :mod:`factcheck.store.versioning`.
"""

from __future__ import annotations

from factcheck.store.claims import Claims, ClaimChange, SourceSpec, as_of, set_anchor, verdict_on
from factcheck.store.engine import ensure_schema, make_engine
from factcheck.store.findings import Findings
from factcheck.store.revisions import (
    AddedRevision,
    PreparedRevision,
    Revisions,
    check_slug,
    label_taken,
    next_label,
    prepare_revision,
)
from factcheck.store.unit_of_work import LostRace, default_user

__all__ = [
    "Ledger", "SourceSpec", "AddedRevision", "ClaimChange", "PreparedRevision",
    "prepare_revision", "next_label", "label_taken", "check_slug", "default_user", "set_anchor", "LostRace",
    "as_of", "verdict_on",
]


class Ledger(Findings, Claims, Revisions):
    """Articles, revisions, claims and findings in one unit of work."""

    @classmethod
    def open(cls, url: str | None = None) -> "Ledger":
        engine = make_engine(url)
        ensure_schema(engine)
        return cls(engine)
