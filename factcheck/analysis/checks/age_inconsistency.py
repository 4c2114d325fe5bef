"""age-inconsistency: ages of one person that cannot all be true.

Every age mention is tied to a person and to the moment it describes:

* the person: the name it stands beside ("Osei, 34,", "Osei, who is 36", "the
  15-year-old Osei") or the subject of its clause ("Khadr, now 24, was 22", "he was
  captured at the age of 15"), a pronoun meaning the person last named;
* the moment: a date in its own clause ("was 35 when the scheme began in 2012"), an
  event the story dates elsewhere ("at the time of the meeting"), a date elsewhere
  in its sentence, or "now" (the present tense, "now 24", a bare appositive), which
  is the publication date. A quoted age belongs to the moment of the quotation: the
  date in its sentence or the last moment its paragraph named.

Each mention bounds the birth date to an interval (15 on Feb. 5, 2009: born between
Feb. 6, 1993 and Feb. 5, 1994). When the publication date is unknown it is an
unknown no earlier than the latest date the story gives, and "now" ages only have
to agree with one such date. A finding is raised only when no birth date (and no
publication date) satisfies every mention; it names the smallest clashing pair,
with the arithmetic, and says when an age stands inside a quotation and whose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from factcheck.analysis.checks import CheckContext
from factcheck.text.people import NameRef, People
from factcheck.text.dates import DateMention, add_years, format_day, prefilter_text
from factcheck.analysis.findings import Finding, Span
from factcheck.text.segmentation import Document, Sentence

CHECK_ID = "age-inconsistency"

_NUMBER_WORDS = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_NUM = (
    r"(?:\d{1,3}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|"
    r"four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
MAX_AGE = 120
# Every way of stating an age below needs a number (_NUM or a digit). Most sentences
# have none, so a literal scan of the lower-cased sentence for one (a necessary
# condition: "teen" stands for thirteen to nineteen) skips the eight age patterns
# there; see ``dates.prefilter_text``.
_MAY_HOLD_AGE = re.compile(
    r"\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|teen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety"
)

# --- the ways news copy states an age ------------------------------------------------
_APPOSITIVE = re.compile(
    r"^\s*,\s*(?:(?P<when>now|then|currently|still|aged)\s+)?(?P<age>\d{1,3})(?=\s*(?:[,.;:)]|$|\s+and\b))"
)
_WHO = re.compile(
    rf"^\s*,\s*who\s+(?P<verb>is|was|turned|had turned|will be|would have been)\s+(?:(?P<when>now|then|only|just)\s+)?"
    rf"(?P<age>{_NUM})(?:\s+years?\s+old)?\b(?!\s*(?:%|percent|points?|games?|goals?|times?|-))"
)
_COPULA = re.compile(
    rf"\b(?P<verb>is|was|['\u2019]s|had been|became|turned|remains)\s+(?:(?P<when>now|then|only|just|still|already|barely)\s+)?"
    rf"(?P<age>{_NUM})(?:\s+years?\s+old)?"
    r"(?=\s*(?:[,.;:)\u2014\"\u201d]|$|\s+(?:at|when|in|on|during|as|and|by|before|after|while)\b))",
    re.I,
)
_AT_AGE = re.compile(rf"\b(?:at the age of|at age|aged|age)\s+(?P<age>{_NUM})\b(?!\s*(?:%|-|percent))", re.I)
_YEAR_OLD = re.compile(rf"\b(?P<age>{_NUM})[- ](?:year|yr)s?[- ]old\b", re.I)
# What stands between a subject and an "a 15-year-old" that describes it.
_DESCRIBED_AS = re.compile(
    r"(?P<verb>\b(?:is|was|['\u2019]s|became|remains))(?:\s+(?:described|identified|listed|called|"
    r"referred to|portrayed|depicted|named))?(?:\s+as)?\s*[\"\u201c]?\s*(?:an?|the)?\s*$",
    re.I,
)
_APPOSITION_BETWEEN = re.compile(r"^\s*(?:,[^,]{1,60},)?\s*$")
_THEN_A = re.compile(r"^\s*,\s*(?:(?P<when>then|now)\s+)?(?:an?|the)\s*$", re.I)

# --- events dated elsewhere ("at the time of the meeting") ---------------------------
_EVENT_REF = re.compile(
    r"\b(?:at the time of|at|during|after|before|since|when|following|ahead of|by the time of)\s+"
    r"(?:the|that|this|his|her|their|its)\s+(?:(?:first|second|third|last|final|bilateral|initial|"
    r"fatal|deadly|annual)\s+)?(?P<noun>[a-z]{4,})\b"
)
_NOT_EVENTS = {"time", "same", "moment", "start", "beginning", "request", "case", "rate",
               "point", "matter", "government", "country", "city", "company", "family",
               "police", "court", "house", "following", "latest", "other", "most", "least",
               "high", "team", "club", "state", "province", "hands", "past", "future"}
_CLAUSE_END = re.compile(r"[,;:\u2014()]|\s-\s|$")

# --- quotations and whose they are -------------------------------------------------
_QUOTE = re.compile(r"\u201c[^\u201d]*\u201d?|\"[^\"]*\"?")
_SPEECH = r"(?:said|says|told|wrote|writes|added|recalled|testified|stated|explained)"
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>[^,.;]{3,60})")
_DOCUMENT = re.compile(
    r"\b(?:handed|gave|sent|passed|delivered|submitted|presented|provided|showed|wrote|issued|"
    r"released|filed|prepared|drafted)\b(?:\s+[\w.]+){0,3}?\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<doc>paper|document|report|memo|memorandum|letter|note|dossier|brief|briefing|file|"
    r"statement|filing|indictment|complaint|affidavit|email|profile|cable|assessment|summary|"
    r"transcript)\b"
)
_PASSIVE_QUOTE = re.compile(
    r"\b(?:is|was|are|were)\s+(?:described|called|referred to|identified|listed|portrayed|depicted)\s+as\b"
)
_GIVER_ADJ = re.compile(r"\b(?:the|a|an)\s+(?P<adj>[A-Z][\w-]+)\s+[a-z]+\s*$")
_PARENTHETICAL = re.compile(r",[^,]*,\s*$")
_FUTURE = re.compile(r"\b(?:will|would|expected|scheduled|plans?|planned|due|target|projected|forecast)\b", re.I)


def _age_value(token: str) -> int:
    token = token.lower()
    if token.isdigit():
        return int(token)
    if "-" in token:
        tens, ones = token.split("-")
        return _TENS[tens] + _NUMBER_WORDS[ones]
    return _TENS.get(token, _NUMBER_WORDS.get(token, -1))


@dataclass(frozen=True)
class Anchor:
    """The moment an age describes. ``last`` is None for "now" when the date is unknown."""

    kind: str  # "date", "event" or "now"
    first: date
    last: date | None
    words: str  # "at the meeting of Feb. 5, 2009", "in 2002", "now"
    key: str  # same key, same moment ("at the same meeting")
    same_words: str = ""


@dataclass(frozen=True)
class AgeMention:
    person: int
    age: int
    sentence: Sentence
    start: int  # of the number, in sentence offsets
    end: int
    text: str  # the words that state the age: "now 24", "a 15-year old"
    anchor: Anchor
    quoted: bool = False
    attribution: str | None = None

    @property
    def floating(self) -> bool:
        """An age "now" when the publication date is unknown."""
        return self.anchor.last is None

    def born(self) -> tuple[date, date | None]:
        """Earliest and latest birth date; latest is None when it floats with "now"."""
        earliest = add_years(self.anchor.first, -(self.age + 1)) + timedelta(days=1)
        if self.anchor.last is None:
            return earliest, None
        return earliest, add_years(self.anchor.last, -self.age)

    def describe(self, same_as: "AgeMention | None" = None) -> str:
        lo, hi = self.born()
        when = self.anchor.words
        if same_as is not None and same_as.anchor.key == self.anchor.key and self.anchor.same_words:
            when = self.anchor.same_words
        if hi is None:
            return f"{self.age} {when} means born {lo.year} or later"
        years = f"{lo.year}" if lo.year == hi.year else f"{lo.year}\u2013{hi.year}"
        return f"{self.age} {when} means born {years}"


def consistent(mentions: list[AgeMention], earliest_publication: date | None) -> bool:
    """Whether one birth date (and one publication date, if unknown) fits every mention."""
    fixed = [m.born() for m in mentions if not m.floating]
    floating = {m.age for m in mentions if m.floating}
    if len(floating) > 1:
        return False  # two different ages at the same unknown "now"
    low = max((lo for lo, _ in fixed), default=date.min)
    high = min((hi for _, hi in fixed if hi is not None), default=date.max)
    if low > high:
        return False
    if floating and fixed and earliest_publication is not None:
        # Someone born on `high` is `age` until the day before their next birthday;
        # that day must come no earlier than the earliest possible publication.
        (age,) = floating
        return add_years(high, age + 1) - timedelta(days=1) >= earliest_publication
    return True


# ----------------------------------------------------------------------------- anchors


class _Moments:
    """Resolves the moment of an age: dates in a sentence, dated events, "now"."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        self.dates = {(s.paragraph, s.index): [d for d in found if d.known] for s, found in ctx.story_dates}
        self._events: dict[str, tuple[str, DateMention] | None] = {}
        self.earliest_publication = self._earliest_publication()
        if ctx.published is not None:
            self.now = Anchor("now", ctx.published, ctx.published,
                              f"now (published {format_day(ctx.published)})", "now", "now")
        elif self.earliest_publication is not None:
            self.now = Anchor("now", self.earliest_publication, None,
                              f"now (the story is dated {self.earliest_publication:%B %Y} or later)", "now", "now")
        else:
            self.now = None

    def _earliest_publication(self) -> date | None:
        """The latest date the story gives outside future-tense sentences."""
        latest = None
        for sentence, found in self.ctx.story_dates:
            if _FUTURE.search(sentence.text):
                continue
            for mention in found:
                if mention.known and (latest is None or mention.first_day() > latest):
                    latest = mention.first_day()
        return latest

    def in_sentence(self, sentence: Sentence) -> list[DateMention]:
        return self.dates.get((sentence.paragraph, sentence.index), [])

    def event_date(self, noun: str) -> DateMention | None:
        """The one date the story gives for "the <noun>", or None if none or several."""
        if noun in self._events:
            found = self._events[noun]
            return found[1] if found else None
        word = re.compile(rf"\b{re.escape(noun)}s?\b")
        seen: dict[tuple[date, date], DateMention] = {}
        for sentence, found in self.ctx.story_dates:
            known = [d for d in found if d.known]
            if not known:
                continue
            for match in word.finditer(sentence.text):
                nearest = min(known, key=lambda d: abs(d.start - match.end()))
                seen.setdefault((nearest.first_day(), nearest.last_day()), nearest)
        result = next(iter(seen.values())) if len(seen) == 1 else None
        self._events[noun] = (noun, result) if result else None
        return result

    def event_anchor(self, text: str) -> Anchor | None:
        for match in _EVENT_REF.finditer(text):
            noun = match.group("noun")
            if noun in _NOT_EVENTS:
                continue
            when = self.event_date(noun)
            if when is not None:
                return Anchor("event", when.first_day(), when.last_day(),
                              f"at the {noun} of {when.describe()}", f"event:{noun}",
                              f"at the same {noun}")
        return None

    @staticmethod
    def date_anchor(when: DateMention) -> Anchor:
        words = {"day": "on", "month": "in", "year": "in"}[when.precision]
        return Anchor("date", when.first_day(), when.last_day(), f"{words} {when.describe()}",
                      f"date:{when.first_day()}:{when.last_day()}", f"{words} the same date")

    def past(self, sentence: Sentence, age_end: int, context: Anchor | None) -> Anchor | None:
        """The moment of an age in the past tense: its clause, its sentence, its paragraph."""
        clause_end = age_end + _CLAUSE_END.search(sentence.text, age_end + 1).start() - age_end
        dates = self.in_sentence(sentence)
        in_clause = [d for d in dates if age_end <= d.start < clause_end]
        if in_clause:
            return self.date_anchor(in_clause[0])
        event = self.event_anchor(sentence.text[age_end:clause_end])
        if event:
            return event
        if dates:
            return self.date_anchor(min(dates, key=lambda d: abs(d.start - age_end)))
        return self.event_anchor(sentence.text) or context

    def last_in(self, sentence: Sentence) -> Anchor | None:
        """The last moment a sentence names, carried to the next sentences of its paragraph."""
        dates = self.in_sentence(sentence)
        event = None
        for match in _EVENT_REF.finditer(sentence.text):
            found = self.event_anchor(match.group(0))
            if found:
                event = (match.start(), found)
        if dates and (event is None or dates[-1].start > event[0]):
            return self.date_anchor(dates[-1])
        return event[1] if event else None


