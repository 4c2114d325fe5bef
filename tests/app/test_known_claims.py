"""What a check weighs of the ledger's known claims, and what a process keeps of it.

A long-running process (the desk, ``watch``, an archive import) keeps the judged
claims it read while no claim version is added; these tests hold that a verdict
given, or taken back, is seen by the very next check of the same process, and
that two databases never share what was kept.
"""

from __future__ import annotations

import pytest

from factcheck.analysis.checks import run_checks
from factcheck.analysis.claim_matching import MATCH_THRESHOLD, Candidate, CandidateIndex, could_state, statement_score
from factcheck.app.claims import add_claim, change_status
from factcheck.app.known_factchecks import KnownClaims
from factcheck.store.claims import SourceSpec
from factcheck.text.raw import RawInput
from factcheck.text.segmentation import segment

INQUIRY = "The ferry captain was cleared of negligence by the provincial inquiry."
FOLLOW_UP = ("Ferry service resumes\n\nService on the Gull Island route resumed on Friday after a week of repairs.\n\n"
             "The provincial inquiry cleared the ferry captain of negligence, the operator said in a statement.\n\n"
             "Fares on the route will rise by four per cent in January, the operator said.\n")
TOLL = "The new bridge toll will cost commuters $12 a day."


def _article(ledger, slug: str, text: str) -> None:
    ledger.add_revision(slug, RawInput(text, f"{slug}.txt", text.encode()))


def _flagged(ledger, text: str, article: str | None = None) -> list[dict]:
    doc = segment(text)
    findings = run_checks(doc, known=KnownClaims(ledger).for_document(doc, article=article))
    return [f.data for f in findings if f.check == "previously-checked"]


def _judge(ledger, slug: str, claim: str) -> int:
    change = add_claim(ledger, slug, claim, status="checked", verdict="false", note="The inquiry has not reported.",
                       sources=[SourceSpec("https://www.example.org/inquiry-report", stance="refutes")])
    return change.claim.id


def test_a_verdict_given_or_taken_back_is_seen_by_the_next_check_of_the_same_process(ledger):
    _article(ledger, "ferry", f"Ferry inquiry\n\n{INQUIRY}\n\nThe ferry struck a rock near Gull Island in March.\n")
    assert _flagged(ledger, FOLLOW_UP) == []
    claim = _judge(ledger, "ferry", INQUIRY)
    found = _flagged(ledger, FOLLOW_UP)
    assert [(d["claim"], d["article"], d["verdict"]) for d in found] == [(claim, "ferry", "false")]
    change_status(ledger, claim, "in-review", note="The inquiry's report is due; looking again.")
    assert _flagged(ledger, FOLLOW_UP) == []


def test_the_article_that_judged_the_claim_is_not_told_it_was_checked_before(ledger):
    _article(ledger, "ferry", f"Ferry inquiry\n\n{INQUIRY}\n")
    _judge(ledger, "ferry", INQUIRY)
    assert _flagged(ledger, FOLLOW_UP, article="ferry") == []
    assert len(_flagged(ledger, FOLLOW_UP, article="ferry-follow-up")) == 1


def test_two_databases_do_not_share_what_a_process_kept(tmp_path):
    from factcheck.store.ledger import Ledger

    first, second = (Ledger.open(f"sqlite:///{tmp_path / name}") for name in ("a.db", "b.db"))
    try:
        for ledger, claim in ((first, INQUIRY), (second, TOLL)):
            _article(ledger, "story", f"Story\n\n{claim}\n")
            _judge(ledger, "story", claim)  # the same claim and version ids in both
        assert [d["text"] for d in _flagged(first, FOLLOW_UP)] == [INQUIRY]
        assert _flagged(second, FOLLOW_UP) == []
    finally:
        first.close()
        second.close()


SENTENCES = [
    "Dangerous amounts of lead are in the city's tap water, according to a flyer circulated downtown.",
    "The city's water utility will replace 400 lead service lines this summer, officials said.",
    "Commuters will pay $12 every day in tolls to cross the new bridge, opponents claim.",
    "Commuters will pay $4 a day in tolls to cross the new bridge, opponents claim.",
    "The bridge opened to traffic on Monday after three years of construction.",
    "A post shared thousands of times says lemon in hot water will cure the flu.",
    "Okafor slashed the budget of the fire department by 30 percent, the union said.",
    "The fire department responded to a warehouse blaze on Elm Street late Tuesday.",
    "The council discussed the water supply and the bridge toll at length on Tuesday night.",
]
CLAIMS = [
    Candidate("The city's tap water contains dangerous levels of lead.", url="u/lead",
              title="Is there lead in the tap water?"),
    Candidate(TOLL, url="u/toll"),
    Candidate("Drinking hot water with lemon cures the flu.", url="u/lemon"),
    Candidate("Mayor Linda Okafor cut the fire department's budget by 30 percent.", url="u/okafor"),
    Candidate("Water", url="u/word"),
    Candidate("", url="u/empty"),
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_sentence_is_ranked_only_when_it_states_a_candidate_and_then_with_all_it_could(sentence):
    index = CandidateIndex(CLAIMS)
    reachable = {c.url for c in CLAIMS if could_state(sentence, c)}
    stated = {c.url for c in CLAIMS if statement_score(sentence, c) >= MATCH_THRESHOLD}
    # Whatever reaches the threshold could state it (the bound never cuts a finding).
    assert stated <= reachable
    in_reach = {c.url for c in index.in_reach(sentence)}
    # Ranked only when one of them is stated, and then with all it could state.
    assert (in_reach == set()) == (stated == set())
    assert not in_reach or reachable <= in_reach
    assert {c.url for c in index.quarter_said_by(sentence)} >= in_reach


def test_an_index_of_nothing_has_nothing_in_reach():
    assert CandidateIndex([]).in_reach(SENTENCES[0]) == []
    assert CandidateIndex([]).quarter_said_by(SENTENCES[0]) == []
