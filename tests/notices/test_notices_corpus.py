"""Notices over a corpus of revision pairs: each draft pinned, and properties of every draft.

``tests/notice_pairs/<name>/`` holds an old and a new revision written like real
copy and ``expected.json`` (what the pair exercises, the notices an editor would
publish as is, the reasons of the silent edits). The eight pairs of
``tests/pairs/`` join them for the properties: clean punctuation, no empty value,
no sentence cut at an abbreviation, no repeated sentence, balanced quotation
marks, and grounding (every content word of a draft is in one of the revisions,
in a template, or in the drafting's own phrasing vocabulary).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import ROOT
from factcheck.notices.facts import PHRASING
from factcheck.notices.templating import SPELLED
from factcheck.notices.draft import draft_texts
from factcheck.text.sentence_roles import TITLES
from factcheck.text.segmentation import split_sentences

NOTICE_PAIRS = ROOT / "tests" / "notice_pairs"
DIFF_PAIRS = ROOT / "tests" / "pairs"
TEMPLATES = ROOT / "factcheck" / "notices" / "templates"

OWN = sorted(p.name for p in NOTICE_PAIRS.iterdir() if p.is_dir())
ALL = [NOTICE_PAIRS / name for name in OWN] + sorted(p for p in DIFF_PAIRS.iterdir() if p.is_dir())


def _texts(directory: Path) -> tuple[str, str]:
    return (directory / "old.txt").read_text(encoding="utf-8"), (directory / "new.txt").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _drafts(directory: Path):
    return draft_texts(*_texts(directory))


def test_the_corpus_has_at_least_twenty_pairs_of_its_own():
    assert len(OWN) >= 20
    for name in OWN:
        assert json.loads((NOTICE_PAIRS / name / "expected.json").read_text(encoding="utf-8"))["about"]


@pytest.mark.parametrize("name", OWN)
def test_each_pair_drafts_what_an_editor_publishes(name):
    expected = json.loads((NOTICE_PAIRS / name / "expected.json").read_text(encoding="utf-8"))
    drafting = _drafts(NOTICE_PAIRS / name)
    assert [{"kind": n.kind, "text": n.text} for n in drafting.notices] == expected["notices"]
    assert sorted({c.reason for c in drafting.silent}) == expected["silent"]


# ---------------------------------------------------------------------- properties


def problems(text: str, old: str = "", new: str = "") -> list[str]:
    """What is wrong with a drafted notice's prose (empty when nothing is)."""
    found = []
    for pattern, what in (
        (r",\s*,|;\s*;|,\s*\.|;\s*\.|:\s*\.", "doubled punctuation"),
        (r"(?<!\.)\.\.(?!\.)", "doubled full stop"),
        (r'\."\s*\.|\."\."', "full stop after a closing quotation mark"),
        (r"\s[,.;:!?]", "space before punctuation"),
        (r"\s{2,}", "double space"),
        (r'""|\(\)|\b(?:is|was|said|reads|of|to|as)\s*,|,\s*not\s*[.,]|\bnot\s*\.$', "empty value"),
    ):
        if re.search(pattern, text):
            found.append(what)
    if text.count('"') % 2 or text.count("\u201c") != text.count("\u201d"):
        found.append("unbalanced quotation marks")
    sentences = [text[s:e] for s, e in split_sentences(text)]
    for sentence in sentences:
        last = re.search(r"([A-Za-z][A-Za-z.]*)\.[\"']?$", sentence)
        if last and last.group(1).lower().rstrip(".") in TITLES:
            found.append(f"sentence cut at an abbreviation: {sentence!r}")
        if not re.search(r"""[.!?]["'\u201d)]*$""", sentence):
            found.append(f"sentence without an ending: {sentence!r}")
    if len(sentences) != len(set(sentences)):
        found.append("repeated sentence")
    return found


@lru_cache(maxsize=None)
def _template_words() -> frozenset[str]:
    words: set[str] = set(SPELLED)  # the templates' "spelled" filter: "two passages"
    for path in TEMPLATES.glob("*.j2"):
        source = re.sub(r"\{#.*?#\}", " ", path.read_text(encoding="utf-8"), flags=re.S)  # comments do not print
        words |= _words(source)
    return frozenset(words)


def _words(text: str) -> set[str]:
    found = {w.lower() for w in re.findall(r"[A-Za-z\u00c0-\u024f]+(?:['\u2019][a-z]+)?|\d[\d,.]*\d|\d", text)}
    return found | {part for w in found if w[0].isdigit() for part in re.split(r"[,.]", w)}


def ungrounded(text: str, old: str, new: str) -> set[str]:
    """Words of a notice found in neither revision, nor a template, nor the drafting's phrasing."""
    allowed = _words(old) | _words(new) | _template_words() | PHRASING
    # the one figure a notice computes: how many further errors its list leaves out
    text = re.sub(r"\b\d+(?= other (?:errors?|passages?)\b)", "", text)
    out = set()
    for word in _words(text):
        bare = re.sub(r"['\u2019]s?$", "", word)
        if word not in allowed and bare not in allowed:
            out.add(word)
    return out


@pytest.mark.parametrize("directory", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_draft_is_clean_prose(directory):
    old, new = _texts(directory)
    for notice in _drafts(directory).notices:
        assert problems(notice.text) == [], notice.text


@pytest.mark.parametrize("directory", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_draft_is_grounded_in_the_revisions(directory):
    old, new = _texts(directory)
    for notice in _drafts(directory).notices:
        assert ungrounded(notice.text, old, new) == set(), notice.text


def test_the_phrasing_vocabulary_holds_no_names_or_figures():
    # Only the drafting's own connecting words: every name and value must come from the story.
    assert all(word.isalpha() and word.islower() for word in PHRASING)
    assert not PHRASING & {"police", "driver", "people", "transit", "council"}


@pytest.mark.parametrize("directory", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_an_editors_note_never_repeats_removed_text(directory):
    old, new = _texts(directory)
    drafting = _drafts(directory)
    for notice in drafting.notices:
        if notice.kind != "editors-note":
            continue
        for entry in notice.changes:
            removed = [w for w in re.findall(r"[a-z]{4,}", entry.change.old_text.lower()) if w not in _template_words()]
            leaked = [w for w in removed if re.search(rf"\b{w}\b", notice.text.lower())]
            assert leaked == [], notice.text


def test_the_checks_catch_what_the_issue_reported():
    # The property checks themselves, on the drafts the issue quoted.
    assert "doubled punctuation" in problems('Correction: X said "savings,," not "savings,."')
    assert "full stop after a closing quotation mark" in problems('Correction: It read "a."."')
    assert "empty value" in problems("Correction: The correct figure is , not 36.")
    assert any(p.startswith("sentence cut") for p in problems("It is Sheila MacInnis, not Sheila MacInnis and Coun."))
    assert "repeated sentence" in problems("It is Jonathan, not Jonathon. It is Jonathan, not Jonathon.")
    assert "unbalanced quotation marks" in problems('He said "yes, not "no."')
    assert ungrounded("misstated Harlow Bridge's age", "Harlow Bridge police", "Harlow Bridge police") == set()
    assert ungrounded("misstated the truck's age", "Harlow Bridge police", "Harlow Bridge police") == {"truck's"}
