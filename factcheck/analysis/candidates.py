"""Claim extraction: the body sentences worth checking, and why.

Each sentence is tested for facets, the kinds of statement a fact-checker verifies.
Its score is the sum of the weights of the facets it shows, capped at 1, so an
editor can read a score back: 0.60 is, for example, a statistic (0.35) with a
comparison (0.25). A sentence is proposed when its score reaches
:data:`MIN_SCORE`, which a date or a quotation alone does not.

=============  ======  ==========================================================
facet          weight  what shows it
=============  ======  ==========================================================
statistic      0.35    a percentage, money, a rate ("per 100,000", "one in five")
comparison     0.25    "more than", "up from", "doubled", "higher than", "rose"
superlative    0.25    "the largest", "the first", "a record", "the only"
age            0.25    "a 15-year-old", "aged 34", "at the age of 15", "Osei, 34,"
count          0.20    a number of things: "four charges", "12 people"
quantity       0.15    any other figure: "3.5 metres", "2,000"
quotation      0.15    words in quotation marks
attribution    0.15    "said", "according to", "told", "reported"
date           0.10    a date or a year
=============  ======  ==========================================================

Captions, credits, headlines and section labels are not claims of the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from factcheck.text.dates import find_dates, prefilter_text
from factcheck.text.segmentation import Document

__all__ = ["Candidate", "FACET_WEIGHTS", "MIN_SCORE", "extract_claims", "facets_of"]

FACET_WEIGHTS = {
    "statistic": 0.35,
    "comparison": 0.25,
    "superlative": 0.25,
    "age": 0.25,
    "count": 0.20,
    "quantity": 0.15,
    "quotation": 0.15,
    "attribution": 0.15,
    "date": 0.10,
}
MIN_SCORE = 0.25

_NUMBER_WORD = (r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|"
                r"hundreds?|thousands?|millions?|billions?|twenty|thirty|forty|fifty)")
_PATTERNS = {
    "statistic": re.compile(
        r"\d\s*(?:%|percent\b|per cent\b)|[$\u00a3\u20ac]\s?\d|\b\d[\d,.]*\s*(?:million|billion|trillion)\b"
        r"|\bper (?:capita|\d[\d,]*)\b|\b(?:one|two|three|\d+) (?:in|out of) (?:every )?(?:\d+|two|three|four|five|ten)\b"
        r"|\b(?:rate|average|median|majority|half|quarter|third)\b",
        re.I,
    ),
    "comparison": re.compile(
        r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|older|younger) than\b"
        r"|\b(?:compared (?:with|to)|up from|down from|doubled|tripled|halved)\b"
        # "declined to comment" is no comparison; "declined 4 percent" is.
        r"|\b(?:increased?|decreased?|rose|fell|risen|fallen|jumped|dropped|surged|declined|grew)"
        r"\s+(?:by\s+|to\s+|from\s+)?(?:about\s+|nearly\s+|almost\s+|more than\s+)?[\d$\u00a3\u20ac]",
        re.I,
    ),
    "superlative": re.compile(
        r"\b(?:the|its|his|her|their|[A-Z]\w+['\u2019]s) (?:\w+ )?(?:most|least|largest|biggest|highest|lowest|first|"
        r"last|only|oldest|youngest|best|worst|fastest|longest|deadliest|greatest)\b|\b(?:a|an|the) record\b"
        r"|\brecord[- ](?:high|low|number|breaking)\b|\bever\b",
        re.I,
    ),
    "age": re.compile(
        r"\b\d{1,3}[- ]years?[- ]old\b|\b(?:aged|at the age of|at age)\s+\d{1,3}\b"
        r"|[A-Z][a-z]+,\s+(?:now\s+|then\s+)?\d{1,3},",
        re.I,
    ),
    "count": re.compile(
        rf"\b(?:\d[\d,]*\d|\d|{_NUMBER_WORD})\s+(?:(?:other|more|new|additional|[a-z]+-[a-z]+)\s+)?[a-z]{{3,}}s\b",
        re.I,
    ),
    "quantity": re.compile(r"\b\d[\d,]*(?:\.\d+)?\b"),
    "quotation": re.compile(r"[\"\u201c][^\"\u201d]{3,}[\"\u201d]"),
    "attribution": re.compile(
        r"\b(?:said|says|told|according to|reported|wrote|stated|announced|testified|"
        r"discloses|disclosed|revealed|confirmed|claimed|described)\b",
        re.I,
    ),
}
# Prefilters, run on the lower-cased sentence (see ``dates.prefilter_text``): for
# each facet, literals at least one of which every match of its pattern contains.
# They open with a literal or a character set, so ``re`` scans them in C; the
# facet patterns open with ``\b`` and cost a pattern attempt at every character,
# while most sentences show only two or three facets. A sentence passing a
# prefilter is still tested with the facet's own pattern.
_NUMBER_WORD_LITERALS = ("two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|"
                         "hundred|thousand|million|billion|twenty|thirty|forty|fifty")
_PREFILTERS = {
    "statistic": re.compile(
        # "one in five": a number word closes the rate, so it is among the literals.
        r"[\d$\u00a3\u20ac]|per capita|rate|average|median|majority|half|quarter|third|"
        r"two|three|four|five|ten"
    ),
    "comparison": re.compile(
        r"than|compared|up from|down from|doubled|tripled|halved|increase|decrease|rose|fell|"
        r"risen|fallen|jumped|dropped|surged|declined|grew"
    ),
    "superlative": re.compile(
        r"most|least|largest|biggest|highest|lowest|first|last|only|oldest|youngest|best|"
        r"worst|fastest|longest|deadliest|greatest|record|ever"
    ),
    "age": re.compile(r"\d"),
    "count": re.compile(rf"\d|{_NUMBER_WORD_LITERALS}"),
    "attribution": re.compile(
        r"said|says|told|according to|reported|wrote|stated|announced|testified|"
        r"discloses|disclosed|revealed|confirmed|claimed|described"
    ),
}

# Counts are not years or days: "in 2002 years" never occurs, "2002 votes" may.
_YEARISH = re.compile(r"^(?:1[6-9]|20)\d{2}$")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence proposed as a claim, where it is, what makes it check-worthy."""

    text: str
    score: float
    facets: tuple[str, ...]
    paragraph: int
    sentence: int
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "score": self.score, "facets": list(self.facets),
                "paragraph": self.paragraph, "sentence": self.sentence}


