"""The last pass over a drafted notice: punctuation put right where values meet.

Values come from the story with their own punctuation ("savings," at the end of a
quotation, "Ont." at the end of a name) and templates add theirs; where the two
meet a notice could read `savings,,"` or `."."`. Drafting avoids that in the
first place (:func:`factcheck.notices.facts.quoted` strips a value's edges); this
pass keeps a house template's join from printing it. Ellipses are kept.
"""

from __future__ import annotations

import re

__all__ = ["tidy"]

_RULES = [
    (re.compile(r"\s+([,.;:!?])"), r"\1"),  # "word ," -> "word,"
    (re.compile(r"([,;:])(?:\s*[,;:])+"), r"\1"),  # ",," ",;" -> ","
    (re.compile(r"[,;:]+(?=\.)"), ""),  # ",." -> "."
    (re.compile(r"(?<!\.)\.\.(?!\.)"), "."),  # ".." but not "..."
    (re.compile(r'\."\."'), '."'),  # '."."' -> '."'
    (re.compile(r'([.!?])"\s*\.'), r'\1"'),  # '!".' -> '!"'
    (re.compile(r",(?=[A-Za-z])"), ", "),  # "4,not" -> "4, not" ("40,000" keeps its comma)
    (re.compile(r"[ \t]{2,}"), " "),
]


def tidy(text: str) -> str:
    """``text`` with doubled and stray punctuation removed and spacing single."""
    out = text
    for pattern, replacement in _RULES:
        out = pattern.sub(replacement, out)
    return out.strip()
