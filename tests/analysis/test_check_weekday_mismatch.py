from datetime import date

from factcheck.analysis.checks import run_checks
from factcheck.text.segmentation import segment


def weekdays(text, published=None):
    return run_checks(segment(text), only=["weekday-mismatch"], published=published)


def test_wrong_weekday_says_the_real_one():
    (finding,) = weekdays("The hearing opened on Monday, June 4, 2020, in Denver.")
    assert finding.message == "June 4, 2020 was a Thursday, not a Monday."
    assert finding.data == {"date": "2020-06-04", "written": "Monday", "actual": "Thursday",
                            "text": "Monday, June 4, 2020"}


def test_right_weekday_is_quiet():
    assert weekdays("The hearing opened on Thursday, June 4, 2020, in Denver.") == []


def test_year_from_publication_date():
    assert weekdays("The vote is set for Tuesday, March 5.", published=date(2024, 2, 20)) == []
    (finding,) = weekdays("The vote is set for Monday, March 5.", published=date(2024, 2, 20))
    assert finding.message == (
        "March 5, 2024 was a Tuesday, not a Monday (taking the year as 2024, from the publication date)."
    )


def test_year_guessed_from_the_story_alone_is_not_enough():
    assert weekdays("In 2019 the plant opened. It closed on Monday, March 5.") == []
