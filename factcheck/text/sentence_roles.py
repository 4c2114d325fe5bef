"""Who and what a value in a sentence is about: a small rule-based parse of news copy.

A correction has to say what a changed value is *of*: whose age "was 41" gives,
what noun "three" counts, who "said" a quotation, what a sum of money pays for,
what happened on a date. A window of words before the number gets this wrong as
soon as a sentence opens with a place ("Harlow Bridge police said the truck's
driver, Daniel Okonkwo, was 47") or names two people ("Mayor Lena Ortiz, 52, and
her challenger, Paul Grieve, 47"). This module reads the structure instead, over
the project's own segmentation (one sentence of :func:`factcheck.text.segmentation.segment` at
a time, plus the story's earlier sentences for pronouns):

* a sentence is cut into **clauses** at semicolons, dashes, reporting verbs
  ("police said [the driver was 47]") and ", and"/", but" before a new subject;
* a clause's **subject** is what stands before its first verb, less an opening
  phrase ("In Harlow Bridge, ..."), split into its head and the appositives set off
  by commas ("the truck's driver" / "Daniel Okonkwo"), relative clauses and ages
  dropped, a trailing "of ..." dropped from the head;
* an **age** is the number in "NAME, 41," (the noun phrase just before), in "was
  41"/"died at 93" (the clause's subject) or in "27-year-old nurse Priya Sandhu"
  (the phrase after);
* a **count** names the noun after the number and what happened to it ("three
  people were injured" -> "people injured"), or only the predicate when the
  noun is left out ("Two were taken to hospital");
* a **sum** names what it pays for ("$40,000 for the food bank's freezer", "will
  cost $38 million", "a $2.5-million contract to repave Main Street");
* a **quotation** is attributed to the speaker of "... ," said NAME', 'NAME said',
  '... ," she said' (the person named before) or the subject of the clause that
  quotes ('Trustee Amir Haddad called the plan "..."');
* a **unit** is the word travelling with a number ("three-day", "120 km/h").

Pronouns resolve to the last person the story named; gender is never guessed.
Place names are told from people by how the story uses them ("in Harlow Bridge",
"Harlow Bridge police"). Everything returned is a substring of the story, so a
notice built from it says nothing the revisions do not.

Measured on the notice corpus (``tests/notice_pairs``) a parse takes tens of
microseconds a sentence; only the sentences an edit touched are parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

__all__ = [
    "Referent",
    "action_on",
    "Token",
    "age_referent",
    "attributed_speaker",
    "counted_noun",
    "described_as",
    "event_of",
    "is_person",
    "money_purpose",
    "subject_of",
    "tokens",
    "unit_after",
]

# Titles and ranks written before a name ("Coun. Sheila MacInnis", "Sgt. Ray Dunlevy").
TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "rev", "hon", "sgt", "lt", "gen", "col", "capt", "cmdr", "maj",
    "adm", "cpl", "pte", "pvt", "spc", "sen", "rep", "gov", "supt", "insp", "det", "const", "coun",
    "ald", "cllr", "msgr", "atty", "m.p.p", "m.p", "mpp", "mp", "mla", "mha", "mna", "premier",
    "mayor", "coun", "councillor", "councilor", "alderman", "trustee", "justice", "judge", "chief",
    "deputy", "minister", "president", "senator", "sheriff", "constable", "sergeant", "inspector",
    "superintendent", "corporal", "officer", "detective", "reeve", "warden", "bishop", "father",
}
# Abbreviations whose full stop belongs to the word (a title, a province, "Jr.").
_DOTTED = TITLES | {
    "st", "mt", "ft", "fr", "jr", "sr", "inc", "ltd", "co", "corp", "no", "ont", "que", "man", "sask",
    "alta", "nfld", "b.c", "n.s", "n.b", "p.e.i", "u.s", "u.k", "u.n", "e.u", "d.c", "a.m", "p.m",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "e",
}
_TOKEN = re.compile(
    r"[$€£]?\d+(?:[,.]\d+)*(?:-[A-Za-z]+)*"  # 40,000  $1.4  27-year-old  2.5-million
    r"|[A-Za-z\u00c0-\u024f]\.(?:[A-Za-z]\.)+"  # U.S.  M.P.P.  a.m.
    r"|[\w\u00c0-\u024f]+(?:[-'\u2019/][\w\u00c0-\u024f]+)*"  # words, km/h, break-in, Sandhu's
    r"|[^\w\s]"
)

_PRONOUNS = {"he", "she", "they", "him", "her", "them"}
_POSSESSIVE_PRONOUNS = {"his", "her", "their", "its", "our", "my", "your"}
_DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "another", "each", "every", "both"}
_PREPOSITIONS = {
    "of", "in", "on", "at", "from", "for", "to", "with", "by", "near", "into", "onto", "over", "under",
    "after", "before", "during", "since", "until", "about", "across", "through", "between", "outside",
    "inside", "against", "without", "toward", "towards", "behind", "beside", "along", "around",
}
_OPENERS = {
    "in", "on", "at", "after", "before", "during", "since", "when", "while", "although", "though",
    "because", "if", "as", "according", "under", "despite", "following", "earlier", "later", "last",
    "meanwhile", "however", "instead", "still", "yesterday", "today", "overnight", "also",
}
_SUBORDINATORS = {"who", "whom", "whose", "which", "that", "where", "when", "while", "because", "if", "after"}
_AUXILIARIES = {
    "is", "was", "are", "were", "be", "been", "being", "am", "has", "have", "had", "will", "would",
    "can", "could", "shall", "should", "may", "might", "must", "does", "do", "did", "'s",
}
_REPORTING = {
    "said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "confirmed", "alleged",
    "reported", "heard", "wrote", "writes", "explained", "noted", "argued", "insisted", "warned",
    "announced", "claimed", "testified", "acknowledged", "admitted", "believes", "believed", "asked",
    "called", "calls", "described", "describes", "urged", "replied", "recalled", "continued",
}
_VERBS = _AUXILIARIES | _REPORTING | {
    "dies", "died", "die", "cost", "costs", "happened", "occurred", "won", "beat", "lost", "voted",
    "led", "made", "took", "gave", "went", "came", "saw", "found", "held", "left", "kept", "paid",
    "got", "set", "put", "cut", "hit", "ran", "began", "spent", "sent", "brought", "built", "sold",
    "struck", "fell", "rose", "drew", "traded", "defended", "served", "serves", "lives", "lived",
    "works", "worked", "opened", "opens", "plans", "planned", "wants", "wanted", "needs",
    "approved", "approves", "rejected", "rejects", "passed", "passes", "seized", "rescued", "helped",
    "met", "meets", "fled", "shot", "quit", "won", "rode", "flew", "sank", "burned", "burnt",
}
# Verbs of an event's taking place: the date is the date *of* the subject.
_EVENT_VERBS = {"happened", "occurred", "scheduled", "set", "held", "planned", "slated", "expected", "took", "began", "starts", "start", "begins", "is", "was", "will"}
_NOT_PARTICIPLE = {"need", "red", "bed", "seed", "feed", "shed", "speed", "bred", "hundred", "sled", "wed", "led"}
# Words after which a capitalised run names a place, not a person.
_PLACE_BEFORE = {"in", "at", "from", "near", "to", "into", "of", "across", "outside", "inside", "through"}
# Nouns that, after a capitalised run, make it a modifier: "Harlow Bridge police".
_ORGANISATION_NOUNS = {
    "police", "council", "resident", "residents", "transit", "school", "schools", "hospital", "city",
    "town", "county", "region", "board", "fire", "officials", "mayor", "man", "woman", "area", "road",
    "street", "highway", "river", "court", "office", "department", "company", "government",
}


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower().rstrip(".")

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()

    @property
    def number(self) -> bool:
        return self.text[:1].isdigit() or self.text[:1] in "$€£"


def tokens(sentence: str) -> list[Token]:
    """Words, numbers and punctuation with their spans; an abbreviation keeps its full stop."""
    out: list[Token] = []
    for match in _TOKEN.finditer(sentence):
        start, end = match.span()
        word = match.group(0)
        if out and start < out[-1].end:
            continue  # the full stop an abbreviation took
        if end < len(sentence) and sentence[end] == "." and (
            word.lower() in _DOTTED or (len(word) == 1 and word.isupper())
        ) and not _sentence_final(sentence, end):
            end += 1
            word += "."
        out.append(Token(word, start, end))
    return out


def _sentence_final(sentence: str, dot: int) -> bool:
    """A full stop at the very end of the sentence ends it, abbreviation or not."""
    return not sentence[dot + 1:].strip(" \"'\u201d\u2019)")


@dataclass(frozen=True)
class Referent:
    """Who a value is about: a person's name, a description, or both.

    ``name`` is the name as the story gives it in full; ``description`` a noun
    phrase that says who the person is ("the truck's driver"); ``text`` the
    subject as written when neither applies ("Sandhu's mother").
    """

    name: str | None = None
    description: str | None = None
    text: str | None = None

    @property
    def phrase(self) -> str | None:
        """The way a notice names the referent ("Daniel Okonkwo, the truck's driver")."""
        if self.name and self.description:
            return f"{self.name}, {self.description}"
        return self.name or self.description or self.text


# ------------------------------------------------------------------ clauses


def _clause_start(toks: Sequence[Token], index: int) -> int:
    """The first token of the clause holding ``toks[index]``."""
    start = 0
    for i in range(index):
        word = toks[i].lower
        if toks[i].text in (";", ":", "\u2014", "\u2013") or (toks[i].text == "-" and i and toks[i - 1].text == "-"):
            start = i + 1
        elif word in _REPORTING and i + 1 < index:
            # "police said [the driver was 47]"; "told the court [her family ...]"
            nxt = i + 1
            if toks[nxt].lower == "that":
                nxt += 1
            elif word in ("told", "tells") and nxt < index:
                nxt = _after_object(toks, nxt, index)
            if nxt < index and toks[nxt].text not in (",", '"', "\u201c", "."):
                start = nxt
        elif toks[i].text == "," and i + 1 < index and toks[i + 1].lower in ("and", "but") and _opens_subject(toks, i + 2):
            start = i + 2
        elif toks[i].lower in ("and", "but") and i + 1 < index and toks[i + 1].lower in _DETERMINERS | _POSSESSIVE_PRONOUNS \
                and _first_verb(toks, i + 1, index + 1) is not None:
            start = i + 1  # "The suspect is 19 and [the victim is 22]"
    return start


def _after_object(toks: Sequence[Token], i: int, limit: int) -> int:
    """Past the object of "told" ("told the court", "told a budget committee meeting")."""
    if i < limit and toks[i].lower in _DETERMINERS | _POSSESSIVE_PRONOUNS:
        i += 1
    while i < limit and not toks[i].capital and toks[i].lower not in _VERBS and toks[i].lower not in _PREPOSITIONS \
            and toks[i].lower not in _DETERMINERS | _POSSESSIVE_PRONOUNS | _PRONOUNS and toks[i].text.isalpha():
        i += 1
    while i < limit and toks[i].capital and toks[i].lower not in _PRONOUNS:  # "told Reyes"
        i += 1
    return i


def _opens_subject(toks: Sequence[Token], i: int) -> bool:
    return i < len(toks) and (toks[i].lower in _DETERMINERS | _POSSESSIVE_PRONOUNS | _PRONOUNS or toks[i].capital)


def _first_verb(toks: Sequence[Token], start: int, limit: int) -> int | None:
    """The clause's main verb: the first verb-like word outside a relative clause."""
    i = start
    while i < limit:
        tok = toks[i]
        if tok.text == ",":
            nxt = toks[i + 1] if i + 1 < limit else None
            # a relative clause ("the driver, who lives ...,"): skip to its closing comma
            if nxt is not None and nxt.lower in ("who", "which", "whose", "whom"):
                j = i + 1
                while j < limit and toks[j].text != ",":
                    j += 1
                i = j + 1
                continue
        elif _is_verb(toks, i, start):
            return i
        i += 1
    return None


