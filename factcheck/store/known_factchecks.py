"""Storage of known fact-checks: the table, the import's upsert, the first-stage query.

The first stage of matching is BM25 over claim and title, computed here in numpy
from migration 0009's postings (:func:`bm25_candidates`; one packed list per stem,
:mod:`factcheck.store.claim_key_lists`), so both databases rank alike
(PostgreSQL's ``ts_rank`` has no idf). It is given stems (the analysis layer
chooses them) and returns the best few dozen reviews; the re-ranking that decides
is :mod:`factcheck.analysis.claim_matching`'s, outside storage. The full-text
index of migration 0007 is still kept by its triggers.

The ``previously-checked`` check of an article does not query per sentence: each
review is filed under its rarest stems (migration 0009's
``known_factchecks_fts_terms`` counts the reviews holding each stem,
``known_factchecks_fts_keys`` files each review under its keys; see
:mod:`factcheck.analysis.claim_keys`), kept here by the import, and
:func:`keyed_candidates` reads the key lists of all of an article's stems in one
query, then the reviews they name.

Both read through a per-process cache, valid while the stamp the import renews
(``known_factchecks_fts_generation``) is unchanged.

The ledger's own judged claims are read here too (:func:`judged_claims`): they
are matched like the imported reviews. :func:`known_stamps` gives, in one round
trip, the import's stamp and the newest claim version's id, by which a process
knows whether what it kept of either still holds.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Iterator, Mapping, Protocol, Sequence
from weakref import WeakKeyDictionary

import numpy as np
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from factcheck.store.claim_key_lists import (KEYS, POSTINGS, CachedLists, ListCache, connection_of, file_under_keys,
                                             meeting_reviews, values_by_key)
from factcheck.store.models import Article, Claim, ClaimVersion, KnownFactCheck, utcnow
from factcheck.store.query_in_flight import first_row_meanwhile
from factcheck.store.schema import claim_versions
from factcheck.store.schema import known_factchecks_fts_generation as _STATS
from factcheck.store.schema import known_factchecks_fts_terms as _TERMS
from factcheck.vocabulary import JUDGED_STATUSES

__all__ = [
    "ClaimWords", "ImportTally", "KnownStamps", "StoredReview", "bm25_candidates", "drop_caches",
    "frequencies", "judged_claims", "keyed_candidates", "known_stamps", "rebuild_keys", "reviews_seen",
    "stamps_meanwhile", "store_reviews",
]

_TABLE = KnownFactCheck.__table__
# BM25's parameters, as SQLite's FTS5 has them.
_K1, _B = 1.2, 0.75
_COMPARED = ("claim_text", "title", "publisher", "rating", "rating_value", "best_rating", "worst_rating",
             "verdict", "reviewed", "claim_author", "claim_date", "appearance")
_CHUNK = 500


@dataclass
class ImportTally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class StoredReview:
    """A row of the first stage: a review, or a judged claim of the ledger."""

    text: str
    url: str | None
    publisher: str | None
    rating: str | None
    verdict: str | None
    lexical: float = 0.0  # the first stage's score, larger is better
    title: str | None = None
    claim: int | None = None
    article: str | None = None


class ClaimWords(Protocol):
    """Which words file a known claim: the analysis layer's rules
    (:mod:`factcheck.analysis.claim_keys`), handed in by the app, so that the store
    keeps the index without computing with text itself."""

    def claim_stems(self, text: str) -> frozenset[str]: ...
    def review_stems(self, claim_text: str, title: str | None) -> list[str]: ...
    def keys_of(self, stems: Iterable[str], frequency: Mapping[str, int]) -> list[str]: ...
    def keys_needed(self, keys: int) -> int: ...


def store_reviews(session: Session, reviews: Sequence[Any], words: ClaimWords) -> ImportTally:
    """Add new reviews and update changed ones (by url), in the caller's transaction.

    ``reviews`` have ``url`` and ``columns()`` (``factcheck.sources.claimreview.Review``).
    Rows go in as batches: 15,000 reviews are a few dozen statements. ``words``
    says which stems file and post each claim.
    """
    tally = ImportTally()
    by_url = {review.url: review.columns() for review in reviews}
    existing: dict[str, Any] = {}
    urls = list(by_url)
    for start in range(0, len(urls), _CHUNK):
        chunk = urls[start:start + _CHUNK]
        for row in session.execute(select(_TABLE).where(_TABLE.c.url.in_(chunk))).mappings():
            existing[row["url"]] = row
    now = utcnow()
    new_rows, changed = [], []
    for url, columns in by_url.items():
        row = existing.get(url)
        if row is None:
            new_rows.append({**columns, "imported_at": now, "updated_at": now})
        elif any(_differs(row[name], columns[name]) for name in _COMPARED):
            changed.append({"b_id": row["id"], **{name: columns[name] for name in _COMPARED}, "updated_at": now})
        else:
            tally.unchanged += 1
    for start in range(0, len(new_rows), _CHUNK * 4):
        session.execute(insert(_TABLE), new_rows[start:start + _CHUNK * 4])
    if changed:
        values = {name: bindparam(name) for name in (*_COMPARED, "updated_at")}
        statement = update(_TABLE).where(_TABLE.c.id == bindparam("b_id")).values(**values)
        session.connection().execute(statement, changed)
    added = values_by_key(session, _TABLE.c.url, _TABLE.c.id, (row["url"] for row in new_rows))
    filed = {added[url]: by_url[url]["claim_text"] for url in added}
    reworded = {}
    for url, columns in by_url.items():
        row = existing.get(url)
        if row is not None and row["claim_text"] != columns["claim_text"]:
            filed[row["id"]], reworded[row["id"]] = columns["claim_text"], row["claim_text"]
    _file_claims(session, filed, reworded, words)
    posted = {added[url]: _document(by_url[url], words) for url in added}
    unposted = {}
    for url, columns in by_url.items():
        row = existing.get(url)
        if row is not None and (row["claim_text"], row["title"]) != (columns["claim_text"], columns["title"]):
            posted[row["id"]], unposted[row["id"]] = _document(columns, words), _document(row, words)
    _post(session, posted, unposted)
    if new_rows or changed:
        _renew_stamp(session)
    tally.added, tally.updated = len(new_rows), len(changed)
    return tally


def _document(columns: Mapping[str, Any], words: ClaimWords) -> list[str]:
    """The stems the first stage indexes a review under: its claim's and its title's."""
    return words.review_stems(columns["claim_text"], columns["title"])


_STATS_ROW = select(_STATS).where(_STATS.c.id == 1)


def _stats(session: Any) -> Any:
    return session.execute(_STATS_ROW).first()


def _renew_stamp(session: Any, reviews: int = 0, length: float = 0.0) -> None:
    """A new stamp, and ``reviews``/``length`` more (or fewer) in the totals."""
    stamp = uuid.uuid4().hex
    if _stats(session) is None:
        session.execute(insert(_STATS).values(id=1, stamp=stamp, reviews=reviews, length=length))
    else:
        session.execute(update(_STATS).where(_STATS.c.id == 1).values(
            stamp=stamp, reviews=_STATS.c.reviews + reviews, length=_STATS.c.length + length))


def _post(session: Any, documents: Mapping[int, list[str]], replaced: Mapping[int, list[str]]) -> None:
    """Post each review of ``documents`` (id -> its stems) under its stems, after
    taking those it ``replaced`` off their lists. The term-frequency part of BM25
    is computed now, with the average length this import leaves: a review imported
    when the collection was shorter or longer keeps its weights (the average moves
    little once there are thousands of reviews)."""
    if not documents:
        return
    change = len([r for r in documents if r not in replaced])
    growth = sum(map(len, documents.values())) - sum(map(len, replaced.values()))
    _renew_stamp(session, change, growth)
    stats = _stats(session)
    average = stats.length / stats.reviews if stats.reviews else 1.0
    added: dict[str, list[tuple[int, float]]] = {}
    for review, stems in documents.items():
        norm = _K1 * (1 - _B + _B * len(stems) / max(average, 1e-9))
        for term, tf in Counter(stems).items():
            added.setdefault(term, []).append((review, tf * (_K1 + 1) / (tf + norm)))
    removed: dict[str, set[int]] = {}
    for review, stems in replaced.items():
        for term in set(stems):
            removed.setdefault(term, set()).add(review)
    POSTINGS.update(session, added, removed)


def _file_claims(session: Any, claims: Mapping[int, str], replaced: Mapping[int, str], words: ClaimWords) -> None:
    """Count the stems of ``claims`` (review id -> claim text) in the document
    frequencies, less those of the texts they ``replaced``, and file each claim
    under its keys (chosen with the frequencies this import leaves)."""
    if not claims:
        return
    stems = {review: words.claim_stems(claim) for review, claim in claims.items()}
    change: Counter[str] = Counter()
    for held in stems.values():
        change.update(held)
    for claim in replaced.values():
        change.subtract(words.claim_stems(claim))
    _count_terms(session, {term: n for term, n in change.items() if n})
    frequency = frequencies(session, set().union(*stems.values()))
    keys = {review: words.keys_of(held, frequency) for review, held in stems.items()}
    file_under_keys(session, keys, {review: words.keys_needed(len(k)) for review, k in keys.items()},
                    unfile={review: words.claim_stems(claim) for review, claim in replaced.items()})


def _count_terms(session: Any, change: Mapping[str, int]) -> None:
    if not change:
        return
    if _dialect(session) == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as upsert
    else:
        from sqlalchemy.dialects.postgresql import insert as upsert  # type: ignore[assignment]
    statement = upsert(_TERMS)
    statement = statement.on_conflict_do_update(index_elements=["term"],
                                                set_={"docs": _TERMS.c.docs + statement.excluded.docs})
    rows = [{"term": term, "docs": n} for term, n in change.items()]
    for start in range(0, len(rows), _CHUNK * 8):
        session.execute(statement, rows[start:start + _CHUNK * 8])
    if any(n < 0 for n in change.values()):
        # A reworded claim's words no review holds any more.
        session.execute(delete(_TERMS).where(_TERMS.c.docs <= 0))


def _dialect(session: Any) -> str:
    """The dialect's name of a session or of a connection (what a migration has)."""
    return (session.get_bind() if isinstance(session, Session) else session).dialect.name


