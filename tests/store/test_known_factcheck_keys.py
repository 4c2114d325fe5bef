"""The rare-word keys of known fact-checks: kept by the import, filled by migration 0009,
read for a whole article at once."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sqlalchemy import text

from factcheck.analysis import claim_keys
from factcheck.analysis.claim_keys import claim_stems
from factcheck.sources.claimreview import read_claimreviews
from factcheck.store.known_factchecks import frequencies, keyed_candidates, known_stamps, rebuild_keys, store_reviews

CLAIMS = {
    "https://harbourfactcheck.example/2026/10/tap-water-lead/":
        "The city's tap water contains dangerous levels of lead.",
    "https://harbourfactcheck.example/2026/10/bridge-toll/":
        "Commuters will pay $12 a day in tolls to cross the new harbour bridge.",
    "https://harbourfactcheck.example/2026/09/fire-stations/":
        "The council closed three fire stations in the east end to pay for the stadium.",
    "https://harbourfactcheck.example/2026/08/school-meals/":
        "Free school meals were cut for 4,000 children in the district this year.",
    "https://harbourfactcheck.example/2026/08/mayor-salary/":
        "Mayor Linda Okafor doubled her own salary after taking office.",
}


def _feed(claims: dict[str, str]) -> bytes:
    return "\n".join(json.dumps({
        "@context": "https://schema.org", "@type": "ClaimReview", "url": url, "claimReviewed": claim,
        "author": {"@type": "Organization", "name": "Harbour Fact Check"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }) for url, claim in claims.items()).encode()


def _store(ledger, claims: dict[str, str]) -> None:
    reviews = read_claimreviews(_feed(claims), "feed.jsonl").reviews
    with ledger.transaction() as session:
        store_reviews(session, reviews, claim_keys)


def _found(ledger, *sentences: str) -> set[str]:
    with ledger.transaction() as session:
        stamp = known_stamps(session).reviews
        return {r.url for found in keyed_candidates(session, [claim_stems(s) for s in sentences], stamp)
                for r in found}


def _tables(ledger) -> tuple[list, list]:
    with ledger.transaction() as session:
        terms = session.execute(text("SELECT term, docs FROM known_factchecks_fts_terms ORDER BY term")).all()
        keys = session.execute(text("SELECT term, reviews FROM known_factchecks_fts_keys ORDER BY term")).all()
        # (stem, review id, keys needed): how claim_key_lists packs them.
        filed = [(term, value >> 2, value & 3) for term, reviews in keys
                 for value in np.frombuffer(bytes(reviews), dtype="<i8").tolist()]
        # match's first stage: (stem, review id) of each posting.
        postings = session.execute(text("SELECT term, reviews FROM known_factchecks_fts_postings")).all()
        dtype = np.dtype([("id", "<i8"), ("tf", "<f4")])
        posted = {(term, review) for term, data in postings
                  for review in np.frombuffer(bytes(data), dtype=dtype)["id"].tolist()}
        return [tuple(r) for r in terms], filed, posted


def test_a_restating_sentence_finds_its_claim_and_a_topical_one_finds_nothing(ledger):
    _store(ledger, CLAIMS)
    assert _found(ledger, "Residents were told that dangerous amounts of lead are in the city's tap water.") == {
        "https://harbourfactcheck.example/2026/10/tap-water-lead/"}
    assert _found(ledger, "A flyer says the council shut three east-end fire stations to fund the new stadium.") == {
        "https://harbourfactcheck.example/2026/09/fire-stations/"}
    # On the subject, stating none of the claims.
    assert _found(ledger, "The water utility will replace 400 lead service lines this summer.",
                  "The council meets again on Dec. 12 to discuss the stadium budget.",
                  "The mayor took questions from reporters about her salary on Tuesday.") == set()
    # The keys only pick candidates: three of a claim's rare words (here a full
    # name) are enough to be compared with it; the check's score decides.
    assert _found(ledger, "Mayor Linda Okafor took questions from reporters on Tuesday.") == {
        "https://harbourfactcheck.example/2026/08/mayor-salary/"}
    # One query for many sentences gives each sentence's claims.
    assert _found(ledger, "Commuters will pay $12 every day in tolls on the new harbour bridge, he said.",
                  "Free meals at school were cut for 4,000 children in the district.") == {
        "https://harbourfactcheck.example/2026/10/bridge-toll/",
        "https://harbourfactcheck.example/2026/08/school-meals/"}


def test_the_frequencies_count_each_claim_once_and_a_reworded_claim_moves_its_keys(ledger):
    _store(ledger, CLAIMS)
    with ledger.transaction() as session:
        counted = frequencies(session, claim_stems("council lead water nowhere"))
    assert counted == {s: 1 for s in claim_stems("council lead water")}
    url = "https://harbourfactcheck.example/2026/10/tap-water-lead/"
    _store(ledger, {**CLAIMS, url: "Lead pipes still serve half of the homes in the old town."})
    with ledger.transaction() as session:
        counted = frequencies(session, claim_stems("lead water pipes town"))
    assert counted == {s: 1 for s in claim_stems("lead pipes town")}
    assert _found(ledger, "Dangerous amounts of lead are in the city's tap water, residents said.") == set()
    assert _found(ledger, "Half of the homes in the old town are still served by lead pipes.") == {url}


def test_rebuilding_gives_what_the_imports_kept_keys_and_postings(ledger):
    _store(ledger, dict(list(CLAIMS.items())[:3]))
    _store(ledger, CLAIMS)
    kept = _tables(ledger)
    with ledger.engine.begin() as connection:
        rebuild_keys(connection, claim_keys)
    assert _tables(ledger)[0] == kept[0]
    # Keys chosen with the final frequencies may differ from those of an earlier
    # import, never the reviews filed nor the stems counted.
    assert {r[1] for r in _tables(ledger)[1]} == {r[1] for r in kept[1]}
    # Every review posted under the same stems (the term-frequency parts, computed
    # with the average length of then and now, may differ).
    assert _tables(ledger)[2] == kept[2]


# (known claim, restated in new words, on its topic only)
RESTATED = [
    ("Wind turbines cause cancer in people who live nearby.",
     "Living close to a wind turbine gives people cancer, one speaker insisted.",
     "Two new wind turbines went up near the highway, and people nearby complained of the noise."),
    ("The provincial government closed 14 rural hospitals since 2019.",
     "Fourteen rural hospitals, 14 in all, have been closed by the provincial government since 2019, she said.",
     "The provincial government opened a rural clinic in Elkford in 2019."),
    ("Vaccinated children are more likely to develop autism.",
     "The pamphlet claims that children who get vaccinated are likelier to develop autism.",
     "Children can be vaccinated for free at the library on Saturdays."),
    ("The refinery fire released toxic gas over the entire county.",
     "According to the post, toxic gas from the refinery fire spread over the entire county.",
     "The county fire marshal inspected the refinery last spring."),
]


def test_the_check_of_an_article_flags_each_restatement_and_no_topical_sentence(ledger):
    from factcheck.analysis.checks import run_checks
    from factcheck.app.known_factchecks import KnownClaims
    from factcheck.text.segmentation import segment

    urls = {f"https://prairiefacts.example/{n}": claim for n, (claim, _, _) in enumerate(RESTATED)}
    _store(ledger, {**CLAIMS, **urls})
    story = "\n\n".join(["Region", "Forum hears residents' worries"]
                        + [sentence for _, restated, topical in RESTATED for sentence in (topical, restated)])
    doc = segment(story)
    findings = [f for f in run_checks(doc, known=KnownClaims(ledger).for_document(doc, article=None))
                if f.check == "previously-checked"]
    assert [f.spans[0].text for f in findings] == [restated for _, restated, _ in RESTATED]
    assert [f.data["url"] for f in findings] == list(urls)


def test_what_a_sentence_is_compared_with_does_not_depend_on_the_rest_of_the_article(ledger):
    from factcheck.analysis.checks import run_checks
    from factcheck.app.known_factchecks import KnownClaims
    from factcheck.text.segmentation import segment

    # Near twins of the restated claims, each another sentence's: a sentence's
    # finding (or none) is the same in the article as checked alone.
    twins = {f"https://prairiefacts.example/twin/{n}": restated.replace("people", "cattle").replace("children", "pets")
             for n, (_, restated, _) in enumerate(RESTATED)}
    urls = {f"https://prairiefacts.example/{n}": claim for n, (claim, _, _) in enumerate(RESTATED)}
    _store(ledger, {**CLAIMS, **urls, **twins})
    sentences = [sentence for _, restated, topical in RESTATED for sentence in (topical, restated)]
    known = KnownClaims(ledger)

    def flagged(text: str) -> dict[str, str]:
        doc = segment(text)
        return {f.spans[0].text: f.data["url"] for f in run_checks(doc, known=known.for_document(doc, article=None))
                if f.check == "previously-checked"}

    in_article = flagged("\n\n".join(["Region", "Forum hears residents' worries", *sentences]))
    alone = {}
    for sentence in sentences:
        alone.update(flagged(f"Region\n\n{sentence}"))
    assert in_article == alone
    assert set(in_article) == {restated for _, restated, _ in RESTATED}


def test_what_one_caller_made_of_a_review_is_never_handed_to_another(ledger):
    from factcheck.analysis.claim_matching import Candidate
    from factcheck.app.known_factchecks import KnownClaims
    from factcheck.store.known_factchecks import StoredReview
    from factcheck.text.segmentation import segment

    _store(ledger, CLAIMS)
    sentence = "Residents were told that dangerous amounts of lead are in the city's tap water."
    doc = segment(f"Water\n\n{sentence}")
    for _ in range(2):  # the second time from what the process kept
        made = KnownClaims(ledger).for_document(doc, article=None)[sentence]
        assert [type(c) for c in made] == [Candidate]
        with ledger.transaction() as session:
            rows = keyed_candidates(session, [claim_stems(sentence)], known_stamps(session).reviews)
        assert [type(r) for r in rows[0]] == [StoredReview]
        assert rows[0][0].url == made[0].url == "https://harbourfactcheck.example/2026/10/tap-water-lead/"


@pytest.mark.parametrize("indexed", [False, True], ids=["lists counted", "key table indexed"])
def test_a_process_s_later_checks_read_the_lists_whole_and_still_see_another_s_import(ledger, db_url, indexed,
                                                                                     monkeypatch):
    from factcheck.store import claim_key_index
    from factcheck.store.claim_key_lists import KEYS
    from factcheck.store.known_factchecks import _cache
    from factcheck.store.ledger import Ledger

    monkeypatch.setattr(claim_key_index, "INDEX_FROM", 0 if indexed else 10**12)
    _store(ledger, CLAIMS)
    lead = "Residents were told that dangerous amounts of lead are in the city's tap water."
    toll = "Commuters will pay $12 every day in tolls on the new harbour bridge, he said."
    first = _found(ledger, lead)  # the first check reads its own terms' lists
    assert _found(ledger, lead) == first  # the second reads them all
    assert _found(ledger, toll) == {"https://harbourfactcheck.example/2026/10/bridge-toll/"}
    with ledger.transaction() as session:
        cache = _cache(session, known_stamps(session).reviews)
        assert KEYS.table.name in cache.packed
        assert bool(cache.key_index) is indexed
    ferry = "https://harbourfactcheck.example/2026/11/ferry-fares/"
    other = Ledger.open(db_url)
    try:
        _store(other, {ferry: "The ferry to Gull Island doubled its fares for residents in November."})
    finally:
        other.close()
    assert _found(ledger, "Residents said the Gull Island ferry doubled its fares in November.") == {ferry}


def _met_one_by_one(stems, filed):
    """The reviews a sentence (given as its stems) holds enough keys of, counted review by review."""
    held: dict[int, int] = {}
    for term in set(stems):
        for value in filed.get(term, ()):
            held[value] = held.get(value, 0) + 1
    return {value >> 2 for value, keys in held.items() if keys >= value & 3}


@pytest.mark.parametrize("indexed", [False, True, "shared hash"],
                         ids=["lists counted", "key table indexed", "two stems of one hash: counted"])
@pytest.mark.parametrize("first_id", [1, 2**20, 2**30 - 3, 2**33],
                         ids=["small ids", "a million", "some lists in 32 bits, some not", "past 32 bits"])
def test_an_article_s_sentences_meet_the_reviews_a_count_review_by_review_meets(first_id, indexed, monkeypatch):
    from factcheck.store import claim_key_index
    from factcheck.store.claim_key_lists import KEYS, CachedLists, meeting_reviews

    # A table this small is counted; the index is made for any size here.
    monkeypatch.setattr(claim_key_index, "INDEX_FROM", 0 if indexed else 10**12)
    if indexed == "shared hash":
        monkeypatch.setattr(claim_key_index, "_stem_hash", lambda term: 7)
        indexed = False

    # Reviews filed as the import files them (id * 4 + keys needed), some under
    # words the sentences share, at ids from 1 to past what 32 bits hold with a
    # sentence number beside them.
    reviews = {
        first_id: (["lead", "tap", "water", "danger"], 2),
        first_id + 1: (["bridg", "toll", "commuter", "12", "harbour", "cross", "new", "day"], 3),
        first_id + 2: (["fire", "station", "council", "stadium", "east", "three", "closed", "pay"], 3),
        first_id + 7: (["water", "council", "stadium"], 2),
    }
    filed: dict[str, list[int]] = {}
    for review, (terms, needed) in reviews.items():
        for term in terms:
            filed.setdefault(term, []).append(review * 4 + needed)
    cache = CachedLists("stamp")
    cache.reads[KEYS.table.name] = 5
    cache.packed[KEYS.table.name] = {term: np.array(sorted(values), dtype="<i8").tobytes()
                                     for term, values in filed.items()}
    sentences = [
        ["tap", "water", "brown"],                                # two of a short claim's: met
        ["commuter", "toll", "rise"],                             # two of a long claim's: not
        ["fire", "council", "stadium", "closed", "water"],        # the long claim, and a short one
        ["new", "day"],
        ["bridg", "toll", "cross", "council"],                    # three of the long claim's
    ]
    met = meeting_reviews(None, [set(s) for s in sentences], cache)
    assert met == [_met_one_by_one(sentence, filed) for sentence in sentences]
    assert met == [{first_id}, set(), {first_id + 2, first_id + 7}, set(), {first_id + 1}]
    assert bool(cache.key_index) is indexed
    # Each sentence on its own meets what it met among the others: none borrows another's keys.
    for sentence, its in zip(sentences, met):
        assert meeting_reviews(None, [set(sentence)], cache) == [its]
