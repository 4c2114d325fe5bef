from datetime import date

from hypothesis import given, strategies as st

from factcheck.text.dates import add_years, find_dates, format_day, infer_year


def only(text, **kwargs):
    (mention,) = find_dates(text, **kwargs)
    return mention


def test_ap_date_with_year_and_span():
    mention = only("met on Feb. 5, 2009.")
    assert (mention.year, mention.month, mention.day, mention.precision) == (2009, 2, 5, "day")
    assert (mention.start, mention.end, mention.text) == (7, 19, "Feb. 5, 2009")
    assert mention.describe() == "Feb. 5, 2009"


def test_weekday_is_kept():
    assert only("Monday, June 4, 2020").weekday == 0


def test_month_alone_needs_a_cue():
    assert only("in October it was").precision == "month"
    assert find_dates("Theresa May said") == []
    assert find_dates("June Carter sang") == []


def test_missing_year_from_publication_and_story():
    assert only("Sept. 3", reference=date(2010, 11, 20)).year == 2010
    assert only("Dec. 28", reference=date(2011, 1, 5)).year == 2010
    assert only("Jan. 3", reference=date(2010, 12, 20)).year == 2011
    mention = only("on Sept. 3", context_year=2009)
    assert mention.year == 2009 and mention.year_inferred


def test_bare_year_and_what_is_not_a_year():
    assert only("since 2002, after").precision == "year"
    assert find_dates("$2002 and 2,002 and 2002 votes") == []


def test_relative_years_need_a_reference():
    assert find_dates("last year") == []
    assert only("last year", reference=date(2010, 5, 1)).year == 2009


def test_day_first_and_month_year():
    assert only("on 5 February 2009").describe() == "Feb. 5, 2009"
    assert only("in May 2019").describe() == "May 2019"


def test_impossible_day_is_dropped():
    assert [m.precision for m in find_dates("Feb. 30, 2021")] == ["year"]


def test_add_years_on_leap_day():
    assert add_years(date(2020, 2, 29), -1) == date(2019, 2, 28)
    assert format_day(date(2020, 3, 1)) == "March 1, 2020"


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_formatted_days_parse_back(day):
    mention = only(f"on {format_day(day)}.")
    assert mention.first_day() == day


@given(st.integers(1, 12), st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_inferred_year_lands_near_the_reference(month, reference):
    year = infer_year(month, 1, reference, None)
    assert abs(date(year, month, 1) - reference).days < 400