def frequencies(session: Any, stems: Iterable[str]) -> dict[str, int]:
    """How many known reviews hold each of ``stems`` (stems none holds are left out)."""
    return values_by_key(session, _TERMS.c.term, _TERMS.c.docs, stems)


def rebuild_keys(connection: Any, words: ClaimWords) -> None:
    """Count, file and post every stored review anew (migration 0009 fills the tables so)."""
    KEYS.clear(connection)
    POSTINGS.clear(connection)
    connection.execute(delete(_TERMS))
    connection.execute(delete(_STATS))
    rows = connection.execute(select(_TABLE.c.id, _TABLE.c.claim_text, _TABLE.c.title)).mappings().all()
    _file_claims(connection, {row["id"]: row["claim_text"] for row in rows}, {}, words)
    _renew_stamp(connection)
    _post(connection, {row["id"]: _document(row, words) for row in rows}, {})


def _differs(stored: Any, given: Any) -> bool:
    if isinstance(stored, float) or isinstance(given, float):
        return (stored is None) != (given is None) or (stored is not None and abs(stored - given) > 1e-9)
    return stored != given


_CACHES: dict[str, ListCache] = {}
_NAMES: "WeakKeyDictionary[Any, str]" = WeakKeyDictionary()


def drop_caches() -> None:
    """Forget the lists and reviews this process read (the benchmark's cold figures)."""
    _CACHES.clear()


