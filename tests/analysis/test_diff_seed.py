"""The seed article's revisions: v1 -> v2 (repeated lede cut, age changed, one move) and v2 -> v3."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.analysis.diff import ClaimRef, diff_documents
from factcheck.text.segmentation import segment

CLAIMS = Path(__file__).resolve().parents[2] / "claims"


def revision(n: int):
    return segment((CLAIMS / f"khadr-wikileaks-v{n}.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def v1_v2():
    return diff_documents(revision(1), revision(2), old_label="v1", new_label="v2", article="khadr")


def not_unchanged(result):
    return [c.to_json() for c in result.changes if c.kind != "unchanged"]


def test_v2_keeps_the_seed_messiness():
    raw = (CLAIMS / "khadr-wikileaks-v2.txt").read_text(encoding="utf-8")
    assert raw.startswith("Canada\n\n")
    assert "\u00a0" in raw
    assert "on Oct. 30. ((Canadian Press))\nThe leaked U.S. State Department cable" in raw
    roles = [b.role for b in revision(2).blocks]
    assert roles[:2] == ["section", "headline"] and "caption" in roles and "credit" in roles


def test_v1_v2_changes(v1_v2):
    assert not_unchanged(v1_v2) == [
        {
            "kind": "removed",
            "old": {
                "paragraph": 1,
                "sentence": 0,
                "text": 'France asked the U.S. for "assistance" with Omar Khadr even as Ottawa declined to '
                "intervene on the Canadian prisoner's behalf, according to documents published by WikiLeaks.",
            },
            "new": None,
            "similarity": None,
            "edits": [],
            "cosmetic": False,
        },
        {
            "kind": "moved",
            "old": {"paragraph": 4, "sentence": 0, "text": "It was known at the time of the meeting that Kouchner brought up Khadr's case."},
            "new": {"paragraph": 1, "sentence": 1, "text": "It was known at the time of the meeting that Kouchner brought up Khadr's case."},
            "similarity": 1.0,
            "edits": [],
            "cosmetic": False,
        },
        {
            "kind": "edited",
            "old": {"paragraph": 4, "sentence": 3, "text": "Khadr, now 24, was 22 at the time of the meeting."},
            "new": {"paragraph": 3, "sentence": 2, "text": "Khadr, now 24, was 23 at the time of the meeting."},
            "similarity": 0.98,
            "edits": [{"op": "replace", "old": "22", "new": "23"}],
            "cosmetic": False,
        },
    ]
    assert v1_v2.summary == {
        "unchanged": 15, "edited": 1, "moved": 1, "moved-edited": 0,
        "added": 0, "removed": 1, "split": 0, "merge": 0,
    }


def test_v1_v2_findings(v1_v2):
    findings = [f.to_json() for f in v1_v2.findings]
    assert [(f["check"], f["severity"], f["data"]) for f in findings] == [
        ("number-changed", "warning", {"old": "22", "new": "23"}),
        ("duplicate-removed", "info", {"paragraph": 1, "repeats": 0, "similarity": 1.0}),
    ]
    number, duplicate = findings
    assert number["message"] == 'The number "22" became "23": "Khadr, now 24, was 23 at the time of the meeting."'
    assert [(s["revision"], s["paragraph"], s["sentence"]) for s in number["spans"]] == [("v1", 4, 3), ("v2", 3, 2)]
    assert [(s["revision"], s["paragraph"]) for s in duplicate["spans"]] == [("v1", 1), ("v2", 0)]
    assert duplicate["spans"][1]["text"].startswith("France asked the United States")


def test_v1_v2_headline_and_caption_keep_their_roles(v1_v2):
    roles = {c.role for c in v1_v2.changes}
    assert roles == {"section", "headline", "body", "caption", "credit"}
    headline = next(c for c in v1_v2.changes if c.role == "headline").to_json()
    assert headline["old"] == {"paragraph": 0, "sentence": 0, "role": "headline", "text": "France wanted 'assistance' on Khadr: WikiLeaks"}


def test_v2_v3_fixes_the_age():
    result = diff_documents(revision(2), revision(3), old_label="v2", new_label="v3", article="khadr")
    assert [(c["kind"], c["edits"]) for c in not_unchanged(result)] == [
        ("edited", [{"op": "replace", "old": "23", "new": "22"}])
    ]
    assert [(f.check, f.data) for f in result.findings] == [("number-changed", {"old": "23", "new": "22"})]


def test_json_envelope(v1_v2):
    payload = v1_v2.to_json()
    assert list(payload) == ["from", "to", "changes", "findings", "summary"]
    assert payload["from"] == {"article": "khadr", "label": "v1"}
    assert payload["to"] == {"article": "khadr", "label": "v2"}
    assert all(list(c) == ["kind", "old", "new", "similarity", "edits", "cosmetic"] for c in payload["changes"])


def test_claims_anchored_to_the_edited_and_removed_sentences(v1_v2):
    claims = [
        ClaimRef(7, 2, "Khadr was 22 at the time of the meeting.", "checked", "true", 4, 3),
        ClaimRef(8, 1, "France asked the U.S. for assistance with Khadr.", "unverified", None, 1, 0),
        ClaimRef(9, 1, "Khadr was captured at 15.", "checked", "true", 7, 0),
    ]
    result = diff_documents(revision(1), revision(2), old_label="v1", new_label="v2", article="khadr", claims=claims)
    claim_findings = [f for f in result.findings if f.check.startswith("claim-")]
    assert [(f.check, f.data["claim"], f.data["status"]) for f in claim_findings] == [
        ("claim-changed", 7, "checked"),
        ("claim-removed", 8, "unverified"),
    ]
    assert claim_findings[0].message == (
        'Claim #7 (checked, verdict true) "Khadr was 22 at the time of the meeting." was edited to '
        '"Khadr, now 24, was 23 at the time of the meeting."; check it again.'
    )
    assert claim_findings[1].data["new"] is None
