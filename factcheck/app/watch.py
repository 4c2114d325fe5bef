"""Watching live stories: the watch list, and one round of polite checks over it.

A round checks the feeds first (their new entries become watched articles, so
they are fetched in the same round), then every article that is due on the
:mod:`factcheck.app.schedule` back-off, or all of them with ``everything``. Each
watch is handled on its own:

1. *claim* it: a conditional update that takes a short lease (``claimed_until``),
   committed at once. A second round running at the same time finds the lease
   and skips the watch instead of fetching and storing the same change (the
   ledger's SHA-256 dedupe is the second guard); a round killed mid-fetch
   leaves a lease that runs out, and the watch is still due.
2. *fetch* it outside any transaction (no database lock held over the network),
   conditionally on its ETag / Last-Modified.
3. *store* the change in one transaction: the revision (claims follow inside
   ``add_revision``), the checks' findings, notice drafts, and the watch's new
   state. A failure stores nothing of it and records only the error, the
   failure count and a back-off on the watch row.

So a round can stop between any two watches and lose nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator
from urllib.parse import urlsplit

from factcheck.errors import FactcheckError, InvalidInput, NotFound
from factcheck.store import watches as stored

if TYPE_CHECKING:
    from factcheck.store.models import Watch

__all__ = [
    "FEED_INTERVAL", "HookRun", "LEASE", "Outcome", "lease_for", "WatchChange", "Watcher", "failure_backoff",
    "run_hook", "slug_for",
]

#: How often a feed is read: a section front changes all day and never "ages".
FEED_INTERVAL = timedelta(minutes=10)
#: How long a claimed watch stays out of other rounds' reach, at the least: a
#: crashed round's claim ends, yet no live round loses its claim mid-page.
LEASE = timedelta(minutes=5)
#: What a lease allows beyond the download deadline for storing the page: the
#: diff, the checks, notice drafting and the write.
STORE_ALLOWANCE = timedelta(minutes=4)
FETCH_TIMEOUT = 10.0
#: Feed entries stored per transaction.
FEED_BATCH = 200


def lease_for(fetch_deadline: float) -> timedelta:
    """A lease that outlives the whole download (its deadline) and the store after it."""
    return max(LEASE, timedelta(seconds=fetch_deadline) + STORE_ALLOWANCE)
#: First wait after a failure, doubled per consecutive failure up to a day: a site
#: that is down is not hammered, and one that comes back is noticed the same day.
FAILURE_BASE = timedelta(minutes=5)
FAILURE_CAP = timedelta(days=1)
WATCHER = "factcheck watch"


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; they were stored in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


def failure_backoff(failures: int) -> timedelta:
    return min(FAILURE_BASE * 2 ** max(failures - 1, 0), FAILURE_CAP)


def slug_for(text: str) -> str:
    """A slug from a headline or a URL path: ascii, lower case, at most 60 characters."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    return slug or "story"


def _slug_from_url(url: str) -> str:
    path = [p for p in urlsplit(url).path.split("/") if p]
    last = re.sub(r"\.(s?html?|php|aspx?)$", "", path[-1]) if path else urlsplit(url).hostname or ""
    return slug_for(last)


