"""What changed between two revisions: sentence changes, word edits and typed findings.

:func:`diff_documents` aligns the two documents (:mod:`factcheck.analysis.align`), one role
at a time so that a headline never pairs with a body sentence, computes word-level
operations for every edited pair, labels cosmetic edits, and interprets the result
as findings (:mod:`factcheck.analysis.edit_findings`). :meth:`DiffResult.to_json` is the
contract in DESIGN.md that other tools read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from rapidfuzz.distance import Indel, Levenshtein

from factcheck.analysis.align import align
from factcheck.text.entities import extract
from factcheck.analysis.findings import Finding
from factcheck.text.segmentation import Document, Sentence, fingerprint

__all__ = ["ClaimRef", "Change", "DiffResult", "WordOp", "KINDS", "diff_documents"]

#: Every change kind, in the order the summary lists them.
KINDS = ("unchanged", "edited", "moved", "moved-edited", "added", "removed", "split", "merge")
# Headline and section label first, as the reader sees them; captions after the body.
_ROLE_ORDER = ("section", "headline", "body", "caption", "credit")


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
    out["text"] = " ".join(s.text for s in sentences)
    if len(sentences) > 1:
        out["count"] = len(sentences)
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

    def to_json(self) -> dict[str, Any]:
        return {
            "from": {"article": self.article, "label": self.old_label},
            "to": {"article": self.article, "label": self.new_label},
            "changes": [change.to_json() for change in self.changes],
            "findings": [finding.to_json() for finding in self.findings],
            "summary": self.summary,
        }


def diff_documents(
    old: Document,
    new: Document,
    *,
    old_label: str = "old",
    new_label: str = "new",
    article: str | None = None,
    claims: Sequence[ClaimRef] = (),
) -> DiffResult:
    """Compare two segmented revisions; see the module docstring."""
    from factcheck.analysis.edit_findings import interpret

    changes: list[Change] = []
    # Sentences grouped by role in one pass over each side, not one per role.
    old_by_role, new_by_role = _by_role(old), _by_role(new)
    for role in _roles(old, new):
        old_sentences = old_by_role.get(role, [])
        new_sentences = new_by_role.get(role, [])
        links = align(
            [s.text for s in old_sentences],
            [s.text for s in new_sentences],
            [s.paragraph for s in old_sentences],
            [s.paragraph for s in new_sentences],
        )
        for link in links:
            before = tuple(old_sentences[i] for i in link.old)
            after = tuple(new_sentences[j] for j in link.new)
            changes.append(_change(link.kind, before, after, link.similarity))
    result = DiffResult(old_label, new_label, article, changes)
    result.findings = interpret(result, old, new, claims)
    return result


def _by_role(document: Document) -> dict[str, list[Sentence]]:
    out: dict[str, list[Sentence]] = {}
    for block in document.blocks:
        out.setdefault(block.role, []).extend(block.sentences)
    return out


def _roles(old: Document, new: Document) -> list[str]:
    present = {b.role for b in old.blocks} | {b.role for b in new.blocks}
    return [r for r in _ROLE_ORDER if r in present] + sorted(present - set(_ROLE_ORDER))


def _change(kind: str, old: tuple[Sentence, ...], new: tuple[Sentence, ...], similarity: float | None) -> Change:
    if not old or not new or kind in ("unchanged", "moved"):
        return Change(kind, old, new, similarity)
    old_text = " ".join(s.text for s in old)
    new_text = " ".join(s.text for s in new)
    ops = tuple(word_ops(old_text, new_text))
    return Change(kind, old, new, similarity, ops, is_cosmetic(old_text, new_text, ops))


# --------------------------------------------------------------------------- word level

# Words keep inner punctuation ("1,200", "U.S", "15-year-old", "Khadr's"); other
# punctuation is a token of its own so that an added comma is not a changed word.
_TOKEN = re.compile(r"\w+(?:[-'\u2019.,/:]\w+)*|[^\w\s]")


def _tokens(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    words, spans = [], []
    for match in _TOKEN.finditer(text):
        words.append(match.group(0))
        spans.append(match.span())
    return words, spans


def word_ops(old: str, new: str) -> list[WordOp]:
    """Runs of equal and changed words between two sentences (Indel on token lists)."""
    old_words, old_spans = _tokens(old)
    new_words, new_spans = _tokens(new)

    def piece(text: str, spans: list[tuple[int, int]], start: int, end: int) -> tuple[str, str]:
        if start == end:
            return "", ""
        stop = spans[end][0] if end < len(spans) else len(text)
        return text[spans[start][0] : spans[end - 1][1]], text[spans[end - 1][1] : stop]

    out: list[WordOp] = []
    # Indel has no substitutions: adjacent delete/insert runs merge into one replace.
    pending: list[int] = []  # [old_start, old_end, new_start, new_end]
    for opcode in Indel.opcodes(old_words, new_words):
        if opcode.tag != "equal":
            if pending:
                pending[1], pending[3] = opcode.src_end, opcode.dest_end
            else:
                pending = [opcode.src_start, opcode.src_end, opcode.dest_start, opcode.dest_end]
            continue
        if pending:
            out.append(_changed_run(old, new, old_spans, new_spans, pending, piece))
            pending = []
        text, space = piece(new, new_spans, opcode.dest_start, opcode.dest_end)
        out.append(WordOp("equal", text, text, space))
    if pending:
        out.append(_changed_run(old, new, old_spans, new_spans, pending, piece))
    return out


def _changed_run(old: str, new: str, old_spans: list, new_spans: list, run: list[int], piece: Any) -> WordOp:
    old_text, old_space = piece(old, old_spans, run[0], run[1])
    new_text, new_space = piece(new, new_spans, run[2], run[3])
    if old_text and new_text:
        return WordOp("replace", old_text, new_text, new_space)
    if old_text:
        return WordOp("delete", old_text, "", old_space)
    return WordOp("insert", "", new_text, new_space)


# --------------------------------------------------------------------------- cosmetic

_HAS_DIGIT = re.compile(r"\d")
_QUOTE_MARKS = set("\"'\u2018\u2019\u201c\u201d\u00ab\u00bb")


def is_cosmetic(old: str, new: str, ops: Sequence[WordOp]) -> bool:
    """True when the edit changes nothing a reader could take as a different fact.

    Either the texts differ only in quotes, spacing or case, or every change is a
    small spelling fix or punctuation outside quotation marks, and the numbers,
    dates, names and quotations of the sentence are all the same.
    """
    if fingerprint(old) == fingerprint(new):
        return True
    for op in ops:
        if op.op == "equal":
            continue
        if not (_is_punctuation_fix(op) or _is_typo_fix(op)):
            return False
    old_entities, new_entities = extract(old), extract(new)
    return all(
        sorted(e.key for e in old_entities[kind]) == sorted(e.key for e in new_entities[kind])
        for kind in old_entities
    )


def _is_punctuation_fix(op: WordOp) -> bool:
    changed = (op.old + op.new).replace(" ", "")
    return bool(changed) and not any(ch.isalnum() or ch in _QUOTE_MARKS for ch in changed)


def _is_typo_fix(op: WordOp) -> bool:
    if op.op != "replace" or " " in op.old or " " in op.new:
        return False
    if _HAS_DIGIT.search(op.old + op.new) or len(op.old) < 3:
        return False
    if op.old[:1].isupper() or op.new[:1].isupper():
        return False  # a name, possibly misspelt: that is not cosmetic
    return Levenshtein.distance(op.old.lower(), op.new.lower(), score_cutoff=2) <= 2
