"""Bulk import of an archive: many articles and revisions, streamed in batches.

Two layouts:

* a **directory tree**: ``ARCHIVE/<article-slug>/<label>.txt`` (or ``.html``),
  revisions in natural order of their file names (``v2`` before ``v10``); a file
  directly under ``ARCHIVE`` is a one-revision article named after the file;
* **JSON Lines**: one revision per line, ``{"article": SLUG, "text": ...}`` or
  ``{"article": SLUG, "html": ...}``, with optional ``"label"``, ``"url"`` and
  ``"published"`` (YYYY-MM-DD); lines of one article in revision order.

Each batch is one transaction. Re-running skips what is stored (identical text is
a no-op), so an interrupted import is finished by running it again.

Two paths into the ledger, for speed: a revision of an article with claims goes
through the one use case for a new revision
(:func:`factcheck.app.revisions.receive_revision`: segmented once, diffed once
against its predecessor, claims followed, checks recorded), as ``add-revision``
does. Revisions of articles without claims, nearly all of an archive, have nothing
to follow: they go in by the bulk batch writer (:mod:`factcheck.store.batch`, a few
multi-row INSERTs per batch instead of a diff and an ORM round trip each), with the
same checks and the same findings. A record that
cannot be used (bad JSON, a half-written last line, an empty text) is reported in
one line and skipped; the others go in. The archive is streamed, never loaded
whole, so memory stays flat however large it is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator

from factcheck.store.batch import BatchOutcome, Tally, store_batch
from factcheck.errors import DatabaseUnavailable, FactcheckError, Interrupted, InvalidInput, located
from factcheck.sources.files import MAX_INPUT_BYTES, decode_text
from factcheck.text.raw import RawInput, check_text
from factcheck.text.jsonnumbers import NumberTooLong
from factcheck.text.jsonnumbers import loads as json_loads

__all__ = ["ArchiveRecord", "ImportSummary", "MAX_BATCH", "MAX_BATCH_BYTES", "iter_archive", "import_archive"]

#: A batch looks up its articles with one IN (...) list; SQLite allows 32,766 values
#: in a statement, and a transaction this size already commits rarely enough.
MAX_BATCH = 10_000

#: A batch also closes at this much archive: its texts travel in a few INSERT
#: statements and its segmented documents stay in memory until it commits.
MAX_BATCH_BYTES = 16 * 1048576

_TEXT_SUFFIXES = {".txt", ".text", ".md"}
_HTML_SUFFIXES = {".html", ".htm"}


@dataclass(frozen=True)
class ArchiveRecord:
    article: str
    origin: str  # "archive.jsonl:12" or the file path, for messages
    text: str | None = None
    html: bytes | None = None
    label: str | None = None
    url: str | None = None
    published: date | None = None
    size: int = 0  # bytes of the archive this record covers, for progress


@dataclass
class ImportSummary(Tally):
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "stored": self.stored,
            "identical": self.identical,
            "articles": len(self.articles),
            "findings": self.findings,
            "problems": self.problems,
        }

    def line(self) -> str:
        return (
            f"stored {self.stored} revisions of {len(self.articles)} articles, {self.identical} already stored, "
            f"{self.findings} findings, {len(self.problems)} problems"
        )


# ---------------------------------------------------------------------- reading


def iter_archive(path: str) -> Iterator[ArchiveRecord | InvalidInput]:
    """Records of the archive at ``path``; an unusable record comes as its error."""
    root = Path(path)
    if not root.exists():
        raise InvalidInput(f"{path} does not exist; pass an archive directory or a .jsonl file.")
    if root.is_dir():
        yield from _iter_tree(root)
    elif root.suffix.lower() in _TEXT_SUFFIXES | _HTML_SUFFIXES:
        raise InvalidInput(f"{path} is one article, not an archive; store it with factcheck add-revision SLUG "
                           f"{path}, or pass an archive directory or a .jsonl file.")
    else:
        yield from _iter_jsonl(root)


def _natural(name: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-.") or "article"


def _iter_tree(root: Path) -> Iterator[ArchiveRecord | InvalidInput]:
    for entry in sorted(root.iterdir(), key=lambda p: _natural(p.name)):
        if entry.is_dir():
            for item in sorted(entry.iterdir(), key=lambda p: _natural(p.name)):
                if item.is_dir():
                    yield InvalidInput(f"{item}: a folder inside the article folder {entry.name}; an archive is "
                                       "ARCHIVE/<article>/<label>.txt, one level deep. Skipped.")
                elif item.is_file():
                    yield _file_record(item, _slugify(entry.name), label=item.stem)
        elif entry.is_file() and entry.suffix.lower() in _TEXT_SUFFIXES | _HTML_SUFFIXES:
            yield _file_record(entry, _slugify(entry.stem), label=None)


def _file_record(file: Path, slug: str, label: str | None) -> ArchiveRecord | InvalidInput:
    suffix = file.suffix.lower()
    if suffix not in _TEXT_SUFFIXES | _HTML_SUFFIXES:
        return InvalidInput(f"{file}: not a .txt or .html file; skipped.")
    data = file.read_bytes()
    if suffix in _HTML_SUFFIXES:
        return ArchiveRecord(slug, str(file), html=data, label=label, size=len(data))
    try:
        text = check_text(decode_text(data, str(file)), str(file))
        return ArchiveRecord(slug, str(file), text=text, label=label, size=len(data))
    except InvalidInput as error:
        return InvalidInput(f"{error} Skipped.")


#: Longest JSON line read: a record at the text limit, with room for JSON escapes
#: (a non-ASCII character can take six bytes as \uXXXX) and the other fields.
_LONGEST_LINE = 8 * MAX_INPUT_BYTES


def _limit() -> str:
    return f"the {MAX_INPUT_BYTES // 1048576} MB limit for one article"


def _lines(handle: Any) -> Iterator[tuple[bytes, int]]:
    """The lines of ``handle`` and their sizes; a line over :data:`_LONGEST_LINE`
    comes as ``b""`` with its size, read past in chunks (memory stays flat)."""
    while True:
        line = handle.readline(_LONGEST_LINE + 1)
        if not line:
            return
        if len(line) <= _LONGEST_LINE or line.endswith(b"\n"):
            yield line, len(line)
            continue
        size = len(line)
        while True:
            chunk = handle.readline(1048576)
            size += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                break
        yield b"", size


def _iter_jsonl(file: Path) -> Iterator[ArchiveRecord | InvalidInput]:
    with file.open("rb") as handle:
        for number, (line, size) in enumerate(_lines(handle), start=1):
            where = f"{file}:{number}"
            if size > _LONGEST_LINE:
                yield InvalidInput(f"{where}: the line is {size / 1048576:.1f} MB, over {_limit()}; line skipped.")
                continue
            if not line.strip():
                continue
            try:
                data = json_loads(line)
            except NumberTooLong as error:
                yield InvalidInput(f"{where}: {error}; line skipped.")
                continue
            except (json.JSONDecodeError, UnicodeDecodeError):
                hint = " (the file may be half-written)" if not line.endswith(b"\n") else ""
                yield InvalidInput(f"{where}: not valid JSON{hint}; line skipped.")
                continue
            except RecursionError:
                yield InvalidInput(f"{where}: the JSON is nested too deeply to be a record; line skipped.")
                continue
            yield _json_record(data, where, size)


def _json_record(data: Any, where: str, size: int) -> ArchiveRecord | InvalidInput:
    if not isinstance(data, dict) or not isinstance(data.get("article"), str):
        return InvalidInput(f'{where}: expected an object with "article" and "text" or "html"; line skipped.')
    from factcheck.text.dates import check_publication_date

    text, html = data.get("text"), data.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return InvalidInput(f'{where}: needs "text" or "html" (a string); line skipped.')
    field_name, content = ("text", text) if isinstance(text, str) else ("html", html)
    assert isinstance(content, str)
    try:
        # NUL, other control characters and lone surrogates ("\ud800" is valid
        # JSON) can be neither stored nor encoded: one line, not a crash.
        check_text(content, f'{where}: "{field_name}"')
    except InvalidInput as error:
        return InvalidInput(f"{error} Line skipped.")
    encoded = content.encode("utf-8")
    if len(encoded) > MAX_INPUT_BYTES:
        return InvalidInput(f'{where}: "{field_name}" is {len(encoded) / 1048576:.1f} MB, over {_limit()}; '
                            "line skipped.")
    published = data.get("published")
    if published is not None and not isinstance(published, str):
        return InvalidInput(f"{where}: published {json.dumps(published)} is not a date (a string YYYY-MM-DD); "
                            "line skipped.")
    try:
        day = date.fromisoformat(published[:10]) if published else None
        check_publication_date(day, f"{where}: published")
    except ValueError:
        return InvalidInput(f"{where}: published '{published}' is not a date (YYYY-MM-DD); line skipped.")
    except InvalidInput as error:
        return InvalidInput(f"{error} Line skipped.")
    url = data.get("url")
    if url is not None and not isinstance(url, str):
        return InvalidInput(f'{where}: "url" {json.dumps(url)[:60]} is not text (a web address); line skipped.')
    label = data.get("label")
    return ArchiveRecord(
        article=data["article"],
        origin=where,
        text=text if isinstance(text, str) else None,
        html=encoded if field_name == "html" else None,
        label=str(label) if label is not None else None,
        url=url,
        published=day,
        size=size,
    )


# ---------------------------------------------------------------------- writing


def _raw_input(record: ArchiveRecord) -> tuple[RawInput, dict[str, Any]]:
    """The revision text of a record, and what its HTML says about it."""
    if record.html is None:
        assert record.text is not None
        return RawInput(record.text, record.origin, record.text.encode("utf-8")), {}
    from factcheck.sources.html import extract_article

    try:
        article = extract_article(record.html, url=record.url, origin=record.origin)
    except FactcheckError:
        raise
    except Exception as error:  # noqa: BLE001 - one bad page must not end the import
        raise InvalidInput(f"{record.origin}: the HTML could not be read ({type(error).__name__}: "
                           f"{' '.join(str(error).split())[:200]}); skipped.") from None
    if not article.paragraphs:
        raise InvalidInput(f"{record.origin}: no article body could be extracted from the HTML; skipped.")
    check_text(article.to_text(), f"{record.origin}: the text extracted from the HTML")
    meta = {
        "url": record.url or article.canonical_url,
        "title": article.headline,
        "published": record.published or (article.published.date() if article.published else None),
    }
    return article.raw_input(record.origin, record.html), meta


def import_archive(
    ledger: Any,
    path: str,
    *,
    batch_size: int = 200,
    checks: bool = True,
    progress: Callable[[int], None] | None = None,
    on_batch: Callable[["ImportSummary"], None] | None = None,
) -> ImportSummary:
    """Import every record of the archive at ``path``: ``batch_size`` records (or
    :data:`MAX_BATCH_BYTES` of archive, whichever comes first) per transaction.

    ``progress`` is told the archive bytes of each record as it is read and
    extracted (HTML extraction is most of an import's time); ``on_batch`` gets the
    running summary after each batch is committed."""
    if not 1 <= batch_size <= MAX_BATCH:
        raise InvalidInput(f"--batch-size must be between 1 and {MAX_BATCH:,}.")
    summary = ImportSummary()
    # Unusable records stay in the batch so that problems are reported in archive order.
    batch: list[ArchiveRecord | InvalidInput] = []
    records = size = 0
    seen = False
    try:
        for item in iter_archive(path):
            seen = True
            batch.append(item)
            if isinstance(item, ArchiveRecord):
                records, size = records + 1, size + item.size
            if records >= batch_size or size >= MAX_BATCH_BYTES:
                _import_batch(ledger, batch, summary, checks, progress)
                batch, records, size = [], 0, 0
                if on_batch is not None:
                    on_batch(summary)
        if batch:
            _import_batch(ledger, batch, summary, checks, progress)
            if on_batch is not None:
                on_batch(summary)
    except KeyboardInterrupt:
        raise Interrupted(
            f"interrupted: {summary.stored} revisions were stored and the batch in flight was rolled back. Run the "
            "same import again to finish: stored revisions are skipped."
        ) from None
    if summary.stored:
        ledger.refresh_statistics()
    if not seen:
        raise InvalidInput(f"{path} holds no archive records; expected ARCHIVE/<article>/<label>.txt (or .html) "
                           "files, or a .jsonl file with one revision per line.")
    return summary


def _import_batch(
    ledger: Any, batch: list[ArchiveRecord | InvalidInput], summary: ImportSummary, checks: bool,
    progress: Callable[[int], None] | None,
) -> None:
    from factcheck.store.revisions import prepare_revision

    stored_before = summary.stored
    problems: list[tuple[int, str]] = []
    prepared, positions = [], []
    for position, item in enumerate(batch):
        if isinstance(item, InvalidInput):
            problems.append((position, str(item)))
            continue
        try:
            raw, meta = _raw_input(item)
            prepared.append(prepare_revision(
                item.article, raw, label=item.label, published=meta.get("published", item.published),
                url=meta.get("url", item.url), title=meta.get("title"),
            ))
            positions.append(position)
        except FactcheckError as error:
            problems.append((position, located(item.origin, error)))
        if progress is not None:
            progress(item.size)

    def store() -> BatchOutcome:
        try:
            with ledger.transaction():
                from factcheck.app.checks import batch_checks

                outcome = store_batch(ledger, prepared, checks=batch_checks(ledger) if checks else None)
                for position, revision in outcome.followed:
                    _store_following_claims(ledger, position, revision, outcome, checks)
                return outcome
        finally:
            # Forget the ORM objects of the batch: memory stays flat over the archive.
            ledger.session.expunge_all()

    try:
        # Another process may store some of these revisions (or add a claim, or
        # deadlock with us) between our read and our write: the batch is rolled back
        # whole and reading again skips what the other one stored.
        outcome = ledger.retrying(
            store, gave_up="other processes kept storing revisions of the same articles during the import; the "
                           f"batch in flight was rolled back and {stored_before} revisions were stored before it. Run "
                           "the same import again.",
        )
    except DatabaseUnavailable as error:
        raise DatabaseUnavailable(
            f"{str(error).split(';')[0]}; the batch in flight was rolled back and {stored_before} revisions were "
            "stored before it. Run the same import again to finish: stored revisions are skipped."
        ) from None
    summary.add(outcome)
    problems.extend((positions[index], message) for index, message in outcome.problems)
    summary.problems.extend(message for _position, message in sorted(problems, key=lambda p: p[0]))


def _store_following_claims(ledger: Any, position: int, prepared: Any, outcome: BatchOutcome, checks: bool) -> None:
    """One revision of an article with claims, through the use case that makes the
    claims follow it (inside the batch's transaction); a record it refuses is a
    problem of the batch, the rest go on."""
    from factcheck.app.revisions import receive_revision

    try:
        received = receive_revision(ledger, prepared.slug, prepared.raw, force=True, check=checks, prepared=prepared)
    except DatabaseUnavailable:
        raise
    except FactcheckError as error:
        outcome.problems.append((position, located(prepared.raw.origin, error)))
        return
    outcome.articles.add(prepared.slug)
    if not received.created:
        outcome.identical += 1
        return
    outcome.stored += 1
    outcome.findings += len({finding_id for finding_id, _finding, _state in received.findings})
