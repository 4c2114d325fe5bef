"""Reading article input: files and standard input, refused early when unusable.

Every refusal is an :class:`~factcheck.errors.InvalidInput` whose message names
the file, the problem and what to do.
"""

from __future__ import annotations

import sys
from pathlib import Path

from factcheck.errors import InvalidInput
from factcheck.text.raw import RawInput, describe_origin

__all__ = ["MAX_INPUT_BYTES", "bom_encoding", "read_bytes", "read_input", "decode_text"]

#: Largest input accepted: ten times the longest feature (~80,000 words) a
#: newsroom publishes. Anything bigger is a wrong file, not an article.
MAX_INPUT_BYTES = 5 * 1024 * 1024


def _too_large(where: str, size: int, exact: bool = True) -> InvalidInput:
    # Standard input is read only to one byte past the limit: its real size is unknown.
    amount = f"{size / 1048576:.1f} MB, over" if exact else "over"
    return InvalidInput(
        f"{where} is {amount} the {MAX_INPUT_BYTES // 1048576} MB limit for one article; "
        "pass the article text, not an archive or binary file."
    )


def bom_encoding(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 encoding a byte-order mark announces, else None
    (UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's)."""
    import codecs

    for mark, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                           (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(mark):
            return encoding
    return None


def decode_text(data: bytes, origin: str) -> str:
    """Decode article bytes as UTF-8 text, refusing binary, empty and oversize input."""
    where = describe_origin(origin)
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(where, len(data), exact=origin != "-")
    encoding = bom_encoding(data)
    if encoding is None and b"\x00" in data[:8192]:
        raise InvalidInput(f"{where} looks binary (it contains NUL bytes); pass a plain-text or HTML article.")
    if encoding is not None:
        # Word and Notepad save "Unicode" text as UTF-16 with a byte-order mark;
        # its NUL bytes are half-characters, not binary.
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise InvalidInput(f"{where} starts with a {encoding.upper()} byte-order mark but is not valid "
                               f"{encoding.upper()} (byte {error.start}); re-save it as UTF-8.") from None
        if not text.strip():
            raise InvalidInput(f"{where} is empty; pass a file that holds the article text.")
        return text
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
