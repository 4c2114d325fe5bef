from __future__ import annotations

import pytest

from factcheck.text.entities import canonical_phrase, dates, extract, names, numbers, quotations


def texts(entities):
    return [e.text for e in entities]


@pytest.mark.parametrize(
    ("text", "found", "keys"),
    [
        ("Khadr, now 24, was 22 at the time.", ["24", "22"], ["24", "22"]),
        ("a crowd of 1,200 and a 3.5% rise", ["1,200", "3.5%"], ["1200", "3.5%"]),
        ("a 15-year-old and a 15-year old", ["15-year-old", "15-year"], ["15", "15"]),
        ("three people and twenty-two others", ["three", "twenty-two"], ["3", "22"]),
        ("a $1.2-billion deal, $1.2 billion in all", ["$1.2-billion", "$1.2 billion"], ["1200000000$"] * 2),
        ("Sgt. 1st Class", ["1st"], ["1"]),
        ("someone said nothing", [], []),
    ],
)
def test_numbers(text, found, keys):
    entities = numbers(text)
    assert texts(entities) == found
    assert [e.key for e in entities] == keys


def test_numbers_inside_dates_are_dates():
    found = extract("They met on Feb. 5, 2009, and again in 2010.")
    assert texts(found["date"]) == ["Feb. 5, 2009", "2010"]
    assert found["number"] == []


@pytest.mark.parametrize(
    ("text", "found", "keys"),
    [
        ("on Feb. 5, 2009.", ["Feb. 5, 2009"], ["2009-02-05"]),
        ("on Oct. 30 in Cuba", ["Oct. 30"], ["?-10-30"]),
        ("on Monday", ["Monday"], ["monday"]),
        ("since 2002, after", ["2002"], ["2002"]),
        ("a deal in October", ["October"], ["month-10"]),
        ("in May 2010; he may go", ["May 2010"], ["2010-05"]),
        ("a 2,002-seat hall", [], []),
    ],
)
def test_dates(text, found, keys):
    entities = dates(text)
    assert texts(entities) == found
    assert [e.key for e in entities] == keys


def test_names_skip_sentence_openers_and_keep_titles():
    text = "In it, Prime Minister Stephen Harper met U.S. Secretary of State Hillary Clinton."
    assert texts(names(text)) == ["Prime Minister Stephen Harper", "U.S. Secretary of State Hillary Clinton"]


def test_names_drop_possessives():
    assert texts(names("the Toronto-born Khadr's repatriation")) == ["Toronto-born Khadr"]


def test_abbreviations_compare_equal():
    assert canonical_phrase("the U.S. and the UK") == canonical_phrase("the United States and the United Kingdom")


def test_quotations_straight_curly_and_single():
    text = 'Clinton called it a "cancer" and a \u201ctragic loss\u201d; France wanted \'assistance\', Khadr\'s case.'
    found = quotations(text)
    assert texts(found) == ["cancer", "tragic loss", "assistance"]
    assert text[found[1].start : found[1].end] == "tragic loss"


def test_curly_and_straight_quotes_have_one_key():
    assert quotations('"a natural fit"')[0].key == quotations("\u201ca natural fit\u201d")[0].key


def test_abbreviations_are_spelled_out_only_as_whole_words():
    assert canonical_phrase("U.S.A. officials met U.N. envoys in D.C.") == (
        "united states officials met united nations envoys in district of columbia")
    assert canonical_phrase("The EU, the USA and the U.K. agreed") == (
        "the european union, the united states and the united kingdom agreed")
    # Words that merely begin or end like an abbreviation stay as written.
    assert canonical_phrase("Unions in Europe under a sunny sky, says Duc") == (
        "unions in europe under a sunny sky, says duc")
    assert canonical_phrase("the U.S.-backed plan") == "the united states-backed plan"
