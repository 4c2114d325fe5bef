"""The ledger's tables: the one column list, as SQLAlchemy Core ``Table``s.

Everything that reads or writes the database names its columns from here: the ORM
classes (:mod:`factcheck.store.models`, mapped onto these tables), the archive's
batch writer, the listings and the desk's queries (``select()`` on these tables),
and the migrations, which a test proves produce exactly this schema.

Core alone, never ``sqlalchemy.orm``: the read-only listings import this module and
must start fast (the ORM costs ~150 ms before the first query).

Audit trail rule: claims and notices are never updated in place. Every change
appends a ``claim_versions`` / ``notice_versions`` row whose ``version`` number is
unique per parent; that unique constraint is also the optimistic-concurrency guard
(two editors appending the same version number: the database accepts one).

The full-text search tables (``known_factchecks_fts``, ``search_index``: FTS5 on
SQLite, a tsvector column with a GIN index on PostgreSQL, kept by triggers) are made
by migrations 0007 and 0008 in raw SQL: SQLAlchemy has no construct for an FTS5
virtual table or for triggers, so they are not declared here, and
:func:`compared_in_schema` leaves them out of the schema comparison.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "SEARCH_INDEX",
    "SEARCH_INDEX_PREFIX",
    "articles",
    "claim_anchors",
    "claim_versions",
    "claims",
    "compared_in_schema",
    "evidence",
    "findings",
    "known_factchecks",
    "known_factchecks_fts_generation",
    "known_factchecks_fts_keys",
    "known_factchecks_fts_postings",
    "known_factchecks_fts_terms",
    "metadata",
    "notice_versions",
    "notices",
    "revisions",
    "sources",
    "users",
    "utcnow",
    "watches",
]

# Explicit constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Tables the database's own full-text search keeps beside ``known_factchecks``
#: (an FTS5 table and its shadow tables on SQLite, a tsvector table on PostgreSQL),
#: made by migration 0007 in raw SQL.
SEARCH_INDEX_PREFIX = "known_factchecks_fts"
#: The desk's full-text search index (migration 0008, raw SQL as above).
SEARCH_INDEX = "search_index"


def compared_in_schema(name: str | None, type_: str, *_parents: object) -> bool:
    """Alembic's ``include_name`` hook: everything but the full-text index tables
    (and FTS5's shadow tables) and their indexes."""
    return not (name and str(name).startswith((SEARCH_INDEX_PREFIX, SEARCH_INDEX)))


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _when(name: str, **kw: object) -> Column:
    """A moment, stored with its time zone."""
    return Column(name, DateTime(timezone=True), **kw)


def _created(name: str = "created_at") -> Column:
    return _when(name, nullable=False, default=utcnow)


def _version_of(parent: str, key: str) -> tuple[Column, Column, Column]:
    """The columns that make a row one version of a ``parent`` row's append-only
    history (the unique (``key``, version) pair is declared with the table)."""
    return (
        Column("id", Integer, primary_key=True),
        Column(key, Integer, ForeignKey(f"{parent}.id"), nullable=False),
        Column("version", Integer, nullable=False),
    )


metadata = MetaData(naming_convention=NAMING)

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), nullable=False, unique=True),
    Column("title", Text),
    Column("url", Text, index=True),
    Column("outlet", String(200)),
    _created(),
)

revisions = Table(
    "revisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("label", String(50), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("published", Date),
    _created("fetched_at"),
    Column("origin", Text),
    Column("url", Text),
    Column("title", Text),
    Column("sha256", String(64), nullable=False),
    # The input as received (file bytes, HTML); large and rarely read.
    Column("raw", LargeBinary),
    Column("text", Text, nullable=False),
    # What a page said beside its text: its byline, and which extracted body was
    # kept (factcheck.sources.body_choice); NULL for plain-text input.
    Column("byline", Text),
    Column("extraction", JSON),
    # The pair of unique keys is what keeps racing add-revision calls from
    # storing two revisions under one label: the loser retries with the next.
    UniqueConstraint("article_id", "label", name="uq_revisions_article_label"),
    UniqueConstraint("article_id", "seq", name="uq_revisions_article_seq"),
    Index("ix_revisions_article_sha", "article_id", "sha256"),
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    _created(),
)

