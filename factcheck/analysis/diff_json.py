"""Write a :class:`factcheck.analysis.diff.DiffResult` as the JSON of the contract in DESIGN.md.

``json.dumps(..., indent=2)`` runs the pure-Python encoder (the C one serves only
compact output) and first builds the whole document as nested dictionaries: on
a long article that was a third of the diff's time. Here the top level is
written by hand, one change or finding a line, each encoded by the C encoder
as it is reached; ``json.loads`` of the output equals ``result.to_json()``.
"""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from factcheck.analysis.diff_types import DiffResult

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
    _write_list(out, "changes", (change.to_json() for change in result.changes))
    out.write(",\n")
    _write_list(out, "findings", (finding.to_json() for finding in result.findings))
    out.write(f',\n  "summary": {_ENCODE(result.summary)}\n}}\n')


def _write_list(out: IO[str], key: str, items: Iterable[dict[str, Any]]) -> None:
    out.write(f'  "{key}": [')
    separator = "\n    "
    for item in items:
        out.write(separator)
        out.write(_ENCODE(item))
        separator = ",\n    "
    out.write("\n  ]" if separator != "\n    " else "]")