@dataclass
class WatchChange:
    """One change a round found: a new revision of an article, or new feed entries."""

    url: str
    article: str | None
    label: str | None = None
    previous: str | None = None
    summary: dict[str, int] = field(default_factory=dict)
    cosmetic: bool = False
    edits: list[str] = field(default_factory=list)  # the diff's typed findings, e.g. number-changed
    findings: list[dict[str, Any]] = field(default_factory=list)
    notices: list[Any] = field(default_factory=list)
    words: int = 0
    new_entries: list[dict[str, str]] = field(default_factory=list)

    def line(self) -> str:
        if self.new_entries:
            names = ", ".join(e["article"] for e in self.new_entries)
            return f"feed {self.url}: {len(self.new_entries)} new article(s) to watch: {names}"
        if self.previous is None:
            what = f"new article, {self.words} words"
        else:
            counts = ", ".join(f"{n} {kind}" for kind, n in self.summary.items() if n and kind != "unchanged")
            what = (counts or "no sentence changed") + (" (cosmetic)" if self.cosmetic else "")
            if self.edits:
                what += "; " + ", ".join(dict.fromkeys(self.edits))
        found = f"; {len(self.findings)} finding(s): {', '.join(dict.fromkeys(f['check'] for f in self.findings))}" \
            if self.findings else ""
        drafted = f"; {len(self.notices)} notice draft(s)" if self.notices else ""
        return f"{self.article}: {self.label} stored from {self.url} ({what}){found}{drafted}"

    def to_json(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"url": self.url, "article": self.article}
        if self.new_entries:
            payload.update(kind="new-entries", entries=self.new_entries)
            return payload
        payload.update(
            kind="new-article" if self.previous is None else "revision",
            **{"from": self.previous, "to": self.label}, summary=self.summary, cosmetic=self.cosmetic,
            edits=self.edits, findings=self.findings, notices=len(self.notices), words=self.words,
            line=self.line(),
        )
        return payload


@dataclass
class Outcome:
    """What checking one watch did. ``status``: changed, unchanged, not-modified,
    failed or skipped; ``message`` is the one line for failed and skipped."""

    url: str
    status: str
    message: str | None = None
    change: WatchChange | None = None
    #: One line per part of the watch that was skipped (a feed entry with a
    #: malformed link); :meth:`Watcher.round` yields each as a "skipped" outcome.
    problems: list[str] = field(default_factory=list)


