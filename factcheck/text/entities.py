"""Numbers, dates, proper names and quotations in a sentence, with character spans.

The typed diff findings ("the number 22 became 23") compare these between the old
and the new form of a sentence. Detection is deliberately simple pattern matching:
it runs only on the few sentences an edit touched, must never miss a digit, and
errs on the side of reporting a capitalised word as a name.

Each entity carries its text as written and a ``key`` for comparison, so that a
pure style change ("1,200" -> "1200", "three" -> "3", "U.S." -> "United States")
is not reported as a change of fact.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from factcheck.text.calendar_names import MONTHS

__all__ = [
    "NUMBER_WORDS",
    "TENS_WORDS",
    "word_number",
    "Entity",
    "dates",
    "entity_keys",
    "names",
    "numbers",
    "quotations",
    "canonical_phrase",
]


@dataclass(frozen=True, slots=True)
class Entity:
    kind: str  # number, date, name, quote
    text: str  # as written
    start: int
    end: int
    key: str  # what is compared between revisions


# --------------------------------------------------------------------------- numbers

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_NUMBER_WORD = "|".join(sorted([*NUMBER_WORDS, *TENS_WORDS, "dozen"], key=len, reverse=True))
_SCALE_WORD = r"(?:hundred|thousand|million|billion|trillion)"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# "$1.2 million", "3.5%", "1,200", "15-year-old", "1st", "twenty-two", "three".
_NUMBER = re.compile(
    rf"""(?<![\w.,])(?P<cur>[$€£])?(?P<num>{_DIGITS})(?P<ord>st|nd|rd|th)?(?P<pct>\s?%|\s?per\s?cent)?"""
    rf"""(?P<scale>[\s-]{_SCALE_WORD})?(?P<unit>-(?:year|month|week|day|hour|minute|mile|metre|meter|foot|km)s?"""
    rf"""(?:-old)?)?(?![\w])"""
    rf"""|(?<![\w-])(?P<word>(?:{_NUMBER_WORD})(?:-(?:{_NUMBER_WORD}))?)(?P<wscale>\s{_SCALE_WORD})?"""
    rf"""(?P<wunit>-(?:year|month|week|day)s?(?:-old)?)?(?![\w])""",
    re.IGNORECASE,
)


def word_number(token: str) -> int | None:
    """``"7"`` -> 7, ``"three"`` -> 3, ``"twenty-two"`` -> 22; None for anything else."""
    token = token.lower()
    if token.isdigit():
        return int(token)
    tens, _, ones = token.partition("-")
    if ones:
        return TENS_WORDS[tens] + NUMBER_WORDS[ones] if tens in TENS_WORDS and ones in NUMBER_WORDS else None
    return TENS_WORDS.get(token, NUMBER_WORDS.get(token))


def _word_value(words: str) -> float:
    total = 0
    for part in words.lower().split("-"):
        if part == "dozen":
            total += 12
        else:
            total += NUMBER_WORDS.get(part, 0) + TENS_WORDS.get(part, 0)
    return total


def _format_key(value: float, suffix: str) -> str:
    value = round(value, 6)  # 1.1 * 10**9 is 1100000000.0000002 in floating point
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return text + suffix


def numbers(text: str, exclude: list[tuple[int, int]] | None = None) -> list[Entity]:
    """Numbers as written, keyed by value: "three" and "3" share a key.

    Spans inside ``exclude`` (dates) are skipped so that "Feb. 5, 2009" is a date
    change, not also two number changes.
    """
    out: list[Entity] = []
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if exclude and any(s <= start < e for s, e in exclude):
            continue
        if match.group("num"):
            value = float(match.group("num").replace(",", ""))
            scale = (match.group("scale") or "").strip(" -").lower()
            suffix = "%" if match.group("pct") else ""
            suffix += match.group("cur") or ""
        else:
            value = _word_value(match.group("word"))
            scale = (match.group("wscale") or "").strip().lower()
            suffix = ""
        value *= _SCALES.get(scale, 1) if scale != "trillion" else 10**12
        out.append(Entity("number", match.group(0), start, end, _format_key(value, suffix)))
    return out


# --------------------------------------------------------------------------- dates

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = (
    r"(?:January|February|March|April|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
# "May" is also a verb, so it counts as a month only with a day or a year after it.
_DATE = re.compile(
    rf"""(?P<full>(?:{_MONTH}|May)\s+(?P<day>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?)"""
    rf"""|(?P<my>(?:{_MONTH}|May)\s+(?P<myear>\d{{4}}))"""
    rf"""|(?P<month>{_MONTH})"""
    rf"""|(?P<weekday>\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"""
    rf"""|(?P<yearonly>(?<![\w,.$])(?:1[89]\d\d|20\d\d)(?![\w%]|[.,]\d))""",
)


def _month_number(text: str) -> int:
    return MONTHS[text.split()[0].rstrip(".").lower()]


def dates(text: str) -> list[Entity]:
    """Dates: "Feb. 5, 2009", "Oct. 30", "May 2010", "October", "Monday", "2002"."""
    out: list[Entity] = []
    for match in _DATE.finditer(text):
        start, end = match.span()
        if match.group("full"):
            month = _month_number(match.group("full"))
            key = f"{match.group('year') or '?'}-{month:02d}-{int(match.group('day')):02d}"
        elif match.group("my"):
            key = f"{match.group('myear')}-{_month_number(match.group('my')):02d}"
        elif match.group("month"):
            key = f"month-{_month_number(match.group('month')):02d}"
        elif match.group("weekday"):
            key = match.group("weekday").lower()
        else:
            key = match.group("yearonly")
        out.append(Entity("date", match.group(0), start, end, key))
    return out


# --------------------------------------------------------------------------- names

# Writers abbreviate the same name several ways; compare them as one.
_ABBREVIATIONS = {
    "u.s.": "united states",
    "u.s.a.": "united states",
    "usa": "united states",
    "u.k.": "united kingdom",
    "uk": "united kingdom",
    "u.n.": "united nations",
    "un": "united nations",
    "e.u.": "european union",
    "eu": "european union",
    "d.c.": "district of columbia",
}
def _abbreviation_pattern() -> re.Pattern[str]:
    r"""The abbreviations as one pattern over lower-case text, grouped by first letter.

    Grouped, the pattern fails at most positions on one character test; the plain
    alternation behind a lookbehind was tried at every position of every sentence and
    cost the repeated-paragraph check about twice as much. ``\b`` before the first
    letter is the same test as ``(?<!\w)`` (every abbreviation starts with a letter);
    after the last character only ``(?!\w)`` is right ("u.s." ends in a full stop).
    """
    by_letter: dict[str, list[str]] = {}
    for abbreviation in sorted(_ABBREVIATIONS, key=len, reverse=True):
        by_letter.setdefault(abbreviation[0], []).append(re.escape(abbreviation[1:]))
    groups = "|".join(f"{re.escape(letter)}(?:{'|'.join(rests)})" for letter, rests in by_letter.items())
    return re.compile(rf"\b(?:{groups})(?!\w)")


_ABBREVIATION = _abbreviation_pattern()


def canonical_phrase(text: str) -> str:
    """Lower-case text with the usual abbreviations spelled out ("U.S." -> "united states")."""
    return _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(0)], text.lower())


# Capitalised words that open sentences or clauses without naming anyone.
_NOT_NAMES = {
    "a", "an", "the", "in", "on", "at", "it", "its", "he", "she", "his", "her", "they",
    "their", "we", "i", "but", "and", "or", "so", "if", "as", "after", "before", "when",
    "while", "then", "there", "this", "that", "these", "those", "under", "for", "of",
    "with", "by", "from", "according", "now", "still", "however", "meanwhile", "since",
    "some", "many", "most", "all", "no", "one", "mr", "mrs", "ms", "dr", "our", "you",
    "what", "who", "why", "how", "where", "yes", "also", "despite", "although", "during",
    # clause openers a rewrite brings to the front ("Because it could not ...")
    "because", "though", "unless", "until", "once", "whether", "whereas",
}
_CONNECTORS = {"of", "de", "du", "van", "von", "der", "bin", "al", "la", "le", "da", "del", "y", "and"}
_NAME_WORD = re.compile(r"(?:[A-Z][\w'’.-]*|[A-Z]\.)")
_WORD = re.compile(r"[\w][\w'’.-]*")
_ASCII_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")


def names(text: str, exclude: list[tuple[int, int]] | None = None) -> list[Entity]:
    """Runs of capitalised words ("Prime Minister Stephen Harper", "U.S. State Department").

    The first word of the sentence counts only if it is not a common opener; month
    and weekday names (``exclude``, the date spans) are not names.
    """
    out: list[Entity] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        while run and run[-1].group(0).lower() in _CONNECTORS:
            run.pop()
        while run and run[0].group(0).lower().rstrip(".") in _NOT_NAMES:
            run.pop(0)
        if run:
            start, end = run[0].start(), run[-1].end()
            written = text[start:end]
            written = _POSSESSIVE.sub("", written).rstrip(".,")
            if written:
                out.append(Entity("name", written, start, start + len(written), canonical_phrase(written)))
        run.clear()

    # This loop runs per word of every edited sentence (the typed findings' main
    # cost), hence the set of excluded offsets instead of testing every span per
    # word, the first-letter test before the regex (which needs an A-Z first),
    # and close() called only when a run is open (it does nothing otherwise).
    excluded_at = {k for s, e in exclude for k in range(s, e)} if exclude else ()
    for match in _WORD.finditer(text):
        word = match.group(0).rstrip(".,") or match.group(0)
        if run:
            gap = text[run[-1].end(): match.start()]
            if gap.strip() not in ("", "-"):
                close()  # punctuation between words ends a name
        if (
            word[0] in _ASCII_UPPER
            and match.start() not in excluded_at
            and _NAME_WORD.fullmatch(word)
            and not word.isdigit()
        ):
            run.append(match)
        elif run and word.lower() in _CONNECTORS:
            run.append(match)
        elif run:
            close()
    close()
    return out


# --------------------------------------------------------------------------- quotations

_QUOTE = re.compile(
    r"""["\u201c](?P<dq>[^"\u201c\u201d]+)["\u201d]"""
    r"""|(?<!\w)['\u2018](?P<sq>[^'\u2018\u2019]+?)['\u2019](?!\w)"""
)


def quotations(text: str) -> list[Entity]:
    """Text inside straight or curly quotes; the span is of the words inside."""
    from factcheck.text.segmentation import fingerprint

    out: list[Entity] = []
    for match in _QUOTE.finditer(text):
        group = "dq" if match.group("dq") is not None else "sq"
        inner = match.group(group)
        out.append(Entity("quote", inner, match.start(group), match.end(group), fingerprint(inner)))
    return out


# --------------------------------------------------------------------------- all


def extract(text: str) -> dict[str, list[Entity]]:
    """Every kind of entity in ``text``, keyed by kind."""
    found_dates = dates(text)
    date_spans = [(d.start, d.end) for d in found_dates]
    found_numbers = numbers(text, date_spans)
    return {
        "number": found_numbers,
        "date": found_dates,
        "name": names(text, date_spans + [(n.start, n.end) for n in found_numbers]),
        "quote": quotations(text),
    }


def entity_keys(entities: list[Entity]) -> Counter[str]:
    return Counter(e.key for e in entities)
