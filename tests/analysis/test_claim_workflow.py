"""The claim workflow's rules, without a database."""

from __future__ import annotations

import pytest

from factcheck.analysis.claim_workflow import claim_text, new_claim_state, require_reason, rewording, status_change
from factcheck.errors import InvalidInput


def test_a_verdict_moves_a_claim_to_checked_and_going_back_clears_it():
    assert status_change(1, "in-review", None, True, None, "false") == ("checked", "false")
    assert status_change(1, "checked", "false", True, "in-review", None) == ("in-review", None)
    assert status_change(1, "checked", "false", True, "corrected", None) == ("corrected", "false")


def test_a_verdict_needs_a_source():
    with pytest.raises(InvalidInput, match="add --source URL_OR_CITATION with --verdict"):
        new_claim_state(None, "true", has_sources=False)
    with pytest.raises(InvalidInput, match="claim 4 has no source, and a verdict needs the source it rests on"):
        status_change(4, "unverified", None, False, "checked", "true")
    assert new_claim_state(None, "true", has_sources=True) == ("checked", "true")
    assert new_claim_state(None, None, has_sources=False) == ("unverified", None)


def test_a_status_change_says_why():
    with pytest.raises(InvalidInput, match="say why with --note"):
        require_reason("  ")
    require_reason("Matches the cable")


def test_rewording_a_judged_claim_sends_it_back_to_review():
    changes, note = rewording(3, "checked", "Khadr was 22", "Khadr was 22 then", None)
    assert changes == {"text": "Khadr was 22 then", "status": "in-review", "verdict": None}
    assert note == "Text changed after the claim was checked; back to review."
    assert rewording(3, "in-review", "a", "b", "Tighter") == ({"text": "b"}, "Tighter")


def test_a_withdrawn_claim_is_reopened_before_it_is_reworded_and_the_same_words_change_nothing():
    with pytest.raises(InvalidInput, match="claim 3 is withdrawn"):
        rewording(3, "withdrawn", "a", "b", None)
    with pytest.raises(InvalidInput, match="claim 3 already reads exactly that"):
        rewording(3, "checked", "a", "a", None)


def test_claim_text_folds_spacing_and_refuses_a_passage():
    assert claim_text("  Khadr  was\n22 ") == "Khadr was 22"
    with pytest.raises(InvalidInput, match="keep it under 2,000 characters"):
        claim_text("word " * 500)