class Watcher:
    """The watch list of one ledger, and the rounds over it."""

    def __init__(self, ledger: Any, *, fetcher: Callable[..., Any] | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        from factcheck.sources.fetch import fetch, fetch_deadline

        self.ledger = ledger
        self.session = ledger.session
        self.fetch = fetcher or fetch
        #: One deadline per page (connect, headers, body); the lease is sized from it.
        self.deadline = fetch_deadline()
        self.clock = clock or (lambda: datetime.now(timezone.utc))

    # ------------------------------------------------------------------ the list

    def watches(self) -> list[Watch]:
        return stored.active_watches(self.session)

    def add(self, url: str, *, article: str | None = None, feed: bool = False) -> tuple[Watch, str]:
        """Watch ``url``; returns the row and ``added``, ``resumed`` or ``already``."""
        from factcheck.store.revisions import check_slug

        from factcheck.sources.fetch import check_url

        url = check_url(url)
        if feed and article:
            raise InvalidInput("--article names the article a page belongs to; a --feed lists many, drop one of them.")
        if article:
            check_slug(article)
        now = self.clock()
        with self.ledger.transaction() as session:
            owner = stored.article_owning(session, url)
            if owner is not None and article and article != owner.slug:
                raise InvalidInput(f"{url} is the URL of article '{owner.slug}'; drop --article or use --article {owner.slug}.")
            row = stored.watch_by_url(session, url)
            kind = "feed" if feed else "article"
            if row is not None:
                if row.kind != kind or (article and row.article_slug != article):
                    raise InvalidInput(
                        f"{url} is already watched as {self._describe(row)}; remove it first to watch it differently."
                    )
                if row.active:
                    return row, "already"
                row.active, row.next_check, row.failures, row.last_error = True, now, 0, None
                return row, "resumed"
            slug = None if feed else (owner.slug if owner else article or self._unique_slug(_slug_from_url(url)))
            row = stored.add_watch(session, url=url, kind=kind, article_slug=slug, first_seen=now, next_check=now)
            session.flush()
            return row, "added"

    def remove(self, url: str) -> Watch:
        """Stop watching ``url``. The row stays, inactive, so its feed does not add it again."""
        with self.ledger.transaction() as session:
            row = stored.watch_by_url(session, url.strip(), active=True)
            if row is None:
                raise NotFound(f"{url} is not on the watch list; see factcheck watch list.")
            row.active, row.next_check = False, None
            return row

    @staticmethod
    def _describe(row: Watch) -> str:
        return "a feed" if row.kind == "feed" else f"article '{row.article_slug}'"

    def _unique_slug(self, base: str, also_taken: set[str] | frozenset[str] = frozenset()) -> str:
        return self._unique_slugs([base], also_taken)[0]

    def _unique_slugs(self, bases: list[str], also_taken: set[str] | frozenset[str] = frozenset()) -> list[str]:
        return stored.free_slugs(self.session, bases, also_taken)

    # ------------------------------------------------------------------ rounds

    def due(self, kind: str, everything: bool = False) -> list[int]:
        return stored.due_watches(self.session, kind, self.clock(), everything=everything)

    def round(self, *, everything: bool = False, stop: Callable[[], bool] = lambda: False,
              wrap: Callable[[list[int]], Iterable[int]] = lambda ids: ids) -> Iterator[Outcome]:
        """Check the due feeds, then the due articles; ``stop`` is asked before each
        fetch, ``wrap`` may decorate the list of articles (a progress bar)."""
        for watch_id in self.due("feed", everything):
            if stop():
                return
            yield from self._checked(watch_id)
        for watch_id in wrap(self.due("article", everything)):
            if stop():
                return
            yield from self._checked(watch_id)

    def _checked(self, watch_id: int) -> Iterator[Outcome]:
        outcome = self.check(watch_id)
        yield outcome
        for problem in outcome.problems:
            yield Outcome(outcome.url, "skipped", problem)

    def check(self, watch_id: int) -> Outcome:
        """Claim, fetch and store one watch; never raises for a user-fixable problem."""
        row = self._claim(watch_id)
        if row is None:
            url = stored.watch_url(self.session, watch_id) or f"watch {watch_id}"
            return Outcome(url, "skipped", f"{url} is being checked by another watch round; skipped.")
        url, kind = row.url, row.kind
        try:
            result = self.fetch(url, etag=row.etag, last_modified=row.last_modified, timeout=FETCH_TIMEOUT,
                                deadline=self.deadline, expect="feed" if kind == "feed" else "html")
            if kind == "feed":
                return self._feed(row, result)
            return self._article(row, result)
        except stored.WRITE_CONFLICTS:
            self.session.rollback()
            return self._failed(row, f"{url}: another writer stored the same change at the same moment; "
                                     "it is checked again next round.")
        except FactcheckError as error:
            return self._failed(row, str(error))
        except Exception as error:  # noqa: BLE001 - one bad page must not end the round
            # Not a problem we know how to explain (a bug, or input no guard foresaw):
            # one line for this watch, nothing of it stored, and the round goes on.
            # KeyboardInterrupt and SystemExit are not Exceptions: they still stop it.
            self.session.rollback()
            said = " ".join(str(error).split()) or "no details"
            return self._failed(row, f"{url}: unexpected error ({type(error).__name__}: {said}); nothing was "
                                     "stored, it is checked again next round (report this if it repeats).")

    def _claim(self, watch_id: int) -> Watch | None:
        """Take a lease on the watch (committed at once), or None when another round holds one."""
        now = self.clock()
        with self.ledger.transaction() as session:
            if not stored.claim_lease(session, watch_id, now, now + lease_for(self.deadline)):
                return None
        return stored.reloaded(self.session, watch_id)

    def _succeeded(self, row: Watch, result: Any) -> None:
        from factcheck.app.schedule import next_check

        now = self.clock()
        row.etag, row.last_modified = result.etag, result.last_modified
        row.last_checked, row.failures, row.last_error, row.claimed_until = now, 0, None, None
        if row.kind == "feed":
            row.next_check = now + FEED_INTERVAL
        else:
            row.next_check = next_check(_utc(row.first_seen), now, now)  # type: ignore[arg-type]

    def _failed(self, row: Watch, message: str) -> Outcome:
        """Record the failure on the watch row alone; nothing already stored is touched."""
        now = self.clock()
        with self.ledger.transaction() as session:
            fresh = stored.reloaded(session, row.id)
            assert fresh is not None
            fresh.failures += 1
            fresh.last_error = message
            fresh.next_check = now + failure_backoff(fresh.failures)
            fresh.claimed_until = None
        return Outcome(row.url, "failed", message)

    def _feed(self, row: Watch, result: Any) -> Outcome:
        from factcheck.sources.feeds import parse_feed
        from factcheck.app.schedule import next_check

        if result.not_modified:
            with self.ledger.transaction():
                self._succeeded(row, result)
            return Outcome(row.url, "not-modified")
        feed = parse_feed(result.body, url=result.final_url, origin=row.url)
        now = self.clock()
        entries: list[dict[str, str]] = []
        candidates = []
        for entry in feed.entries:
            link = (entry.link or "").strip()
            if not link.lower().startswith(("http://", "https://")):
                continue
            published = _utc(entry.published.astimezone(timezone.utc)) if entry.published else None
            first_seen = min(published, now) if published else now
            if next_check(first_seen, None, now) is None:
                continue  # older than the watch limit: it will not be checked
            candidates.append((entry, link, first_seen))
        # A section front can list thousands of entries: each batch is its own short
        # write, so no lock is held for the whole feed and a stopped round keeps
        # what it stored (the next one skips those entries).
        for start in range(0, len(candidates), FEED_BATCH):
            with self.ledger.transaction() as session:
                entries.extend(self._new_entries(session, row.url, candidates[start:start + FEED_BATCH], now))
        with self.ledger.transaction():
            self._succeeded(row, result)
        if not entries:
            return Outcome(row.url, "unchanged", problems=feed.problems)
        return Outcome(row.url, "changed", change=WatchChange(url=row.url, article=None, new_entries=entries),
                       problems=feed.problems)

    def _new_entries(self, session: Any, feed_url: str, batch: list[tuple[Any, str, datetime]],
                     now: datetime) -> list[dict[str, str]]:
        """Watch the entries of ``batch`` not seen before: known by their GUID / Atom id
        in this feed first, by their (canonical) link second."""
        links = [link for _, link, _ in batch]
        guids = [entry.guid for entry, _, _ in batch if entry.guid]
        seen_links, seen_guids = stored.seen_entries(session, feed_url, links, guids)
        owners = stored.slugs_by_url(session, links)
        fresh = []
        for entry, link, first_seen in batch:
            if link in seen_links or (entry.guid and entry.guid in seen_guids):
                continue  # watched already, or removed by an editor
            seen_links.add(link)
            if entry.guid:
                seen_guids.add(entry.guid)
            fresh.append((entry, link, first_seen))
        new_slugs = iter(self._unique_slugs([slug_for(entry.title) if entry.title else _slug_from_url(link)
                                             for entry, link, _ in fresh if link not in owners]))
        added = []
        for entry, link, first_seen in fresh:
            slug = owners[link] if link in owners else next(new_slugs)
            stored.add_watch(session, url=link, kind="article", article_slug=slug, feed_url=feed_url,
                             entry_id=entry.guid, first_seen=first_seen, next_check=now)
            added.append({"article": slug, "url": link})
        return added

    def _article(self, row: Watch, result: Any) -> Outcome:
        from factcheck.sources.pages import page_input

        slug = row.article_slug or self._unique_slug(_slug_from_url(row.url))
        if result.not_modified:
            with self.ledger.transaction():
                self._succeeded(row, result)
            return Outcome(row.url, "not-modified")
        previous = stored.latest_revision(self.session, slug)
        try:
            page = page_input(result.body, origin=row.url, url=result.final_url, charset=result.charset)
            comparison = self._receive(row, result, slug, page)
        except InvalidInput as error:
            kept = f"; kept {previous.label}" if previous is not None else ""
            return self._failed(row, f"{slug}: {error}{kept} (to store it: factcheck add-revision {slug} {row.url} --force)")
        if not comparison.created:
            return Outcome(row.url, "unchanged")
        return Outcome(row.url, "changed", change=self._change(row, slug, comparison))

    def _receive(self, row: Watch, result: Any, slug: str, page: Any) -> Any:
        """The page as the article's next revision, through the one use case every new
        revision goes through (checked before the write transaction, diffed once,
        notices drafted); the poll is recorded in the same transaction."""
        from factcheck.app.revisions import receive_revision
        from factcheck.config import load_config
        from factcheck.notices.templating import Templates

        def record_poll(_: Any) -> None:
            row.article_slug = slug
            self._succeeded(row, result)

        return receive_revision(
            self.ledger, slug, page.raw, published=page.published, url=page.url, title=page.title, by=WATCHER,
            check=True, templates=Templates(load_config().templates), within=record_poll,
        )

    def _change(self, row: Watch, slug: str, comparison: Any) -> WatchChange:
        """What the round reports of a new revision, read from its comparison."""
        revision, previous = comparison.revision, comparison.previous
        change = WatchChange(
            url=row.url, article=slug, label=revision.label, previous=previous.label if previous else None,
            findings=[{"id": fid, **finding.to_json(), "state": state} for fid, finding, state in comparison.findings
                      if state == "open"],
            notices=[d for d in comparison.notices if d.outcome != "unchanged"],
            words=comparison.document.word_count(),
        )
        if comparison.diff is not None:
            diff = comparison.diff
            change.summary = diff.summary
            edited = [c for c in diff.changes if c.kind != "unchanged"]
            change.cosmetic = bool(edited) and all(c.cosmetic for c in edited)
            change.edits = [f.check for f in diff.findings]
        return change


@dataclass
class HookRun:
    """What the ``--on-change`` command did: the lines it printed (stdout and stderr
    in the order written, at most :data:`HOOK_LINES`) and, when it failed, one line
    saying how (its last line of output is in that message, not in ``output``)."""

    output: list[str] = field(default_factory=list)
    problem: str | None = None


#: Lines of a hook's output passed through; the rest are counted, not shown.
HOOK_LINES = 50


def run_hook(command: list[str], payload: dict[str, Any], *, timeout: float = 30.0) -> HookRun:
    """Run the ``--on-change`` command with ``payload`` as JSON on stdin."""
    import json
    import subprocess

    name = command[0]
    try:
        # One pipe for both streams keeps the hook's lines in the order it wrote them.
        done = subprocess.run(command, input=json.dumps(payload, ensure_ascii=False, default=str).encode(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, check=False)
    except FileNotFoundError:
        return HookRun(problem=f"--on-change command {name!r} was not found; check the path.")
    except PermissionError:
        return HookRun(problem=f"--on-change command {name!r} is not executable; check its permissions.")
    except subprocess.TimeoutExpired as stopped:
        return HookRun(_hook_lines(stopped.output),
                       f"--on-change command {name!r} did not finish within {timeout:g} s; it was stopped.")
    said = _hook_lines(done.stdout)
    if done.returncode != 0:
        return HookRun(said[:-1], f"--on-change command {name!r} failed with exit status {done.returncode}" + (
            f": {said[-1]}" if said else "."
        ))
    return HookRun(said)


def _hook_lines(output: bytes | None) -> list[str]:
    lines = [line.rstrip() for line in (output or b"").decode("utf-8", "replace").splitlines() if line.strip()]
    if len(lines) > HOOK_LINES:
        lines = lines[:HOOK_LINES] + [f"... ({len(lines) - HOOK_LINES} more lines)"]
    return lines
