"""factcheck: follow an article through its revisions, keep its claims as versioned
records with sources and verdicts, diff revisions, flag inconsistencies and draft
correction notices.

Names are imported on first use, so that ``factcheck --help`` does not pay for the
text model (or anything heavier) it never runs.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["Document", "Finding", "Sentence", "Span", "segment", "__version__"]
__version__ = "0.1.0"

_LAZY = {
    "Document": "factcheck.text.segmentation",
    "Sentence": "factcheck.text.segmentation",
    "segment": "factcheck.text.segmentation",
    "Finding": "factcheck.analysis.findings",
    "Span": "factcheck.analysis.findings",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
