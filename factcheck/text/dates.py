"""Dates as news copy writes them, with their character spans and precision.

"Feb. 5, 2009", "Sept. 3", "Monday, June 4, 2020", "5 February 2009", "June 2020",
"in October", "2002", "last year". A date written without its year gets one from the
publication date when it is known (the nearest such day before or shortly after
publication, as readers take it) and otherwise from the story: the latest year it
names, since undated months in news copy belong to the story's own time.

Only the standard library: ``datetime`` covers everything the checks ask of a date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from factcheck.text.calendar_names import MONTHS, WEEKDAYS

__all__ = [
    "DateMention",
    "ap_date",
    "MONTHS",
    "WEEKDAYS",
    "add_years",
    "find_dates",
    "format_day",
    "infer_year",
    "prefilter_text",
]

# AP style: March to July are never abbreviated, the others are abbreviated with a day.
_AP_MONTH = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
             "Oct.", "Nov.", "Dec."]

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|Jun\.|July|Jul\."
    r"|Aug(?:ust|\.)|Sept(?:ember|\.)|Sep\.|Oct(?:ober|\.)|Nov(?:ember|\.)|Dec(?:ember|\.))"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[6-9]|20)\d{2}"

_MONTH_FIRST = re.compile(
    rf"(?:(?P<weekday>{_WEEKDAY}),?\s+)?"
    rf"\b(?P<month>{_MONTH})(?![\w])"
    rf"(?:\s+(?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b)?"
    rf"(?:,?\s+(?P<year>{_YEAR})\b(?!\s*(?:%|percent)))?"
)
_DAY_FIRST = re.compile(
    rf"(?:(?P<weekday>{_WEEKDAY}),?\s+)?"
    rf"\b(?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})(?![\w])"
    rf"(?:,?\s+(?P<year>{_YEAR})\b)?"
)
# A month on its own is a date only after a word that introduces a time: "in October",
# "since March", "last May". Otherwise "May" and "June" are often names.
_MONTH_ALONE_CUE = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|through|during|last|next|this|early|late|mid|"
    r"of|before|after|between|and|or|to|each|every)[\s-]+)$",
    re.I,
)
_BARE_YEAR = re.compile(
    rf"(?<![\w$£€.,/:-])(?P<year>{_YEAR})(?:-(?:\d{{2}}|\d{{4}}))?"
    r"(?![\w%]|[.,]\d|'s|\u2019s|\s*(?:percent|per cent|people|votes|metres|meters|feet|"
    r"kilometres|kilometers|miles|units|homes|jobs|cars|residents|students|dollars))"
)
_RELATIVE_YEAR = re.compile(r"\b(?P<which>last|this|next)\s+year\b", re.I)

# Prefilters. A pattern that opens with an optional group, a lookbehind or ``\b``
# gets no fast scan from ``re``: it is tried at every character of every sentence,
# which made date finding the largest cost of the checks. Each prefilter below is
# a necessary condition for its pattern (a literal it cannot match without), and
# opens with a literal or a character set, so ``re`` scans for it in C.
_HAS_MONTH = re.compile(_MONTH)  # both _DAY_FIRST and _MONTH_FIRST need a month (case-sensitive)
_HAS_YEAR = re.compile(_YEAR)
# Letters outside ASCII that ``re.IGNORECASE`` matches to an ASCII letter but that
# ``str.lower`` does not turn into it (dotted and dotless i, long s; the Kelvin sign
# does lower to "k"). A text holding one is matched by the full patterns alone.
_CASE_EXOTIC = re.compile("[\u0130\u0131\u017f]")


def prefilter_text(text: str) -> str | None:
    """``text`` in lower case for literal prefilters, or None when that would not be exact.

    A case-insensitive pattern can match only where the lower-cased text holds its
    literals in lower case, except with the few letters :data:`_CASE_EXOTIC` names;
    with one of them present the caller must skip its prefilter.
    """
    if _CASE_EXOTIC.search(text):
        return None
    return text.lower()


#: find_dates results by (text, reference, context_year). Claim extraction and the
#: checks read the same sentences, and archive ingestion reads the same sentences
#: in every revision of an article; a mention is immutable, so sharing is safe.
_CACHE: dict[tuple[str, date | None, int | None], tuple["DateMention", ...]] = {}
_CACHE_LIMIT = 20_000


def clear_cache() -> None:
    """Forget memoised results (the benchmark measures the work, not the memo)."""
    _CACHE.clear()


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole years, 29 February landing on 28 February."""
    year = day.year + years
    if not 1 <= year <= 9999:
        return date.min if years < 0 else date.max
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def format_day(day: date) -> str:
    """AP style: "Feb. 5, 2009", "May 1, 2020"."""
    return f"{_AP_MONTH[day.month - 1]} {day.day}, {day.year}"


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date in a text: where it is, what it says, and how precisely.

    ``precision`` is ``day``, ``month`` or ``year``. ``year`` is None when the text
    gives none and there was nothing to infer it from; ``year_inferred`` says it was
    not written. ``weekday`` is the weekday as written (0 = Monday), if any.
    """

    text: str
    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    year_inferred: bool = False
    relative: bool = False

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def known(self) -> bool:
        return self.year is not None

    def first_day(self) -> date:
        assert self.year is not None
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        assert self.year is not None
        if self.day is not None:
            return date(self.year, self.month or 1, self.day)
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def describe(self) -> str:
        """The date as an editor would write it: "Feb. 5, 2009", "October 2010", "2002"."""
        if self.year is None:
            return self.text
        if self.day is not None:
            return format_day(self.first_day())
        if self.month is not None:
            return f"{calendar.month_name[self.month]} {self.year}"
        return str(self.year)


def infer_year(month: int, day: int | None, reference: date | None, context_year: int | None) -> int | None:
    """The year a reader gives a month (and day) written without one.

    Against a publication date: the latest such day no more than about two months
    after publication ("Oct. 30" in a story of Nov. 20 is last month's, "Jan. 5" in
    a story of Dec. 20 is next month's). Without one: the story's latest year.
    """
    if reference is not None:
        year = reference.year
        candidate = date(year, month, min(day or 1, calendar.monthrange(year, month)[1]))
        if candidate > reference + timedelta(days=62):
            year -= 1
        elif candidate < reference - timedelta(days=300):
            year += 1
        return year
    return context_year


def _month_number(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def find_dates(text: str, *, reference: date | None = None, context_year: int | None = None) -> list[DateMention]:
    """Every date in ``text`` in order of position; years inferred where missing."""
    key = (text, reference, context_year)
    cached = _CACHE.get(key)
    if cached is None:
        cached = tuple(_find_dates(text, reference, context_year))
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()  # bounded memory; a long-running ingest just starts afresh
        _CACHE[key] = cached
    return list(cached)  # a fresh list: callers may sort or extend theirs


def _find_dates(text: str, reference: date | None, context_year: int | None) -> list[DateMention]:
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def overlaps(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in taken)

    for pattern in (_DAY_FIRST, _MONTH_FIRST) if _HAS_MONTH.search(text) else ():
        for match in pattern.finditer(text):
            start, end = match.span()
            if overlaps(start, end):
                continue
            day = int(match.group("day")) if match.group("day") else None
            year_text = match.group("year")
            if day is None and year_text is None:
                month_start = match.start("month")
                if match.group("weekday") or not _MONTH_ALONE_CUE.search(text, max(0, month_start - 12), month_start):
                    continue
                start = month_start
            month = _month_number(match.group("month"))
            weekday = WEEKDAYS[match.group("weekday").lower()] if match.group("weekday") else None
            if year_text:
                year, inferred = int(year_text), False
            else:
                year, inferred = infer_year(month, day, reference, context_year), True
            if day is not None and year is not None and day > calendar.monthrange(year, month)[1]:
                continue  # "Feb. 30": not a date a checker can use
            found.append(DateMention(text[start:end], start, end, year, month, day, weekday, inferred))
            taken.append((start, end))

    for match in _BARE_YEAR.finditer(text) if _HAS_YEAR.search(text) else ():
        start, end = match.span()
        if not overlaps(start, end):
            found.append(DateMention(text[start:end], start, end, int(match.group("year"))))
            taken.append((start, end))

    # Without a reference a relative year gives nothing: skip the scan.
    for match in _RELATIVE_YEAR.finditer(text) if reference is not None else ():
        if overlaps(*match.span()):
            continue
        shift = {"last": -1, "this": 0, "next": 1}[match.group("which").lower()]
        found.append(
            DateMention(match.group(0), match.start(), match.end(), reference.year + shift,
                        year_inferred=True, relative=True)
        )
    found.sort(key=lambda d: d.start)
    return found


def with_offset(mention: DateMention, offset: int) -> DateMention:
    """The same mention with its span moved by ``offset`` characters."""
    return replace(mention, start=mention.start + offset, end=mention.end + offset)


#: Publication dates outside these years are typing mistakes (9999-12-31,
#: 0001-01-01), and the date arithmetic of the checks would overflow on them.
EARLIEST_YEAR, LATEST_YEAR = 1800, 2200


def check_publication_date(value: date | None, where: str) -> date | None:
    """``value`` if it is a plausible publication date; else a one-line refusal."""
    from factcheck.errors import InvalidInput

    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise InvalidInput(
            f"{where} {value.isoformat()} is not a plausible publication date; give a date between "
            f"{EARLIEST_YEAR} and {LATEST_YEAR}."
        )
    return value


def ap_date(value: date | str | None) -> str:
    """``2010-12-03`` -> ``Dec. 3, 2010`` (AP style, as notices and datelines print it)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{_AP_MONTH[value.month - 1]} {value.day}, {value.year}"
