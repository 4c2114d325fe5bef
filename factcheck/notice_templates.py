"""House style for notices: Jinja2 templates a newsroom can override file by file.

Why Jinja2: it is already a dependency (no new package to vet), its sandbox
(:class:`jinja2.sandbox.SandboxedEnvironment`) keeps a template file from calling
into Python, so a desk can be trusted with the template directory without being
trusted with the code, and its syntax (``{{ errors | join_and }}``) is the one
CMS templates already use, so newsroom developers can edit it. ``StrictUndefined``
turns a misspelt variable into an error instead of a silent blank in print.

Lookup: ``--templates DIR``, else ``[notices] templates`` in the configuration,
then the defaults in :mod:`factcheck.templates`; a directory that overrides only
``correction.j2`` keeps the other defaults. Every template is loaded when a
:class:`Templates` is made, so a broken one is reported (file and line) before
anything is drafted or stored.
"""

from __future__ import annotations

import traceback
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from factcheck.errors import InvalidInput

__all__ = ["Templates", "TEMPLATE_NAMES", "ap_date", "join_and"]

TEMPLATE_NAMES = (
    "correction.j2",
    "clarification.j2",
    "update.j2",
    "editors-note.j2",
    "dateline.j2",
    "block.md.j2",
    "block.html.j2",
)

# AP style: these months are abbreviated with a date, the others spelled out.
_AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


def ap_date(value: date | str | None) -> str:
    """``2010-12-03`` -> ``Dec. 3, 2010``."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{_AP_MONTHS[value.month - 1]} {value.day}, {value.year}"


def md_escape(value: Any) -> str:
    """Text safe inside Markdown: characters that would start markup are escaped."""
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in str(value))


def join_and(items: Iterable[Any]) -> str:
    """"a", "a and b", "a, b and c" (AP style: no serial comma)."""
    words = [str(i) for i in items if i]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _one_line(message: str | None) -> str:
    return " ".join((message or "error").split()).rstrip(".")


class Templates:
    """The loaded templates; ``render(name, **values)`` gives stripped text."""

    def __init__(self, directory: str | Path | None = None) -> None:
        from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined, TemplateSyntaxError
        from jinja2.sandbox import SandboxedEnvironment

        loaders: list[Any] = []
        self.directory = Path(directory) if directory else None
        if self.directory is not None:
            if not self.directory.is_dir():
                raise InvalidInput(f"templates directory {self.directory} does not exist; pass a directory of .j2 files.")
            loaders.append(FileSystemLoader(str(self.directory)))
        loaders.append(PackageLoader("factcheck", "templates"))
        self.env = SandboxedEnvironment(
            loader=ChoiceLoader(loaders), undefined=StrictUndefined, autoescape=False,
            trim_blocks=True, lstrip_blocks=True,
        )
        self.env.filters["join_and"] = join_and
        self.env.filters["ap_date"] = ap_date
        self.env.filters["md"] = md_escape
        self._templates: dict[str, Any] = {}
        for name in TEMPLATE_NAMES:
            try:
                self._templates[name] = self.env.get_template(name)
            except TemplateSyntaxError as error:
                where = error.filename or self._path(name)
                raise InvalidInput(
                    f"template {where}, line {error.lineno}: {_one_line(error.message)}; fix it or remove it to use the default."
                ) from None

    def _path(self, name: str) -> str:
        if self.directory is not None and (self.directory / name).is_file():
            return str(self.directory / name)
        return f"factcheck/templates/{name}"

    def render(self, name: str, **values: Any) -> str:
        from jinja2 import TemplateError

        try:
            return self._templates[name].render(**values).strip()
        except TemplateError as error:
            # Jinja rewrites tracebacks so template frames carry the file and line.
            line = next(
                (f.lineno for f in reversed(traceback.extract_tb(error.__traceback__)) if f.filename.endswith(name)),
                None,
            )
            at = f", line {line}" if line else ""
            raise InvalidInput(
                f"template {self._path(name)}{at}: {_one_line(str(error))}; fix it or remove it to use the default."
            ) from None
