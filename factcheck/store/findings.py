"""Findings: what the automated checks found on a revision, stored once per
revision and key, and an editor's dismissal, which keeps a finding from being
raised again on any revision of the article.
"""

from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import select

from factcheck.errors import InvalidInput, NotFound
from factcheck.store import records
from factcheck.store.models import Revision
from factcheck.store.unit_of_work import UnitOfWork, default_user

__all__ = ["Findings"]


class Findings(UnitOfWork):
    """The ledger's findings (a part of :class:`~factcheck.store.ledger.Ledger`)."""

    def record_findings(self, revision: Revision, findings: Sequence[Any]) -> list[tuple[int, Any, str]]:
        """Store what the checks found on ``revision``; returns ``(id, finding, state)``.

        A finding an editor dismissed (same check, same text, any revision of the
        article) is not raised again; one already stored for this revision is reused,
        also when a racing ``check`` stored it a moment earlier.
        """
        if not findings:
            return []  # most revisions are clean: no query at all
        # Another check may store one of these first (one row per revision and key):
        # reading again reuses it.
        return self.retrying(
            lambda: self._record_findings(revision, findings),
            gave_up="other checks kept storing findings of this revision at the same time; run the command again.",
        )

    def _record_findings(self, revision: Revision, findings: Sequence[Any]) -> list[tuple[int, Any, str]]:
        from factcheck.store.models import Finding as FindingRow

        out: list[tuple[int, Any, str]] = []
        with self.transaction() as session:
            rows = list(session.scalars(select(FindingRow).where(FindingRow.article_id == revision.article_id)))
            dismissed = {r.key for r in rows if r.state == "dismissed"}
            here = {r.key: r for r in rows if r.revision_id == revision.id}
            for finding in findings:
                key = finding.key
                if key in dismissed:
                    continue
                row = here.get(key)
                if row is None:
                    row = FindingRow(revision_id=revision.id, article_id=revision.article_id, **finding.columns())
                    session.add(row)
                    session.flush()
                    here[key] = row
                out.append((row.id, finding, row.state))
        return out

    def dismiss_finding(self, finding_id: int, *, note: str, by: str | None = None) -> Any:
        from factcheck.store.models import Finding as FindingRow
        from factcheck.store.models import utcnow

        with self.transaction() as session:
            row = session.get(FindingRow, finding_id)
            if row is None:
                raise NotFound(f"no finding {finding_id}; run factcheck check ARTICLE to list findings with their ids.")
            if row.state == "dismissed":
                raise InvalidInput(
                    f"finding {finding_id} was already dismissed by {row.decided_by} at {records.when(row.decided_at)}."
                )
            row.state, row.note, row.decided_by, row.decided_at = "dismissed", note, by or default_user(), utcnow()
            return row