# ----------------------------------------------------------------------------- mentions


def _quotes(sentence: Sentence, paragraph_text: str, paragraph_start: int) -> list[tuple[int, int]]:
    """Quoted stretches of the sentence, in sentence offsets (quotes may span sentences)."""
    spans = []
    offset = sentence.start - paragraph_start
    for match in _QUOTE.finditer(paragraph_text):
        start, end = match.start() - offset, match.end() - offset
        if end > 0 and start < len(sentence.text):
            spans.append((max(0, start), min(len(sentence.text), end)))
    return spans


def _attribution(sentence: Sentence, earlier: list[Sentence], refs: list[NameRef], people: People) -> str | None:
    """Whose words a quotation in ``sentence`` are, as an editor would name them."""
    text = sentence.text
    for ref in refs:
        if ref.kind == "pronoun":
            continue
        if re.match(rf"\s*,?\s*{_SPEECH}\b", text[ref.end:]) or re.search(rf"\b{_SPEECH}\s*$", text[:ref.start]):
            return people.person(ref.person).label
    according = _ACCORDING.search(text)
    if according:
        return according.group("who").strip()
    if not _PASSIVE_QUOTE.search(text):
        return None
    # "He is described as ...": the words are those of a document the story just
    # mentioned ("the French minister ... handed Clinton a paper").
    for previous in [sentence, *reversed(earlier)]:
        document = _DOCUMENT.search(previous.text)
        if not document:
            continue
        giver = previous.text[:document.start()]
        while _PARENTHETICAL.search(giver):
            giver = _PARENTHETICAL.sub("", giver)
        adjective = _GIVER_ADJ.search(giver)
        if adjective:
            return f"the {adjective.group('adj')} {document.group('doc')}"
        return f"the {document.group('doc')}"
    return None


