"""The literal prefilters that speed up dates, claim facets and age mentions change nothing.

Each prefilter is meant to be a necessary condition for the pattern it guards, so
turning them off must give the same dates, facets and findings on every sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factcheck.text import dates
from factcheck.analysis import candidates as extract
from factcheck.analysis.checks import age_inconsistency, run_checks
from factcheck.text.segmentation import segment

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TRICKY = [
    "One in five residents moved away.",
    "Two out of three voters agreed, a rate not seen since 1998.",
    "THE LARGEST FIRE EVER, OFFICIALS SAID, DESTROYED 40 HOMES.",
    "Osei, 34, said he was fifteen at the age of fifteen.",
    "The 15-year-old was twenty-two when the meeting began on Monday, June 4, 2020.",
    "Sales roſe 4 per cent laſt year, ſaid İbrahim, who is thırty.",
    "Per capita income doubled from $4,000 in March to $8,000 by Sept. 3.",
]


def _sentences() -> list[str]:
    out = list(TRICKY)
    for path in sorted(CORPUS.glob("*.txt")):
        out.extend(s.text for s in segment(path.read_text(encoding="utf-8")).sentences)
    return out


def test_exotic_letters_are_all_listed():
    """Every non-ASCII letter that re.I matches to an ASCII letter but lower() does not map to it."""
    ascii_letter = re.compile("[a-z]", re.I)
    missing = [
        hex(cp) for cp in range(128, 0x110000)
        if ascii_letter.fullmatch(chr(cp)) and not re.fullmatch("[a-z]", chr(cp).lower())
        and not dates._CASE_EXOTIC.search(chr(cp))
    ]
    assert missing == []


def test_facets_are_the_same_without_prefilters(monkeypatch):
    sentences = _sentences()
    fast = [extract.facets_of(s) for s in sentences]
    monkeypatch.setattr(extract, "prefilter_text", lambda text: None)
    dates.clear_cache()
    assert [extract.facets_of(s) for s in sentences] == fast


def test_dates_are_the_same_without_prefilters(monkeypatch):
    sentences = _sentences()
    dates.clear_cache()
    fast = [dates.find_dates(s) for s in sentences]
    monkeypatch.setattr(dates, "_HAS_MONTH", re.compile(""))
    monkeypatch.setattr(dates, "_HAS_YEAR", re.compile(""))
    dates.clear_cache()
    assert [dates.find_dates(s) for s in sentences] == fast


def test_memoised_dates_are_fresh_lists():
    dates.clear_cache()
    first = dates.find_dates("On Feb. 5, 2009, and in 2002.")
    first.clear()
    assert len(dates.find_dates("On Feb. 5, 2009, and in 2002.")) == 2


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_age_findings_are_the_same_without_prefilters(path, monkeypatch):
    doc = segment(path.read_text(encoding="utf-8"))
    fast = run_checks(doc, only=["age-inconsistency"])
    monkeypatch.setattr(age_inconsistency, "prefilter_text", lambda text: None)
    assert run_checks(doc, only=["age-inconsistency"]) == fast
