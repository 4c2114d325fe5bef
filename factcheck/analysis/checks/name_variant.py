"""name-variant: one person's name spelled two ways in one story.

"Kouchner" and "Kouchener", "Mohammed Khan" and "Mohamed Khan". Two spellings are
one name misspelled when they differ by a single letter (added, dropped, changed or
two swapped) and nothing says they are two people: surnames count as one person
unless both come with different given names ("Jane Smith" and "John Smyth" are two
people), and given names only when the surname is the same. The spelling used less
often is reported as the suspect.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from factcheck.analysis.checks import CheckContext
from factcheck.text.people import _TOKEN, People, fold
from factcheck.analysis.findings import Finding, Span
from factcheck.text.segmentation import Document, Sentence

CHECK_ID = "name-variant"
#: Shorter names differ by one letter too often by chance ("Kim"/"Kin", "Lee"/"Lea").
MIN_LENGTH = 4


@dataclass(frozen=True, slots=True)
class _Use:
    sentence: Sentence
    written: str  # as printed, possessive dropped
    role: str  # "surname", "given" or "loose"
    person: int | None


def _uses(people: People) -> list[_Use]:
    uses: list[_Use] = []
    for refs in people.refs.values():
        for ref in refs:
            if ref.kind == "pronoun":
                continue
            tokens = _TOKEN.findall(ref.text)
            clean = [t.removesuffix("'s").removesuffix("\u2019s") for t in tokens]
            uses.append(_Use(ref.sentence, clean[-1], "surname" if ref.kind != "given" else "given", ref.person))
            if ref.kind == "full":
                uses.append(_Use(ref.sentence, clean[0], "given", ref.person))
    for sentence, start, end in people.loose_words:
        word = sentence.text[start:end].removesuffix("'s").removesuffix("\u2019s")
        if " " not in word:
            uses.append(_Use(sentence, word, "loose", None))
    return uses


def _one_person(a: list[_Use], b: list[_Use], people: People) -> bool:
    """Whether two spellings plausibly name the same person (see module docstring)."""
    roles = {u.role for u in a} | {u.role for u in b}
    persons_a = {u.person for u in a if u.person is not None}
    persons_b = {u.person for u in b if u.person is not None}
    if "given" in roles:
        # Given names: the same surname on both sides, or no verdict.
        surnames_a = {fold(people.person(p).surname) for p in persons_a}
        surnames_b = {fold(people.person(p).surname) for p in persons_b}
        return bool(surnames_a & surnames_b) and not ({u.role for u in a} - {"given"} or {u.role for u in b} - {"given"})
    given_a = {fold(people.person(p).given) for p in persons_a if people.person(p).given}
    given_b = {fold(people.person(p).given) for p in persons_b if people.person(p).given}
    if given_a and given_b and not (given_a & given_b):
        return False  # two full names, two different given names: two people
    return bool(persons_a or persons_b)  # at least one side is a known person


def check(doc: Document, ctx: CheckContext) -> list[Finding]:
    people = ctx.people
    spellings: dict[str, list[_Use]] = {}
    for use in _uses(people):
        if len(use.written) >= MIN_LENGTH:
            spellings.setdefault(use.written, []).append(use)
    # Compare only spellings of similar length with the same initial: near-linear
    # in the number of distinct names, not quadratic.
    buckets: dict[tuple[str, int], list[str]] = {}
    for word in spellings:
        buckets.setdefault((word[0], len(word)), []).append(word)
    near = _near_spellings(spellings)
    order = {word: i for words in buckets.values() for i, word in enumerate(words)}
    findings = []
    seen: set[frozenset[str]] = set()
    for (initial, length), words in buckets.items():
        for word in words:
            for other_length in (length, length + 1):
                # Only spellings that share a one-deletion key can be one edit
                # apart; visiting just those (in bucket order, so findings come in
                # the same order) keeps a story with many similar names from
                # comparing every pair in a bucket.
                candidates = [o for o in near[word] if len(o) == other_length and o[0] == initial]
                for other in sorted(candidates, key=order.__getitem__):
                    pair = frozenset((word, other))
                    if other == word or pair in seen or word.casefold() == other.casefold():
                        continue
                    seen.add(pair)
                    if OSA.distance(word, other, score_cutoff=1) > 1:
                        continue
                    if word.casefold() + "s" == other.casefold() or other.casefold() + "s" == word.casefold():
                        continue  # a plural, not a spelling
                    uses_a, uses_b = spellings[word], spellings[other]
                    if {u.role for u in uses_a} == {"loose"} and {u.role for u in uses_b} == {"loose"}:
                        continue
                    if _one_person(uses_a, uses_b, people):
                        findings.append(_finding(word, uses_a, other, uses_b, people))
    return findings


def _near_spellings(spellings: dict[str, list[_Use]]) -> dict[str, set[str]]:
    """For each spelling, the others that may be within one edit (OSA distance <= 1).

    Symmetric deletion: two strings one substitution, insertion, deletion or
    adjacent transposition apart have a common string among themselves and their
    single-character deletions. Linear in the total length of the spellings.
    """
    by_key: dict[str, list[str]] = {}
    for word in spellings:
        for key in {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}:
            by_key.setdefault(key, []).append(word)
    near: dict[str, set[str]] = {word: set() for word in spellings}
    for words in by_key.values():
        if len(words) > 1:
            for word in words:
                near[word].update(words)
    return near


def _finding(word: str, uses_a: list[_Use], other: str, uses_b: list[_Use], people: People) -> Finding:
    # The suspect is the rarer spelling; on a tie, the later one.
    if (len(uses_a), -uses_a[0].sentence.start) < (len(uses_b), -uses_b[0].sentence.start):
        suspect, suspect_uses, usual, usual_uses = word, uses_a, other, uses_b
    else:
        suspect, suspect_uses, usual, usual_uses = other, uses_b, word, uses_a
    persons = [u.person for u in usual_uses + suspect_uses if u.person is not None]
    who = people.person(persons[0]).label if persons else usual
    where = suspect_uses[0].sentence
    times = {1: "once", 2: "twice"}.get(len(usual_uses), f"{len(usual_uses)} times")
    if len(usual_uses) == len(suspect_uses):
        message = (f"{who}'s name is spelled both \u201c{usual}\u201d and \u201c{suspect}\u201d "
                   f"(paragraph {where.paragraph}); one of them is wrong.")
    else:
        message = (f"\u201c{suspect}\u201d in paragraph {where.paragraph} looks like a misspelling of "
                   f"\u201c{usual}\u201d, as {who} is written {times} elsewhere in the story.")
    first_usual = usual_uses[0].sentence
    spans = sorted(
        {(s.paragraph, s.index): Span(s.paragraph, s.index, s.text) for s in (first_usual, where)}.values(),
        key=lambda s: (s.paragraph, s.sentence),
    )
    return Finding(CHECK_ID, "warning", message, tuple(spans),
                   {"person": who, "suspect": suspect, "usual": usual,
                    "counts": {usual: len(usual_uses), suspect: len(suspect_uses)}})
