"""The rules of a claim's workflow, as pure functions: no storage, no clock.

A claim goes ``unverified`` -> ``in-review`` -> ``checked`` (with a verdict), and
may be ``withdrawn`` or ``corrected``:

* a verdict is given when the claim is checked: giving one moves the claim to
  ``checked``; moving back to ``unverified`` or ``in-review`` clears it; a checked
  claim needs one;
* a verdict needs the source it rests on;
* every status change says why (the note is the audit trail);
* a withdrawn claim is reopened before its wording changes, and new wording of a
  judged claim sends it back to review: the verdict was of other words.

The use cases (:mod:`factcheck.app.claims`) apply them; the store keeps the versions.
"""

from __future__ import annotations

from typing import Any

from factcheck.errors import InvalidInput
from factcheck.vocabulary import JUDGED_STATUSES, check_status, check_verdict

__all__ = [
    "claim_text", "next_state", "new_claim_state", "require_reason", "status_change", "rewording",
    "verdict_without_source",
]


def claim_text(text: str) -> str:
    """The claim's wording with its spacing folded; refused when empty or a passage."""
    from factcheck.text.raw import check_text

    cleaned = " ".join(check_text(text, "the claim").split())
    if not cleaned:
        raise InvalidInput("a claim needs text; pass the claim as the sentence the article states.")
    if len(cleaned) > 2000:
        raise InvalidInput("a claim is one statement, not a passage; keep it under 2,000 characters.")
    return cleaned


def next_state(
    status: str | None, verdict: str | None, new_status: str | None, new_verdict: str | None
) -> tuple[str, str | None]:
    """The status and verdict after a change, refusing combinations that make no sense."""
    target = check_status(new_status) if new_status else None
    chosen = check_verdict(new_verdict) if new_verdict else None
    if target is None:
        target = "checked" if chosen and status not in JUDGED_STATUSES else (status or "unverified")
    if target in ("unverified", "in-review"):
        if chosen:
            raise InvalidInput(f"a verdict is set when a claim is checked, not while it is {target}; use --status checked.")
        return target, None
    final = chosen or verdict
    if target == "checked" and final is None:
        raise InvalidInput("a checked claim needs a verdict; add --verdict (true, mostly-true, mixture, mostly-false, false, misleading, unproven, outdated).")
    return target, final


def verdict_without_source(claim_id: int | None) -> InvalidInput:
    if claim_id is None:
        return InvalidInput("a verdict needs the source it rests on; add --source URL_OR_CITATION with --verdict.")
    return InvalidInput(
        f"claim {claim_id} has no source, and a verdict needs the source it rests on; attach one first with "
        f"factcheck claim source {claim_id} URL_OR_CITATION."
    )


def new_claim_state(status: str | None, verdict: str | None, *, has_sources: bool) -> tuple[str, str | None]:
    """The status and verdict a new claim starts with."""
    status, verdict = next_state(None, None, status, verdict)
    if verdict and not has_sources:
        raise verdict_without_source(None)
    return status, verdict


def require_reason(note: str | None) -> None:
    if not note or not note.strip():
        raise InvalidInput("say why with --note \"...\": the note is the audit trail for the status change.")


def status_change(
    claim_id: int, status: str | None, verdict: str | None, has_sources: bool,
    new_status: str | None, new_verdict: str | None,
) -> tuple[str, str | None]:
    """The status and verdict after an editor's change to a claim now at ``status``."""
    target = next_state(status, verdict, new_status, new_verdict)
    if new_verdict and status == "unverified" and not has_sources:
        raise verdict_without_source(claim_id)
    return target


def rewording(claim_id: int, status: str, text: str, new_text: str, note: str | None) -> tuple[dict[str, Any], str | None]:
    """The changes (and the note) that new wording makes to a claim now reading ``text``."""
    if status == "withdrawn":
        raise InvalidInput(
            f"claim {claim_id} is withdrawn (its sentence left the story); reopen it first with factcheck claim "
            f"status {claim_id} in-review --note \"...\", or record the new wording with factcheck add-claim."
        )
    if new_text == text:
        raise InvalidInput(f"claim {claim_id} already reads exactly that; nothing to change.")
    changes: dict[str, Any] = {"text": new_text}
    if status in JUDGED_STATUSES:
        changes.update(status="in-review", verdict=None)
        note = note or "Text changed after the claim was checked; back to review."
    return changes, note