def _is_verb(toks: Sequence[Token], i: int, start: int) -> bool:
    tok = toks[i]
    word = tok.lower
    if tok.capital and i > start:
        return False
    if word in _VERBS:
        return True
    if i > start and len(word) > 4 and word.endswith("ed") and word not in _NOT_PARTICIPLE:
        prev = toks[i - 1]
        return not (prev.lower in _DETERMINERS or prev.lower in _POSSESSIVE_PRONOUNS)
    return False


def _strip_opener(toks: Sequence[Token], start: int, verb: int) -> int:
    """Past an opening phrase ("In Harlow Bridge, ...", "On Tuesday, ...")."""
    if start < verb and toks[start].lower in _OPENERS:
        for j in range(start, verb):
            if toks[j].text == ",":
                return j + 1
    return start


# ------------------------------------------------------------------ noun phrases


def _parts(sentence: str, toks: Sequence[Token], start: int, end: int) -> list[tuple[int, int]]:
    """The comma-separated parts of a subject, as token ranges, relative clauses and ages dropped."""
    parts: list[tuple[int, int]] = []
    i = start
    begin = start
    while i <= end:
        if i == end or toks[i].text == ",":
            if begin < i:
                parts.append((begin, i))
            begin = i + 1
        i += 1
    kept = []
    for a, b in parts:
        first = toks[a].lower
        if first in _SUBORDINATORS or all(t.number for t in toks[a:b]) or first in ("and", "or"):
            continue
        kept.append((a, b))
    return kept