def _ref_ending_at(refs: list[NameRef], position: int, names_only: bool) -> NameRef | None:
    for ref in refs:
        if ref.end == position and not (names_only and ref.kind == "pronoun"):
            return ref
    return None


def _subject_before(refs: list[NameRef], text: str, position: int) -> NameRef | None:
    """The reference directly before ``position``, allowing an appositive in between."""
    for ref in reversed(refs):
        if ref.end <= position and _APPOSITION_BETWEEN.match(text[ref.end:position]):
            return ref
    return None


def _find_mentions(doc: Document, ctx: CheckContext, people: People, moments: _Moments) -> list[AgeMention]:
    mentions: list[AgeMention] = []
    for block in doc.body:
        context: Anchor | None = None
        for position, sentence in enumerate(block.sentences):
            text = sentence.text
            lowered = prefilter_text(text)
            if lowered is not None and not _MAY_HOLD_AGE.search(lowered):
                context = moments.last_in(sentence) or context
                continue
            refs = people.in_sentence(sentence)
            quotes = _quotes(sentence, block.text, block.start)
            has_year = any(not d.year_inferred for d in moments.in_sentence(sentence))
            found: dict[int, tuple[int, int, int, NameRef, str, str]] = {}  # age start -> mention

            def add(match: re.Match[str], ref: NameRef | None, tense: str) -> None:
                age = _age_value(match.group("age"))
                if ref is not None and 0 < age <= MAX_AGE and match.start("age") not in found:
                    phrase = text[match.start():match.end()].strip(" ,")
                    found[match.start("age")] = (age, match.start("age"), match.end("age"), ref, tense, phrase)

            for ref in refs:
                if ref.kind == "pronoun":
                    continue
                tail = text[ref.end:]
                appositive = _APPOSITIVE.match(tail)
                if appositive:
                    when = appositive.group("when")
                    moved = _shift(appositive, ref.end)
                    if when == "then":
                        add(moved, ref, "past")
                    elif when or not has_year:  # "In 2002, Osei, 15, ..." is ambiguous: skip
                        add(moved, ref, "now")
                who = _WHO.match(tail)
                if who:
                    present = who.group("verb") == "is" or who.group("when") == "now"
                    add(_shift(who, ref.end), ref, "now" if present else "past")
            for match in _COPULA.finditer(text):
                subject = _subject_before(refs, text, match.start())
                verb = match.group("verb").lower()
                present = verb in ("is", "'s", "\u2019s", "remains") or match.group("when") == "now"
                add(match, subject, "now" if present and match.group("when") != "then" else "past")
            # "age" and "year"/"yr" are literals _AT_AGE and _YEAR_OLD cannot match
            # without; skip their \b-led scans where the sentence lacks them.
            for match in _AT_AGE.finditer(text) if lowered is None or "age" in lowered else ():
                before = [r for r in refs if r.end <= match.start()]
                after = [r for r in refs if r.start >= match.end()]
                add(match, before[-1] if before else (after[0] if after else None), "past")
            for match in (_YEAR_OLD.finditer(text) if lowered is None or "year" in lowered or "yr" in lowered
                          else ()):
                following = next((r for r in refs if r.kind != "pronoun" and
                                  not text[match.end():r.start].strip()), None)
                if following:
                    add(match, following, "sentence")
                    continue
                described = _DESCRIBED_AS.search(text, 0, match.start())
                if described:
                    subject = _subject_before(refs, text, described.start())
                    present = described.group("verb").lower() in ("is", "'s", "\u2019s", "remains")
                    add(match, subject, "now" if present else "past")
                    continue
                then_a = _THEN_A.search(text[:match.start()][-12:])
                if then_a:
                    head = match.start() - len(text[:match.start()][-12:]) + then_a.start()
                    add(match, _ref_ending_at(refs, head, names_only=True),
                        "now" if then_a.group("when") == "now" else "past")

            earlier = list(block.sentences[:position])
            for age, start, end, ref, tense, phrase in sorted(found.values(), key=lambda f: f[1]):
                quoted = any(q_start <= start < q_end for q_start, q_end in quotes)
                attribution = None
                if quoted:
                    dates = moments.in_sentence(sentence)
                    anchor = moments.date_anchor(dates[0]) if dates else (context or moments.now)
                    attribution = _attribution(sentence, earlier, refs, people)
                elif tense == "now":
                    anchor = moments.now
                elif tense == "sentence":
                    dates = moments.in_sentence(sentence)
                    anchor = moments.date_anchor(dates[0]) if dates else moments.now
                else:
                    anchor = moments.past(sentence, end, context)
                if anchor is not None:
                    mentions.append(AgeMention(ref.person, age, sentence, start, end, phrase, anchor, quoted, attribution))
            context = moments.last_in(sentence) or context
    return mentions


