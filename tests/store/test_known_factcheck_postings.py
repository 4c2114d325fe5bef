"""match's first stage: BM25 over per-stem postings kept by the import, scored in
numpy, the same ranking on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import numpy as np
from sqlalchemy import text

from factcheck.analysis import claim_keys
from factcheck.analysis.claim_matching import query_words, search_stems, stem
from factcheck.sources.claimreview import read_claimreviews
from factcheck.store.known_factchecks import bm25_candidates, store_reviews

SITE = "https://harbourfactcheck.example/2026/"
REVIEWS = {
    SITE + "10/tap-water-lead/": ("The city's tap water contains dangerous levels of lead.",
                                  "Is there lead in Harbour City's tap water?"),
    SITE + "10/bridge-toll/": ("Commuters will pay $12 a day in tolls to cross the new harbour bridge.",
                               "Harbour bridge tolls: what commuters will pay"),
    SITE + "09/fire-stations/": ("The council closed three fire stations in the east end to pay for the stadium.",
                                 "Did the council close fire stations for the stadium?"),
    SITE + "08/school-meals/": ("Free school meals were cut for 4,000 children in the district this year.", None),
    SITE + "08/mayor-salary/": ("Mayor Linda Okafor doubled her own salary after taking office.",
                                "Mayor Okafor's salary, explained"),
    SITE + "07/water-rates/": ("Water rates in the city went up 40 percent this year.", "City water rates"),
}


def _feed(reviews: dict[str, tuple[str, str | None]]) -> bytes:
    return "\n".join(json.dumps({
        "@context": "https://schema.org", "@type": "ClaimReview", "url": url, "claimReviewed": claim,
        **({"name": title} if title else {}),
        "author": {"@type": "Organization", "name": "Harbour Fact Check"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }) for url, (claim, title) in reviews.items()).encode()


def _store(ledger, reviews) -> None:
    with ledger.transaction() as session:
        store_reviews(session, read_claimreviews(_feed(reviews), "feed.jsonl").reviews, claim_keys)


def _ranked(ledger, query: str, limit: int = 30) -> list[str]:
    stems = dict.fromkeys(stem(w) for w in query_words(query))
    with ledger.transaction() as session:
        return [r.url for r in bm25_candidates(session, stems, limit)]


def _postings(ledger) -> dict[str, set[int]]:
    with ledger.transaction() as session:
        rows = session.execute(text("SELECT term, reviews FROM known_factchecks_fts_postings")).all()
        ids = dict(session.execute(text("SELECT url, id FROM known_factchecks")).all())
    dtype = np.dtype([("id", "<i8"), ("tf", "<f4")])
    by_id = {v: k for k, v in ids.items()}
    return {term: {by_id[i] for i in np.frombuffer(bytes(data), dtype=dtype)["id"].tolist()} for term, data in rows}


def test_the_review_a_post_restates_ranks_first_and_rare_words_weigh_more(ledger):
    _store(ledger, REVIEWS)
    assert _ranked(ledger, "Dangerous levels of lead in the tap water, residents say #HarbourCity")[0] == \
        SITE + "10/tap-water-lead/"
    # "water" is in two reviews, "rates" and "40" in one: the rates review first.
    ranked = _ranked(ledger, "Our water rates rose 40 percent!")
    assert ranked[0] == SITE + "07/water-rates/" and SITE + "10/tap-water-lead/" in ranked
    # The title counts: "explained" is only in one.
    assert _ranked(ledger, "Okafor salary explained")[0] == SITE + "08/mayor-salary/"
    # A handle is a word ("@HarbourBridge" is "harbour bridge").
    assert _ranked(ledger, "Tolls again. @HarbourBridge")[0] == SITE + "10/bridge-toll/"
    # Two words of each of two reviews: those two, and no more than asked for.
    assert set(_ranked(ledger, "tolls bridge stadium council", limit=2)) == {
        SITE + "09/fire-stations/", SITE + "10/bridge-toll/"}


def test_a_reworded_review_is_posted_under_its_new_words_only(ledger):
    _store(ledger, REVIEWS)
    url = SITE + "10/tap-water-lead/"
    _store(ledger, {**REVIEWS, url: ("Lead pipes still serve half of the homes in the old town.", None)})
    postings = _postings(ledger)
    document = set(search_stems("Lead pipes still serve half of the homes in the old town."))
    assert {term for term, urls in postings.items() if url in urls} == document
    # "dangerous" was only this review's: its list went with the old wording.
    assert stem("dangerous") not in postings
    assert url not in _ranked(ledger, "dangerous tap")
    assert _ranked(ledger, "lead pipes in the old town")[0] == url


def test_another_process_s_import_is_seen_though_the_lists_were_read_before(ledger, db_url):
    from factcheck.store.ledger import Ledger

    _store(ledger, REVIEWS)
    assert _ranked(ledger, "council fire stations")[0] == SITE + "09/fire-stations/"
    other = Ledger.open(db_url)
    try:
        url = SITE + "09/fire-stations/"
        _store(other, {url: ("The council sold the old library to a developer.", "Library sale")})
        _store(other, {SITE + "06/stations/": ("Police stations in the east end close at night.", None)})
    finally:
        other.close()
    ranked = _ranked(ledger, "council fire stations")
    assert ranked[0] == SITE + "06/stations/"
    assert _ranked(ledger, "library developer")[0] == url


def test_nothing_to_search_for_finds_nothing(ledger):
    assert _ranked(ledger, "lead in the water") == []
    _store(ledger, REVIEWS)
    assert _ranked(ledger, "") == []
    assert _ranked(ledger, "the and of, it is!") == []
    assert _ranked(ledger, "zeppelin quasar") == []
    with ledger.transaction() as session:
        assert bm25_candidates(session, ["lead"], limit=0) == []


def test_the_best_are_kept_from_many_and_equal_scores_come_first_imported_first(ledger):
    # Forty reviews of the same weight for "ferry", a few of them more for "fares".
    many = {f"{SITE}ferry/{n:02d}/": (f"The ferry to Gull Island number {n} was cancelled.", None)
            for n in range(40)}
    fares = {f"{SITE}fares/{n}/": ("The ferry raised its fares by half.", None) for n in range(3)}
    # (A word in more than half of the reviews would not count.)
    others = {f"{SITE}council/{n:02d}/": (f"The council approved budget line {n}.", None) for n in range(50)}
    _store(ledger, {**many, **fares, **others})
    ranked = _ranked(ledger, "ferry fares", limit=10)
    assert ranked[:3] == list(fares)
    # Imported first wins a tie at the cut, and ties come in that order.
    assert ranked[3:] == list(many)[:7]
    assert _ranked(ledger, "ferry fares", limit=10) == ranked
