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

from factcheck.text import segment

if TYPE_CHECKING:
    from factcheck.ledger import ClaimChange, Ledger
    from factcheck.models import Article, Revision

__all__ = ["follow_claims", "SYSTEM_USER"]

SYSTEM_USER = "factcheck"


def _location_map(changes: list[dict[str, Any]]) -> dict[tuple[str, int, int], dict[str, Any]]:
    """Old (role, paragraph, sentence) -> the change that consumed it."""
    out: dict[tuple[str, int, int], dict[str, Any]] = {}
    for change in changes:
        olds = change.get("old")
        for old in olds if isinstance(olds, list) else [olds] if olds else []:
            out[(old.get("role", "body"), old["paragraph"], old["sentence"])] = change
    return out


def follow_claims(
    ledger: "Ledger", article: "Article", previous: "Revision | None", revision: "Revision", by: str
) -> list["ClaimChange"]:
    if previous is None:
        return []
    claims = [c for c in ledger.claims_of(article) if c.current.anchor_revision_id == previous.id]
    if not claims:
        return []
    from factcheck.anchoring import Anchor
    from factcheck.diff import diff_documents
    from factcheck.vocabulary import JUDGED_STATUSES

    old_doc, new_doc = segment(previous.text), segment(revision.text)
    result = diff_documents(old_doc, new_doc, old_label=previous.label, new_label=revision.label)
    located = _location_map(result.to_json()["changes"])
    new_sentences = {(s.role, s.paragraph, s.index): s for s in new_doc.all_sentences}
    old_sentences = {s.start: s for s in old_doc.all_sentences}

    out: list[ClaimChange] = []
    for claim in claims:
        current = claim.current
        old_sentence = old_sentences.get(current.anchor_start or -1)
        if old_sentence is None:
            continue
        change = located.get((old_sentence.role, old_sentence.paragraph, old_sentence.index))
        kind = change["kind"] if change else "removed"
        if kind == "removed" or not change.get("new"):
            out.append(ledger._append(
                claim, SYSTEM_USER, f"The sentence left the story in {revision.label}.", None,
                status="withdrawn" if current.status != "corrected" else current.status,
                anchor=(None, None),
            ))
            continue
        new = change["new"]
        targets = new if isinstance(new, list) else [new]
        target = targets[0]
        sentence = new_sentences[(target.get("role", "body"), target["paragraph"], target["sentence"])]
        anchor = (revision, Anchor(sentence, 100.0))
        if kind in ("unchanged", "moved"):
            note = f"Unchanged in {revision.label}" + (" (moved)." if kind == "moved" else ".")
            out.append(ledger._append(claim, SYSTEM_USER, note, None, anchor=anchor))
            continue
        changes: dict[str, Any] = {"anchor": anchor, "text": " ".join(t["text"] for t in targets)}
        note = f"The sentence was edited in {revision.label}."
        if current.status in JUDGED_STATUSES:
            changes.update(status="in-review", verdict=None)
            note += f" It had the verdict '{current.verdict}': back to review."
        out.append(ledger._append(claim, SYSTEM_USER, note, None, **changes))
    return out