def _text(sentence: str, toks: Sequence[Token], a: int, b: int) -> str:
    return sentence[toks[a].start:toks[b - 1].end].strip(" ,;:\"'\u201c\u201d")


def _name_in(sentence: str, toks: Sequence[Token], a: int, b: int, story: Sequence[str] = ()) -> str | None:
    """The person's name a part holds: its last run of capitalised words, title kept."""
    runs: list[tuple[int, int]] = []
    i = a
    while i < b:
        if toks[i].capital and not toks[i].number and toks[i].lower not in _DETERMINERS | _PRONOUNS | _POSSESSIVE_PRONOUNS:
            j = i
            while j < b and (toks[j].capital or (toks[j].lower in ("de", "van", "von", "la", "le", "du") and j + 1 < b and toks[j + 1].capital)):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    for ra, rb in reversed(runs):
        # "Harlow Bridge police": a run that modifies a common noun is not the head
        if rb < b and toks[rb].lower in _ORGANISATION_NOUNS:
            continue
        if rb < b and toks[rb].text in ("'s", "\u2019s"):
            continue
        name = _without_opening_noun(_clean_name(sentence[toks[ra].start:toks[rb - 1].end]), ra == 0)
        if name and (not story or is_person(name, story)):
            return name
    return None


def _clean_name(text: str) -> str:
    text = re.sub(r"(?:'s|\u2019s|')$", "", text.strip())
    return text.rstrip(",;:")


_OCCUPATION = re.compile(r"^[A-Z][a-z]+(?:er|or|ist|ian|ant|ent)$")


def _without_opening_noun(name: str, at_start: bool) -> str:
    """"Sprinter Alicia Greaves" opening a sentence: the capital is the sentence's,
    the occupation is not part of the name."""
    words = name.split()
    if at_start and len(words) >= 3 and _OCCUPATION.match(words[0]) and words[0].lower() not in TITLES:
        return " ".join(words[1:])
    return name


def _head_part(sentence: str, toks: Sequence[Token], a: int, b: int) -> tuple[int, int]:
    """A part less its trailing prepositional phrase ("the driver of the truck" stays; a
    name loses "of Harlow Bridge")."""
    for j in range(a + 1, b):
        if toks[j].lower in _PREPOSITIONS and toks[j - 1].capital:
            return a, j
    return a, b


def _description(sentence: str, toks: Sequence[Token], a: int, b: int) -> str | None:
    """A part that says who someone is ("the truck's driver", "a witness")."""
    text = _text(sentence, toks, a, b)
    if not text or toks[a].lower in _POSSESSIVE_PRONOUNS or toks[a].lower in _PRONOUNS:
        return None  # "her challenger": who "her" is would need the notice to say
    words = text.split()
    # a noun phrase with its article ("the truck's driver", "a witness"), not "now 24"
    if len(words) > 8 or words[0].lower() not in _DETERMINERS or any(ch.isdigit() for ch in text):
        return None
    return text[0].lower() + text[1:]


def _referent(sentence: str, toks: Sequence[Token], start: int, end: int, story: Sequence[str], index: int) -> Referent | None:
    """The person (or thing) the tokens ``[start, end)`` of a subject name."""
    parts = _parts(sentence, toks, start, end)
    if not parts:
        return None
    if len(parts) == 1 and parts[0][1] - parts[0][0] == 1 and toks[parts[0][0]].lower in _PRONOUNS:
        person = last_person(story, index)
        return Referent(name=person) if person else None
    name = None
    description = None
    for a, b in parts:
        ha, hb = _head_part(sentence, toks, a, b)
        found = _name_in(sentence, toks, ha, hb, story)
        if found and name is None and _text(sentence, toks, ha, hb).endswith(found):
            name = found
        elif description is None:
            description = _description(sentence, toks, a, b)
    if name:
        return Referent(name=full_name(name, story), description=description)
    if description:
        # "the truck's driver" named elsewhere in the story ("the driver, Daniel Okonkwo")
        named = _named_elsewhere(description, story)
        if named:
            return Referent(name=named, description=description)
        return Referent(description=description)
    text = _text(sentence, toks, *parts[0])
    return Referent(text=text) if text else None