def _cache(session: Any, stamp: str) -> CachedLists:
    """This process's cache of the lists read from ``session``'s database, emptied
    if the import renewed the stamp since."""
    return _CACHES.setdefault(_name(session), ListCache()).valid_for(stamp)


def _name(session: Any) -> str:
    """What the caches of ``session``'s database are kept under: its url (two
    engines of one database share it), the url's text kept per engine."""
    engine = (session.get_bind() if isinstance(session, Session) else session).engine
    name = _NAMES.get(engine)
    if name is None:
        name = _NAMES[engine] = engine.url.render_as_string(hide_password=True)
    return name


def bm25_candidates(session: Session, stems: Iterable[str], limit: int = 30) -> list[StoredReview]:
    """The ``limit`` reviews of best BM25 (claim and title, FTS5's formula) for any
    of ``stems``, best first: the postings of the stems (read once per process and
    import, see :class:`~factcheck.store.claim_key_lists.ListCache`) summed in numpy.
    The same ranking on either database. Stems in more than half of the reviews
    are left out when rarer ones are asked for: FTS5's idf gives them (almost)
    nothing, and their lists are the longest."""
    stats = _stats(session)
    if stats is None or stats.reviews <= 0 or limit <= 0:
        return []
    cache = _cache(session, stats.stamp)
    lists = POSTINGS.read(session, stems, cache)
    idf = {term: math.log((stats.reviews - len(postings) + 0.5) / (len(postings) + 0.5))
           for term, postings in lists.items()}
    # FTS5 gives a stem in more than half of the reviews an idf of 1e-6: it only
    # counts when no rarer stem is asked for (a ledger of a few reviews).
    used = [term for term in lists if idf[term] > 0] or list(lists)
    if not used:
        return []
    ids = [lists[term]["id"] for term in used]
    weights = [lists[term]["tf"] * max(idf[term], 1e-6) for term in used]
    scores = np.bincount(np.concatenate(ids), weights=np.concatenate(weights))
    # Only the reviews holding a stem are ranked: a partition of the whole array,
    # mostly zeros, took numpy twenty times as long (21 ms at 150,000 reviews).
    best = np.flatnonzero(scores > 0)
    if len(best) > limit:
        # The limit-th best score: those above it, then as many of those on it as
        # there is room for, the first imported first (the same answer every time).
        kth = np.partition(scores[best], len(best) - limit)[len(best) - limit]
        above, tied = best[scores[best] > kth], best[scores[best] == kth]
        best = np.concatenate((above, tied[:limit - len(above)]))
    best = best[np.lexsort((best, -scores[best]))]
    found = _rows(session, best.tolist(), cache)
    return [replace(found[review], lexical=float(scores[review])) for review in best.tolist() if review in found]


