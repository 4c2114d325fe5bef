"""Is a sentence a heavy rewrite of another? The order-insensitive side of pairing.

An editor who rewrites "The mayor, who took office in 2022, resigned on Monday."
as "On Monday the mayor resigned; she took office in 2022." keeps the facts and
most of the words but not their order, so an order-following similarity (as in
:mod:`factcheck.analysis.align`) scores it like an unrelated sentence. Sorting the words
first ignores the order; :func:`related` is the guard that this is still the
same statement: the names and numbers of the two agree and most content words
are shared, which two different sentences of one story (same people, same
vocabulary) rarely manage at once.
"""

from __future__ import annotations

import re

__all__ = ["bag_of_words", "related"]

_WORD = re.compile(r"\w+")
# Words that carry a fact an editor would not drop in a mere rewrite.
_NAME_OR_NUMBER = re.compile(r"\b(?:\d[\d,.]*\d|\d|[A-Z][\w'\u2019-]*[a-z0-9][\w'\u2019-]*|[A-Z]{2,})\b")
_FUNCTION_WORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his i in is it its
    of on or she so that the their them they this to was we were which who will with
    would said says not no than then there these those also after before over into out
    up about more most""".split()
)
#: Share of the content words (the smaller sentence's) both must have.
MIN_SHARED_CONTENT = 0.6


def bag_of_words(fingerprint: str) -> str:
    """The words of a fingerprint in sorted order: a key that ignores word order."""
    return " ".join(sorted(_WORD.findall(fingerprint)))


def _content(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in _FUNCTION_WORDS}


def _facts(text: str) -> set[str]:
    """Names and numbers, less the sentence's first word (capitalised anyway)."""
    found = _NAME_OR_NUMBER.findall(text)
    first = _WORD.match(text.lstrip("\"'\u201c\u2018("))
    opener = first.group(0) if first else ""
    if found and found[0] == opener and opener[:1].isalpha() and not opener.isupper():
        found = found[1:]
    return {f.casefold().replace(",", "") for f in found}


def related(old: str, new: str) -> bool:
    """True when ``new`` says what ``old`` said: shares most content words and,
    when either names a person, place or number, at least one of them and
    no more than one new one."""
    old_words, new_words = _content(old), _content(new)
    smaller = min(len(old_words), len(new_words))
    if smaller < 3 or len(old_words & new_words) < MIN_SHARED_CONTENT * smaller:
        return False
    old_facts, new_facts = _facts(old), _facts(new)
    if not (old_facts or new_facts):
        return True
    shared = old_facts & new_facts
    return bool(shared) and len(old_facts ^ new_facts) <= max(2, len(shared))
