"""The rules of claim following, tested as the pure function they are: two texts,
the diff between them, the claims as a desk would hold them. No database."""

import pytest

from factcheck.analysis.anchoring import best_anchor
from factcheck.analysis.diff import diff_documents
from factcheck.analysis.following import FollowedClaim, follow, states
from factcheck.text.segmentation import segment

BRIDGE_V1 = """Council approves bridge repairs

The Elm Street bridge will close for six weeks this summer, city council decided on Tuesday.

Repairs will cost about $240,000, according to the city's engineering department. The work is paid for from the capital reserve.

Councillor Dana Reyes said the closure would hurt businesses on Elm Street. The bridge carries 9,000 vehicles a day and was built in 1962.
"""


def _follow(old: str, new: str, *claims: tuple[str, str, str | None]):
    """Follow ``claims`` (text, status, verdict), each anchored to the sentence of
    ``old`` that states it, into ``new``."""
    old_doc, new_doc = segment(old), segment(new)
    result = diff_documents(old_doc, new_doc, old_label="v1", new_label="v2")
    followed = []
    for number, (text, status, verdict) in enumerate(claims, start=1):
        where = best_anchor(old_doc, text)  # as add-claim anchors it
        followed.append(FollowedClaim(number, text, status, verdict, where.sentence.start))
    return follow(followed, result, new_doc)


def test_a_false_figure_fixed_is_corrected_with_its_verdict_and_text_kept():
    new = BRIDGE_V1.replace("$240,000", "$420,000")
    (outcome,) = _follow(BRIDGE_V1, new, ("Repairs will cost about $240,000", "checked", "false"))
    assert (outcome.rule, outcome.status, outcome.verdict) == ("corrected", "corrected", "false")
    assert outcome.note == (
        "Corrected in v2 (verdict 'false' kept for the wording that was checked). The article now says: "
        "\"Repairs will cost about $420,000, according to the city's engineering department.\""
    )
    assert outcome.sentence.text.startswith("Repairs will cost about $420,000")


@pytest.mark.parametrize("verdict", ["false", "mostly-false", "misleading", "outdated"])
def test_every_verdict_that_says_the_article_was_wrong_is_corrected(verdict):
    new = BRIDGE_V1.replace("six weeks", "eight weeks")
    (outcome,) = _follow(BRIDGE_V1, new, ("The Elm Street bridge will close for six weeks", "checked", verdict))
    assert (outcome.rule, outcome.status, outcome.verdict) == ("corrected", "corrected", verdict)


@pytest.mark.parametrize("status, verdict", [("checked", "true"), ("checked", "mostly-true"), ("checked", "unproven"),
                                             ("unverified", None), ("in-review", None)])
def test_a_claim_not_judged_wrong_goes_back_to_review_with_the_new_wording(status, verdict):
    new = BRIDGE_V1.replace("built in 1962", "built in 1958")
    (outcome,) = _follow(BRIDGE_V1, new, ("The bridge was built in 1962", status, verdict))
    assert (outcome.rule, outcome.status, outcome.verdict) == ("in-review", "in-review", None)
    assert outcome.note.startswith("Back to review: its sentence changed in v2")
    assert outcome.note.endswith('It now reads: "The bridge carries 9,000 vehicles a day and was built in 1958."')
    assert (f"(it had the verdict '{verdict}')" in outcome.note) == bool(verdict)


def test_claims_sharing_a_sentence_follow_their_own_words():
    new = BRIDGE_V1.replace("built in 1962", "built in 1958")
    vehicles, built = _follow(BRIDGE_V1, new, ("The bridge carries 9,000 vehicles a day", "checked", "true"),
                              ("The bridge was built in 1962", "checked", "false"))
    assert (vehicles.rule, vehicles.note, vehicles.status, vehicles.verdict) == ("kept", None, "checked", "true")
    assert (built.rule, built.status) == ("corrected", "corrected")
    assert vehicles.sentence == built.sentence


@pytest.mark.parametrize("edit", [
    lambda t: t.replace("city's engineering", "city’s engineering"),           # quote style
    lambda t: t.replace("Repairs will cost", "Repairs  will cost"),             # spacing
    lambda t: t.replace("engineering department", "enginering department"),   # a typo made
])
def test_a_cosmetic_edit_changes_nothing(edit):
    (outcome,) = _follow(BRIDGE_V1, edit(BRIDGE_V1), ("Repairs will cost about $240,000", "checked", "false"))
    assert outcome.note is None and not outcome.versioned
    assert (outcome.status, outcome.verdict) == ("checked", "false")


def test_an_edit_outside_the_claims_words_keeps_it_as_checked():
    new = BRIDGE_V1.replace("according to the city's engineering department", "the city's engineers said Wednesday")
    (outcome,) = _follow(BRIDGE_V1, new, ("Repairs will cost about $240,000", "checked", "false"))
    assert (outcome.rule, outcome.versioned) == ("kept", False)


def test_a_negation_put_in_is_a_change_of_substance():
    old = "Budget vote\n\nThe council will raise property taxes by 3 per cent next year, the mayor said.\n"
    new = old.replace("will raise", "will not raise")
    (outcome,) = _follow(old, new, ("The council will raise property taxes by 3 per cent", "checked", "true"))
    assert outcome.rule == "in-review"


