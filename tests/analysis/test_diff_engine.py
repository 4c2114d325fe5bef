from __future__ import annotations

import json

import pytest

from factcheck.analysis.diff import ClaimRef, WordOp, diff_documents, is_cosmetic, word_ops
from factcheck.text.segmentation import segment

HEAD = "Storm hits coast\n\n"


def diff(old: str, new: str, **kwargs):
    return diff_documents(segment(HEAD + old), segment(HEAD + new), **kwargs)


def edited(result):
    return [c for c in result.changes if c.kind != "unchanged"]


def test_word_ops_merge_runs_and_keep_spacing():
    ops = word_ops("Khadr, now 24, was 22 at the time.", "Khadr, now 24, was 23 at that time.")
    assert [op.to_json() for op in ops if op.op != "equal"] == [
        {"op": "replace", "old": "22", "new": "23"},
        {"op": "replace", "old": "the", "new": "that"},
    ]
    assert "".join(op.new + op.space for op in ops).strip() == "Khadr, now 24, was 23 at that time."


def test_word_ops_insert_and_delete():
    ops = [op.to_json() for op in word_ops("He left early.", "He left the party very early.") if op.op != "equal"]
    assert ops == [{"op": "insert", "old": "", "new": "the party very"}]
    ops = [op.to_json() for op in word_ops("He left the party very early.", "He left early.") if op.op != "equal"]
    assert ops == [{"op": "delete", "old": "the party very", "new": ""}]


@pytest.mark.parametrize(
    ("old", "new", "cosmetic"),
    [
        ('He called it a "cancer."', "He called it a \u201ccancer.\u201d", True),
        ("the goverment said", "the government said", True),
        ("The mayor said, it rained.", "The mayor said it rained.", True),
        ("the Mayor said", "the mayor said", True),
        ("He was 22.", "He was 23.", False),
        ("Jonathon Reyes said", "Jonathan Reyes said", False),
        ('He said "we recieve nothing."', 'He said "we receive nothing."', False),
        ("the council approved it", "the council rejected it", False),
    ],
)
def test_cosmetic(old, new, cosmetic):
    assert is_cosmetic(old, new, word_ops(old, new)) is cosmetic


def test_cosmetic_edits_have_no_findings_and_can_be_hidden():
    result = diff("The goverment said 12 people died.", "The government said 12 people died.")
    (change,) = edited(result)
    assert change.kind == "edited" and change.cosmetic
    assert result.findings == []
    assert result.without_cosmetic().is_identical


def test_headline_edits_stay_headline():
    result = diff_documents(segment("Storm hits coast\n\nIt rained."), segment("Storm batters coast\n\nIt rained."))
    (change,) = edited(result)
    assert change.to_json()["old"] == {"paragraph": 0, "sentence": 0, "role": "headline", "text": "Storm hits coast"}


def test_split_json_counts_the_sentences():
    result = diff(
        "Khadr, now 24, was 22 at the time of the meeting, the cable says.",
        "Khadr is now 24. He was 22 at the time of the meeting, the cable says.",
    )
    (change,) = edited(result)
    payload = change.to_json()
    assert payload["kind"] == "split"
    assert payload["new"] == {
        "paragraph": 0,
        "sentence": 0,
        "text": "Khadr is now 24. He was 22 at the time of the meeting, the cable says.",
        "count": 2,
    }
    assert result.summary["split"] == 1


def test_typed_findings_for_dates_names_quotes():
    result = diff(
        'Mayor Jane Doe said on Monday the plan was "very good" for Halifax.',
        'Mayor Jane Dow said on Tuesday the plan was "quite good" for Halifax.',
    )
    assert [(f.check, f.data) for f in result.findings] == [
        ("date-changed", {"old": "Monday", "new": "Tuesday"}),
        ("name-changed", {"old": "Mayor Jane Doe", "new": "Mayor Jane Dow"}),
        ("quote-changed", {"old": "very good", "new": "quite good"}),
    ]
    assert result.findings[0].message == (
        'The date "Monday" became "Tuesday": "Mayor Jane Dow said on Tuesday the plan was "quite good" for Halifax."'
    )


def test_number_style_is_not_a_number_change():
    result = diff("About 1,200 people and three dogs fled.", "About 1200 people and 3 dogs fled.")
    assert [f.check for f in result.findings] == []


def test_duplicate_removed_needs_a_surviving_copy():
    lede = "France asked the United States for help with Omar Khadr even as Ottawa declined to intervene."
    repeat = "France asked the U.S. for help with Omar Khadr even as Ottawa declined to intervene."
    other = "The cable does not say what assistance Kouchner was seeking in the end."
    both = diff(f"{lede}\n\n{repeat}\n\n{other}", f"{lede}\n\n{other}")
    assert [(f.check, f.severity) for f in both.findings] == [("duplicate-removed", "info")]
    # Cutting a paragraph that repeats nothing is not a duplicate removal.
    cut = diff(f"{lede}\n\n{other}", lede)
    assert cut.findings == []


def test_claims_cosmetic_edit_is_not_a_claim_change():
    claims = [ClaimRef(1, 1, "12 people died.", "checked", "true", 0, 0)]
    result = diff("The goverment said 12 people died.", "The government said 12 people died.", claims=claims)
    assert result.findings == []


def test_claim_on_a_moved_sentence_is_quiet():
    claims = [ClaimRef(1, 1, "It rained.", "checked", None, 0, 0)]
    result = diff("It rained all day.\n\nThe council met late on Tuesday.", "The council met late on Tuesday.\n\nIt rained all day.", claims=claims)
    assert result.summary["moved"] == 1 and result.findings == []


def test_identical_and_json_roundtrip():
    result = diff("It rained.", "It rained.", old_label="v1", new_label="v2", article="storm")
    assert result.is_identical
    payload = json.loads(json.dumps(result.to_json()))
    assert payload["summary"]["unchanged"] == 2
    assert payload["changes"][1] == {
        "kind": "unchanged",
        "old": {"paragraph": 0, "sentence": 0, "text": "It rained."},
        "new": {"paragraph": 0, "sentence": 0, "text": "It rained."},
        "similarity": 1.0,
        "edits": [],
        "cosmetic": False,
    }


def test_wordop_json_has_no_spacing():
    assert WordOp("replace", "a", "b", "  ").to_json() == {"op": "replace", "old": "a", "new": "b"}
