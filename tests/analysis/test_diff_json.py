"""The JSON of ``factcheck diff --format json`` is written change by change, not
built first: it must still be exactly the value ``DiffResult.to_json`` gives."""

from __future__ import annotations

import gc
import io
import json
import random
from pathlib import Path

import pytest

from factcheck.analysis.diff import diff_documents
from factcheck.analysis.diff_json import _ENCODE, _change_line, write_json
from factcheck.text.gcpause import gc_paused
from factcheck.text.segmentation import segment
from gold.articles import ARTICLES
from gold.generator import OPERATIONS, build

PAIRS = Path(__file__).resolve().parents[1] / "pairs"


@pytest.mark.parametrize("name", sorted(p.name for p in PAIRS.iterdir() if (p / "old.txt").exists()))
def test_written_json_is_the_result_value(name):
    old = segment((PAIRS / name / "old.txt").read_text(encoding="utf-8"))
    new = segment((PAIRS / name / "new.txt").read_text(encoding="utf-8"))
    result = diff_documents(old, new, old_label="v1", new_label="v2", article=name)
    out = io.StringIO()
    write_json(result, out)
    assert json.loads(out.getvalue()) == json.loads(json.dumps(result.to_json(), default=str))
    assert out.getvalue().endswith("}\n")


def test_each_change_is_written_as_its_value_encoded():
    # Changes are formatted from their fields, not encoded from to_json(): the
    # text must be the same, key order included, for every kind, role and side.
    seen = set()
    for seed, article in enumerate(ARTICLES):
        gold = build(article, list(OPERATIONS), random.Random(seed))
        result = diff_documents(segment(gold.old_text), segment(gold.new_text + "\nPhoto: City of Ottawa\n"))
        for change in result.changes:
            assert _change_line(change) == _ENCODE(change.to_json())
            seen.add((change.kind, change.role))
    assert {kind for kind, _ in seen} >= {"unchanged", "edited", "moved", "added", "removed", "split", "merge"}
    assert {role for _, role in seen} >= {"headline", "body", "credit"}


def test_empty_lists_are_valid_json():
    doc = segment("A council meeting was held.")
    out = io.StringIO()
    write_json(diff_documents(doc, doc), out)
    payload = json.loads(out.getvalue())
    assert payload["findings"] == [] and payload["summary"]["unchanged"] == 1


def test_gc_paused_restores_the_collector_as_it_found_it():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause leaves the outer one alone
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with gc_paused():
            raise ValueError
    assert gc.isenabled()
