"""Ranking known claims: restatements count, sentences on the same topic do not."""

from __future__ import annotations

from dataclasses import replace

import pytest

from factcheck.analysis.checks import run_checks
from factcheck.analysis.claim_matching import (
    MATCH_THRESHOLD,
    WEIGHTS,
    Candidate,
    CandidateIndex,
    clean_query,
    content_stems,
    could_state,
    query_words,
    rerank,
    statement_score,
    stem,
)
from factcheck.text.segmentation import segment

# (known claim, a sentence of news copy restating it, a sentence on its topic only)
CASES = [
    ("The city's tap water contains dangerous levels of lead.",
     "Dangerous amounts of lead are in the city's tap water, according to a flyer circulated downtown.",
     "The city's water utility will replace 400 lead service lines this summer, officials said."),
    ("The new bridge toll will cost commuters $12 a day.",
     "Commuters will pay $12 every day in tolls to cross the new bridge, opponents claim.",
     "The bridge opened to traffic on Monday after three years of construction."),
    ("Drinking hot water with lemon cures the flu.",
     "A post shared thousands of times says lemon in hot water will cure the flu.",
     "Flu cases rose sharply this winter, the health department reported."),
    ("Mayor Linda Okafor cut the fire department's budget by 30 percent.",
     "Okafor slashed the budget of the fire department by 30 percent, the union said.",
     "The fire department responded to a warehouse blaze on Elm Street late Tuesday."),
    ("Wind turbines cause cancer in people who live nearby.",
     "People living near wind turbines get cancer from them, the speaker told the crowd.",
     "The county approved twelve new wind turbines near the highway last month."),
    ("The school district spends more on administrators than on teachers.",
     "More money goes to administrators than to teachers in the school district, a candidate said.",
     "The school district hired 40 new teachers this fall to cope with rising enrolment."),
    ("Immigrants commit more crimes than native-born citizens.",
     "Native-born citizens commit fewer crimes than immigrants, he claimed at the rally.",
     "The immigration court downtown has a backlog of 2,000 cases, a clerk said."),
    ("The provincial government closed 14 rural hospitals since 2019.",
     "Since 2019 the provincial government has closed 14 hospitals in rural areas, the opposition said.",
     "The rural hospital in Elkford added six beds to its emergency ward in 2019."),
    ("Vaccinated children are more likely to develop autism.",
     "Children who are vaccinated are more likely to develop autism, the video falsely asserts.",
     "The clinic offers free vaccinations for children every Saturday morning."),
    ("The refinery fire released toxic gas over the entire county.",
     "Toxic gas from the refinery fire was released over the entire county, a neighbour wrote online.",
     "Firefighters were called to the refinery twice last year, the fire chief said."),
]


@pytest.mark.parametrize("known, restated, topical", CASES, ids=[c[0][:30] for c in CASES])
def test_a_restatement_reaches_the_threshold_and_a_topical_sentence_does_not(known, restated, topical):
    claim = Candidate(known)
    assert statement_score(restated, claim) >= MATCH_THRESHOLD
    assert statement_score(topical, claim) < MATCH_THRESHOLD
    assert statement_score(known, claim) == 1.0


def test_what_could_not_state_a_claim_never_reaches_the_threshold():
    sentences = [sentence for case in CASES for sentence in case[1:]]
    pairs = [(sentence, Candidate(known)) for sentence in sentences for known, _, _ in CASES]
    assert all(could_state(restated, Candidate(known)) for known, restated, _ in CASES)
    ruled_out = [(s, c) for s, c in pairs if not could_state(s, c)]
    assert len(ruled_out) > len(pairs) * 0.8
    assert all(statement_score(s, c) < MATCH_THRESHOLD for s, c in ruled_out)


def test_a_claim_with_other_numbers_is_not_restated():
    toll = Candidate("The new bridge toll will cost commuters $12 a day.")
    assert statement_score("Commuters will pay $4 a day in tolls to cross the new bridge.", toll) < MATCH_THRESHOLD
    assert statement_score("Commuters will pay $12 a day in tolls to cross the new bridge.", toll) >= MATCH_THRESHOLD


