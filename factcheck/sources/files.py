"""Reading article input: files and standard input, refused early when unusable.

Every refusal is an :class:`~factcheck.errors.InvalidInput` whose message names
the file, the problem and what to do.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import InvalidInput

__all__ = ["MAX_INPUT_BYTES", "RawInput", "read_bytes", "read_input", "decode_text"]

#: Largest input accepted: ten times the longest feature (~80,000 words) a
#: newsroom publishes. Anything bigger is a wrong file, not an article.
MAX_INPUT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class RawInput:
    text: str
    origin: str
    raw: bytes


def _describe(origin: str) -> str:
    return "standard input" if origin == "-" else origin


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


def _too_large(where: str, size: int, exact: bool = True) -> InvalidInput:
    # Standard input is read only to one byte past the limit: its real size is unknown.
    amount = f"{size / 1048576:.1f} MB, over" if exact else "over"
    return InvalidInput(
        f"{where} is {amount} the {MAX_INPUT_BYTES // 1048576} MB limit for one article; "
        "pass the article text, not an archive or binary file."
    )


def decode_text(data: bytes, origin: str) -> str:
    """Decode article bytes as UTF-8 text, refusing binary, empty and oversize input."""
    where = _describe(origin)
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(where, len(data), exact=origin != "-")
    if b"\x00" in data[:8192]:
        raise InvalidInput(f"{where} looks binary (it contains NUL bytes); pass a plain-text or HTML article.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"{where} is not valid UTF-8 (byte {error.start}); re-save it as UTF-8, "
            "e.g. iconv -f latin1 -t utf-8."
        ) from None
    if not text.strip():
        raise InvalidInput(f"{where} is empty; pass a file that holds the article text.")
    return text


def read_bytes(path: str) -> bytes:
    """A file's bytes (standard input when ``path`` is ``-``), at most one byte
    over the limit so that :func:`decode_text` can refuse oversize input."""
    if path == "-":
        return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    file = Path(path)
    if not file.exists():
        raise InvalidInput(f"{path} does not exist; check the path.")
    if file.is_dir():
        raise InvalidInput(f"{path} is a directory; pass an article file.")
    size = file.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise _too_large(path, size)  # before reading: the message gives the real size
    try:
        with file.open("rb") as handle:
            return handle.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror}; check its permissions.") from None


def read_input(path: str) -> RawInput:
    """Read a text file, or standard input when ``path`` is ``-``."""
    data = read_bytes(path)
    return RawInput(decode_text(data, path), path, data)