def _named_elsewhere(description: str, story: Sequence[str]) -> str | None:
    head = description.split()[-1]
    pattern = re.compile(rf"\b{re.escape(head)},\s+((?:[A-Z][\w'.-]*\s?){{2,4}}),")
    for text in story:
        match = pattern.search(text)
        if match:
            return match.group(1).strip()
    return None


# ------------------------------------------------------------------ people


def described_as(name: str, story: Sequence[str]) -> str | None:
    """What the story says ``name`` is, from an appositive: "Tomas Bell, a witness," or
    "the truck's driver, Daniel Okonkwo," -> "a witness", "the truck's driver". None
    for a name with a title (the title says it) or with no such phrase."""
    words = name.split()
    if not words or words[0].lower().rstrip(".") in TITLES:
        return None
    text = joined(story)
    if name not in text:
        return None
    escaped = re.escape(name)
    after = re.search(rf"\b{escaped}, +(?:\d{{1,3}}, +)?((?:the|a|an) [a-z][\w'\u2019 -]{{2,60}}?)[,.;]", text)
    if after and not re.search(r"\b(?:who|which|that|and|said|says)\b", after.group(1)):
        return after.group(1)
    before = re.search(rf"\b((?:[Tt]he|[Aa]n?) [a-z][\w'\u2019 -]{{2,60}}?), +{escaped},", text)
    if before and not re.search(r"\b(?:who|which|that|and|said|says)\b", before.group(1)):
        return before.group(1)[0].lower() + before.group(1)[1:]
    return None


def is_person(name: str, story: Sequence[str]) -> bool:
    """Whether the story uses ``name`` as a person's name rather than a place's or body's."""
    words = name.split()
    if words and words[0].lower().rstrip(".") in TITLES:
        return True
    if len(words) == 1:
        full = full_name(name, story)
        if len(full.split()) >= 2:
            return is_person(full, story)  # "Ellison", given in full as "Margaret Ellison"
    escaped = re.escape(name)
    text = joined(story)
    if name not in text:
        return len(words) >= 2
    # spaces, not \s: the joined story has one sentence a line, and "dies at 93" ends one
    place = re.compile(rf"\b(?:{'|'.join(_PLACE_BEFORE)}) +(?:the +)?(?:[\w-]+ +)?{escaped}\b")
    modifier = re.compile(rf"\b{escaped} +(?:{'|'.join(_ORGANISATION_NOUNS)})\b")
    age = re.compile(rf"\b{escaped}, +\d{{1,3}}\b")
    surname = words[-1] if len(words) >= 2 else None
    if age.search(text):
        return True
    if place.search(text) or modifier.search(text):
        return False
    if surname and surname[:1].isupper():
        # the surname alone, as a second reference ("Okonkwo said"), not inside the full name
        alone = re.compile(rf"(?<![\w.] )(?<!\w)\b{re.escape(surname)}\b(?!\s+[A-Z])")
        if any(alone.search(line) for line in text.split("\n") if name not in line):
            return True
    return len(words) >= 2


_JOINED: dict[int, tuple[Sequence[str], str]] = {}


def joined(story: Sequence[str]) -> str:
    """The story's sentences as one text, one a line, made once per story: a name is
    looked up with one regex scan, not one per sentence."""
    key = id(story)
    cached = _JOINED.get(key)
    if cached is not None and cached[0] is story:
        return cached[1]
    text = "\n".join(story)
    _JOINED.clear()  # one story at a time: drafting works on one pair
    _JOINED[key] = (story, text)
    return text


def full_name(name: str, story: Sequence[str]) -> str:
    """The name as the story first gives it in full ("Omar Khadr" for "Khadr")."""
    if len(name.split()) >= 2:
        return name
    text = joined(story)
    if name not in text:
        return name
    pattern = re.compile(rf"((?:[A-Z][\w'.-]*[ ]){{1,4}}){re.escape(name)}\b")
    for match in pattern.finditer(text):
        # a sentence-initial "The" or "Defence" is not part of the name
        words = match.group(0).split()
        while len(words) > 1 and words[0].lower() in _DETERMINERS | _OPENERS | _POSSESSIVE_PRONOUNS:
            words.pop(0)
        at_start = match.start() == 0 or text[match.start() - 1] == "\n"
        found = _without_opening_noun(" ".join(words), at_start)
        if len(found.split()) >= 2:
            return found
    return name


def last_person(story: Sequence[str], index: int) -> str | None:
    """The person "he" or "she" in sentence ``index`` stands for: the subject of the
    sentences before, if a person, else the first person they name."""
    for text in reversed(story[:index]):
        toks = tokens(text)
        verb = _first_verb(toks, 0, len(toks))
        if verb:
            begin = _strip_opener(toks, 0, verb)
            parts = _parts(text, toks, begin, verb)
            for a, b in parts:
                ha, hb = _head_part(text, toks, a, b)
                name = _name_in(text, toks, ha, hb, story)
                if name:
                    return full_name(name, story)
        found = [n for n in _names(text, toks) if is_person(n, story)]
        if found:
            return full_name(found[0], story)
    return None


