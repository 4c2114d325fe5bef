"""Core query pieces the listings and the desk share, built on :mod:`factcheck.store.schema`.

Plain ``select()`` on the schema's tables (never the ORM), so the read-only commands
and the desk's pages name their columns from the one table definition.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func, select

from factcheck.store.lookup import no_article
from factcheck.store.schema import articles, revisions

__all__ = ["ARTICLE_COLUMNS", "REVISION_COLUMNS", "article_row", "is_current_version", "revisions_of", "rows"]

ARTICLE_COLUMNS = (articles.c.id, articles.c.slug, articles.c.title, articles.c.url, articles.c.outlet)
#: The revision columns every listing reads (the desk's too): all but the input as
#: received, which is large and only ``ledger export`` needs.
REVISION_COLUMNS = tuple(column for column in revisions.c if column.key != "raw")


def rows(connection: Any, statement: Any) -> list[Any]:
    return list(connection.execute(statement))


def article_row(connection: Any, slug: str) -> Any:
    """The article named ``slug``; raises :func:`no_article` (naming the known ones)."""
    found = rows(connection, select(*ARTICLE_COLUMNS).where(articles.c.slug == slug))
    if not found:
        raise no_article(slug, list(connection.scalars(select(articles.c.slug).order_by(articles.c.slug))))
    return found[0]


def revisions_of(article_id: Any) -> Select[Any]:
    """The article's revisions (with their texts), oldest first."""
    return select(*REVISION_COLUMNS).where(revisions.c.article_id == article_id).order_by(revisions.c.seq)


def is_current_version(versions: Any, parent: str) -> ColumnElement[bool]:
    """The row of ``versions`` (claim or notice versions) is its parent's current
    version: the highest number of the append-only history."""
    others = versions.alias("w")
    latest = select(func.max(others.c.version)).where(others.c[parent] == versions.c[parent])
    return versions.c.version == latest.scalar_subquery()
