"""Full-text search over articles (their newest revision), claims and notices.

The index is the database's own (migration 0008): SQLite's FTS5 ranked by BM25
(title weighted 5 to the body's 1), PostgreSQL's ``tsvector`` with ``ts_rank_cd``
(title weight A, body weight B). Triggers keep it current on every write, so
nothing here writes. ``factcheck search`` and the desk's ``/search`` call
:func:`search`; both show the sentence that matched, found by stems the way the
index found the row.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from sqlalchemy import select, text

from factcheck.errors import InvalidInput
from factcheck.store import records
from factcheck.store.queries import ARTICLE_COLUMNS
from factcheck.store.schema import articles as _ARTICLES
from factcheck.text.segmentation import segment

__all__ = ["search", "MAX_QUERY"]

MAX_QUERY = 200
_WORD = re.compile(r"\w+", re.UNICODE)
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_KINDS = ("article", "claim", "notice")

# The index itself is queried in each engine's own SQL: an FTS5 MATCH with bm25() and
# a tsvector @@ websearch_to_tsquery() are not expressible with SQLAlchemy Core, and the
# index tables are no part of schema.py (migration 0008 makes them).
_SQLITE = """
    SELECT kind, ref, article_id, title, body, bm25(search_index, 5.0, 1.0) AS score
    FROM search_index WHERE search_index MATCH :q ORDER BY score LIMIT :n
"""
_POSTGRES = """
    SELECT kind, ref, article_id, title, body, ts_rank_cd(document, query) AS score
    FROM search_index, websearch_to_tsquery('english', :q) AS query
    WHERE document @@ query ORDER BY score DESC, id LIMIT :n
"""


def _fts5_query(query: str) -> str:
    """The words as FTS5 phrases (quoted), so that punctuation or a stray AND, NOT,
    NEAR or ``*`` in what an editor typed is a word, never FTS5 syntax."""
    parts = []
    for phrase, word in _TERM.findall(query):
        words = _WORD.findall(phrase or word)
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " ".join(parts)


def _stem(word: str) -> str:
    # Close enough to Porter for picking the sentence: the index did the real match.
    word = word.lower()
    for suffix in ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=256)
def _sentences(body: str) -> tuple[Any, ...]:
    return tuple(segment(body).all_sentences)


def best_sentence(body: str, words: list[str]) -> dict[str, Any] | None:
    """The sentence of ``body`` that holds the most of the query's stems (the first
    such sentence wins ties), with its place in the text."""
    stems = {_stem(w) for w in words}
    best, best_score = None, 0
    for sentence in _sentences(body):
        present = {_stem(w) for w in _WORD.findall(sentence.text)}
        score = sum(1 for s in stems if any(p.startswith(s) or s.startswith(p) for p in present if len(p) >= 3 or p == s))
        if score > best_score:
            best, best_score = sentence, score
    if best is None:
        return None
    out: dict[str, Any] = {"paragraph": best.paragraph, "sentence": best.index, "text": best.text}
    if best.role != "body":
        out["role"] = best.role
    return out


def search(engine: Any, query: str, *, limit: int = 20) -> dict[str, Any]:
    """``{"query", "results": [{"kind", "article", "id"?, "title", "sentence", "score"}]}``,
    best first. ``id`` is the claim's or notice's; an article result names its slug."""
    query = " ".join(query.split())
    words = _WORD.findall(query)
    if not words:
        raise InvalidInput("give some words to search for, e.g. factcheck search Khadr age.")
    if len(query) > MAX_QUERY:
        raise InvalidInput(f"the search is longer than {MAX_QUERY} characters; use fewer words.")
    if engine.dialect.name == "sqlite":
        sql, q = _SQLITE, _fts5_query(query)
    else:
        sql, q = _POSTGRES, query
    with engine.connect() as connection:
        rows = list(connection.execute(text(sql), {"q": q, "n": limit}))
        ids = sorted({r.article_id for r in rows})
        articles = {
            r.id: r for r in connection.execute(select(*ARTICLE_COLUMNS).where(_ARTICLES.c.id.in_(ids)))
        } if ids else {}
    results = []
    for row in rows:
        article = articles.get(row.article_id)
        if article is None:
            continue
        item: dict[str, Any] = {"kind": row.kind, "article": records.article(article)}
        if row.kind != "article":
            item["id"] = row.ref
        item["title"] = row.title or None
        item["sentence"] = best_sentence(row.body, words)
        # BM25 is "lower is better" and negative; one direction for both engines.
        item["score"] = round(-row.score if engine.dialect.name == "sqlite" else row.score, 4)
        results.append(item)
    return {"query": query, "results": results}