claim_versions = Table(
    "claim_versions", metadata,
    *_version_of("claims", "claim_id"),
    Column("text", Text, nullable=False),
    Column("status", String(30), nullable=False),
    Column("verdict", String(30)),
    Column("note", Text),
    Column("by", String(200), nullable=False),
    _created("at"),
    # The anchor: a sentence of one revision, by position and character span, so
    # the claim can be shown in context and followed through later revisions.
    Column("anchor_revision_id", Integer, ForeignKey("revisions.id"), index=True),
    Column("anchor_paragraph", Integer),
    Column("anchor_sentence", Integer),
    Column("anchor_start", Integer),
    Column("anchor_end", Integer),
    UniqueConstraint("claim_id", "version", name="uq_claim_versions_claim_version"),
)

# Where a claim is anchored in one revision, outside its version history: following
# a revision whose sentence did not change only adds a row here. The columns mirror
# the version's anchor columns, so views read either the same way.
claim_anchors = Table(
    "claim_anchors", metadata,
    Column("id", Integer, primary_key=True),
    Column("claim_id", Integer, ForeignKey("claims.id"), nullable=False),
    Column("revision_id", Integer, ForeignKey("revisions.id"), nullable=False, index=True),
    Column("anchor_paragraph", Integer, nullable=False),
    Column("anchor_sentence", Integer, nullable=False),
    Column("anchor_start", Integer, nullable=False),
    Column("anchor_end", Integer, nullable=False),
    UniqueConstraint("claim_id", "revision_id", name="uq_claim_anchors_claim_revision"),
)

sources = Table(
    "sources", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(30), nullable=False),  # url, document, interview, dataset
    Column("url", Text),
    Column("title", Text),
    Column("citation", Text),
    Column("accessed", Date),
)

# A source as it bears on one claim version; carried forward to each new version.
evidence = Table(
    "evidence", metadata,
    Column("id", Integer, primary_key=True),
    Column("claim_version_id", Integer, ForeignKey("claim_versions.id"), nullable=False, index=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("stance", String(20), nullable=False),  # supports, refutes, context
    Column("excerpt", Text),
)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True),
    Column("revision_id", Integer, ForeignKey("revisions.id"), nullable=False),
    Column("other_revision_id", Integer, ForeignKey("revisions.id")),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    Column("check", String(60), nullable=False),
    Column("severity", String(20), nullable=False),
    Column("message", Text, nullable=False),
    Column("spans", JSON, nullable=False),
    Column("data", JSON, nullable=False),
    # Identity of "the same finding on the same text", so a dismissal sticks.
    Column("key", String(64), nullable=False, index=True),
    Column("state", String(20), nullable=False, default="open"),  # open, dismissed, resolved
    Column("note", Text),
    Column("decided_by", String(200)),
    _when("decided_at"),
    _created(),
    # One row per finding of a revision: racing checks reuse it, never copy it.
    Index("ix_findings_revision_key", "revision_id", "key", unique=True),
)

notices = Table(
    "notices", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    Column("from_revision_id", Integer, ForeignKey("revisions.id"), nullable=False),
    Column("to_revision_id", Integer, ForeignKey("revisions.id"), nullable=False),
    Column("kind", String(30), nullable=False),
    _created(),
)

notice_versions = Table(
    "notice_versions", metadata,
    *_version_of("notices", "notice_id"),
    Column("state", String(20), nullable=False),  # draft, approved, published, withdrawn
    Column("text", Text, nullable=False),
    Column("placement", String(10), nullable=False, default="bottom"),
    Column("changes", JSON, nullable=False),
    Column("dated", Date),
    Column("note", Text),
    Column("by", String(200), nullable=False),
    _created("at"),
    UniqueConstraint("notice_id", "version", name="uq_notice_versions_notice_version"),
)

