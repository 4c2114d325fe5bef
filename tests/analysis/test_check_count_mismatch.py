from pathlib import Path

from factcheck.analysis.checks import run_checks
from factcheck.analysis.checks.count_mismatch import list_length
from factcheck.text.segmentation import segment

SEED = Path(__file__).resolve().parents[2] / "claims" / "khadr-wikileaks-v1.txt"


def counts(text):
    return run_checks(segment(text), only=["count-mismatch"])


def test_seed_lists_four_charges_as_announced():
    assert counts(SEED.read_text(encoding="utf-8")) == []


def test_too_many_items():
    (finding,) = counts("He faces three charges: theft, fraud, forgery and perjury.")
    assert finding.message == "The sentence announces 3 charges but lists 4: theft, fraud, forgery and perjury."
    assert finding.data["listed"] == [4, 4]


def test_too_few_items_with_oxford_comma_and_a_dash():
    (finding,) = counts("The team signed five players \u2014 Ruiz, Okafor, and Lind.")
    assert finding.data == {"announced": 5, "listed": [3, 3], "noun": "players", "items": "Ruiz, Okafor, and Lind"}


def test_including_is_not_the_whole_list():
    assert counts("He faces five charges, including theft and fraud.") == []
    assert counts("He faces five charges: including theft and fraud.") == []


def test_an_and_inside_an_item_may_count_as_one():
    assert list_length("murder, assault and battery, robbery and arson") == (4, 5)
    assert counts("She was convicted on four counts: murder, assault and battery, robbery and arson.") == []


def test_a_clause_after_a_colon_is_not_a_list():
    assert counts("There were two reasons: the plan was late.") == []


def test_commas_inside_figures_do_not_split_items():
    assert counts("He admitted to two counts: fraud over $5,000 and breach of trust.") == []


def test_trailing_attribution_is_not_an_item():
    (finding,) = counts("The board named three finalists for director: Rao, Bell, Tremblay and Gagnon, the board said.")
    assert finding.data["listed"] == [4, 4]
    assert counts("The board named three finalists: Rao, Bell and Gagnon, the board said Thursday.") == []
