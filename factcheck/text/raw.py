"""Text as it arrives, before segmentation: the received article, the check that a
text can be stored and exported as it is (no control characters, valid Unicode), and
how messages name where it came from.

Shared by every source (files, pages, archives) and by the store, which refuses the
same things in claims and notices."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from factcheck.errors import InvalidInput

__all__ = ["RawInput", "check_text", "describe_origin"]


@dataclass(frozen=True)
class RawInput:
    """An article as received: its text, where it came from, its bytes, and for a
    page the byline and the record of how its body was extracted."""

    text: str
    origin: str
    raw: bytes
    byline: str | None = None
    extraction: dict[str, Any] | None = None


# NUL and other C0 controls (but tab and line breaks) and DEL: no article or claim
# contains them, PostgreSQL refuses NUL in text, and YAML refuses the rest.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_text(text: str, where: str) -> str:
    """``text`` if it can be stored and exported as it is; else a one-line refusal."""
    bad = _CONTROL.search(text)
    if bad:
        raise InvalidInput(
            f"{where} contains the control character U+{ord(bad.group()):04X}; remove it and try again."
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{where} contains an unpaired surrogate (broken Unicode); re-save it as UTF-8.") from None
    return text


def describe_origin(origin: str) -> str:
    """How messages name where a text came from: ``-`` is standard input."""
    return "standard input" if origin == "-" else origin
