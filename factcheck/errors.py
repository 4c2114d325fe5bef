"""Errors a user can cause. The CLI prints ``str(error)`` on one line and exits 1.

Each message says what was wrong and what to do about it.
"""

from __future__ import annotations

__all__ = [
    "FactcheckError",
    "NotFound",
    "InvalidInput",
    "Conflict",
    "DatabaseUnavailable",
    "Interrupted",
    "located",
]


class FactcheckError(Exception):
    "Base class of the errors a user can cause and fix."

    exit_code = 1


class NotFound(FactcheckError):
    "An article, revision, claim, finding or notice that does not exist."


class InvalidInput(FactcheckError):
    "A file, value or import document that cannot be used as given."

    exit_code = 2


class Conflict(FactcheckError):
    "Someone else changed the record since the version the editor saw."


class DatabaseUnavailable(FactcheckError):
    "The database URL cannot be opened."


class Interrupted(FactcheckError):
    """Ctrl-C: what was finished is kept; the message says how to finish the rest."""

    exit_code = 130  # the shell's code for a command ended by SIGINT


def located(origin: str, error: Exception) -> str:
    """``error``'s message prefixed with where it happened, unless it already says."""
    message = str(error)
    return message if message.startswith(origin) else f"{origin}: {message}"
