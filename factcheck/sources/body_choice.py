"""Which extraction of a page's body to keep: factcheck's filtered one, or the plain one.

trafilatura is run twice on a page. The *precise* run (``favor_precision``) keeps
share bars and teasers out of the body but drops real paragraphs on some layouts:
a lede inside the article's ``<header>``, subheads that are links, a quote with a
link in it, a body whose wrapper has an inline ``border`` style. The *plain* run
keeps them, with more furniture around them. Factcheck's body is built from both:

1. **restored**: the plain run's paragraphs in its order, keeping those the precise
   run kept, those that read as story prose (a sentence of eight words or more),
   and short lines standing between two kept paragraphs (subheads). The kicker
   above the story and the furniture below it stay out.
2. the caller strips furniture from that (headline, byline, captions, the texts of
   noise boxes) and from the plain run alone (headline, byline, captions, lines
   that are furniture anywhere);
3. **the choice**: the filtered body, unless it is much shorter than the plain one
   (under :data:`MUCH_SHORTER` of its words), which then stands: a body with a
   little furniture in it is a nuisance, a lost body is a story that silently
   stops being followed. :class:`BodyChoice` says which path was taken and why, and
   the revision keeps that record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["BodyChoice", "MUCH_SHORTER", "choose_body", "lead_in", "restore_dropped", "trim_furniture_edges", "words_in"]

#: The filtered body must keep at least this share of the plain body's words. On
#: typical pages the two differ by a share bar or a teaser (the filtered body keeps
#: 85-100 %); when the noise filter or ``favor_precision`` loses the body, the
#: filtered one keeps a lede or nothing (0-45 %).
MUCH_SHORTER = 0.6

_PROSE = re.compile(r"""[.!?]["'\u201d\u2019)]*$""")


def words_in(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _is_prose(paragraph: str) -> bool:
    return len(paragraph.split()) >= 8 and bool(_PROSE.search(paragraph))


def restore_dropped(precise: list[str], plain: list[str]) -> list[str]:
    """The precise run's body with the story paragraphs it dropped put back.

    When the two runs chose different parts of the page (fewer than half of the
    precise paragraphs appear in the plain run), merging would splice two pages
    together: the precise body is returned as it is.
    """
    if not plain:
        return list(precise)
    kept_by_precise = set(precise)
    if precise and sum(p in set(plain) for p in precise) * 2 < len(precise):
        return list(precise)
    keep = [p in kept_by_precise or _is_prose(p) for p in plain]
    for i in range(1, len(plain) - 1):
        # A subhead: a short line with kept paragraphs on both sides.
        if not keep[i] and keep[i - 1] and keep[i + 1] and len(plain[i].split()) <= 12:
            keep[i] = True
    return [p for p, k in zip(plain, keep) if k]


def trim_furniture_edges(paragraphs: list[str]) -> list[str]:
    """The plain body without the short non-sentence lines before its first and after
    its last sentence: menus and labels that a layout-table page lets through. No
    sentence at all ("Loading…", a JavaScript shell's spinner) is no body."""
    prose = [i for i, p in enumerate(paragraphs) if _is_prose(p)]
    if not prose:
        return []
    return paragraphs[prose[0]: prose[-1] + 1]


def lead_in(paragraphs: list[str], lines: int = 3) -> list[str]:
    """The few lines just before the first sentence of a body (where a byline sits)."""
    first = next((i for i, p in enumerate(paragraphs) if _is_prose(p)), 0)
    return paragraphs[max(0, first - lines): first]


@dataclass(frozen=True)
class BodyChoice:
    """The body kept, and the record of how (stored with the revision)."""

    paragraphs: list[str]
    path: str  # "filtered" or "plain"
    filtered_words: int
    plain_words: int

    def record(self) -> dict[str, Any]:
        return {"body": self.path, "words": {"filtered": self.filtered_words, "plain": self.plain_words}}


def choose_body(filtered: list[str], plain: list[str]) -> BodyChoice:
    """The filtered body unless it is much shorter than the plain one.

    The plain body must also hold most of the filtered paragraphs as they are: when
    it does not, trafilatura could only dump the page (the furniture and the story
    run together in one block), and the filtered body is the better of the two.
    """
    filtered_words, plain_words = words_in(filtered), words_in(plain)
    in_plain = set(plain)
    same_story = sum(p in in_plain for p in filtered) * 2 >= len(filtered)
    if plain_words and filtered_words < MUCH_SHORTER * plain_words and same_story:
        return BodyChoice(list(plain), "plain", filtered_words, plain_words)
    return BodyChoice(list(filtered), "filtered", filtered_words, plain_words)