class _Shifted:
    """A regex match seen from the sentence rather than from the slice it ran on."""

    def __init__(self, match: re.Match[str], offset: int) -> None:
        self.match, self.offset = match, offset

    def group(self, name: str) -> str:
        return self.match.group(name)

    def start(self, name: str = 0) -> int:  # type: ignore[assignment]
        return self.match.start(name) + self.offset

    def end(self, name: str = 0) -> int:  # type: ignore[assignment]
        return self.match.end(name) + self.offset


def _shift(match: re.Match[str], offset: int) -> _Shifted:
    return _Shifted(match, offset)


# ----------------------------------------------------------------------------- conflicts

#: Above this many mentions of one person, search outliers greedily, not exhaustively.
_EXHAUSTIVE_LIMIT = 24


def _outliers(mentions: list[AgeMention], earliest: date | None) -> list[int]:
    """The fewest mentions whose removal leaves the rest consistent.

    Ties go to quoted mentions (a source's words, more often the wrong ones) and
    then to the later mention in the story.
    """
    n = len(mentions)
    if n <= _EXHAUSTIVE_LIMIT:
        for size in (1, 2):
            options = [
                combo for combo in combinations(range(n), size)
                if consistent([m for i, m in enumerate(mentions) if i not in combo], earliest)
            ]
            if options:
                return list(max(options, key=lambda c: (sum(mentions[i].quoted for i in c), c)))
    # Many mentions of one person (a long profile, a pathological input): keep
    # each mention that agrees with those kept so far, in reading order. Quadratic
    # at worst in the mentions of one person, never exponential.
    removed: list[int] = []
    kept: list[AgeMention] = []
    for index, mention in enumerate(mentions):
        if consistent([*kept, mention], earliest):
            kept.append(mention)
        else:
            removed.append(index)
    return sorted(removed)


