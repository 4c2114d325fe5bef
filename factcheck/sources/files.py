"""Reading article input: files and standard input, refused early when unusable.

Every refusal is an :class:`~factcheck.errors.InvalidInput` whose message names
the file, the problem and what to do.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.errors import InvalidInput
from factcheck.text.raw import RawInput

__all__ = ["MAX_INPUT_BYTES", "read_bytes", "read_input", "decode_text"]

#: Largest input accepted: ten times the longest feature (~80,000 words) a
#: newsroom publishes. Anything bigger is a wrong file, not an article.
MAX_INPUT_BYTES = 5 * 1024 * 1024


def _describe(origin: str) -> str:
    return "standard input" if origin == "-" else origin


