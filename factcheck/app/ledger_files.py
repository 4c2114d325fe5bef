"""Import a ledger file: read it and the revision files it names, then store it.

The reading is here, with the sources' size and encoding checks
(:func:`factcheck.sources.files.read_input`); the store validates the document and
writes it in one transaction (:mod:`factcheck.store.ledger_file`), handed the texts
through :class:`RevisionFiles` rather than reaching for files itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factcheck.errors import InvalidInput
from factcheck.sources.files import read_input
from factcheck.store.ledger_file import import_document, parse_ledger
from factcheck.text.raw import RawInput

__all__ = ["RevisionFiles", "import_ledger_file", "load_ledger"]


class RevisionFiles:
    """The revision files beside a ledger: ``file:`` names, read relative to its folder
    and never outside it (a ledger from elsewhere must not read ``../../etc``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def __call__(self, name: str) -> RawInput:
        path = (self.folder / name).resolve()
        if not path.is_relative_to(self.folder):
            raise InvalidInput(
                f"'{name}' is outside the ledger's folder ({self.folder}); put the revision file next to the ledger "
                "and name it relative to it; fix the ledger file and import again."
            )
        return read_input(str(path))


def load_ledger(path: str) -> dict[str, Any]:
    """The ledger document in ``path`` (``-``: standard input): JSON for a ``.json``
    file, else YAML."""
    return parse_ledger(path, read_input(path).text)


def import_ledger_file(ledger: Any, path: str) -> str:
    """Import the ledger in ``path`` with the revision files beside it; the summary line."""
    document = load_ledger(path)
    return import_document(ledger, document, files=RevisionFiles(Path(path).resolve().parent), origin=path)