def _names(text: str, toks: Sequence[Token]) -> list[str]:
    out = []
    i = 0
    while i < len(toks):
        if toks[i].capital and not toks[i].number and toks[i].lower not in _DETERMINERS | _PRONOUNS | _POSSESSIVE_PRONOUNS | _OPENERS:
            j = i
            while j < len(toks) and toks[j].capital:
                j += 1
            name = _clean_name(text[toks[i].start:toks[j - 1].end])
            out.append(name)
            i = j
        else:
            i += 1
    return out


def subject_of(sentence: str, position: int, story: Sequence[str] = (), index: int = 0) -> Referent | None:
    """The subject of the clause holding character ``position`` of ``sentence``."""
    toks = tokens(sentence)
    at = next((i for i, t in enumerate(toks) if t.end > position), len(toks) - 1)
    if not toks:
        return None
    start = _clause_start(toks, at)
    verb = _first_verb(toks, start, at + 1)
    if verb is None:
        verb = _first_verb(toks, start, len(toks))
    if verb is None or verb <= start:
        return None
    start = _strip_opener(toks, start, verb)
    return _referent(sentence, toks, start, verb, story, index) if start < verb else None


# ------------------------------------------------------------------ ages

_AGE_VERB = re.compile(r"\b(?:was|is|were|are|aged|age of|dies at|died at|dead at|turned|turns)\s+$", re.I)


def age_referent(sentence: str, start: int, end: int, story: Sequence[str], index: int) -> Referent | None:
    """Whose age the number at ``sentence[start:end]`` is, or None if it is no age."""
    written = sentence[start:end]
    before, after = sentence[:start], sentence[end:]
    toks = tokens(sentence)
    at = next((i for i, t in enumerate(toks) if t.start >= start), None)
    if at is None:
        return None
    if re.search(r"-year-old$", written):
        # "27-year-old nurse Priya Sandhu", "a 29-year-old man", "Khadr, a 15-year-old"
        j = at + 1
        limit = j
        while limit < len(toks) and toks[limit].text not in (",", ".", ";") and toks[limit].lower not in _VERBS:
            limit += 1
        if limit > j:
            name = _name_in(sentence, toks, j, limit, story)
            if name:
                return Referent(name=full_name(name, story))
            words = _text(sentence, toks, j, limit)
            if words and not words[0].isupper():
                return Referent(description="the " + words.split()[0] if len(words.split()) == 1 else "the " + words)
        owner = at
        if owner > 0 and toks[owner - 1].lower in _DETERMINERS:
            owner -= 1  # "Khadr, a 15-year-old,": the name before the article's comma
        return _appositive_owner(sentence, toks, owner, story, index) or subject_of(sentence, start, story, index)
    if re.match(r"^\s*[,.;)]|^\s*$", after) and re.search(r",\s*$", before):
        # "NAME, 41," — the phrase just before the comma
        return _appositive_owner(sentence, toks, at, story, index)
    following = re.match(r"^\s*(%|per\s?cent|[a-z]+)\b", after)
    counted = following is not None and following.group(1) not in _AFTER_AN_AGE  # "was 40 people", "is 3 per cent"
    if _AGE_VERB.search(before) and not counted:
        return subject_of(sentence, start, story, index)
    if re.search(r"\b(?:died|dies|dead)\b[^.;,]*\bat\s+$", before) and not re.match(r"^\s*[a-z%]", after):
        return subject_of(sentence, start, story, index)  # "Ellison died Tuesday at 93"
    if re.match(r"^\s+years?\s+old\b", after):
        return subject_of(sentence, start, story, index)
    return None


# Words that may follow an age ("was 19 and", "was 22 at the time", "is 41 years old").
_AFTER_AN_AGE = {"and", "but", "or", "when", "at", "in", "on", "of", "after", "before", "while", "with", "years",
                 "year", "the", "to", "last", "this", "then", "now", "until", "as", "by", "so"}


def _appositive_owner(sentence: str, toks: Sequence[Token], at: int, story: Sequence[str], index: int) -> Referent | None:
    """The noun phrase before "NAME, 41": the name, with the description before it."""
    i = at - 1
    if i >= 0 and toks[i].text == ",":
        i -= 1
    end = i + 1
    while i >= 0 and toks[i].text not in (",", ";", ":", "(", '"', "\u201c") and toks[i].lower not in _VERBS and toks[i].lower not in ("and", "or"):
        i -= 1
    start = i + 1
    if start >= end:
        return None
    name = _name_in(sentence, toks, start, end, story)
    if not name:
        desc = _description(sentence, toks, start, end)
        return Referent(description=desc) if desc else None
    # "A witness, Tomas Bell, 34": the description is the phrase before the name
    description = None
    if i >= 1 and toks[i].text == ",":
        j = i - 1
        while j >= 0 and toks[j].text not in (",", ";", ":", '"', "\u201c") and toks[j].lower not in _VERBS and toks[j].lower not in ("and",):
            j -= 1
        description = _description(sentence, toks, j + 1, i)
    return Referent(name=full_name(name, story), description=description)


# ------------------------------------------------------------------ counts

_PARTICIPLE_WORDS = {"died", "injured", "killed", "hurt", "rescued", "arrested", "charged", "evacuated", "hospitalized", "hospitalised", "taken", "seized", "laid", "hired", "affected", "displaced", "missing", "dead", "treated", "fired", "cut", "sold", "built", "found", "left", "held", "wounded", "stranded", "trapped"}


@dataclass(frozen=True)
class Count:
    """What a number counts: the noun after it ("people"), what happened to them
    ("injured", "who have died", "taken to hospital") and the auxiliary the
    sentence used ("were"), for "how many were taken to hospital"."""

    noun: str | None = None
    predicate: str | None = None
    auxiliary: str = ""

    @property
    def plural(self) -> bool:
        last = (self.noun or "").split()[-1:] or [""]
        return last[0].endswith("s") and not last[0].endswith("ss") or last[0] in _PLURALS


