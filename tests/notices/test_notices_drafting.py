"""Drafting notices from a diff: classification, plain-words corrections, pairs."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import CLAIMS, ROOT
from factcheck.notices.draft import draft_texts

PAIRS = ROOT / "tests" / "pairs"


def _draft(old: str, new: str, **kwargs):
    return draft_texts(old, new, **kwargs)


def _seed(label: str) -> str:
    return (CLAIMS / f"khadr-wikileaks-{label}.txt").read_text(encoding="utf-8")


def test_seed_v2_v3_gives_exactly_one_correction_naming_the_age_and_both_values():
    drafting = _draft(_seed("v2"), _seed("v3"), dated=date(2010, 12, 3))
    assert [n.kind for n in drafting.notices] == ["correction"]
    notice = drafting.notices[0]
    assert notice.text == (
        "Correction: An earlier version of this article misstated Omar Khadr's age at the time of the "
        "meeting. Khadr was 22, not 23."
    )
    assert notice.dateline == "Corrected Dec. 3, 2010"
    assert notice.placement == "bottom"  # paragraph 3, not the headline or the lede
    assert [c.change.kind for c in notice.changes] == ["edited"]


def test_seed_v1_v2_drafts_no_notice_for_the_removed_repeated_lede():
    drafting = _draft(_seed("v1"), _seed("v2"))
    assert [n.kind for n in drafting.notices] == ["correction"]  # 22 -> 23, a change of a number
    reasons = {c.reason for c in drafting.silent}
    assert reasons == {"repeated paragraph removed", "moved"}
    covered = [c.change.kind for n in drafting.notices for c in n.changes]
    assert "removed" not in covered and "moved" not in covered


def test_the_deduplication_alone_gives_no_notice():
    v1 = _seed("v1")
    paragraphs = v1.split("\n\n")
    # v1 with only the repeated lede removed (the paragraph that says "U.S.").
    deduplicated = "\n\n".join(p for p in paragraphs if not p.startswith('France asked the U.S. for'))
    assert deduplicated != v1
    drafting = _draft(v1, deduplicated)
    assert drafting.notices == []
    assert [c.reason for c in drafting.silent] == ["repeated paragraph removed"]


def test_identical_texts_give_nothing():
    drafting = _draft(_seed("v3"), _seed("v3"))
    assert drafting.notices == [] and drafting.silent == []


def _pair(name: str, **kwargs):
    old = (PAIRS / name / "old.txt").read_text(encoding="utf-8")
    new = (PAIRS / name / "new.txt").read_text(encoding="utf-8")
    return _draft(old, new, **kwargs)


# What an editor expects for each revision pair (see each pair's "about").
PAIR_KINDS = {
    "business": ["correction"],
    "court": ["correction", "update"],
    "disaster": ["update"],
    "obituary": ["correction"],
    "politics": ["correction"],
    "restructure": [],
    "sport": ["update"],
    "wire-update": ["update"],
}


@pytest.mark.parametrize("name", sorted(PAIR_KINDS))
def test_pairs_give_the_expected_kinds(name):
    drafting = _pair(name)
    assert [n.kind for n in drafting.notices] == PAIR_KINDS[name]
    # Every non-unchanged change is classified exactly once, in a notice or silent.
    expected = json.loads((PAIRS / name / "expected.json").read_text(encoding="utf-8"))
    changed = sum(v for k, v in expected["summary"].items() if k != "unchanged")
    covered = [c.index for n in drafting.notices for c in n.changes] + [c.index for c in drafting.silent]
    assert sorted(covered) == sorted(set(covered)) and len(covered) == changed


def test_business_one_error_stated_once_though_in_headline_and_lede():
    notice = _pair("business").notices[0]
    assert notice.text == (
        "Correction: An earlier version of this article misstated the value of the deal. "
        "The deal is worth $1.4 billion, not $1.2 billion."
    )
    assert notice.placement == "top"
    assert len(notice.changes) == 2


def test_court_several_errors_in_one_paragraph():
    notice = _pair("court").notices[0]
    assert notice.text == (
        "Correction: An earlier version of this article misspelled the first name of Jonathan Reyes, "
        "misstated the length of the sentence and misquoted Ontario Superior Court Justice Anne Whitfield. "
        'It is Jonathan, not Jonathon. The sentence is 14 years, not 12. Whitfield said "terrible," not "tragic."'
    )


def test_court_update_names_who_was_added():
    update = _pair("court").notices[1]
    assert update.text == "This article has been updated with comments from Mark Tessier."
    assert update.placement == "bottom"


def test_obituary_uses_the_full_name_once_then_the_surname():
    notice = _pair("obituary").notices[0]
    assert notice.text == (
        "Correction: An earlier version of this article misspelled the first name of Margaret Ellison, "
        "misstated Ellison's age and misstated Ellison's date of birth. It is Margaret, not Margret. "
        "Ellison was 93, not 92. Ellison was born on March 13, 1931, not March 3, 1931."
    )
    assert [c.reason for c in _pair("obituary").silent] == ["repeated paragraph removed"]


def test_politics_tally_is_one_fact_and_the_split_is_silent():
    drafting = _pair("politics")
    assert drafting.notices[0].text == (
        "Correction: An earlier version of this article misstated the vote and misstated the day. "
        "The vote was 51-48, not 52-47. It was Wednesday, not Tuesday."
    )
    assert [c.change.kind for c in drafting.silent] == ["split"]


def test_developing_figures_are_an_update_not_a_correction():
    drafting = _pair("disaster")
    assert drafting.notices[0].text == (
        "This article has been updated with a revised figure (at least five people, up from three), "
        "comments from Premier Dana Whitford and new information. "
        "Information that is no longer current has been removed."
    )
    wire = _pair("wire-update")
    assert "about 120,000, up from 60,000" in wire.notices[0].text
    assert [c.reason for c in wire.silent] == ["wire boilerplate removed"]


def test_restructure_is_all_silent():
    drafting = _pair("restructure")
    assert drafting.notices == [] and {c.reason for c in drafting.silent} == {"moved"}


def test_meaning_changing_rewording_is_a_clarification():
    old = "Council debates levy\n\nResidents at the meeting spoke against the levy. The vote is next week."
    new = "Council debates levy\n\nResidents at the meeting spoke, most of them in favour of the levy. The vote is next week."
    drafting = _draft(old, new)
    assert [n.kind for n in drafting.notices] == ["clarification"]
    text = drafting.notices[0].text
    assert text.startswith("Clarification: An earlier version of this article said ")
    assert '"spoke against the levy' in text and "most of them in favour" in text
    assert drafting.notices[0].placement == "top"  # the lede


def test_removed_sentence_alone_is_an_editors_note():
    old = "Title here\n\nThe mayor spoke on Monday. She also praised the police chief for his work on the file."
    new = "Title here\n\nThe mayor spoke on Monday."
    drafting = _draft(old, new)
    assert [n.kind for n in drafting.notices] == ["editors-note"]
    assert drafting.notices[0].text.startswith("Editor's note: A passage has been removed from this article")


def test_json_contract_lists_the_changes_each_notice_covers():
    payload = _draft(_seed("v2"), _seed("v3")).to_json()
    assert set(payload) >= {"notices"}
    notice = payload["notices"][0]
    assert {"kind", "text", "changes"} <= set(notice)
    change = notice["changes"][0]
    assert change["old"]["text"].endswith("was 23 at the time of the meeting.")
    assert change["new"]["text"].endswith("was 22 at the time of the meeting.")
    assert change["edits"] == [{"op": "replace", "old": "23", "new": "22"}]
    assert "index" in change and "reason" in change
    json.dumps(payload)  # serialisable as is


def test_drafting_is_grounded_every_value_comes_from_the_texts():
    import re

    for name in PAIR_KINDS:
        old = (PAIRS / name / "old.txt").read_text(encoding="utf-8")
        new = (PAIRS / name / "new.txt").read_text(encoding="utf-8")
        for notice in _draft(old, new).notices:
            for number in re.findall(r"\d[\d,.]*\d|\d", notice.text):
                assert number in old or number in new, (name, number)