_REVIEWS = select(_TABLE.c.id, _TABLE.c.claim_text, _TABLE.c.title, _TABLE.c.url, _TABLE.c.publisher,
                  _TABLE.c.rating, _TABLE.c.verdict).where(_TABLE.c.id.in_(bindparam("ids", expanding=True)))


def _rows(session: Any, ids: list[int], cache: CachedLists) -> dict[int, StoredReview]:
    """The reviews of ``ids``, from ``cache`` where it holds them."""
    held = cache.rows
    missing = [review for review in ids if review not in held]
    connection = connection_of(session)
    for start in range(0, len(missing), _CHUNK):
        for row in connection.execute(_REVIEWS, {"ids": missing[start:start + _CHUNK]}):
            held[row.id] = StoredReview(row.claim_text, row.url, row.publisher, row.rating, row.verdict,
                                        title=row.title)
    return {review: held[review] for review in ids if review in held}


def keyed_candidates(session: Session, sentences: Sequence[Iterable[str]], stamp: str,
                     make: Callable[[StoredReview], Any] = lambda review: review) -> list[list[Any]]:
    """Per sentence of ``sentences`` (each given as its stems), the reviews of
    which it holds enough keys (:func:`~factcheck.analysis.claim_keys.keys_needed`),
    in id order, each as ``make`` makes it of its row; the key lists of all their
    stems are read at once. ``stamp`` is the import's, as :func:`known_stamps`
    read it.

    The lists, the rows and what ``make`` made of them are kept for the process's
    next check while no import changes them (:func:`bm25_candidates`' cache): the
    same reviews are candidates check after check. Their ``lexical`` is 0: the
    check ranks them itself."""
    cache = _cache(session, stamp)
    met_by = meeting_reviews(session, sentences, cache)
    made = cache.made.setdefault(make, {})
    wanted = sorted(set().union(*met_by).difference(made))
    for review, row in _rows(session, wanted, cache).items():
        made[review] = make(row)
    return [[made[review] for review in sorted(met) if review in made] for met in met_by]