_PLURALS = {"people", "children", "men", "women", "police", "staff", "cattle", "sheep", "fish", "deer", "personnel"}


def counted_noun(sentence: str, start: int, end: int) -> Count:
    """What the number at ``sentence[start:end]`` counts.

    "Three people were injured" -> people / injured; "Two were taken to hospital"
    -> no noun / taken to hospital (were); "seized 14 firearms" -> firearms / seized.
    """
    toks = tokens(sentence)
    at = next((i for i, t in enumerate(toks) if t.start >= start), None)
    if at is None:
        return Count()
    j = at + 1
    noun_words: list[str] = []
    while j < len(toks) and len(noun_words) < 3:
        tok = toks[j]
        if not tok.text.isalpha() or tok.capital or tok.lower in _VERBS or tok.lower in _PREPOSITIONS \
                or tok.lower in _DETERMINERS or tok.lower in ("and", "or", "but", "more", "than", "who", "that", "which"):
            break
        noun_words.append(tok.text)
        j += 1
        if tok.lower in _PLURALS or tok.lower.endswith("s") and not tok.lower.endswith("ss"):
            break  # a plural noun ends the phrase: "three rural schools"
    if noun_words and noun_words[-1].lower() in _PARTICIPLE_WORDS:
        participle = noun_words.pop()
        return Count(" ".join(noun_words) or None, participle)
    if not noun_words and j + 2 < len(toks) and toks[j].lower == "of" and toks[j + 1].lower in ("the", "those", "these", "their", "his", "her"):
        k = j + 2
        while k < len(toks) and toks[k].text.isalpha() and not toks[k].capital and toks[k].lower not in _VERBS and k - j < 5:
            noun_words.append(toks[k].text)  # "three of the victims"
            k += 1
        j = k
    noun = " ".join(noun_words) or None
    auxiliary, predicate = _predicate(toks, j)
    if predicate is None and noun and at > 0 and toks[at - 1].lower.endswith("ed") \
            and toks[at - 1].lower not in _NOT_PARTICIPLE and toks[at - 1].lower not in ("helped", "included"):
        predicate = toks[at - 1].text  # "seized 14 firearms" -> "firearms seized"
    if predicate and noun and auxiliary and auxiliary not in ("were", "was", "are", "is", "been"):
        predicate = f"who {auxiliary} {predicate}"  # "people who have died"
    elif predicate and noun and not auxiliary and predicate in ("died",):
        predicate = "who died"
    return Count(noun, predicate, auxiliary)


def _predicate(toks: Sequence[Token], j: int) -> tuple[str, str | None]:
    """"were injured", "have died", "were taken to hospital for ..." -> the auxiliary
    and the participle with a short complement ("taken to hospital")."""
    aux: list[str] = []
    while j < len(toks) and toks[j].lower in ("were", "was", "are", "is", "have", "has", "had", "been", "be", "will"):
        aux.append(toks[j].text)
        j += 1
    if j >= len(toks) or not toks[j].text.isalpha() or toks[j].capital:
        return "", None
    word = toks[j].lower
    participle = word in _PARTICIPLE_WORDS or (len(word) > 4 and word.endswith("ed") and word not in _NOT_PARTICIPLE)
    if not participle or (not aux and word != "died"):
        return "", None
    words = [toks[j].text]
    k = j + 1
    if k + 1 < len(toks) and toks[k].lower in ("to", "from", "out") and toks[k + 1].text.isalpha() \
            and not toks[k + 1].capital and toks[k + 1].lower not in _DETERMINERS | _POSSESSIVE_PRONOUNS:
        words += [toks[k].text, toks[k + 1].text]  # "taken to hospital"
    return " ".join(aux), " ".join(words)


def quantity_phrase(sentence: str, start: int, end: int) -> str:
    """A number with its unit as written, with the article and noun of a compound
    ("a three-day period"; "120 mph")."""
    written = sentence[start:end]
    after = sentence[end:]
    unit = re.match(r"^\s*(°\s?[CF]\b|[A-Za-z/]+)", after)
    if "-" in written:
        noun = re.match(r"^\s+([a-z]+)\b", after)
        phrase = written + (f" {noun.group(1)}" if noun and noun.group(1) not in _PREPOSITIONS | {"and", "or"} else "")
        article = re.search(r"\b(a|an|the)\s+$", sentence[:start])
        return f"{article.group(1)} {phrase}" if article and article.group(1) in ("a", "an") else phrase
    if unit and unit.group(1).replace(" ", "").lower() in UNITS:
        return written + after[: unit.end()]
    return written


# ------------------------------------------------------------------ money

_DEAL_NOUNS = {"deal", "contract", "grant", "bill", "budget", "loan", "fine", "settlement", "purchase", "acquisition", "takeover", "merger", "package", "project", "plan", "bid", "award", "donation", "fund", "investment", "agreement", "lawsuit", "subsidy"}


