"""The watch list's storage: the questions a watch round asks of the database.

:mod:`factcheck.app.watch` decides what to fetch and what a page means; these
functions are the only place it reads or writes the ``watches`` table (and the
article slugs and URLs it checks a watch against). Each takes the session of the
caller's transaction: the round owns the transaction boundary.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from factcheck.store.models import Article, Revision, Watch

__all__ = [
    "WRITE_CONFLICTS", "active_watches", "add_watch", "article_owning", "claim_lease", "due_watches",
    "free_slugs", "latest_revision", "reloaded", "seen_entries", "slugs_by_url", "watch_by_url", "watch_url",
]

#: What a write that lost a race to another writer raises (a unique key just taken).
WRITE_CONFLICTS: tuple[type[Exception], ...] = (IntegrityError,)


def active_watches(session: Any) -> list[Watch]:
    """The watch list as ``watch list`` shows it: feeds first, then by URL."""
    return list(session.scalars(select(Watch).where(Watch.active.is_(True)).order_by(Watch.kind.desc(), Watch.url)))


def watch_by_url(session: Any, url: str, *, active: bool | None = None) -> Watch | None:
    query = select(Watch).where(Watch.url == url)
    if active is not None:
        query = query.where(Watch.active.is_(active))
    return session.scalar(query)


def watch_url(session: Any, watch_id: int) -> str | None:
    return session.scalar(select(Watch.url).where(Watch.id == watch_id))


def article_owning(session: Any, url: str) -> Article | None:
    """The (first) article stored with ``url`` as its address."""
    return session.scalar(select(Article).where(Article.url == url).order_by(Article.id).limit(1))


def add_watch(session: Any, **columns: Any) -> Watch:
    row = Watch(**columns)
    session.add(row)
    return row


def due_watches(session: Any, kind: str, now: datetime, *, everything: bool = False) -> list[int]:
    """The active watches of ``kind`` whose next check has come (all of them with
    ``everything``), longest waiting first."""
    query = select(Watch.id).where(Watch.active.is_(True), Watch.kind == kind)
    if not everything:
        query = query.where(Watch.next_check.is_not(None), Watch.next_check <= now)
    return list(session.scalars(query.order_by(Watch.next_check, Watch.id)))


def claim_lease(session: Any, watch_id: int, now: datetime, until: datetime) -> bool:
    """Take the watch's lease until ``until`` unless another round holds one.

    One conditional UPDATE: both engines let only one of two racing rounds match the
    row (PostgreSQL re-checks the condition after the row lock, SQLite serialises
    writers)."""
    claimed = session.execute(
        update(Watch)
        .where(Watch.id == watch_id, Watch.active.is_(True),
               or_(Watch.claimed_until.is_(None), Watch.claimed_until < now))
        .values(checks=Watch.checks + 1, claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


def reloaded(session: Any, watch_id: int) -> Watch | None:
    """The watch row as the database holds it now (another transaction changed it)."""
    return session.get(Watch, watch_id, populate_existing=True)


def seen_entries(session: Any, feed_url: str, links: list[str], guids: list[str]) -> tuple[set[str], set[str]]:
    """Which of a feed's entry links are watched already, and which of its entry ids
    (RSS ``guid``, Atom ``id``) this feed listed before."""
    links_seen = set(session.scalars(select(Watch.url).where(Watch.url.in_(links))))
    guids_seen = set(session.scalars(
        select(Watch.entry_id).where(Watch.feed_url == feed_url, Watch.entry_id.in_(guids)))) if guids else set()
    return links_seen, guids_seen


def slugs_by_url(session: Any, links: list[str]) -> dict[str, str]:
    """The slug of the article stored under each of ``links`` that has one."""
    return dict(session.execute(select(Article.url, Article.slug).where(Article.url.in_(links))).all())


def latest_revision(session: Any, slug: str) -> Revision | None:
    return session.scalar(
        select(Revision).join(Article).where(Article.slug == slug).order_by(Revision.seq.desc()).limit(1)
    )


def free_slugs(session: Any, bases: list[str], also_taken: Iterable[str] = ()) -> list[str]:
    """A free slug for each base (``base``, else ``base-2``, ``base-3`` ...), neither an
    article's nor a watch's, in two queries however many there are: a feed of
    thousands of entries asks in batches."""
    def family(column: Any, base: str) -> Any:
        # ``base-N`` as an index range ("-" sorts just before "."), not a LIKE scan.
        return (column >= f"{base}-") & (column < f"{base}.")

    taken = set(also_taken)
    distinct = sorted(set(bases))
    # One query for the bases themselves; only a base already taken (rare: two
    # stories with one headline) needs its numbered family looked up.
    used = set(session.scalars(select(Article.slug).where(Article.slug.in_(distinct))))
    used |= set(session.scalars(select(Watch.article_slug).where(Watch.article_slug.in_(distinct))))
    for base in distinct:
        if base in used or base in taken:
            taken.add(base)
            taken |= set(session.scalars(select(Article.slug).where(family(Article.slug, base))))
            taken |= set(session.scalars(select(Watch.article_slug).where(family(Watch.article_slug, base))))
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs
