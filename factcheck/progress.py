"""Progress of long work (an archive import, a watch round over many pages) on stderr.

On a terminal it is click's progress bar: click is already the CLI's toolkit, and
its bar does what these commands need (a length, a label, an ETA) without adding
rich or tqdm. Anywhere else (cron, a pipe, a CI log) a bar is noise, so it is one
line per batch instead::

    importing: 2.1 MB of 8.4 MB (25%); 400 stored, 12 already stored, 3 problems

and, inside a long batch, a line whenever :data:`QUIET_SECONDS` have passed
without one: a 181-page import that prepared its first batch in silence for 30
seconds looked hung. Short work stays quiet: a first batch that finishes
quickly prints no line (a one-batch job then shows only its summary).

JSON output goes to stdout; progress never does.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any, Callable, Iterable, Iterator, TypeVar

__all__ = ["Progress", "QUIET_SECONDS", "megabytes"]

T = TypeVar("T")

#: Longest silence in line mode before a line says where the work is.
QUIET_SECONDS = 10.0


def megabytes(amount: int) -> str:
    return f"{amount / 1048576:.1f} MB"


def _count(amount: int) -> str:
    return f"{amount:,}"


class Progress:
    """``with Progress("importing", total) as progress: progress.advance(n)``.

    ``total`` is in the caller's unit (records, bytes, pages); ``amount`` formats
    it for the lines (``megabytes`` for bytes). ``every`` makes :meth:`advance`
    itself print a line each ``every`` units (a watch round's batch of pages);
    callers with their own batches call :meth:`batch` instead. ``interactive``
    defaults to whether ``stream`` is a terminal.
    """

    def __init__(
        self, label: str, total: int, *, amount: Callable[[int], str] = _count, unit: str = "",
        every: int | None = None, stream: IO[str] | None = None, interactive: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label, self.total, self.done = label, max(total, 0), 0
        self._amount, self._unit, self._every = amount, f" {unit}" if unit else "", every
        self._stream = stream if stream is not None else sys.stderr
        if interactive is None:
            isatty = getattr(self._stream, "isatty", None)
            interactive = bool(isatty and isatty())
        self._clock = clock
        self._started = self._last_line = clock()
        self._lines = self._batches = 0
        self._since_line = 0
        self._bar: Any = None
        if interactive and self.total > 0:
            import click

            self._bar = click.progressbar(length=self.total, label=label, file=self._stream)

    def __enter__(self) -> "Progress":
        if self._bar is not None:
            self._bar.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    # ------------------------------------------------------------------ reporting

    def advance(self, amount: int = 1, detail: str = "") -> None:
        """``amount`` more units are done."""
        self.done = min(self.done + amount, self.total) if self.total else self.done + amount
        self._since_line += amount
        if self._bar is not None:
            self._bar.update(amount)
            return
        if self._every and self._since_line >= self._every and self.done < self.total:
            self._line(detail)
        elif self._clock() - self._last_line >= QUIET_SECONDS:
            self._line(detail)

    def batch(self, detail: str = "") -> None:
        """A batch is finished: a line saying so (line mode). Not after a first batch
        that came quickly: a small job is that one batch, and the command prints
        its summary anyway; a large one has its next batch's line soon."""
        self._batches += 1
        if self._bar is not None:
            return
        if self._batches == 1 and not self._lines and self._clock() - self._started < QUIET_SECONDS:
            return
        self._line(detail)

    def finish(self) -> None:
        """Account for work done without being reported (skipped and blank input)."""
        if self.total and self.done < self.total:
            remaining = self.total - self.done
            self.done = self.total
            if self._bar is not None:
                self._bar.update(remaining)

    def iterate(self, items: Iterable[T], detail: Callable[[], str] | None = None) -> Iterator[T]:
        """Yield ``items``, one unit of progress after each."""
        for item in items:
            yield item
            self.advance(1, detail() if detail else "")

    def _line(self, detail: str) -> None:
        if self.total:
            where = f"{self._amount(self.done)} of {self._amount(self.total)}{self._unit} ({100 * self.done // self.total}%)"
        else:
            where = f"{self._amount(self.done)}{self._unit}"
        print(f"{self.label}: {where}" + (f"; {detail}" if detail else ""), file=self._stream, flush=True)
        self._lines += 1
        self._since_line = 0
        self._last_line = self._clock()