def money_purpose(sentence: str, start: int, end: int, story: Sequence[str] = (), index: int = 0) -> str | None:
    """What the sum at ``sentence[start:end]`` is, as a notice names it ("the cost of
    the new downtown arena", "the value of the contract to repave Main Street",
    "the amount approved for the food bank's new walk-in freezer")."""
    toks = tokens(sentence)
    at = next((i for i, t in enumerate(toks) if t.start >= start), None)
    if at is None:
        return None
    j = at + 1
    while j < len(toks) and toks[j].lower in ("million", "billion", "thousand", "trillion"):
        j += 1
    prev = toks[at - 1].lower if at > 0 else ""
    if prev in ("cost", "costs", "will", "would") or (at > 1 and toks[at - 1].lower == "cost"):
        subject = subject_of(sentence, start, story, index)
        if subject and subject.phrase:
            phrase = subject.phrase if subject.name else _sentence_case(subject.phrase, sentence, [*story, sentence])
            return f"the cost of {_the(phrase)}"
    for k in range(j, min(j + 3, len(toks))):
        if not toks[k].text.replace("-", "").isalpha() or toks[k].capital:
            break
        if toks[k].lower in _DEAL_NOUNS:  # "a $2.5-million contract", "a $14 billion border security bill"
            noun = sentence[toks[j].start:toks[k].end]
            return f"the value of the {noun}{_purpose_tail(sentence, toks, k + 1)}"
    tail = _purpose_tail(sentence, toks, j)
    if prev == "fined":
        return f"the fine{tail}"
    if tail:
        verb = prev if prev in _MONEY_VERBS else ""
        return f"the amount{' ' + verb if verb else ''}{tail.replace(' on ', ' for ', 1) if tail.startswith(' on ') else tail}"
    return None


# Verbs that read well after "the amount": "the amount approved for the freezer".
_MONEY_VERBS = {"approved", "raised", "budgeted", "allocated", "awarded", "pledged", "earmarked", "spent", "donated", "granted", "requested", "sought", "paid", "collected", "offered"}


def _purpose_tail(sentence: str, toks: Sequence[Token], j: int) -> str:
    """" for the food bank's new walk-in freezer", " to repave Main Street": the purpose
    phrase after a sum, up to a comma or a new clause."""
    if j >= len(toks) or toks[j].lower not in ("for", "to", "on"):
        return ""
    k = j + 1
    while k < len(toks) and toks[k].text not in (",", ".", ";", ":", '"') and toks[k].lower not in ("after", "before", "when", "while", "because", "and", "but", "which", "who", "than", "from", "by") \
            and (k == j + 1 or (toks[k].lower not in _VERBS and toks[k].lower not in _PREPOSITIONS)) and k - j <= 8:
        k += 1
    if k == j + 1:
        return ""
    words = sentence[toks[j].start:toks[k - 1].end]
    if toks[j].lower == "to" and toks[j + 1].lower in _DETERMINERS | _POSSESSIVE_PRONOUNS:
        return ""  # "awarded $X to the company" names who gets it, not what it pays for
    return " " + words


# Subjects that open news sentences and are never names ("Police arrested ...").
_COMMON_SUBJECTS = {"firefighters", "paramedics", "investigators", "crews", "authorities", "officers", "voters",
                    "councillors", "trustees", "workers", "students", "parents", "witnesses", "doctors", "nurses"}


def _sentence_case(phrase: str, sentence: str, story: Sequence[str] = ()) -> str:
    """"Tickets" opening the sentence is "tickets" inside a notice, when it is a
    common noun: the story writes it in lower case somewhere ("Ortiz" stays)."""
    first = phrase.split()[0] if phrase.split() else ""
    if sentence.startswith(phrase) and first[:1].isupper() and not first[:2].isupper():
        lower = first.lower()
        if lower in _ORGANISATION_NOUNS or lower in _COMMON_SUBJECTS:
            return phrase[0].lower() + phrase[1:]
        if re.search(rf"(?<![.!?] )(?<!^)\b{re.escape(lower)}\b", joined([*story, sentence]), re.M):
            return phrase[0].lower() + phrase[1:]
    return phrase


def _the(phrase: str) -> str:
    words = phrase.split()
    if words and words[0].lower() in _POSSESSIVE_PRONOUNS:
        words[0] = "the"
    elif words and words[0] in ("The", "A", "An"):
        words[0] = words[0].lower()
    return " ".join(words)


# ------------------------------------------------------------------ dates


def event_of(sentence: str, start: int, story: Sequence[str] = (), index: int = 0) -> str | None:
    """What happens on the date at ``sentence[start:]`` ("the bail hearing", "the
    break-in"), when the clause says the subject takes place then."""
    toks = tokens(sentence)
    at = next((i for i, t in enumerate(toks) if t.start >= start), None)
    if at is None:
        return None
    clause = _clause_start(toks, at)
    verb = _first_verb(toks, clause, at)
    if verb is None:
        return None
    words = {t.lower for t in toks[verb:at]}
    if not words & _EVENT_VERBS:
        return None
    begin = _strip_opener(toks, clause, verb)
    if begin >= verb:
        return None
    phrase = _text(sentence, toks, begin, verb)
    if not phrase or phrase.split()[0].lower() in _PRONOUNS or (phrase[:1].isupper() and phrase.split()[0].lower() not in _DETERMINERS | _POSSESSIVE_PRONOUNS):
        return None
    if "," in phrase or len(phrase.split()) > 6:
        return None
    return _the(phrase if phrase.split()[0].lower() in _DETERMINERS | _POSSESSIVE_PRONOUNS else "the " + phrase)


def action_on(sentence: str, start: int, story: Sequence[str] = ()) -> str | None:
    """What the clause holding the date at ``sentence[start:]`` says happened, as a
    relative clause: "Council met on Tuesday" -> "Council met"; "The Senate on
    Wednesday passed the bill" -> "the Senate passed the bill". None when the
    object is long or holds a figure (the notice would repeat half the sentence)."""
    toks = tokens(sentence)
    at = next((i for i, t in enumerate(toks) if t.start >= start), None)
    if at is None:
        return None
    clause = _clause_start(toks, at)
    verb = _first_verb(toks, clause, len(toks))
    if verb is None or toks[verb].lower in _AUXILIARIES:
        return None
    begin = _strip_opener(toks, clause, verb)
    end = begin
    while end < verb and toks[end].lower not in _PREPOSITIONS and toks[end].text not in (",", ";"):
        end += 1  # "The Senate on Wednesday": the subject stops at the date's preposition
    if end == begin or end - begin > 5:
        return None
    subject = _sentence_case(_text(sentence, toks, begin, end), sentence, story)
    if subject.split()[0].lower() in _PRONOUNS:
        return None
    k = verb + 1
    while k < len(toks) and toks[k].text.replace("'", "").isalpha() and toks[k].lower not in _PREPOSITIONS \
            and k - verb <= 5 and toks[k].start != start:
        k += 1
    after = toks[k] if k < len(toks) else None
    if after is not None and after.text not in (".", ",", ";") and after.lower not in _PREPOSITIONS and after.start != start:
        return None  # a figure or a name inside the object: too much to restate
    return " ".join([subject, sentence[toks[verb].start:toks[k - 1].end]])


