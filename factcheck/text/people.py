"""People named in a story, their later references, and whom a pronoun means.

Shared by the checks that must know who is who (ages, name spellings). There is no
statistical tagger: news copy introduces a person by full name, often after a title
("French Foreign Minister Bernard Kouchner"), then uses the surname alone. A
capitalised run is a person when something says so: a common given name, a title
or role before it, a speech verb or an age beside it, or its surname standing alone
elsewhere. Place and organisation words ("Bay", "Department", "States") end a name.
Pronouns go to the person last named, as the house style guides ask writers to
ensure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from factcheck.text.segmentation import Document, Sentence

__all__ = ["NameRef", "People", "Person", "find_people", "fold"]

_UPPER = "A-Z\u00c0-\u00de"
_LETTER = r"[^\W\d_]"
_WORD = rf"[{_UPPER}](?:{_LETTER}|['\u2019-](?={_LETTER}))*"
_INITIALS = rf"[{_UPPER}](?:\.[{_UPPER}])*\."
_PARTICLE = r"(?:de|da|del|della|di|du|dos|das|van|von|der|den|ter|bin|ibn|al|el|la|le|st\.)"
_RUN = re.compile(
    rf"(?<![\w.])(?:{_INITIALS}|{_WORD})(?:\s+(?:{_PARTICLE}\s+)?(?:{_INITIALS}|{_WORD}))*"
)
_TOKEN = re.compile(rf"{_INITIALS}|{_WORD}|{_PARTICLE}")
_PRONOUN = re.compile(r"\b(?:he|she|him|his|her|hers|himself|herself)\b", re.I)

# Words that are capitalised for other reasons than being someone's name.
_FUNCTION = set("""
the a an in on at but and or it he she they we i you his her their its our this that
these those there then when while after before under over for from with without by as
if since until although though because according meanwhile however also now still yet
so not no yes what who why how where which one two three four five six seven eight nine
ten first last next earlier later today yesterday tomorrow some many most all several
both each every many once during despite among between about against into through
""".split())
TITLES = set("""
mr mrs ms miss dr prof rev sgt lt gen col capt maj cpl pte pvt spc sen rep gov det insp
const supt coun cllr president vice prime minister secretary premier mayor councillor
councilor councilman councilwoman alderman judge justice chief officer sheriff deputy
director chairman chairwoman chair commissioner superintendent inspector constable
sergeant lieutenant general colonel captain major private corporal senator
representative governor congressman congresswoman speaker leader pope king queen prince
princess lord lady sir dame bishop archbishop cardinal father sister brother rabbi imam
pastor coach manager professor doctor attorney counsel ambassador chancellor trustee mp
mpp mla ceo cfo coo founder spokesman spokeswoman spokesperson foreign finance defence
defense health interior state class staff first 1st executive assistant associate
acting interim former late dean principal head midfielder striker goalkeeper forward
defenceman defenseman quarterback pitcher rookie veteran agent
""".split())
_PLACE_OR_ORG = set("""
bay states kingdom nations union department ministry office court council university
college school hospital street avenue road boulevard highway river lake mountain
mountains park island islands county city town township province republic party
committee commission agency board bank company corp inc ltd group press times news post
journal herald tribune airport station centre center church cathedral hall house senate
congress parliament assembly police service services force forces army navy guard club
team league cup games olympics stadium arena square bridge valley coast beach harbour
harbor falls canyon heights institute foundation association society museum gallery
library theatre theater festival fund trust authority administration bureau region
district area north south east west northern southern eastern western central new
national international federal supreme high royal united american canadian french
british german italian spanish chinese japanese russian afghan muslim christian jewish
catholic european african asian mexican indian pakistani iraqi iranian israeli
palestinian syrian egyptian australian irish scottish welsh english dutch swiss swedish
norwegian danish polish ukrainian korean vietnamese brazilian democrats republicans
democratic republican liberal liberals conservative conservatives labour ndp gop
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday
friday saturday sunday god internet web covid facebook twitter google
""".split())
_STOP = _FUNCTION | TITLES | _PLACE_OR_ORG
_SPEECH = re.compile(
    r"^\s*(?:,\s*)?(?:said|says|told|added|wrote|writes|explained|asked|testified|argued|"
    r"recalled|noted|replied|insisted|warned|stated|announced|tweeted)\b"
)
_SPEECH_BEFORE = re.compile(r"(?:\b(?:said|says|told|according to|asked|wrote)\s+)$")
_AGE_OR_WHO_AFTER = re.compile(r"^\s*,\s*(?:who\b|(?:now\s+|then\s+|aged\s+)?\d{1,3}\s*[,.;)])")
_ROLE_BEFORE = re.compile(
    r"\b(?:artist|lawyer|attorney|spokesman|spokeswoman|spokesperson|photographer|author|"
    r"actor|actress|singer|director|coach|player|prosecutor|judge|officer|resident|"
    r"widow|son|daughter|husband|wife|mother|father|brother|sister|friend|neighbour|"
    r"neighbor|colleague|teammate|student|teacher|doctor|nurse|analyst|economist|"
    r"researcher|scientist|professor|manager|owner|founder|chef|pilot|driver|victim|"
    r"suspect|witness|defendant|named|identified as|survived by)\s+$",
    re.I,
)
# Common given names across the communities a North American or British newsroom
# covers; one signal among several, so it need not be complete.
GIVEN_NAMES = set("""
aaron abdul abdullah adam adrian ahmed ahmad aisha alan albert alex alexander alexandra
ali alice alicia amanda amy ana andrea andrew angela ann anna anne anthony antonio
arthur ashley barbara ben benjamin bernard beth betty bill bob bobby brandon brian
bruce carl carlos carol caroline catherine charles charlotte chen chris christine
christopher claire daniel david deborah dennis diana donald donna dorothy douglas
edward elena elizabeth emily emma eric fatima frank gary george grace hannah harold
harry heather helen henry hillary hiroshi hugo ian isabel jack jacob james jane janet
jason jean jeff jeffrey jennifer jerry jessica jim joan joe john jonathan jorge jose
joseph joshua juan julia julie justin karen kate katherine kathleen kelly kenneth kevin
kim laura lauren lee li linda lisa louis luis maria marie mark martin mary matthew
megan michael michelle mohammed mohamed muhammad nancy nathan nicholas nicole omar
pamela patricia patrick paul peter philip priya rachel rahul raj ralph raymond rebecca
richard robert roger ronald rose ruth ryan sam samuel sandra sara sarah scott sean
sharon stephanie stephen steve steven susan thomas timothy tom tony victoria walter
wang wei william yusuf zhang
""".split())


def fold(token: str) -> str:
    """A name token without its possessive, in lower case: "Khadr's" -> "khadr"."""
    token = token.replace("\u2019", "'")
    if token.endswith("'s") or token.endswith("s'"):
        token = token[:-2] if token.endswith("'s") else token[:-1]
    return token.casefold()


@dataclass
class Person:
    id: int
    surname: str
    given: str | None = None
    full: str = ""

    @property
    def label(self) -> str:
        return self.full or self.surname


@dataclass(frozen=True, slots=True)
class NameRef:
    """A reference to a person in one sentence: a name or a pronoun."""

    person: int
    sentence: Sentence
    start: int  # offsets in sentence.text
    end: int
    kind: str  # "full", "surname", "given" or "pronoun"

    @property
    def text(self) -> str:
        return self.sentence.text[self.start:self.end]


@dataclass
class _Candidate:
    sentence: Sentence
    order: int  # reading order of the sentence
    start: int
    end: int
    tokens: list[str]  # name tokens as written (possessive kept)
    evidence: bool
    sentence_initial: bool


@dataclass
class People:
    persons: list[Person] = field(default_factory=list)
    refs: dict[tuple[int, int], list[NameRef]] = field(default_factory=dict)
    #: capitalised single words that were not taken as anyone (possible misspellings)
    loose_words: list[tuple[Sentence, int, int]] = field(default_factory=list)

    def in_sentence(self, sentence: Sentence) -> list[NameRef]:
        return self.refs.get((sentence.paragraph, sentence.index), [])

    def person(self, person_id: int) -> Person:
        return self.persons[person_id]


def _name_suffix(run_text: str, run_start: int) -> tuple[list[tuple[str, int, int]], bool]:
    """The trailing name tokens of a capitalised run, and whether a title preceded them."""
    tokens = [(m.group(0), run_start + m.start(), run_start + m.end()) for m in _TOKEN.finditer(run_text)]
    keep: list[tuple[str, int, int]] = []
    titled = False
    for token, start, end in reversed(tokens):
        key = fold(token).rstrip(".")
        is_initial = len(token) == 2 and token.endswith(".")
        if key in _STOP or ("." in token and not is_initial) or re.search(r"-[a-z]", token):
            titled = key in TITLES
            break
        keep.append((token, start, end))
    keep.reverse()
    # A name neither starts nor ends with a particle or an initial ("W." alone).
    while keep and (re.fullmatch(_PARTICLE, keep[0][0]) or keep[0][0].endswith(".") and len(keep[0][0]) == 2 and len(keep) == 1):
        keep.pop(0)
    while keep and (re.fullmatch(_PARTICLE, keep[-1][0]) or keep[-1][0].endswith(".")):
        keep.pop()
    return keep, titled


def _candidates(doc: Document) -> list[_Candidate]:
    return [
        _Candidate(sentence, order, start, end, list(tokens), evidence, initial)
        for order, sentence in enumerate(doc.sentences)
        for start, end, tokens, evidence, initial in _sentence_candidates(sentence.text)
    ]


@lru_cache(maxsize=8192)
def _sentence_candidates(text: str) -> tuple[tuple[int, int, tuple[str, ...], bool, bool], ...]:
    """The name candidates of one sentence: everything here depends on its text
    alone, and an article's revisions repeat most sentences (an archive import reads
    each one five times), so the scan is remembered by text."""
    out = []
    for run in _RUN.finditer(text):
        tokens, titled = _name_suffix(run.group(0), run.start())
        if not tokens:
            continue
        start, end = tokens[0][1], tokens[-1][2]
        before, after = text[max(0, start - 40):start], text[end:end + 30]
        evidence = (
            titled
            or bool(_SPEECH.match(after))
            or bool(_SPEECH_BEFORE.search(before))
            or bool(_AGE_OR_WHO_AFTER.match(after))
            or bool(_ROLE_BEFORE.search(before))
            or (len(tokens) > 1 and fold(tokens[0][0]) in GIVEN_NAMES)
        )
        initial = not text[:start].strip(" \"'\u201c\u2018(")
        out.append((start, end, tuple(t for t, _, _ in tokens), evidence, initial))
    return tuple(out)


def find_people(doc: Document) -> People:
    """Everyone the body names, and every reference to them, sentence by sentence."""
    candidates = _candidates(doc)
    alone = {fold(c.tokens[0]) for c in candidates if len(c.tokens) == 1}
    people = People()
    by_full: dict[tuple[str, str], int] = {}
    by_surname: dict[str, list[int]] = {}
    by_given: dict[str, set[int]] = {}

    def new_person(surname: str, given: str | None, full: str) -> int:
        person = Person(len(people.persons), surname, given, full)
        people.persons.append(person)
        by_surname.setdefault(fold(surname), []).append(person.id)
        if given:
            by_given.setdefault(fold(given), set()).add(person.id)
        return person.id

    # Full names first, so that a surname used before its full name still resolves.
    full_ids: dict[int, int] = {}
    for index, cand in enumerate(candidates):
        if len(cand.tokens) < 2:
            continue
        surname = fold(cand.tokens[-1])
        if not (cand.evidence or surname in alone):
            continue
        key = (fold(cand.tokens[0]), surname)
        if key not in by_full:
            full = " ".join(t if i < len(cand.tokens) - 1 else t.removesuffix("'s").removesuffix("\u2019s")
                            for i, t in enumerate(cand.tokens))
            by_full[key] = new_person(full.split()[-1], cand.tokens[0], full)
        full_ids[index] = by_full[key]

    # Then single words, in reading order: the latest person with that surname.
    last_with_surname: dict[str, int] = {}
    resolved: list[tuple[_Candidate, int, str]] = []
    for index, cand in enumerate(candidates):
        if index in full_ids:
            pid = full_ids[index]
            last_with_surname[fold(people.persons[pid].surname)] = pid
            resolved.append((cand, pid, "full"))
            continue
        if len(cand.tokens) != 1:
            continue
        word = fold(cand.tokens[0])
        if word in by_surname:
            pid = last_with_surname.get(word, by_surname[word][0])
            resolved.append((cand, pid, "surname"))
        elif len(by_given.get(word, ())) == 1:
            resolved.append((cand, next(iter(by_given[word])), "given"))
        elif cand.evidence and not cand.sentence_initial:
            pid = new_person(cand.tokens[0].removesuffix("'s").removesuffix("\u2019s"), None, "")
            last_with_surname[word] = pid
            resolved.append((cand, pid, "surname"))
        else:
            people.loose_words.append((cand.sentence, cand.start, cand.end))

    # Pronouns go to whoever was named last, in reading order.
    by_sentence: dict[int, list[NameRef]] = {}
    for cand, pid, kind in resolved:
        by_sentence.setdefault(cand.order, []).append(NameRef(pid, cand.sentence, cand.start, cand.end, kind))
    last: int | None = None
    for order, sentence in enumerate(doc.sentences):
        names = sorted(by_sentence.get(order, []), key=lambda r: r.start)
        refs: list[NameRef] = []
        events = [(r.start, r) for r in names] + [(m.start(), m) for m in _PRONOUN.finditer(sentence.text)]
        for _, item in sorted(events, key=lambda e: e[0]):
            if isinstance(item, NameRef):
                refs.append(item)
                last = item.person
            elif last is not None:
                refs.append(NameRef(last, sentence, item.start(), item.end(), "pronoun"))
        if refs:
            people.refs[(sentence.paragraph, sentence.index)] = refs
    return people
