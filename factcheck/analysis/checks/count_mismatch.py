"""count-mismatch: "four other charges: a, b, c and d" where the list is longer or shorter.

Only lists the sentence itself announces with a colon or a dash count: "including"
and "such as" give examples, not the whole set. An item may hold an "and" of its
own ("providing material support to terrorists and spying" can be one item or two),
so each list has a smallest and a largest reading; a finding is raised only when the
announced number fits neither.
"""

from __future__ import annotations

import re

from factcheck.analysis.checks import CheckContext
from factcheck.analysis.findings import Finding, Span
from factcheck.text.segmentation import Document, Sentence

CHECK_ID = "count-mismatch"

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_ANNOUNCED = re.compile(
    r"\b(?P<number>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[2-9]|1[0-2])\s+"
    r"(?:(?:other|more|additional|separate|new|main|key|major|remaining|lesser|further|"
    r"different|distinct|related|criminal|federal|top|former)\s+){0,2}"
    # "three finalists for director of education: ..." - a short qualifier may follow.
    r"(?P<noun>[a-z]+s)(?:\s+(?:for|of|in|on|at|from|to|with|against)\s+[\w' ]{1,40}?)?\s*(?::|\u2014|--|\s-\s)\s*(?P<items>[^:;\u2014]+?)\s*(?:[.;\u2014)]|$)",
    re.I,
)
# ", the board said Thursday" closes the sentence; it is not an item.
_TRAILING_ATTRIBUTION = re.compile(r",\s*[^,]{0,50}?\b(?:said|says|announced|reported|told \w+)\b[^,]*$")
_NOT_EXHAUSTIVE = re.compile(r"\b(?:including|such as|among them|among others|etc|for example|e\.g)\b", re.I)
_ITEM_COMMA = re.compile(r",(?!\d{3}\b)")
_CONJUNCTION = re.compile(r"\s+(?:and|or|as well as)\s+")
#: A list item longer than this is a clause, not an item: "two reasons: the plan ...".
_MAX_ITEM_WORDS = 12


def list_length(items: str) -> tuple[int, int] | None:
    """Smallest and largest number of items ``items`` can be read as, or None if not a list."""
    # Commas inside figures ("$5,000") do not separate items.
    parts = [p.strip() for p in _ITEM_COMMA.split(items) if p.strip()]
    if not parts:
        return None
    last = parts[-1]
    oxford = re.match(r"(?:and|or)\s+", last)
    if oxford:
        parts[-1] = last[oxford.end():]
        smallest = largest = len(parts)
        inner_and = parts[:-1]
    else:
        # "a, b, c and d": the last part holds the final conjunction (maybe more than one).
        joins = len(_CONJUNCTION.findall(last))
        if joins == 0:
            if len(parts) == 1:
                return None
            smallest = largest = len(parts)
        else:
            smallest, largest = len(parts) + 1, len(parts) + joins
        inner_and = parts[:-1]
    # An "and" inside an earlier item may join two items or be part of one.
    largest += sum(len(_CONJUNCTION.findall(p)) for p in inner_and)
    if smallest < 2 or any(len(p.split()) > _MAX_ITEM_WORDS for p in parts):
        return None
    return smallest, largest


def _finding(sentence: Sentence, announced: int, noun: str, counted: tuple[int, int], items: str) -> Finding:
    lo, hi = counted
    listed = str(lo) if lo == hi else f"{lo} to {hi}"
    return Finding(
        CHECK_ID,
        "warning",
        f"The sentence announces {announced} {noun} but lists {listed}: {items}.",
        (Span(sentence.paragraph, sentence.index, sentence.text),),
        {"announced": announced, "listed": [lo, hi], "noun": noun, "items": items},
    )


def check(doc: Document, ctx: CheckContext) -> list[Finding]:
    findings = []
    for sentence in doc.sentences:
        if ":" not in sentence.text and "\u2014" not in sentence.text and "-" not in sentence.text:
            continue
        for match in _ANNOUNCED.finditer(sentence.text):
            items = _TRAILING_ATTRIBUTION.sub("", match.group("items"))
            if _NOT_EXHAUSTIVE.search(items):
                continue
            word = match.group("number").lower()
            announced = NUMBER_WORDS.get(word) or int(word)
            counted = list_length(items)
            if counted and not counted[0] <= announced <= counted[1]:
                findings.append(_finding(sentence, announced, match.group("noun"), counted, items))
    return findings
