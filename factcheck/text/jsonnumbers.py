"""Reading JSON and YAML whose numbers may be absurdly long.

Python refuses to turn a string of more than 4,300 digits into an int (a guard
against quadratic-time conversion), and the ValueError it raises is neither a
JSON nor a YAML error: a 5,000-digit number in a ledger or an archive line was a
traceback, or stopped a whole import. No field factcheck reads needs more than a
few digits, so a number past :data:`MAX_DIGITS` is refused as what it is, before
any conversion.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["MAX_DIGITS", "NumberTooLong", "loads", "bounded_int"]

#: Longer than any sequence number, id, rating or year can be.
MAX_DIGITS = 30


class NumberTooLong(ValueError):
    "A number with more digits than any field can hold."

    def __init__(self, digits: int, line: int | None = None) -> None:
        self.digits, self.line = digits, line
        where = f" at line {line}" if line else ""
        super().__init__(f"a number{where} has {digits:,} digits, more than any field holds ({MAX_DIGITS} at most)")


def bounded_int(text: str) -> int:
    digits = len(text.lstrip("+-").replace("_", ""))
    if digits > MAX_DIGITS:
        raise NumberTooLong(digits)
    return int(text)


def loads(text: str | bytes) -> Any:
    """``json.loads`` that refuses over-long integers with :class:`NumberTooLong`
    (naming the line, for a multi-line document)."""
    try:
        return json.loads(text, parse_int=bounded_int)
    except NumberTooLong as error:
        if isinstance(text, bytes) or "\n" not in text.strip():
            raise
        import re

        found = re.search(rf"\d{{{MAX_DIGITS + 1},}}", text)
        raise NumberTooLong(error.digits, text.count("\n", 0, found.start()) + 1 if found else None) from None


def yaml_loader() -> Any:
    """PyYAML's SafeLoader with integers checked the same way (with their line)."""
    import yaml

    class BoundedLoader(yaml.SafeLoader):
        pass

    def construct_int(loader: Any, node: Any) -> Any:
        value = str(node.value).lstrip("+-").replace("_", "")
        if len(value) > MAX_DIGITS:
            raise NumberTooLong(len(value), node.start_mark.line + 1)
        return yaml.SafeLoader.construct_yaml_int(loader, node)

    BoundedLoader.add_constructor("tag:yaml.org,2002:int", construct_int)
    return BoundedLoader