def facets_of(text: str) -> tuple[str, ...]:
    """The facets a sentence shows, in the order of :data:`FACET_WEIGHTS`."""
    lowered = prefilter_text(text)
    found = [
        name for name, pattern in _PATTERNS.items()
        if (lowered is None or name not in _PREFILTERS or _PREFILTERS[name].search(lowered))
        and pattern.search(text)
    ]
    dates = find_dates(text)
    if dates:
        found.append("date")
    if "quantity" in found:
        # A figure that is only a date or a year is the date facet, not a quantity.
        spans = [(d.start, d.end) for d in dates]
        figures = [m for m in _PATTERNS["quantity"].finditer(text)
                   if not any(s <= m.start() < e for s, e in spans) and not _YEARISH.match(m.group(0))]
        if not figures:
            found.remove("quantity")
    if "count" in found and not any(
        not _YEARISH.match(m.group(0).split()[0]) for m in _PATTERNS["count"].finditer(text)
    ):
        found.remove("count")
    return tuple(name for name in FACET_WEIGHTS if name in found)


def score_of(facets: tuple[str, ...]) -> float:
    return round(min(1.0, sum(FACET_WEIGHTS[f] for f in facets)), 2)


def extract_claims(doc: Document, min_score: float = MIN_SCORE) -> list[Candidate]:
    """Check-worthy body sentences in reading order, each with its facets and score."""
    out = []
    for sentence in doc.sentences:  # body only: captions and credits are not claims
        facets = facets_of(sentence.text)
        score = score_of(facets)
        if score >= min_score:
            out.append(Candidate(sentence.text, score, facets, sentence.paragraph, sentence.index,
                                 sentence.start, sentence.end))
    return out