def test_rerank_puts_the_restated_claim_first_among_claims_on_the_same_subject():
    candidates = [Candidate(known, url=f"https://checks.example/{n}", lexical=1.0) for n, (known, _, _) in
                  enumerate(CASES)]
    index = CandidateIndex(candidates)
    for n, (_, restated, _) in enumerate(CASES):
        best = rerank(restated, index.search(restated), limit=3, idf=index.rarity())
        assert best[0].candidate.url == f"https://checks.example/{n}", restated
        assert [m.score for m in best] == sorted((m.score for m in best), reverse=True)


def test_rerank_of_nothing_is_nothing():
    assert rerank("The council met on Tuesday.", []) == []
    assert CandidateIndex([]).search("The council met on Tuesday.") == []


def test_embedded_posts_lose_links_and_for_comparison_handles_and_signature():
    post = ("Lemon in hot water CURES the flu!! #HealthTips https://t.co/xYz123 pic.twitter.com/abc "
            "— Wellness Daily (@wellnessdaily) January 3, 2026")
    cleaned = clean_query(post)
    assert "t.co" not in cleaned and "@" not in cleaned and "2026" not in cleaned
    assert "Health Tips" in cleaned
    # The first stage keeps who posted: claims are often about them.
    assert query_words(post) == ["lemon", "hot", "water", "cures", "flu", "health", "tips", "wellness", "daily",
                                 "wellnessdaily", "january", "3", "2026"]
    assert query_words("Thank you @JoeBiden and @KamalaHarris for the #CovidRelief bill") == [
        "thank", "joe", "biden", "kamala", "harris", "covid", "relief", "bill"]


def test_query_words_are_safe_for_a_full_text_query():
    words = query_words('He said "NEAR" OR (AND) the café* costs €4,500; NOT true: 3.5%')
    assert all(w.isalnum() and w.isascii() and w == w.lower() for w in words)
    assert "4500" in words and "35" in words and "near" in words


def test_stems_join_the_forms_of_a_word():
    assert {stem("level"), stem("levels")} == {stem("level")}
    assert stem("contains") == stem("contained") == stem("containing")
    assert stem("cities") == stem("city")
    assert stem("lives") == stem("living") == stem("live")
    assert stem("bus") == "bus" and stem("gas") == "gas"


def test_the_check_finds_the_restated_known_claim_in_an_article():
    known = [Candidate(claim, url=f"https://checks.example/{n}", publisher="Prairie Facts", rating="False",
                       verdict="false") for n, (claim, _, _) in enumerate(CASES)]
    story = "\n\n".join(["Section", "Voters hear claims at forum"] + [topical for _, _, topical in CASES]
                        + [CASES[2][1], CASES[7][1]])
    findings = [f for f in run_checks(segment(story), known=known) if f.check == "previously-checked"]
    assert [f.data["url"] for f in findings] == ["https://checks.example/2", "https://checks.example/7"]
    assert all(f.severity == "warning" for f in findings)
    assert findings[0].spans[0].text == CASES[2][1]


def test_the_check_without_known_claims_finds_nothing():
    story = "Section\n\nHeadline\n\n" + CASES[0][0]
    assert [f for f in run_checks(segment(story)) if f.check == "previously-checked"] == []


TITLED = [
    Candidate(known, url=f"u/{n}", title=title)
    for n, ((known, _, _), title) in enumerate(zip(CASES, [
        "Is there lead in the tap water?", None, "Does #LemonWater cure the flu? @HealthDesk asks", None,
        "Wind turbines and cancer: see www.example.org/turbines", "", None, "Rural hospitals closed", None,
        "Refinery fire: what was released?"]))
]


@pytest.mark.parametrize("query", [restated for _, restated, _ in CASES] + [topical for _, _, topical in CASES])
def test_bm25_of_a_few_candidates_gives_what_bm25_of_all_gives_them(query):
    from factcheck.analysis.claim_matching import _BM25

    every = _BM25(TITLED).scores(query)
    some = [0, 2, 3, 5, 9]
    # Equal, not close: the check ranks by these and ties keep their order.
    assert _BM25(TITLED).scores_of(query, some) == {n: every[n] for n in some if n in every}


