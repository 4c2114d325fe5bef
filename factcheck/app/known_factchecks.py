"""Use cases of known fact-checks: import ClaimReview, match text, feed the check.

* :func:`import_claimreviews` reads a file or URL (:mod:`factcheck.sources.claimreview`)
  and stores its reviews in one transaction: a refused input stores nothing.
* :func:`match` ranks the imported reviews and the ledger's own judged claims
  against a text: BM25 over the reviews' postings and the judged claims held in
  memory give the first stage, :func:`factcheck.analysis.claim_matching.rerank` decides.
* :class:`KnownClaims` gathers, for one revision, the candidates the
  ``previously-checked`` check is given (the check itself reads no database).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable
from weakref import WeakKeyDictionary

from factcheck.errors import InvalidInput

if TYPE_CHECKING:  # pragma: no cover - typing only
    from factcheck.analysis.claim_matching import Candidate, CandidateIndex, Match
    from factcheck.sources.claimreview import Skipped
    from factcheck.store.known_factchecks import KnownStamps
    from factcheck.store.ledger import Ledger
    from factcheck.text.segmentation import Document

__all__ = ["ImportReport", "KnownClaims", "Matcher", "import_claimreviews", "match", "match_payload", "read_source"]

#: Candidates the first stage hands to re-ranking per query.
FIRST_STAGE = 30


@dataclass
class ImportReport:
    origin: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list["Skipped"] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "origin": self.origin, "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "skipped": [{"item": s.position, "url": s.url, "reason": s.reason} for s in self.skipped],
        }


def read_source(source: str) -> tuple[bytes, str | None]:
    """The bytes of a file or URL, and the content type a server declared."""
    from factcheck.sources.claimreview import MAX_FEED_BYTES
    from factcheck.sources.pages import is_url

    if is_url(source):
        from factcheck.sources.fetch import fetch

        result = fetch(source, max_bytes=MAX_FEED_BYTES, deadline=300.0)
        kind = result.content_type
        if kind and not (kind.endswith("json") or "html" in kind or kind in ("text/plain", "application/x-ndjson",
                                                                             "application/jsonl")):
            raise InvalidInput(f"{source} is {kind}, not JSON-LD; pass the address of a ClaimReview feed or "
                               "of a fact-check page.")
        return result.body, kind
    from pathlib import Path

    path = Path(source)
    if not path.exists():
        raise InvalidInput(f"{source} does not exist; check the path.")
    if path.is_dir():
        raise InvalidInput(f"{source} is a directory; pass a ClaimReview JSON-LD file.")
    if path.stat().st_size > MAX_FEED_BYTES:
        raise InvalidInput(f"{source} is {path.stat().st_size / 1048576:.0f} MB, over the "
                           f"{MAX_FEED_BYTES // 1048576} MB limit for one import; split the feed.")
    try:
        return path.read_bytes(), None
    except OSError as error:
        raise InvalidInput(f"cannot read {source}: {error.strerror}; check its permissions.") from None


def import_claimreviews(ledger: "Ledger", source: str) -> ImportReport:
    """Import the ClaimReviews of ``source`` (file or URL), one per url."""
    from factcheck.sources.claimreview import read_claimreviews

    data, content_type = read_source(source)
    feed = read_claimreviews(data, source, content_type=content_type)
    report = ImportReport(source, skipped=feed.skipped)
    if feed.reviews:
        tally = ledger.retrying(
            lambda: _store(ledger, feed.reviews),
            gave_up="another import kept storing the same reviews at the same time; run the command again.",
        )
        report.added, report.updated, report.unchanged = tally.added, tally.updated, tally.unchanged
        if tally.added > 1000:
            ledger.refresh_statistics()
    return report


def _store(ledger: "Ledger", reviews: list[Any]) -> Any:
    from factcheck.analysis import claim_keys
    from factcheck.store.known_factchecks import store_reviews

    with ledger.transaction() as session:
        return store_reviews(session, reviews, claim_keys)


def _candidates(rows: Iterable[Any]) -> list["Candidate"]:
    return [_candidate(r) for r in rows]


def _candidate(r: Any) -> "Candidate":
    from factcheck.analysis.claim_matching import Candidate

    return Candidate(r.text, r.url, r.publisher, r.rating, r.verdict, r.lexical, r.title, r.claim, r.article)


def _rating_names() -> dict[str, str]:
    """Verdict -> the rating readers see, as this newsroom's configuration names it."""
    from factcheck.config import load_config

    return {verdict: rating.alternate_name for verdict, rating in load_config().ratings.items()}


#: Per engine: the newest claim version's id when the judged claims were read, and
#: their index. A check reads one stamp instead of the claims. (By engine, not
#: url: two in-memory databases share a url and may share a newest id.)
_JUDGED: "WeakKeyDictionary[Any, tuple[int | None, CandidateIndex]]" = WeakKeyDictionary()


def _judged_index(ledger: "Ledger", stamp: int | None) -> "CandidateIndex":
    """The ledger's judged claims, indexed: read again only when a claim version
    was added since this process last read them."""
    from factcheck.analysis.claim_matching import CandidateIndex
    from factcheck.store.known_factchecks import judged_claims

    held = _JUDGED.get(ledger.engine)
    if held is None or held[0] != stamp:
        # One assignment: a thread still using the former index keeps it whole.
        held = _JUDGED[ledger.engine] = (stamp, CandidateIndex(_candidates(judged_claims(ledger.session))))
    return held[1]


