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

__all__ = ["MAX_OUTPUT", "Templates", "TEMPLATE_NAMES", "ap_date", "join_and"]

#: Longest text one template may render: a notice is a paragraph, a block a few
#: dozen of them. A template that loops itself into megabytes is stopped here.
MAX_OUTPUT = 200_000
#: Largest exponent ``**`` may take in a template (``10 ** 10 ** 10`` would run
#: for hours building one integer).
_MAX_EXPONENT = 64

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


class _TooLong(Exception):
    "Rendering went past MAX_OUTPUT characters."


def _current_line(template: Any, output: Any) -> int | None:
    """The template line a suspended rendering generator is at (innermost ``yield from``)."""
    try:
        while getattr(output, "gi_yieldfrom", None) is not None:
            output = output.gi_yieldfrom
        frame = output.gi_frame
        return template.get_corresponding_lineno(frame.f_lineno) if frame is not None else None
    except Exception:  # noqa: BLE001 - only a nicer message depends on it
        return None


def _environment(**options: Any) -> Any:
    """The sandbox, with ``*`` and ``**`` checked before they run: the sandbox
    limits ``range`` (to 100,000 items) but not ``"x" * 4000000000``."""
    from jinja2.sandbox import SandboxedEnvironment

    class HouseEnvironment(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for items, times in ((left, right), (right, left)):
                    if isinstance(items, (str, list, tuple)) and isinstance(times, int) and \
                            len(items) * times > MAX_OUTPUT:
                        raise OverflowError(f"repeating {len(items):,} items {times:,} times is over the "
                                            f"{MAX_OUTPUT:,} limit")
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > _MAX_EXPONENT and \
                    isinstance(left, (int, float)) and abs(left) > 1:
                raise OverflowError(f"the exponent {right} is over the limit of {_MAX_EXPONENT}")
            return super().call_binop(context, operator, left, right)

    return HouseEnvironment(**options)


class Templates:
    """The loaded templates; ``render(name, **values)`` gives stripped text."""

    def __init__(self, directory: str | Path | None = None) -> None:
        from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined, TemplateSyntaxError

        loaders: list[Any] = []
        self.directory = Path(directory) if directory else None
        if self.directory is not None:
            if self.directory.is_file():
                raise InvalidInput(f"templates directory {self.directory} is a file, not a directory; pass the "
                                   "directory that holds the .j2 files.")
            if not self.directory.is_dir():
                raise InvalidInput(f"templates directory {self.directory} does not exist; pass a directory of .j2 files.")
            loaders.append(FileSystemLoader(str(self.directory)))
        loaders.append(PackageLoader("factcheck.notices", "templates"))
        self.env = _environment(
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
            except UnicodeDecodeError as error:
                raise InvalidInput(
                    f"template {self._path(name)} is not a UTF-8 text file (byte {error.start}); re-save it as "
                    "UTF-8, or remove it to use the default."
                ) from None
            except OSError as error:
                raise InvalidInput(
                    f"template {self._path(name)} cannot be read ({error.strerror or error}); check its "
                    "permissions, or remove it to use the default."
                ) from None
            except (RecursionError, MemoryError, OverflowError) as error:
                raise InvalidInput(
                    f"template {self._path(name)}: {self._said(error)}; fix the template, or remove it to use "
                    "the default."
                ) from None

    def _path(self, name: str) -> str:
        if self.directory is not None and (self.directory / name).is_file():
            return str(self.directory / name)
        return f"factcheck/notices/templates/{name}"

    @staticmethod
    def _said(error: BaseException) -> str:
        if isinstance(error, RecursionError):
            return "it calls itself without end (a macro or include that recurses)"
        if isinstance(error, MemoryError):
            return "it needs more memory than there is (a huge repetition or loop)"
        if isinstance(error, _TooLong):
            return f"its output is over the {MAX_OUTPUT:,} character limit for a notice (a runaway loop?)"
        said = _one_line(str(error))
        if isinstance(error, OverflowError):
            return f"a value is too large ({said})"
        from jinja2 import TemplateError

        if isinstance(error, TemplateError):
            return said
        return f"{type(error).__name__}: {said}" if said != "error" else type(error).__name__

    def render(self, name: str, **values: Any) -> str:
        template = self._templates[name]
        line: int | None = None
        try:
            parts: list[str] = []
            size = 0
            output = template.generate(**values)
            for part in output:
                size += len(part)
                if size > MAX_OUTPUT:
                    line = _current_line(template, output)
                    raise _TooLong
                parts.append(part)
            return "".join(parts).strip()
        except Exception as error:  # noqa: BLE001 - any failure of a house template is the template's
            # (TemplateError, OverflowError from the sandbox's range limit or ours,
            # RecursionError, MemoryError, a filter given the wrong value ...).
            # Jinja rewrites tracebacks so template frames carry the file and line.
            try:
                frames = traceback.extract_tb(error.__traceback__)
            except RecursionError:
                frames = []
            line = line or next((f.lineno for f in reversed(frames) if f.filename.endswith(name)), None)
            at = f", line {line}" if line else ""
            raise InvalidInput(
                f"template {self._path(name)}{at}: {self._said(error)}; fix the template, or remove it to use "
                "the default."
            ) from None