def _most_stated_by_ranking(index, query, limit=3):
    """What the check took before most_stated: the closest few ranked, then the one stated most."""
    from factcheck.analysis.claim_matching import Match, statement_score

    stated = [Match(m.candidate, statement_score(query, m.candidate)) for m in index.closest_stated(query, limit)]
    return max(stated, key=lambda m: m.score, default=None)


def test_the_most_stated_candidate_is_the_one_ranking_the_closest_gives():
    import itertools
    from dataclasses import replace

    from factcheck.analysis.claim_matching import CandidateIndex

    # Each claim, its twin (another url: a tie) and a near twin with another number
    # or name, in sets of one to five: in reach of one to three, and of more.
    twins = [replace(c, url=f"{c.url}/twin") for c in TITLED]
    near = [replace(c, url=f"{c.url}/near", text=c.text.replace("lead", "copper").replace("3", "4")) for c in TITLED]
    pool = [*TITLED, *twins, *near]
    queries = [restated for _, restated, _ in CASES] + [topical for _, _, topical in CASES]
    compared = 0
    for n, query in enumerate(queries):
        own = [c for c in pool if c.url.split("/")[1] == str(n % len(TITLED))]
        for size in range(1, 6):
            for chosen in itertools.islice(itertools.combinations(own + pool[:4], size), 12):
                expected = _most_stated_by_ranking(CandidateIndex(chosen), query)
                found = CandidateIndex(chosen).most_stated(query)
                assert (found and (found.candidate.url, found.score)) == (
                    expected and (expected.candidate.url, expected.score)), (query, chosen)
                compared += found is not None
    assert compared > 100


@pytest.mark.parametrize("candidate", TITLED, ids=[c.url for c in TITLED])
def test_a_candidates_stems_come_out_the_same_from_one_pass_or_two(candidate):
    from dataclasses import replace

    from factcheck.analysis.claim_matching import _stated, _with_title, content_stems

    claim = content_stems(candidate.text)
    joined = content_stems(_with_title(candidate.text, candidate.title))
    stated = _stated(candidate.text, candidate.title)
    assert (stated.length, stated.stems) == (len(claim), tuple((s, s in claim) for s in joined))
    assert stated.claim == {s for s in joined if s in claim} and stated.joined == set(joined)
    assert candidate.stated is candidate.stated == stated  # kept with the candidate
    scored = candidate.scored(0.5)
    assert scored == replace(candidate, lexical=0.5) and scored.stated is candidate.stated
    assert scored.profile is candidate.profile and candidate.profile.stems == claim


def test_content_words_keep_numbers_whole_and_drop_stop_words():
    from factcheck.analysis.claim_matching import content_words

    # An ordinal is its number and its suffix, as the claims were indexed.
    assert content_words("The 1,200 nurses earned $3.5 million in 2023 and it's the 4th time") == [
        "1200", "nurses", "earned", "3.5", "million", "2023", "4", "th", "time"]


