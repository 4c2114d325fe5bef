"""The engine's answer in the generator's terms, for the gold tests and the accuracy bench."""

from __future__ import annotations

from factcheck.analysis.diff import diff_documents
from factcheck.text.segmentation import segment


def aligned(old_text: str, new_text: str) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    """The engine's body alignment as (kind, old sentence numbers, new sentence numbers), sorted."""
    old, new = segment(old_text), segment(new_text)
    old_number = {(s.paragraph, s.index): k for k, s in enumerate(old.sentences)}
    new_number = {(s.paragraph, s.index): k for k, s in enumerate(new.sentences)}
    out = []
    for change in diff_documents(old, new).changes:
        if change.role != "body":
            continue
        out.append((
            change.kind,
            tuple(old_number[(s.paragraph, s.index)] for s in change.old),
            tuple(new_number[(s.paragraph, s.index)] for s in change.new),
        ))
    return sorted(out)
