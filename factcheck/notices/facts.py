"""Naming a changed fact in plain words, the way a correction states it.

A typed diff finding says "the number 23 became 22" in a sentence. A correction
says "misstated Omar Khadr's age at the time of the meeting. Khadr was 22, not
23." This module makes the second from the first. What a value is *of* comes
from the sentence's structure (:mod:`factcheck.text.sentence_roles`), and every word
of the phrase is taken from the two sentences or the story, so the notice is
grounded:

* an age names its person (the subject of "was 41", the name before "NAME, 41,",
  the phrase after "27-year-old"), with what the story says the person is ("the
  truck's driver"); a time qualifier ("at the time of the meeting") is kept;
* a count names its noun and what happened ("the number of people injured",
  "how many were taken to hospital"); a sum what it pays for; a unit travels
  with its number; a tally is "the vote" or "the score"; a date says what
  happened on it; a quotation names its speaker and quotes only the changed words;
* anything else falls back to "misstated a figure. The correct figure is X, not Y."

Gender is never guessed: the set-right sentence uses the surname ("Khadr was
22, not 23."), not "he" or "she".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from factcheck.text import sentence_roles as roles
from factcheck.text.entities import Entity, dates, extract, names, numbers

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
    #: ``what`` for a notice that has already named the person in full ("misstated
    #: Okonkwo's age" rather than "the age of Daniel Okonkwo, the truck's driver").
    short: str = ""


# ------------------------------------------------------------------ people


def possessive(name: str) -> str:
    """AP style: "Khadr's", "Reyes'"."""
    return name + ("'" if name.endswith("s") else "'s")


def full_name(surname: str, story: Sequence[str]) -> str:
    """The name as the story first gives it in full ("Omar Khadr" for "Khadr")."""
    return roles.full_name(surname, story)


def surname(name: str) -> str:
    """The word a second reference uses: "Ortiz" for "Mayor Lena Ortiz", "Bell" for
    "Tomas Bell Jr."."""
    words = [w for w in name.split() if w.rstrip(".").lower() not in ("jr", "sr", "ii", "iii")]
    return words[-1] if words else name


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# ------------------------------------------------------------------ numbers

_QUALIFIER = re.compile(r"^\s+((?:at the time of|when|at the start of|at the end of)\s[^,.;]+)")
_TALLY = re.compile(r"(?<![\w.])(\d+)-(\d+)(?![\w.])")
_MONEY = re.compile(r"[$€£]")
_DEAL_WORDS = ("deal", "purchase", "acquisition", "contract", "takeover", "merger")
_DEATH = re.compile(r"\b(?:died|dies|dead|death|killed|killing|obituary)\b", re.I)
_SENTENCED = re.compile(r"^\s+(years?|months?)\b")


def _locate(text: str, written: str | None, kind: str) -> Entity | None:
    if not written:
        return None
    for entity in extract(text)[kind]:
        if entity.text == written:
            return entity
    return None


def shown(value: str) -> str:
    """A value as a set-right sentence shows it: a number word in lower case ("Four"
    opening the story's sentence is "four" in the notice), "$2.9-million" as
    "$2.9 million"."""
    if _MONEY.search(value):
        return value.replace("-", " ")
    if value[:1].isupper() and value.lower().split("-")[0] in _NUMBER_WORDS:
        return value.lower()
    return value


_NUMBER_WORDS = set(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety dozen".split()
)


def describe_number(
    old_value: str, new_value: str, old_sentence: str, new_sentence: str, story: Sequence[str], index: int
) -> Fact:
    """A changed number. ``story`` is the new revision's sentences in order, ``index``
    the position of ``new_sentence`` among them (for the person it is about)."""
    entity = _locate(new_sentence, new_value, "number")
    old, new = shown(old_value), shown(new_value)
    if entity is None:
        return Fact("misstated a figure", f"The correct figure is {new}, not {old}.", 0)
    before, after = new_sentence[: entity.start], new_sentence[entity.end:]

    age = roles.age_referent(new_sentence, entity.start, entity.end, story, index)
    if age is not None and age.phrase:
        return _age_fact(age, _bare(old), _bare(new), before, after, story)
    sentenced = _SENTENCED.match(after)
    if re.search(r"\bsentenced\b", new_sentence) and sentenced:
        return Fact(
            "misstated the length of the sentence",
            f"The sentence is {new} {sentenced.group(1)}, not {old}.",
            score=2,
        )
    if _MONEY.search(new_value):
        purpose = roles.money_purpose(new_sentence, entity.start, entity.end, story, index)
        if purpose and purpose.startswith("the value of "):
            thing = purpose[len("the value of "):]
            return Fact(f"misstated {purpose}", f"{_capitalised(thing)} is worth {new}, not {old}.", 2)
        if purpose:
            return Fact(f"misstated {purpose}", f"The correct amount is {new}, not {old}.", 2)
        for word in _DEAL_WORDS:
            if re.search(rf"\b{word}\b", new_sentence, re.I):
                return Fact(f"misstated the value of the {word}", f"The {word} is worth {new}, not {old}.", 2)
        return Fact("misstated a sum of money", f"The correct amount is {new}, not {old}.", 1)
    counted = roles.counted_noun(new_sentence, entity.start, entity.end)
    if counted.noun and counted.plural:
        what = f"the number of {counted.noun}" + (f" {counted.predicate}" if counted.predicate else "")
        return Fact(f"misstated {what}", f"The correct number is {new}, not {old}.", 2 if counted.predicate else 1)
    if counted.predicate and not counted.noun:
        return Fact(f"misstated how many {counted.auxiliary} {counted.predicate}".replace("  ", " "),
                    f"The correct number is {new}, not {old}.", 1)
    return Fact("misstated a figure", f"The correct figure is {new}, not {old}.", 0)


def _age_fact(age: roles.Referent, old: str, new: str, before: str, after: str, story: Sequence[str]) -> Fact:
    """"misstated Omar Khadr's age at the time of the meeting. Khadr was 22, not 23.";
    "misstated the age of Daniel Okonkwo, the truck's driver. Okonkwo was 41, not 47."."""
    qualifier = _QUALIFIER.match(after)
    detail = f" {qualifier.group(1).strip()}" if qualifier else ""
    if re.search(r"\b(?:is|turns)\s+$", before):
        verb = "is"
    elif re.search(r"\b(?:was|were|aged|age of|died at|dies at|dead at|turned)\s+$", before):
        verb = "was"
    else:  # "Tomas Bell, 36, said" -- an age given beside a name is the person's age now
        verb = "was" if any(_DEATH.search(t) for t in story) else "is"
    if age.name:
        who = surname(age.name)
        if age.description:
            return Fact(f"misstated the age of {age.name}, {age.description}{detail}", f"{who} {verb} {new}, not {old}.", 3,
                        short=f"misstated {possessive(age.name)} age{detail}")
        return Fact(f"misstated {possessive(age.name)} age{detail}", f"{who} {verb} {new}, not {old}.", 3)
    phrase = age.phrase or ""
    return Fact(f"misstated the age of {phrase}{detail}", f"{_capitalised(phrase)} {verb} {new}, not {old}.", 2)


def _bare(value: str) -> str:
    return re.sub(r"-years?-old$", "", value)


# ------------------------------------------------------------------ units


def unit_changes(old_sentence: str, new_sentence: str) -> list[tuple[str, str]]:
    """Quantities whose number stayed and whose unit changed ("a three-day period" ->
    "a three-week period", "120 mph" -> "120 km/h"), as written on each side."""
    if _unit_words(old_sentence) == _unit_words(new_sentence):
        return []  # the usual case, found without reading the numbers

    def quantities(sentence: str) -> list[tuple[str, str, str]]:
        out = []
        for entity in numbers(sentence, [(d.start, d.end) for d in dates(sentence)]):
            unit = roles.unit_after(sentence, entity.start, entity.end)
            if unit:
                out.append((entity.key, unit, roles.quantity_phrase(sentence, entity.start, entity.end)))
        return out

    old_q, new_q = quantities(old_sentence), quantities(new_sentence)
    changes = []
    for key, unit, phrase in new_q:
        same_number = [(u, p) for k, u, p in old_q if k == key]
        if same_number and all(_unit_root(u) != _unit_root(unit) for u, _ in same_number):
            changes.append((same_number[0][1], phrase))
    return changes


_WORDISH = re.compile(r"[A-Za-z/\u00b0]+")


def _unit_words(sentence: str) -> list[str]:
    return sorted(w for w in _WORDISH.findall(sentence.lower()) if w in roles.UNITS)


def _unit_root(unit: str) -> str:
    return roles.UNITS.get(unit, "") + ":" + re.sub(r"s$", "", unit.replace("meter", "metre"))


def describe_unit(old_phrase: str, new_phrase: str, new_sentence: str) -> Fact:
    units = [roles.unit_after(new_phrase, e.start, e.end) for e in extract(new_phrase)["number"]]
    unit = next((u for u in units if u), None)
    words = new_phrase.split()
    noun = words[-1] if len(words) >= 2 and words[-1].isalpha() and words[-1].lower() not in roles.UNITS else None
    measure = roles.UNITS.get(unit or "", "")
    if measure == "length of time" and noun:
        what = f"the length of the {noun}"
    elif measure and noun and measure != "length of time":
        what = f"the {measure} of the {noun}"
    elif measure:
        what = f"the {measure}"
    else:
        what = "a unit of measurement"
    return Fact(f"misstated {what}", f"It was {new_phrase}, not {old_phrase}.", 2)


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
    """A changed date, with what happened on it ("the date of the bail hearing")."""
    entity = _locate(new_sentence, new_value, "date")
    position = entity.start if entity else 0
    if re.search(r"\bborn\b", new_sentence[:position] or new_sentence):
        person = roles.subject_of(new_sentence, position, story, index)
        if person and person.name:
            return Fact(
                f"misstated {possessive(person.name)} date of birth",
                f"{surname(person.name)} was born on {new_value}, not {old_value}.",
                3,
            )
    event = roles.event_of(new_sentence, position, story, index) if entity else None
    weekday = bool(_WEEKDAY.match(new_value) and _WEEKDAY.match(old_value or ""))
    if event:
        what = f"the day of {event}" if weekday else f"the date of {event}"
        right = f"It was {new_value}, not {old_value}." if weekday else f"The correct date is {new_value}, not {old_value}."
        return Fact(f"misstated {what}", right, 2)
    action = roles.action_on(new_sentence, position, story) if entity else None
    if action:
        what = f"the day {action}" if weekday else f"the date {action}"
        right = f"It was {new_value}, not {old_value}." if weekday else f"The correct date is {new_value}, not {old_value}."
        return Fact(f"misstated {what}", right, 2)
    if weekday:
        return Fact("misstated the day", f"It was {new_value}, not {old_value}.", 1)
    return Fact("misstated a date", f"The correct date is {new_value}, not {old_value}.", 0)


# ------------------------------------------------------------------ names


def name_pair(old_value: str, new_value: str) -> tuple[str, str]:
    """The one name that changed in a run the entity scan joined with "and" ("Coun.
    Sheila McInnis and Coun. Brian Tate" -> "Coun. Sheila McInnis")."""
    olds, news = re.split(r"\s+and\s+", old_value), re.split(r"\s+and\s+", new_value)
    if len(olds) == len(news) > 1:
        differing = [(o, n) for o, n in zip(olds, news) if o != n]
        if len(differing) == 1:
            return differing[0]
    return old_value, new_value


def describe_name(old_value: str, new_value: str, story: Sequence[str] = ()) -> Fact:
    """A misspelt name ("misspelled the name of Tomas Bell, a witness") or the wrong
    person named; the name says who the person is when the story does."""
    from rapidfuzz.distance import Levenshtein

    old_value, new_value = name_pair(old_value, new_value)
    who = roles.described_as(new_value, story) if story else None
    named = f"{new_value}, {who}" if who else new_value
    old_words, new_words = old_value.split(), new_value.split()
    if len(old_words) == len(new_words):
        differing = [(o, n) for o, n in zip(old_words, new_words) if o != n]
        if differing and all(Levenshtein.distance(o.lower(), n.lower()) <= 2 for o, n in differing):
            first = len(differing) == 1 and len(new_words) > 1 and old_words[0] != new_words[0] \
                and new_words[0].rstrip(".").lower() not in roles.TITLES
            which = "the first name of " if first else "the name of "
            wrong = " ".join(o for o, _ in differing)
            right = " ".join(n for _, n in differing)
            return Fact(f"misspelled {which}{named}", f"It is {right}, not {wrong}.", 2,
                        short=f"misspelled {which}{new_value}" if who else "")
    if who:
        return Fact(f"misidentified {who}", f"It was {new_value}, not {old_value}.", 2)
    return Fact("misidentified a person named in it", f"It was {new_value}, not {old_value}.", 1)


# ------------------------------------------------------------------ quotations

_EDGE = " \t.,;:!?\"'\u201c\u201d\u2018\u2019"


def quoted(fragment: str) -> str:
    """Words set inside quotation marks in a notice: the edges' punctuation and any
    quotation mark inside go (a quote within a quote would unbalance the notice)."""
    inner = fragment.strip(_EDGE)
    return re.sub(r"[\"\u201c\u201d]", "'", inner)


def changed_words(old: str, new: str) -> tuple[str, str]:
    """The smallest run of words that differs between two quotations, on each side."""
    from factcheck.analysis.diff import word_ops

    ops = word_ops(old or "", new or "")
    changed = [i for i, op in enumerate(ops) if op.op != "equal"]
    if not changed:
        return quoted(old), quoted(new)
    first, last = changed[0], changed[-1]
    run = ops[first : last + 1]
    old_run = " ".join(op.old for op in run if op.old)
    new_run = " ".join(op.new for op in run if op.new)
    if not quoted(old_run) or not quoted(new_run):
        # a word added or cut: one word of context either side makes it readable
        lead = ops[first - 1].new.split()[-1:] if first > 0 else []
        tail = ops[last + 1].new.split()[:1] if last + 1 < len(ops) else []
        old_run = " ".join([*lead, old_run, *tail])
        new_run = " ".join([*lead, new_run, *tail])
    return quoted(old_run), quoted(new_run)


def describe_quote(old_value: str, new_value: str, new_sentence: str, story: Sequence[str], index: int) -> Fact:
    entity = _locate(new_sentence, new_value, "quote")
    speaker = roles.attributed_speaker(new_sentence, entity.start, entity.end, story, index) if entity else None
    phrase = speaker.phrase if speaker else None
    what = f"misquoted {phrase}" if phrase else "misquoted a speaker"
    old_words, new_words = changed_words(old_value or "", new_value or "")
    if speaker and speaker.name:
        subject = surname(speaker.name)
    elif phrase:
        subject = _capitalised(phrase)
    else:
        subject = None
    if not old_words or not new_words:
        return Fact(what, "The quotation has been corrected.", 1)
    if subject:
        return Fact(what, f'{subject} said "{new_words}," not "{old_words}."', 2)
    return Fact(what, f'The quotation reads "{new_words}," not "{old_words}."', 1)


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


#: Every word the drafting itself puts into a notice (besides its templates'): the
#: verbs and connecting nouns of the phrases above. Names, figures and the nouns a
#: value is of come from the revisions; ``tests/test_notices_corpus.py`` proves it.
PHRASING = frozenset(
    # verbs of a correction, and what they govern
    "misstated misspelled misidentified misquoted incorrectly reported included incorrect contained error "
    "corrected removed said reads born "
    # what a value is of, when the story has no noun for it
    "age date birth day number figure figures amount value worth cost length sentence speed distance depth "
    "weight volume area temperature time unit measurement name first person named quotation speaker vote "
    "score statement reference how many correct sum money fine "
    # an update's items
    "revised comments information new up "
    # connecting words
    "the of a an is was were it its in on not that has been to from with who and also for".split()
)
