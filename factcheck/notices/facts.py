"""Naming a changed fact in plain words, the way a correction states it.

A typed diff finding says "the number 23 became 22" in a sentence. A correction
says "misstated Omar Khadr's age at the time of the meeting. Khadr was 22, not
23." This module makes the second from the first, using only the two sentences
and the story itself, so every word of the notice is grounded:

* an age ("was 22", "dies at 93", "a 15-year-old"): the person is the nearest
  name before the number, or the last one named before the sentence, given in
  full as the story first gives it; a time qualifier ("at the time of the
  meeting") is kept;
* a tally ("52-47"), a prison term, a sum of money, a count ("three people"), a
  date of birth, a day, a name spelled wrong, a quotation: each its own phrase;
* anything else falls back to "misstated a figure. The correct figure is X, not Y."

Gender is never guessed: the set-right sentence uses the surname ("Khadr was
22, not 23."), not "he" or "she".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from factcheck.text.entities import Entity, extract, names, numbers, quotations

__all__ = ["Fact", "describe_number", "describe_date", "describe_name", "describe_quote", "full_name", "possessive"]


@dataclass(frozen=True)
class Fact:
    """One error as a notice states it: the verb phrase and the set-right sentence.

    ``score`` ranks descriptions of the same error found in several places (the
    headline and the lede): the most specific one is used.
    """

    what: str
    right: str
    score: int = 0


# ------------------------------------------------------------------ people


def possessive(name: str) -> str:
    """AP style: "Khadr's", "Reyes'"."""
    return name + ("'" if name.endswith("s") else "'s")


def full_name(surname: str, story: Sequence[str]) -> str:
    """The name as the story first gives it in full ("Omar Khadr" for "Khadr")."""
    for text in story:
        for entity in names(text):
            words = entity.text.split()
            if len(words) >= 2 and words[-1].rstrip(".,").lower() == surname.lower():
                return entity.text
    return surname


def _person_before(sentence: str, position: int, story: Sequence[str], index: int) -> str | None:
    """The person a number or date in ``sentence`` is about: the last name before it
    in the sentence, else the last name in the sentences before (``story[:index]``)."""
    quoted = [(q.start, q.end) for q in quotations(sentence)]
    before = [n for n in names(sentence) if n.end <= position and not any(s <= n.start < e for s, e in quoted)]
    if before:
        return _likeliest_person(before, story)
    for text in reversed(story[:index]):
        found = names(text)
        if found:
            return _likeliest_person(found, story)
    return None


def _likeliest_person(found: Sequence[Entity], story: Sequence[str]) -> str:
    """The first name the story also gives as a full name ("Margaret Ellison" rather
    than "Winnipeg" in "Margaret Ellison, pioneering Winnipeg architect, dies at
    93"): the subject usually comes first, and places rarely have two words."""
    for entity in found:
        if len(full_name(_surname(entity.text), story).split()) >= 2:
            return entity.text
    return found[0].text


def _surname(name: str) -> str:
    return name.split()[-1]


# ------------------------------------------------------------------ numbers

_AGE_BEFORE = re.compile(r"(?:\b(?:was|is|were|are|aged|age of|dies at|died at|dead at)\s+)$", re.I)
_AGE_AFTER = re.compile(r"^(?:-year-old|\s+years?\s+old|\s*[.;]|\s+at the time\b|\s+when\b|,\s)", re.I)
_QUALIFIER = re.compile(r"^\s+((?:at the time of|when|at the start of|at the end of)\s[^,.;]+)")
_TALLY = re.compile(r"(?<![\w.])(\d+)-(\d+)(?![\w.])")
_MONEY = re.compile(r"[$€£]")
_NOUN_AFTER = re.compile(r"^[\s-]+(?:(?:new|more|other|additional)\s+)?([a-z]{3,})\b")
_DEAL_WORDS = ("deal", "purchase", "acquisition", "contract", "takeover", "merger")
_DEATH = re.compile(r"\b(?:died|dead|killed|deaths?|die)\b", re.I)


def _locate(text: str, written: str | None, kind: str) -> Entity | None:
    if not written:
        return None
    for entity in extract(text)[kind]:
        if entity.text == written:
            return entity
    return None


def describe_number(
    old_value: str, new_value: str, old_sentence: str, new_sentence: str, story: Sequence[str], index: int
) -> Fact:
    """A changed number. ``story`` is the new revision's sentences in order, ``index``
    the position of ``new_sentence`` among them (for the person it is about)."""
    entity = _locate(new_sentence, new_value, "number")
    position = entity.start if entity else 0
    end = entity.end if entity else 0
    before, after = new_sentence[:position], new_sentence[end:]

    if entity and _AGE_BEFORE.search(before) or (entity and "-year-old" in entity.text) or (
        entity and _AGE_AFTER.match(after) and re.search(r"\b(?:was|is|aged)\s+$", before)
    ):
        person = _person_before(new_sentence, position, story, index)
        if person:
            full = full_name(_surname(person), story)
            qualifier = _QUALIFIER.match(after)
            detail = f" {qualifier.group(1).strip()}" if qualifier else ""
            verb = "is" if re.search(r"\bis\s+$", before) else "was"
            return Fact(
                f"misstated {possessive(full)} age{detail}",
                f"{_surname(full)} {verb} {_bare(new_value)}, not {_bare(old_value)}.",
                score=3,
            )
    if re.search(r"\bsentenced\b", new_sentence) and re.match(r"^\s+(years?|months?)\b", after):
        unit = re.match(r"^\s+(years?|months?)\b", after).group(1)  # type: ignore[union-attr]
        return Fact(
            "misstated the length of the sentence",
            f"The sentence is {new_value} {unit}, not {old_value}.",
            score=2,
        )
    if _MONEY.search(new_value):
        shown_new, shown_old = new_value.replace("-", " "), old_value.replace("-", " ")
        for word in _DEAL_WORDS:
            if re.search(rf"\b{word}\b", new_sentence, re.I):
                return Fact(f"misstated the value of the {word}", f"The {word} is worth {shown_new}, not {shown_old}.", 2)
        return Fact("misstated a sum of money", f"The correct amount is {shown_new}, not {shown_old}.", 1)
    noun = _NOUN_AFTER.match(after)
    if noun and noun.group(1).endswith("s") and noun.group(1) not in ("years", "times"):
        if noun.group(1) == "people" and _DEATH.search(new_sentence):
            return Fact("misstated the number of people who died", f"The correct number is {new_value}, not {old_value}.", 2)
        return Fact(f"misstated the number of {noun.group(1)}", f"The correct number is {new_value}, not {old_value}.", 1)
    if noun and noun.group(1) == "people":
        return Fact("misstated the number of people", f"The correct number is {new_value}, not {old_value}.", 1)
    return Fact("misstated a figure", f"The correct figure is {new_value}, not {old_value}.", 0)


def _bare(value: str) -> str:
    return re.sub(r"-year-old$", "", value)


def tally(old_sentence: str, new_sentence: str, old_numbers: set[str], new_numbers: set[str]) -> tuple[str, str] | None:
    """"52-47" -> "51-48": a vote or a score whose parts changed, as one fact."""
    olds = [m.group(0) for m in _TALLY.finditer(old_sentence) if {m.group(1), m.group(2)} & old_numbers]
    news = [m.group(0) for m in _TALLY.finditer(new_sentence) if {m.group(1), m.group(2)} & new_numbers]
    if len(olds) == 1 and len(news) == 1:
        return olds[0], news[0]
    return None


def describe_tally(old_value: str, new_value: str, new_sentence: str) -> Fact:
    what = "vote" if re.search(r"\bvot(?:e|ed|ing)\b", new_sentence, re.I) else "score"
    return Fact(f"misstated the {what}", f"The {what} was {new_value}, not {old_value}.", 2)


# ------------------------------------------------------------------ dates

_WEEKDAY = re.compile(r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$")


def describe_date(
    old_value: str, new_value: str, new_sentence: str, story: Sequence[str], index: int
) -> Fact:
    entity = _locate(new_sentence, new_value, "date")
    position = entity.start if entity else 0
    if re.search(r"\bborn\b", new_sentence[:position] or new_sentence):
        person = _person_before(new_sentence, position, story, index)
        if person:
            full = full_name(_surname(person), story)
            return Fact(
                f"misstated {possessive(full)} date of birth",
                f"{_surname(full)} was born on {new_value}, not {old_value}.",
                3,
            )
    if _WEEKDAY.match(new_value) and _WEEKDAY.match(old_value or ""):
        return Fact("misstated the day", f"It was {new_value}, not {old_value}.", 1)
    return Fact("misstated a date", f"The correct date is {new_value}, not {old_value}.", 0)


# ------------------------------------------------------------------ names


def describe_name(old_value: str, new_value: str) -> Fact:
    from rapidfuzz.distance import Levenshtein

    old_words, new_words = old_value.split(), new_value.split()
    if len(old_words) == len(new_words):
        differing = [(o, n) for o, n in zip(old_words, new_words) if o != n]
        if differing and all(Levenshtein.distance(o.lower(), n.lower()) <= 2 for o, n in differing):
            which = "the first name of " if len(differing) == 1 and old_words[0] != new_words[0] and len(new_words) > 1 else "the name of "
            wrong = " ".join(o for o, _ in differing)
            right = " ".join(n for _, n in differing)
            return Fact(f"misspelled {which}{new_value}", f"It is {right}, not {wrong}.", 2)
    return Fact("misidentified a person or place named in it", f"It is {new_value}, not {old_value}.", 1)


# ------------------------------------------------------------------ quotations


def describe_quote(old_value: str, new_value: str, new_sentence: str, story: Sequence[str], index: int) -> Fact:
    from factcheck.analysis.diff import word_ops

    entity = _locate(new_sentence, new_value, "quote")
    speaker = _person_before(new_sentence, entity.start if entity else len(new_sentence), story, index) if entity else None
    what = f"misquoted {speaker}" if speaker else "misquoted a speaker"
    changed = [op for op in word_ops(old_value or "", new_value or "") if op.op != "equal"]
    if len(changed) == 1 and changed[0].op == "replace":
        subject = _surname(speaker) if speaker else "The quotation"
        verb = " said" if speaker else " reads"
        return Fact(what, f'{subject}{verb} "{changed[0].new}," not "{changed[0].old}."', 2)
    return Fact(what, f'The quotation is "{(new_value or "").rstrip(".")}," not "{(old_value or "").rstrip(".")}."', 1)


def number_value(text: str) -> float | None:
    """The numeric value of a number as written ("five" -> 5, "$1.4 billion" -> 1.4e9)."""
    found = numbers(text)
    if not found:
        return None
    key = re.sub(r"[^\d.]", "", found[0].key)
    try:
        return float(key)
    except ValueError:
        return None
