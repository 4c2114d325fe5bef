"""Realistic revision pairs from several beats, each with its expected result pinned.

``tests/pairs/<name>/expected.json`` lists every change that is not ``unchanged``
(locations as "role paragraph:sentence", counted from 0) and every finding.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.analysis.diff import diff_documents
from factcheck.text.segmentation import segment

PAIRS = Path(__file__).resolve().parents[1] / "pairs"
NAMES = sorted(p.name for p in PAIRS.iterdir() if (p / "expected.json").exists())


def _location(sentence) -> str:
    return f"{sentence.role} {sentence.paragraph}:{sentence.index}"


def _run(name: str):
    folder = PAIRS / name
    old = segment((folder / "old.txt").read_text(encoding="utf-8"))
    new = segment((folder / "new.txt").read_text(encoding="utf-8"))
    return diff_documents(old, new, old_label="old", new_label="new"), json.loads((folder / "expected.json").read_text())


def test_there_are_at_least_eight_pairs():
    assert len(NAMES) >= 8


@pytest.mark.parametrize("name", NAMES)
def test_changes(name):
    result, expected = _run(name)
    changes = [
        {
            "kind": c.kind,
            "old": _location(c.old[0]) if c.old else None,
            "new": _location(c.new[0]) if c.new else None,
            "cosmetic": c.cosmetic,
        }
        for c in result.changes
        if c.kind != "unchanged"
    ]
    assert changes == expected["changes"]
    assert result.summary == expected["summary"]


@pytest.mark.parametrize("name", NAMES)
def test_findings(name):
    result, expected = _run(name)
    assert [{"check": f.check, "data": f.data} for f in result.findings] == expected["findings"]


@pytest.mark.parametrize("name", NAMES)
def test_every_sentence_once(name):
    folder = PAIRS / name
    old = segment((folder / "old.txt").read_text(encoding="utf-8"))
    new = segment((folder / "new.txt").read_text(encoding="utf-8"))
    result = diff_documents(old, new)
    assert sorted(_location(s) for c in result.changes for s in c.old) == sorted(map(_location, old.all_sentences))
    assert sorted(_location(s) for c in result.changes for s in c.new) == sorted(map(_location, new.all_sentences))


def test_restructure_is_only_moves():
    result, _ = _run("restructure")
    assert result.summary["added"] == result.summary["removed"] == 0
    assert result.summary["moved"] > 0