def test_an_unchanged_or_moved_sentence_writes_no_version():
    moved = BRIDGE_V1.replace(
        "Councillor Dana Reyes said the closure would hurt businesses on Elm Street. ", ""
    ).replace("Council approves bridge repairs\n\n", "Council approves bridge repairs\n\nCouncillor Dana Reyes said "
              "the closure would hurt businesses on Elm Street.\n\n")
    kept, reyes = _follow(BRIDGE_V1, moved, ("Repairs will cost about $240,000", "checked", "false"),
                          ("Councillor Dana Reyes said the closure would hurt businesses", "in-review", None))
    assert (kept.rule, kept.versioned) == ("kept", False)
    assert (reyes.rule, reyes.versioned, reyes.sentence.paragraph) == ("moved", False, 0)


def test_a_cut_claim_is_withdrawn_not_moved_to_a_sentence_that_does_not_state_it():
    old = ("Budget passes\n\nThe mayor said the budget would rise 4 per cent. The mayor said the budget would rise "
           "next year as the city hires more staff.\n\nCouncil meets again in March.\n")
    new = old.replace("The mayor said the budget would rise 4 per cent. ", "")
    (outcome,) = _follow(old, new, ("The mayor said the budget would rise 4 per cent", "checked", "true"))
    assert (outcome.rule, outcome.status, outcome.sentence) == ("withdrawn", "withdrawn", None)
    assert outcome.verdict == "true"
    assert outcome.note == "No sentence of v2 states the claim any more: its sentence was cut."


def test_a_claim_trimmed_off_its_sentence_is_withdrawn_though_the_sentence_stayed():
    old = ("Ferry runs aground\n\nThe operator said the vessel lost steering at about 6:40 in the morning, and "
           "an inspection in March found no faults.\n\nThe coast guard is investigating.\n")
    new = old.replace(", and an inspection in March found no faults.", ".")
    (outcome,) = _follow(old, new, ("An inspection in March found no faults", "checked", "mostly-true"))
    assert (outcome.rule, outcome.status, outcome.sentence) == ("withdrawn", "withdrawn", None)
    assert outcome.note == "No sentence of v2 states the claim any more: its words left its sentence."


def test_a_cut_sentence_whose_claim_the_story_still_states_keeps_the_claim_there():
    old = ("Ferry aground\n\nThe ferry carried 212 passengers when it ran aground off Bell Island on Sunday.\n\n"
           "The ferry carried 212 passengers when it ran aground off Bell Island on Sunday.\n\n"
           "No one was hurt, the coast guard said.\n")
    new = old.replace("\n\nThe ferry carried 212 passengers when it ran aground off Bell Island on Sunday.\n\nNo",
                      "\n\nNo")
    old_doc = segment(old)
    second = old_doc.sentence_at(1, 0)
    result = diff_documents(old_doc, segment(new), old_label="v1", new_label="v2")
    claim = FollowedClaim(1, "The ferry carried 212 passengers", "checked", "true", second.start)
    (outcome,) = follow([claim], result, segment(new))
    assert (outcome.rule, outcome.versioned, outcome.sentence.paragraph) in {("restated", False, 0), ("kept", False, 0)}


def test_a_corrected_claim_cut_later_stays_corrected_and_loses_its_anchor():
    new = BRIDGE_V1.replace("Repairs will cost about $240,000, according to the city's engineering department. ", "")
    (outcome,) = _follow(BRIDGE_V1, new, ("Repairs will cost about $240,000", "corrected", "false"))
    assert (outcome.rule, outcome.status, outcome.verdict, outcome.sentence) == ("withdrawn", "corrected", "false", None)


def test_a_corrected_claim_whose_sentence_changes_again_only_gets_a_note():
    old = BRIDGE_V1.replace("$240,000", "$420,000")
    (same,) = _follow(old, old.replace("$420,000", "$425,000"), ("Repairs will cost about $240,000", "corrected", "false"))
    assert (same.rule, same.versioned) == ("kept", False)  # its own figure was gone already: nothing of it changed
    new = old.replace("will cost about $420,000", "could cost as much as $425,000")
    (outcome,) = _follow(old, new, ("Repairs will cost about $240,000", "corrected", "false"))
    assert (outcome.rule, outcome.status, outcome.verdict) == ("noted", "corrected", "false")
    assert outcome.note.startswith("Its sentence changed again in v2.")


def test_a_paraphrased_claim_goes_back_to_review_on_any_real_edit_of_its_sentence():
    old = "Leaked cable details talks\n\nKhadr, now 24, was 22 at the time of the meeting.\n"
    old_doc = segment(old)
    for new in (old.replace("now 24", "now 25"), old.replace("at the time of", "before")):
        result = diff_documents(old_doc, segment(new), old_label="v1", new_label="v2")
        # An editor's paraphrase, anchored by hand: too few of its words are the sentence's to place it.
        claim = FollowedClaim(1, "Kouchner met Clinton when the prisoner was 22", "checked", "true",
                              old_doc.sentence_at(0, 0).start)
        (outcome,) = follow([claim], result, segment(new))
        assert outcome.rule == "in-review"


def test_states_wants_the_claims_figures_and_most_of_its_words():
    assert states("Repairs will cost about $240,000", "Repairs will cost about $240,000, the city said.")
    assert not states("Repairs will cost about $240,000", "Repairs will cost about $420,000, the city said.")
    assert not states("The mayor said the budget would rise 4 per cent", "The mayor said the budget would rise next year.")
    assert not states("The council will raise taxes", "The council will not raise taxes.")
    assert states("France asked the U.S. for assistance", "France asked the US for assistance with Khadr.")
    assert not states("", "Anything at all.")
