from datetime import date
from pathlib import Path

from factcheck.analysis.checks import run_checks
from factcheck.text.segmentation import normalise, segment

SEED = Path(__file__).resolve().parents[2] / "claims" / "khadr-wikileaks-v1.txt"
SEED_MESSAGE = (
    "Omar Khadr's ages cannot all be true: 15 at the meeting of Feb. 5, 2009 means born "
    "1993\u20131994; 22 at the same meeting means born 1986\u20131987. The 15 stands inside a "
    "quotation attributed to the French paper."
)


def ages(text, published=None):
    return run_checks(segment(text), only=["age-inconsistency"], published=published)


def test_seed_quoted_fifteen_clashes_with_twenty_two_at_the_meeting():
    (finding,) = ages(SEED.read_text(encoding="utf-8"))
    assert finding.message == SEED_MESSAGE
    assert finding.severity == "error"
    assert [(s.paragraph, s.sentence) for s in finding.spans] == [(4, 2), (4, 3)]
    quoted, stated = finding.data["mentions"]
    assert quoted["quoted"] is True and quoted["attribution"] == "the French paper"
    assert quoted["born"] == ["1993-02-06", "1994-02-05"]
    assert stated["text"] == "was 22" and stated["born"] == ["1986-02-06", "1987-02-05"]


def test_seed_with_known_publication_date_gives_the_same_single_finding():
    (finding,) = ages(SEED.read_text(encoding="utf-8"), published=date(2010, 11, 20))
    assert finding.message == SEED_MESSAGE


def test_seed_now_24_and_22_at_the_meeting_are_not_flagged():
    text = normalise(SEED.read_text(encoding="utf-8")).replace('"a 15-year old Muslim', '"a Muslim')
    assert ages(text) == []
    assert ages(text, published=date(2010, 11, 20)) == []


def test_now_age_against_dated_age_with_known_publication_date():
    text = (
        "Kwame Osei, 34, runs the company.\n\n"
        "Osei was 19 when the company was founded in 2015, records show."
    )
    (finding,) = ages(text, published=date(2024, 3, 1))
    assert finding.message == (
        "Kwame Osei's ages cannot all be true: 34 now (published March 1, 2024) means born "
        "1989\u20131990; 19 in 2015 means born 1995\u20131996."
    )


def test_appositive_and_who_is_agree():
    text = "Maria Lopez, 36, runs the shelter.\n\nLopez, who is 36, said the shelter is full."
    assert ages(text, published=date(2024, 3, 1)) == []


def test_two_present_ages_clash_even_without_a_publication_date():
    text = "Maria Lopez, 36, runs the shelter.\n\nLopez, who is 39, said the shelter was full in 2022."
    (finding,) = ages(text)
    assert finding.message == (
        "Maria Lopez's ages cannot all be true: the story gives both 36 and 39 as Lopez's age now."
    )


def test_scheme_began_in_2012_anchors_the_age():
    text = (
        "Prosecutors say Daniel Reyes ran the fraud for a decade.\n\n"
        "Reyes was 35 when the scheme began in 2012.\n\n"
        "Reyes, now 40, pleaded guilty on Jan. 10, 2024."
    )
    (finding,) = ages(text)
    assert "35 in 2012 means born 1976\u20131977" in finding.message
    assert "40 now" in finding.message


def test_pronoun_goes_to_the_person_last_named():
    text = (
        "Officers arrested Tom Becker in 2019. He was 20 at the time, police said.\n\n"
        "Becker was 25 in 2019, according to court records."
    )
    (finding,) = ages(text)
    assert finding.data["person"] == "Tom Becker"


def test_ages_of_different_people_do_not_mix():
    text = (
        "Jane Smith, 45, and her son Peter Smith, 12, moved to Halifax in 2020.\n\n"
        "Jane Smith said Peter Smith, who is 12, likes the new school."
    )
    assert ages(text, published=date(2023, 9, 1)) == []


def test_unnamed_nouns_do_not_take_a_named_persons_age():
    text = "Sarah Chen, 41, said her daughter, 9, and a 15-year-old neighbour saw the fire in 2021."
    assert ages(text) == []


def test_at_the_age_of_and_year_agree():
    text = "Anna Berg was born in Oslo. She left Norway in 1990 at the age of 20. She was 30 in 2000."
    assert ages(text) == []


def test_at_the_age_of_clashes_with_a_later_age():
    text = "Anna Berg left Norway in 1990 at the age of 20.\n\nBerg was 41 in 2000, her memoir says."
    (finding,) = ages(text)
    assert "20 in 1990 means born 1969\u20131970; 41 in 2000 means born 1958\u20131959" in finding.message


def test_in_year_appositive_is_ambiguous_and_skipped():
    # "In 2002, Osei, 15, ..." may mean 15 then or now: precision first.
    text = "In 2002, Kwame Osei, 15, left Accra.\n\nOsei, who is 30, lives in Toronto."
    assert ages(text, published=date(2024, 3, 1)) == []
