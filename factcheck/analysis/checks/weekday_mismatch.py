"""weekday-mismatch: "Monday, June 4, 2020" when June 4, 2020 was a Thursday.

A date written without its year is checked only against a known publication date:
a year guessed from the story alone is not firm enough to call the weekday wrong.
"""

from __future__ import annotations

import calendar

from factcheck.analysis.checks import CheckContext
from factcheck.analysis.findings import Finding, Span
from factcheck.text.segmentation import Document

CHECK_ID = "weekday-mismatch"


def check(doc: Document, ctx: CheckContext) -> list[Finding]:
    findings = []
    for sentence, dates in ctx.story_dates:
        for mention in dates:
            if mention.weekday is None or mention.day is None or not mention.known:
                continue
            if mention.year_inferred and ctx.published is None:
                continue
            actual = mention.first_day().weekday()
            if actual == mention.weekday:
                continue
            written, really = calendar.day_name[mention.weekday], calendar.day_name[actual]
            year_note = "" if not mention.year_inferred else f" (taking the year as {mention.year}, from the publication date)"
            findings.append(
                Finding(
                    CHECK_ID,
                    "error",
                    f"{mention.describe()} was a {really}, not a {written}{year_note}.",
                    (Span(sentence.paragraph, sentence.index, sentence.text),),
                    {"date": mention.first_day().isoformat(), "written": written, "actual": really,
                     "text": mention.text},
                )
            )
    return findings