def _finding(person: str, outlier: AgeMention, partner: AgeMention) -> Finding:
    first, second = sorted([outlier, partner], key=lambda m: (m.sentence.paragraph, m.sentence.index, m.start))
    if first.floating and second.floating:
        message = (f"{person}'s ages cannot all be true: the story gives both {first.age} and "
                   f"{second.age} as {person.split()[-1]}'s age now.")
    else:
        message = f"{person}'s ages cannot all be true: {first.describe()}; {second.describe(same_as=first)}."
    if outlier.quoted:
        whose = f" attributed to {outlier.attribution}" if outlier.attribution else ""
        message += f" The {outlier.age} stands inside a quotation{whose}."

    def as_data(m: AgeMention) -> dict:
        lo, hi = m.born()
        return {
            "age": m.age, "text": m.text, "anchor": m.anchor.words,
            "anchor_dates": [m.anchor.first.isoformat(), m.anchor.last.isoformat() if m.anchor.last else None],
            "born": [lo.isoformat(), hi.isoformat() if hi else None],
            "quoted": m.quoted, "attribution": m.attribution,
        }

    spans = tuple(Span(m.sentence.paragraph, m.sentence.index, m.sentence.text) for m in (first, second))
    return Finding(CHECK_ID, "error", message, spans,
                   {"person": person, "mentions": [as_data(first), as_data(second)]})


def check(doc: Document, ctx: CheckContext) -> list[Finding]:
    people = ctx.people
    moments = _Moments(ctx)
    earliest = None if ctx.published else moments.earliest_publication
    by_person: dict[int, list[AgeMention]] = {}
    for mention in _find_mentions(doc, ctx, people, moments):
        by_person.setdefault(mention.person, []).append(mention)
    findings = []
    for person_id, mentions in by_person.items():
        if len(mentions) < 2 or consistent(mentions, earliest):
            continue
        outliers = _outliers(mentions, earliest)
        kept = [m for i, m in enumerate(mentions) if i not in outliers]
        for index in outliers:
            outlier = mentions[index]
            partners = [m for m in kept if not consistent([outlier, m], earliest)] or kept
            # Prefer the mention of the same moment, then the nearest in the story.
            partner = min(partners, key=lambda m: (m.anchor.key != outlier.anchor.key,
                                                   abs(m.sentence.paragraph - outlier.sentence.paragraph)))
            findings.append(_finding(people.person(person_id).label, outlier, partner))
    return findings