@dataclass(frozen=True)
class KnownStamps:
    """What tells a process whether what it read of the known claims still holds."""

    #: The import's stamp (renewed with every import), None while none was imported.
    reviews: str | None
    #: The newest claim version's id: versions are only ever appended, so the
    #: judged claims change exactly when it does.
    judged: int | None


# Built once: building the statement cost a check several times more than running it.
_STAMPS = select(select(_STATS.c.stamp).where(_STATS.c.id == 1, _STATS.c.reviews > 0).scalar_subquery(),
                 select(func.max(claim_versions.c.id)).scalar_subquery())
#: Dialect name -> the stamps query's SQL text (no parameters: its two numbers are written in).
_STAMPS_SQL: dict[str, str] = {}


def known_stamps(session: Session) -> KnownStamps:
    """Both stamps, in one round trip (a check reads them once)."""
    with stamps_meanwhile(session) as answer:
        pass
    return answer.stamps


class _StampsAnswer:
    stamps: KnownStamps


@contextmanager
def stamps_meanwhile(session: Session) -> Iterator[_StampsAnswer]:
    """Both stamps, asked before the block and read after it (on PostgreSQL the
    round trip overlaps the block: :mod:`factcheck.store.query_in_flight`); the
    block must not use ``session``."""
    connection = connection_of(session)
    dialect = connection.dialect
    sql = _STAMPS_SQL.get(dialect.name)
    if sql is None:
        sql = _STAMPS_SQL[dialect.name] = str(_STAMPS.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    answer = _StampsAnswer()
    with first_row_meanwhile(connection, sql) as in_flight:
        yield answer
    reviews, judged = in_flight.row  # type: ignore[misc]  # an aggregate's one row
    answer.stamps = KnownStamps(reviews, None if judged is None else int(judged))


def reviews_seen(session: Session) -> bool:
    """Whether this process, when it last asked, found reviews imported in
    ``session``'s database (a hint: the stamps say for sure)."""
    held = _CACHES.get(_name(session))
    return held is not None and held.current.stamp is not None


def judged_claims(session: Session, *, besides_article: int | None = None) -> list[StoredReview]:
    """The ledger's claims that carry a verdict now (their latest version), from
    every article but ``besides_article``."""
    latest = (
        select(ClaimVersion.claim_id, func.max(ClaimVersion.version).label("version"))
        .group_by(ClaimVersion.claim_id).subquery()
    )
    statement = (
        select(Claim.id, Article.slug, ClaimVersion.text, ClaimVersion.verdict)
        .join(latest, latest.c.claim_id == Claim.id)
        .join(ClaimVersion, (ClaimVersion.claim_id == Claim.id) & (ClaimVersion.version == latest.c.version))
        .join(Article, Article.id == Claim.article_id)
        .where(ClaimVersion.verdict.is_not(None), ClaimVersion.status.in_(JUDGED_STATUSES))
        .order_by(Claim.id)
    )
    if besides_article is not None:
        statement = statement.where(Claim.article_id != besides_article)
    return [StoredReview(row.text, None, None, None, row.verdict, claim=row.id, article=row.slug)
            for row in session.execute(statement)]
