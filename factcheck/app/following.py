"""Claims follow the article: re-anchoring every claim when a revision is added.

The diff alignment says what became of each anchored sentence:

* unchanged or moved: the claim keeps its text, status and verdict; a version
  records its new place in the new revision;
* edited (or moved and edited): a version takes the new sentence as its text and,
  if the claim had a verdict, sends it back to ``in-review`` with the reason;
* removed: a version records that the claim left the story (unanchored, status
  ``withdrawn``), so the history still says where it was.

Versions written here are signed ``factcheck`` so that editors can tell them from
their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from factcheck.text.segmentation import segment

if TYPE_CHECKING:
    from factcheck.store.ledger import ClaimChange, Ledger
    from factcheck.store.models import Article, Revision

__all__ = ["follow_claims", "SYSTEM_USER"]

SYSTEM_USER = "factcheck"


def _reworded(claim_text: str, change: Any) -> str:
    """The claim in the new wording: the sentence's word edits applied to the claim's
    own text when every replaced or deleted run appears in it ("Khadr was 22 ..."
    becomes "Khadr was 23 ..."), else the new sentence as it stands."""
    text = claim_text
    for op in change.edits:
        if op.op == "insert" or not op.old or text.count(op.old) != 1:
            return change.new_text
        text = text.replace(op.old, op.new)
    return " ".join(text.split())


def _has_anchored_claims(ledger: "Ledger", revision_id: int) -> bool:
    """Whether any claim version points at the revision: one indexed lookup, so the
    common case (an archive article with no claims) loads neither claims nor texts."""
    from sqlalchemy import select

    from factcheck.store.models import ClaimVersion

    query = select(ClaimVersion.id).where(ClaimVersion.anchor_revision_id == revision_id).limit(1)
    return ledger.session.scalar(query) is not None


def follow_claims(
    ledger: "Ledger", article: "Article", previous_id: int | None, revision: "Revision", by: str
) -> list["ClaimChange"]:
    if previous_id is None or not _has_anchored_claims(ledger, previous_id):
        return []
    from factcheck.store.models import Revision

    previous = ledger.session.get(Revision, previous_id)
    claims = [c for c in ledger.claims_of(article) if c.current.anchor_revision_id == previous.id]
    if not claims:
        return []
    from factcheck.analysis.anchoring import Anchor, best_anchor
    from factcheck.analysis.diff import diff_documents
    from factcheck.vocabulary import JUDGED_STATUSES

    old_doc, new_doc = segment(previous.text), segment(revision.text)
    result = diff_documents(old_doc, new_doc, old_label=previous.label, new_label=revision.label)
    # Which change consumed each old sentence (a merge consumes two).
    by_start = {sentence.start: change for change in result.changes for sentence in change.old}

    out: list[ClaimChange] = []
    for claim in claims:
        current = claim.current
        change = by_start.get(current.anchor_start if current.anchor_start is not None else -1)
        if change is None or not change.new:
            # The sentence was cut. If the story still states the claim elsewhere
            # (the seed's repeated lede: one copy removed, one kept), follow it there.
            elsewhere = best_anchor(new_doc, current.text)
            if elsewhere is not None:
                note = (f"Its sentence was removed in {revision.label}; the claim now rests on the sentence "
                        f"that states it there.")
                out.append(ledger._append(claim, SYSTEM_USER, note, None, anchor=(revision, elsewhere)))
            else:
                out.append(ledger._append(
                    claim, SYSTEM_USER, f"The sentence left the story in {revision.label}.", None,
                    status=current.status if current.status == "corrected" else "withdrawn",
                    anchor=(None, None),
                ))
            continue
        anchor = (revision, Anchor(change.new[0], 100.0))
        if change.kind in ("unchanged", "moved") or change.cosmetic:
            note = f"Unchanged in {revision.label}" + (" (moved)." if change.kind == "moved" else ".")
            out.append(ledger._append(claim, SYSTEM_USER, note, None, anchor=anchor))
            continue
        changes: dict[str, Any] = {"anchor": anchor, "text": _reworded(current.text, change)}
        note = f"The sentence was edited in {revision.label}."
        if current.status in JUDGED_STATUSES:
            changes.update(status="in-review", verdict=None)
            note += f" It had the verdict '{current.verdict}': back to review."
        out.append(ledger._append(claim, SYSTEM_USER, note, None, **changes))
    return out
