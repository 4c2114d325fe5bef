"""Drafting from pairs a newsroom did not plan for: no change, every sentence changed,
a 50,000-word pair, quotation marks that never close. Each ends in a clean draft
or a clear "nothing to correct", never a traceback or a garbled sentence."""

from __future__ import annotations

import json
import random
import re

import pytest

from conftest import ROOT
from factcheck.notices.draft import MAX_LISTED, draft_texts
from test_notices_corpus import problems, ungrounded

PAIRS = ROOT / "tests" / "notice_pairs"


def _story(name: str, side: str = "old") -> str:
    return (PAIRS / name / f"{side}.txt").read_text(encoding="utf-8")


def _rewrite_every_fact(text: str, seed: int) -> str:
    """Every number moved, every other long capitalised word respelt, every "said" made
    "says", a word changed inside every quotation: each sentence edited at once."""
    rnd = random.Random(seed)
    text = re.sub(r"\d+", lambda m: str(int(m.group()) + rnd.randint(1, 3)), text)
    text = re.sub(r"\b([A-Z][a-z]{4,})\b", lambda m: m.group(1)[:-1] + "y" if rnd.random() < 0.5 else m.group(1), text)
    text = re.sub(r'"([^"]+)"', lambda m: '"' + m.group(1).replace(" the ", " that ") + '"', text)
    return text.replace(" said", " says")


def _assert_clean(drafting, old: str, new: str) -> None:
    for notice in drafting.notices:
        assert problems(notice.text) == [], notice.text
        assert ungrounded(notice.text, old, new) == set(), notice.text


def test_identical_pair_has_nothing_to_correct():
    text = _story("truck-driver-age")
    drafting = draft_texts(text, text)
    assert drafting.notices == [] and drafting.silent == []


def test_spacing_and_quote_style_only_is_nothing_to_correct():
    old = _story("transit-quote-said-after")
    new = old.replace('"', "\u201c", 1).replace('," said', ",\u201d said").replace(" will", "  will")
    drafting = draft_texts(old, new)
    assert drafting.notices == []


def test_the_cli_says_nothing_to_correct(run_sqlite, tmp_path):
    (tmp_path / "old.txt").write_text(_story("witness-age"), encoding="utf-8")
    (tmp_path / "new.txt").write_text(_story("witness-age"), encoding="utf-8")
    result = run_sqlite("notice", str(tmp_path / "old.txt"), str(tmp_path / "new.txt"))
    assert result.exit_code == 0
    assert result.output.strip() == f"{tmp_path / 'old.txt'} → {tmp_path / 'new.txt'}: nothing to correct (no change readers need to be told about)."
    payload = json.loads(run_sqlite("notice", str(tmp_path / "old.txt"), str(tmp_path / "new.txt"), "--format", "json").stdout)
    assert payload["notices"] == []


@pytest.mark.parametrize("name", ["several-errors", "two-candidates-ages", "food-bank-grant", "sergeant-name", "council-vote"])
def test_every_sentence_changed_gives_one_bounded_clean_correction(name):
    old = _story(name)
    new = _rewrite_every_fact(old, seed=len(name))
    drafting = draft_texts(old, new)
    corrections = [n for n in drafting.notices if n.kind == "correction"]
    assert len(corrections) == 1
    # the first error and at most MAX_LISTED - 1 "It also" sentences, then a count of the rest
    assert corrections[0].text.count("It also ") <= MAX_LISTED
    _assert_clean(drafting, old, new)


def test_a_rewrite_with_many_errors_counts_the_rest():
    old = "\n\n".join([_story("food-bank-grant")] + [p for n in ("witness-age", "injured-count", "arena-cost") for p in _story(n).split("\n\n")[2:]])
    new = _rewrite_every_fact(old, seed=7)
    drafting = draft_texts(old, new)
    text = next(n.text for n in drafting.notices if n.kind == "correction")
    assert re.search(r"It also contained (?:\w+|\d+) other errors?, now corrected\.$", text), text
    _assert_clean(drafting, old, new)


def test_a_story_replaced_by_another_is_an_update_not_a_list_of_errors():
    old, new = _story("truck-driver-age"), _story("hockey-score")
    drafting = draft_texts(old, new)
    assert "correction" not in [n.kind for n in drafting.notices]
    _assert_clean(drafting, old, new)


def test_a_50000_word_pair_drafts():
    bodies = [_story(p.name).split("\n\n", 2)[-1] for p in sorted(PAIRS.iterdir())]
    body = "\n\n".join(bodies)
    copies = 50_000 // len(body.split()) + 1
    old = "Long read\n\n" + "\n\n".join([body] * copies)
    assert len(old.split()) >= 50_000
    new = old.replace("Daniel Okonkwo, was 47.", "Daniel Okonkwo, was 41.", 1).replace("Three people were injured", "Four people were injured")
    drafting = draft_texts(old, new)
    correction = next(n for n in drafting.notices if n.kind == "correction")
    assert correction.text == (
        "Correction: An earlier version of this article misstated the number of people injured. The correct number "
        "is four, not three. It also misstated the age of Daniel Okonkwo, the truck's driver. Okonkwo was 41, not 47."
    )
    _assert_clean(drafting, old, new)


UNCLOSED = [
    # the closing mark lost in the new version, a number fixed inside
    ('Title\n\n"We lost 4,000 books," said Joan Pike.', 'Title\n\n"We lost 5,000 books, said Joan Pike.'),
    # a quotation that never closes on either side, a word added inside it
    ('Title\n\nPike said "we lost everything in the flood.', 'Title\n\nPike said "we lost almost everything in the flood.'),
    # an opening curly quote with no closing one
    ("Title\n\nPike called it \u201ca disaster for the town.", "Title\n\nPike called it \u201ca tragedy for the town."),
    # a quotation inside a quotation
    ("Title\n\nShe called it \"a 'total' loss,\" Pike said.", "Title\n\nShe called it \"a 'near-total' loss,\" Pike said."),
]


@pytest.mark.parametrize("old, new", UNCLOSED)
def test_unclosed_quotes_give_balanced_drafts(old, new):
    drafting = draft_texts(old, new)
    assert drafting.notices, "an edit inside a quotation needs a notice"
    _assert_clean(drafting, old, new)


def test_the_lost_closing_mark_is_not_a_removed_quotation():
    drafting = draft_texts(*UNCLOSED[0])
    assert [n.text for n in drafting.notices] == [
        "Correction: An earlier version of this article misstated the number of books. The correct number is 5,000, not 4,000."
    ]


@pytest.mark.parametrize("old, new", [("", "Headline\n\nA sentence here."), ("Headline\n\nA sentence here.", ""), ("", "")])
def test_empty_sides_draft_or_say_nothing(old, new):
    drafting = draft_texts(old, new)
    _assert_clean(drafting, old, new)