# A page or feed on the watch list, with what the next polite request needs.
# ``article_slug`` is a slug rather than a foreign key: a watched URL names its
# article before the first fetch creates it. ``claimed_until`` is a round's lease on
# the row while it fetches and stores, so two rounds never work on the same watch at
# once; a round that dies leaves a lease that simply runs out. ``next_check`` NULL
# means the article is past the watch limit. ``active`` false is a removed watch,
# kept so that its feed does not add it again. ``entry_id`` is the feed entry's own
# identifier (RSS ``guid``, Atom ``id``): with ``feed_url`` it tells a story already
# seen, whatever its link has gained since.
watches = Table(
    "watches", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("kind", String(10), nullable=False),  # article, feed
    Column("article_slug", String(200), index=True),
    Column("feed_url", Text),  # the feed that listed it
    Column("etag", Text),
    Column("last_modified", String(100)),
    _created("first_seen"),
    _when("last_checked"),
    _when("next_check", index=True),
    _when("claimed_until"),
    Column("checks", Integer, nullable=False, default=0),
    Column("failures", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("active", Boolean, nullable=False, default=True),
    Column("entry_id", Text),
    Index("ix_watches_feed_entry", "feed_url", "entry_id"),
)

# A ClaimReview published by a fact-checker, imported to be matched against copy.
# One row per review ``url`` (a re-import updates it in place: it is the publisher's
# record, not the ledger's, so it keeps no versions). ``verdict`` is the ledger's
# verdict the published rating maps to; ``rating`` and ``rating_value`` (on
# ``worst_rating``..``best_rating``) are as published.
known_factchecks = Table(
    "known_factchecks", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("claim_text", Text, nullable=False),
    Column("title", Text),
    Column("publisher", String(200)),
    Column("rating", String(200)),
    Column("rating_value", Float),
    Column("best_rating", Float),
    Column("worst_rating", Float),
    Column("verdict", String(30), nullable=False),
    Column("reviewed", Date),
    Column("claim_author", String(200)),
    Column("claim_date", Date),
    Column("appearance", Text),
    _created("imported_at"),
    _created("updated_at"),
)

# A desk account. ``session_key`` is drawn anew on every password change and checked
# on every request, so changing a password or removing the account signs out every
# browser that was signed in with it.
users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(20), nullable=False),  # reporter, editor, admin
    Column("password_hash", Text, nullable=False),
    Column("session_key", String(64), nullable=False),
    _created(),
    _created("password_changed_at"),
)


# ---------------------------------------------------------------- the known claims' index
#
# Migration 0009's tables: what matching a known fact-check reads. They are declared
# on a MetaData of their own, as the full-text index is kept out of ``metadata``: the
# migration makes them in engine-specific SQL (WITHOUT ROWID on SQLite), their names
# start with SEARCH_INDEX_PREFIX, and :func:`compared_in_schema` leaves them out of the
# schema comparison. Their rows are derived from ``known_factchecks`` and rebuilt by
# ``factcheck.store.known_factchecks.rebuild_keys``.
index_metadata = MetaData()

#: How many known claims hold each stem (the document frequencies keys are chosen by).
known_factchecks_fts_terms = Table(
    "known_factchecks_fts_terms", index_metadata,
    Column("term", Text, primary_key=True),
    Column("docs", Integer, nullable=False),
)

#: One row (id 1): a stamp the import renews in its transaction whenever it changes a
#: review, and the review count and total length BM25 weighs by.
known_factchecks_fts_generation = Table(
    "known_factchecks_fts_generation", index_metadata,
    Column("id", Integer, primary_key=True),
    Column("stamp", Text, nullable=False),
    Column("reviews", Integer, nullable=False),
    Column("length", Float, nullable=False),
)


def _packed_lists(name: str) -> Table:
    """``term -> packed sorted array`` (factcheck.store.claim_key_lists packs them)."""
    return Table(name, index_metadata, Column("term", Text, primary_key=True),
                 Column("reviews", LargeBinary, nullable=False))


#: The claims filed under each of their rarest stems, with the keys a sentence must hold.
known_factchecks_fts_keys = _packed_lists("known_factchecks_fts_keys")
#: Each stem's reviews with BM25's term-frequency part: the first stage of ``match``.
known_factchecks_fts_postings = _packed_lists("known_factchecks_fts_postings")