def test_content_stems_are_the_content_words_stemmed_each_once():
    from pathlib import Path

    from factcheck.analysis import claim_matching
    from factcheck.analysis.claim_matching import clean_query, content_stems, content_words, stem

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    texts = [line for path in sorted(corpus.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
    texts += ["The 1,200 nurses earned $3.5 million in 2023 and it's the 4th time",
              "RT @Mayor_Okafor: Our #CleanWaterNow plan https://t.co/x1 — Linda Okafor (@lokafor) May 3, 2024",
              "Café owners’ rents rose 40 % — «zoning» says Zoë", "", "the and of"]
    for cleared in (False, True):
        if cleared:  # again with the tokens' stems looked up afresh
            claim_matching._TOKEN_STEMS.clear()
            content_stems.cache_clear()
        for text in texts:
            assert content_stems(text) == tuple(dict.fromkeys(map(stem, content_words(clean_query(text))))), text
    assert len(texts) > 200


# Sentences of ordinary copy, and known claims that share some of their words.
COUNTED_SENTENCES = [
    "The city's water utility will replace 400 lead service lines this summer, officials said.",
    "Commuters will pay $12 every day in tolls to cross the new bridge, opponents claim.",
    "Okafor slashed the budget of the fire department by 30 percent, the union said.",
    "The council discussed the water supply and the bridge toll at length on Tuesday night.",
    "Residents of the east end say the stadium will cost them their fire station.",
    "Nothing in this sentence is about any of them at all.",
]
COUNTED_CLAIMS = [
    Candidate("The city's tap water contains dangerous levels of lead.", title="Is there lead in the tap water?"),
    Candidate("The new bridge toll will cost commuters $12 a day."),
    Candidate("Mayor Linda Okafor cut the fire department's budget by 30 percent.", title="Okafor's budget"),
    Candidate("The council closed three fire stations in the east end to pay for the stadium."),
    Candidate("Water"),
    Candidate(""),
]


@pytest.mark.parametrize("asked", [1, 2, 3], ids=["first: claims gone through", "second: indexed", "third"])
@pytest.mark.parametrize("sentence", COUNTED_SENTENCES)
def test_the_index_counts_what_a_sentence_says_of_each_claim_as_a_word_by_word_count_does(sentence, asked):
    from factcheck.analysis.claim_matching import _with_title

    index = CandidateIndex(COUNTED_CLAIMS)
    for _ in range(asked - 1):
        index._said(COUNTED_SENTENCES[-1])
    in_claim, in_both, size = index._said(sentence)
    words = set(content_stems(sentence))
    expected_claim, expected_both = {}, {}
    for number, claim in enumerate(COUNTED_CLAIMS):
        if shared := len(words & set(content_stems(_with_title(claim.text, claim.title)))):
            expected_both[number] = shared
        if said := len(words & set(content_stems(claim.text))):
            expected_claim[number] = said
    assert (in_claim, in_both, size) == (expected_claim, expected_both, len(words))


def test_bm25_scores_come_out_to_the_last_bit_the_same_in_every_process():
    # String hashes are salted per process: a sum taken in set order would differ
    # in its last bits, and so would the order of candidates that tie.
    import os
    import subprocess
    import sys

    program = (
        "from factcheck.analysis.claim_matching import Candidate, _BM25\n"
        "claims = [Candidate(t) for t in (\n"
        "    'Residents of the old town say dangerous levels of lead and copper came from their tap water pipes.',\n"
        "    'Lead pipes still serve half of the homes in the old town, the water board says.',\n"
        "    'The council closed three fire stations in the east end to pay for the new stadium.',\n"
        "    'Copper thieves stripped the pipes of the town pool, police said.')]\n"
        "index = _BM25(claims)\n"
        "query = ('Dangerous lead and copper levels were found in the tap water of homes in the old town, '\n"
        "         'where residents say the pipes were never replaced by the water board or the council.')\n"
        "print(repr(sorted(index.scores(query).items())), repr(sorted(index.scores_of(query, [0, 1, 2, 3]).items())))\n"
    )
    printed = {subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
               for seed in range(8)}
    assert len(printed) == 1


@pytest.mark.parametrize("query", [restated for _, restated, _ in CASES] + [topical for _, _, topical in CASES])
def test_reranking_on_the_weighed_features_alone_scores_as_on_all_of_them(query):
    from factcheck.analysis.claim_matching import features, rarity, score_of

    candidates = [replace(c, lexical=float(n + 1)) for n, c in enumerate(TITLED)]
    idf, best = rarity(candidates), float(len(candidates))
    everything = sorted(((c.url, round(score_of(features(query, c, idf, best)), 4)) for c in candidates),
                        key=lambda pair: -pair[1])
    assert [(m.candidate.url, m.score) for m in rerank(query, candidates)] == everything
    # And with weights that weigh every feature (the tuner's search tries them).
    weights = {name: 0.1 for name in WEIGHTS}
    assert [m.score for m in rerank(query, candidates, weights=weights)] == sorted(
        (round(score_of(features(query, c, idf, best), weights), 4) for c in candidates), reverse=True)