# ------------------------------------------------------------------ quotations

_SPEECH = "said|says|added|adds|told|asked|wrote|explained|noted|insisted|warned|continued|replied|stated"
_AFTER_QUOTE = re.compile(
    rf"^[\s,]*(?:[\"\u201d]\s*)?(?:,\s*)?(?:(?P<verb1>{_SPEECH})\s+(?P<who1>(?:[A-Z][\w'.\u2019-]*\s?){{1,5}})"
    rf"|(?P<who2>(?:[A-Z][\w'.\u2019-]*\s?){{1,5}}|he|she|they)\s+(?:{_SPEECH})\b)"
)
_DESCRIPTION_AFTER = re.compile(r"^,\s+((?:a|an|the)\s[^,.;\"]{3,60}?)(?:[,.;]|$)")


def attributed_speaker(sentence: str, quote_start: int, quote_end: int, story: Sequence[str] = (), index: int = 0) -> Referent | None:
    """Who speaks the quotation whose words are ``sentence[quote_start:quote_end]``."""
    after = sentence[quote_end:]
    match = _AFTER_QUOTE.match(after)
    if match:
        who = (match.group("who1") or match.group("who2") or "").strip()
        if who.lower() in _PRONOUNS:
            person = last_person(story, index)
            return Referent(name=person) if person else None
        if who and who.split()[0].lower() not in _DETERMINERS:
            rest = after[match.end():] if match.group("who1") else ""
            description = _DESCRIPTION_AFTER.match(rest) if rest.startswith(",") else None
            return Referent(name=full_name(_clean_name(who), story), description=description.group(1) if description else None)
    described = re.match(rf"^[\s,]*(?:[\"\u201d]\s*)?(?:,\s*)?(?:{_SPEECH})\s+((?:the|a|an)\s(?:[a-z'\u2019-]+\s?){{1,4}})", after)
    if described:
        return Referent(description=described.group(1).strip().rstrip(".,"))  # '"No comment," said the spokesperson'
    according = re.search(r"\b[Aa]ccording to ((?:[A-Z][\w'.\u2019-]*\s?){1,6}),", sentence[:quote_start])
    if according:
        return Referent(name=full_name(_clean_name(according.group(1)), story))
    # 'NAME said: "..."', 'Trustee Amir Haddad called the plan "..."': the subject
    # of the last reporting verb before the quotation, not of a clause it reports
    toks = tokens(sentence)
    verbs = [t for t in toks if t.end <= quote_start and t.lower in _REPORTING]
    opening = verbs[-1].start if verbs else max(quote_start - 1, 0)
    subject = subject_of(sentence, opening, story, index) if opening > 0 else None
    if subject and (subject.name or subject.text or subject.description):
        return subject
    # a quotation opening the sentence whose attribution is the next sentence's
    if index + 1 < len(story):
        nxt = story[index + 1]
        found = re.match(rf"^((?:[A-Z][\w'.\u2019-]*\s?){{1,4}})\s(?:{_SPEECH})\b", nxt)
        if found:
            return Referent(name=full_name(found.group(1).strip(), story))
    person = last_person(story, index + 1)
    return Referent(name=person) if person else None


# ------------------------------------------------------------------ units

UNITS = {
    "km/h": "speed", "mph": "speed", "kph": "speed", "knots": "speed",
    "km": "distance", "kilometres": "distance", "kilometers": "distance", "miles": "distance", "mile": "distance",
    "metres": "distance", "meters": "distance", "m": "distance", "feet": "distance", "foot": "distance",
    "centimetres": "depth", "centimeters": "depth", "cm": "depth", "millimetres": "depth", "millimeters": "depth",
    "mm": "depth", "inches": "depth", "inch": "depth",
    "kg": "weight", "kilograms": "weight", "pounds": "weight", "lb": "weight", "tonnes": "weight", "tons": "weight",
    "grams": "weight", "litres": "volume", "liters": "volume", "gallons": "volume",
    "hectares": "area", "acres": "area",
    "seconds": "length of time", "minutes": "length of time", "hours": "length of time", "days": "length of time",
    "weeks": "length of time", "months": "length of time", "years": "length of time",
    "second": "length of time", "minute": "length of time", "hour": "length of time", "day": "length of time",
    "week": "length of time", "month": "length of time", "year": "length of time",
    "degrees": "temperature", "°c": "temperature", "°f": "temperature",
}


def unit_after(sentence: str, start: int, end: int) -> str | None:
    """The unit travelling with the number at ``sentence[start:end]``: "day" in
    "three-day", "km/h" in "120 km/h", "weeks" in "six weeks"."""
    written = sentence[start:end]
    attached = re.search(r"-([a-z]+)(?:-old)?$", written, re.I)
    if attached and attached.group(1).lower() in UNITS:
        return attached.group(1).lower()
    following = re.match(r"^\s*(°\s?[CF]\b|[A-Za-z/]+)", sentence[end:])
    if following:
        word = following.group(1).replace(" ", "").lower()
        if word in UNITS:
            return word
    return None
