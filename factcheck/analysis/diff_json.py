"""Write a :class:`factcheck.analysis.diff.DiffResult` as the JSON of the contract in DESIGN.md.

``json.dumps(..., indent=2)`` runs the pure-Python encoder (the C one serves only
compact output) and first builds the whole document as nested dictionaries: on
a long article that was a third of the diff's time. Here the top level is
written by hand, one change or finding a line, as it is reached. A change is
formatted directly from its fields (:func:`_change_line`): building its
dictionary and encoding that took 3.3 us a change, the formatting 1.4 us, and
changes are nearly all of the output. Findings, few and varied, go through the
C encoder. ``json.loads`` of the output equals ``result.to_json()``.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _string  # the C one; ensure_ascii=False
from typing import IO, TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from factcheck.analysis.diff_types import Change, DiffResult
    from factcheck.text.segmentation import Sentence

__all__ = ["write_json"]

# Compact separators after commas and colons as json.dumps writes them with an indent.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), default=str).encode


def write_json(result: "DiffResult", out: IO[str]) -> None:
    """``result`` as JSON on ``out``, an object per line inside each list."""
    from factcheck.text.gcpause import gc_paused

    with gc_paused():
        _write(result, out)


def _write(result: "DiffResult", out: IO[str]) -> None:
    payload = result.to_json_header()
    out.write("{\n")
    for key in ("from", "to"):
        out.write(f'  "{key}": {_ENCODE(payload[key])},\n')
    _write_list(out, "changes", (_change_line(change) for change in result.changes))
    out.write(",\n")
    _write_list(out, "findings", (_ENCODE(finding.to_json()) for finding in result.findings))
    out.write(f',\n  "summary": {_ENCODE(result.summary)}\n}}\n')


def _write_list(out: IO[str], key: str, lines: Iterable[str]) -> None:
    out.write(f'  "{key}": [')
    separator = "\n    "
    for line in lines:
        out.write(separator)
        out.write(line)
        separator = ",\n    "
    out.write("\n  ]" if separator != "\n    " else "]")


def _change_line(change: "Change") -> str:
    """``_ENCODE(change.to_json())``, formatted from the fields (the same keys in the same order)."""
    similarity = "null" if change.similarity is None else repr(change.similarity)
    edits = ", ".join(
        f'{{"op": "{op.op}", "old": {_string(op.old)}, "new": {_string(op.new)}}}' for op in change.ops if op.op != "equal"
    )
    return (
        f'{{"kind": "{change.kind}", "old": {_side(change.old)}, "new": {_side(change.new)}, '
        f'"similarity": {similarity}, "edits": [{edits}], "cosmetic": {"true" if change.cosmetic else "false"}}}'
    )


def _side(sentences: "tuple[Sentence, ...]") -> str:
    """``diff_types._side_json`` as JSON text."""
    if not sentences:
        return "null"
    first = sentences[0]
    role = "" if first.role == "body" else f'"role": {_string(first.role)}, '
    head = f'{{"paragraph": {first.paragraph}, "sentence": {first.index}, {role}'
    if len(sentences) > 1:
        text = " ".join(s.text for s in sentences)
        return f'{head}"text": {_string(text)}, "count": {len(sentences)}}}'
    return f'{head}"text": {_string(first.text)}}}'
