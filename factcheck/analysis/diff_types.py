"""The diff's types: what changed between two revisions, as values.

:class:`DiffResult` holds the sentence changes with their word edits and the typed
findings; :meth:`DiffResult.to_json` is the contract in DESIGN.md that other tools read.
The engine that computes them is :mod:`factcheck.analysis.diff`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from factcheck.analysis.findings import Finding
from factcheck.text.segmentation import Sentence

__all__ = ["ClaimRef", "Change", "DiffResult", "WordOp", "KINDS", "EDITED_KINDS"]

#: Every change kind, in the order the summary lists them.
KINDS = ("unchanged", "edited", "moved", "moved-edited", "added", "removed", "split", "merge")
#: The kinds whose sentences were reworded (and so carry word edits).
EDITED_KINDS = ("edited", "moved-edited", "split", "merge")
# Headline and section label first, as the reader sees them; captions after the body.


@dataclass(frozen=True)
class ClaimRef:
    """A claim as the ledger holds it, anchored to a sentence of the OLD revision."""

    id: int
    version: int
    text: str
    status: str
    verdict: str | None
    paragraph: int
    sentence: int


@dataclass(frozen=True, slots=True)
class WordOp:
    """One run of words: ``equal``, ``replace``, ``insert`` or ``delete``.

    ``old``/``new`` are the words as written (original spacing inside the run);
    ``space`` is the white space that followed the run, for inline rendering.
    """

    op: str
    old: str
    new: str
    space: str = " "

    def to_json(self) -> dict[str, str]:
        return {"op": self.op, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class Change:
    """One alignment unit: a sentence (or two, for a split or merge) on each side."""

    kind: str
    old: tuple[Sentence, ...]
    new: tuple[Sentence, ...]
    similarity: float | None
    ops: tuple[WordOp, ...] = ()
    cosmetic: bool = False

    @property
    def edits(self) -> list[WordOp]:
        return [op for op in self.ops if op.op != "equal"]

    @property
    def old_text(self) -> str:
        return " ".join(s.text for s in self.old)

    @property
    def new_text(self) -> str:
        return " ".join(s.text for s in self.new)

    @property
    def role(self) -> str:
        return (self.new or self.old)[0].role

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "old": _side_json(self.old),
            "new": _side_json(self.new),
            "similarity": self.similarity,
            "edits": [op.to_json() for op in self.edits],
            "cosmetic": self.cosmetic,
        }


def _side_json(sentences: tuple[Sentence, ...]) -> dict[str, Any] | None:
    """``{"paragraph", "sentence", "text"}`` of the first sentence; a split or merge
    side covering two adjacent sentences says so with ``"count": 2``."""
    if not sentences:
        return None
    first = sentences[0]
    out: dict[str, Any] = {"paragraph": first.paragraph, "sentence": first.index}
    if first.role != "body":
        out["role"] = first.role
    if len(sentences) > 1:
        out["text"] = " ".join(s.text for s in sentences)
        out["count"] = len(sentences)
    else:
        out["text"] = first.text
    return out


@dataclass
class DiffResult:
    old_label: str
    new_label: str
    article: str | None
    changes: list[Change]
    findings: list[Finding] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for change in self.changes:
            counts[change.kind] += 1
        return counts

    @property
    def is_identical(self) -> bool:
        return all(change.kind == "unchanged" for change in self.changes)

    def without_cosmetic(self) -> "DiffResult":
        """The same result with cosmetic edits hidden (``--ignore-cosmetic``)."""
        kept = [c for c in self.changes if not c.cosmetic]
        return DiffResult(self.old_label, self.new_label, self.article, kept, list(self.findings))

    def to_json_header(self) -> dict[str, Any]:
        """The two revisions compared: the "from" and "to" of :meth:`to_json`."""
        return {
            "from": {"article": self.article, "label": self.old_label},
            "to": {"article": self.article, "label": self.new_label},
        }

    def to_json(self) -> dict[str, Any]:
        """The whole result as one value; :func:`factcheck.analysis.diff_json.write_json`
        writes the same JSON without building it first."""
        return {
            **self.to_json_header(),
            "changes": [change.to_json() for change in self.changes],
            "findings": [finding.to_json() for finding in self.findings],
            "summary": self.summary,
        }