def drop_judged_cache() -> None:
    """Forget the judged claims this process read (the benchmark's cold figures)."""
    _JUDGED.clear()


class KnownClaims:
    """What one command (or one batch of an archive import) matches against: the
    ledger's judged claims, and whether any review was imported. One query asks
    both stamps, at the first document (or the first question); what they vouch
    for is kept between commands of a process."""

    def __init__(self, ledger: "Ledger") -> None:
        self.ledger = ledger
        self.session = ledger.session
        self._stamps: "KnownStamps | None" = None

    def _take(self, stamps: "KnownStamps") -> "KnownStamps":
        self._stamps = stamps
        self._judged = _judged_index(self.ledger, stamps.judged)
        return stamps

    def _read_stamps(self) -> "KnownStamps":
        from factcheck.store.known_factchecks import known_stamps

        return self._take(known_stamps(self.session))

    @property
    def stamps(self) -> "KnownStamps":
        """What the stamps were when first asked for (by a document, or here)."""
        return self._stamps if self._stamps is not None else self._read_stamps()

    @property
    def has_reviews(self) -> bool:
        return self.stamps.reviews is not None

    @property
    def judged(self) -> "CandidateIndex":
        """The claims judged in the ledger's articles, indexed."""
        if self._stamps is None:
            self._read_stamps()
        return self._judged

    def for_document(self, doc: "Document", *, article: str | None) -> dict[str, tuple["Candidate", ...]]:
        """Per sentence of ``doc`` (of ``article``), by its text, the candidates the
        ``previously-checked`` check ranks it among: the reviews of which it holds
        enough keys (the key lists of all its sentences read at once), and the
        claims judged in the other articles of which it says a quarter. Sentences
        with none are left out; no query but the stamps when nothing was imported.

        Each sentence has its own: what a sentence is compared with does not
        depend on what else the article says."""
        # The sentences the check compares: those long enough to state a claim.
        from factcheck.analysis.checks.previously_checked import MIN_WORDS
        from factcheck.analysis.claim_keys import claim_stems

        sentences = list(dict.fromkeys(s.text for s in doc.sentences if len(s.text.split()) >= MIN_WORDS))
        stems = None
        if self._stamps is None:
            from factcheck.store.known_factchecks import reviews_seen, stamps_meanwhile

            # The stamps' round trip and the stemming at once, where this process
            # found reviews before (the stems are then wanted).
            with stamps_meanwhile(self.session) as answer:
                if reviews_seen(self.session):
                    stems = [claim_stems(text) for text in sentences]
            self._take(answer.stamps)
        found: dict[str, list["Candidate"]] = {}
        if self.has_reviews:
            from factcheck.store.known_factchecks import keyed_candidates

            if stems is None:
                stems = [claim_stems(text) for text in sentences]
            keyed = keyed_candidates(self.session, stems, self.stamps.reviews, make=_candidate)  # type: ignore[arg-type]
            for text, candidates in zip(sentences, keyed):
                if candidates:
                    found[text] = candidates
        if len(self.judged):
            for text in sentences:
                own = [c for c in self.judged.quarter_said_by(text) if c.article != article]
                if own:
                    found.setdefault(text, []).extend(own)
        return {text: tuple(candidates) for text, candidates in found.items()}


class Matcher:
    """``match``'s two stages: BM25 over the reviews' postings and the judged claims held in
    memory give candidates, one re-ranking orders both."""

    def __init__(self, ledger: "Ledger") -> None:
        known = KnownClaims(ledger)
        self.session = known.session
        self.has_reviews = known.has_reviews
        self.own = known.judged

    def candidates(self, text: str, first_stage: int = FIRST_STAGE) -> list["Candidate"]:
        from factcheck.analysis.claim_matching import query_words, stem
        from factcheck.store.known_factchecks import bm25_candidates

        known = []
        if self.has_reviews:
            stems = dict.fromkeys(stem(word) for word in query_words(text))
            known = _candidates(bm25_candidates(self.session, stems, first_stage))
        own = self.own.search(text, first_stage) if len(self.own) else []
        # The two first stages score on different scales: each is made relative to its best.
        return _relative(known) + _relative(own)

    def match(self, text: str, limit: int) -> list["Match"]:
        from factcheck.analysis.claim_matching import rerank

        return rerank(text, self.candidates(text), limit=limit)


def _relative(candidates: list["Candidate"]) -> list["Candidate"]:
    if not candidates:
        return candidates
    best = max(c.lexical for c in candidates) or 1.0
    return [c.scored(c.lexical / best) for c in candidates]


def match(ledger: "Ledger", queries: list[str], *, limit: int = 5) -> list[tuple[str, list["Match"]]]:
    """The known claims closest to each query, best first."""
    matcher = Matcher(ledger)
    return [(query, matcher.match(query, limit)) for query in queries]


def match_payload(results: list[tuple[str, list["Match"]]]) -> dict[str, Any]:
    """The JSON contract: ``{"results": [{"query", "matches": [...]}]}``."""
    names = _rating_names()
    return {"results": [{"query": query, "matches": [_match_json(m, names) for m in matches]}
                        for query, matches in results]}


def _match_json(found: "Match", names: dict[str, str]) -> dict[str, Any]:
    c = found.candidate
    rating = c.rating if c.claim is None else names.get(c.verdict or "", c.verdict)
    return {"url": c.url, "text": c.text, "publisher": c.publisher, "rating": rating, "score": found.score,
            "claim": c.claim, "article": c.article}
