"""Normalisation and segmentation of article text.

Everything that points at a place in an article ("paragraph 4, sentence 3") goes
through :func:`segment`, so the diff, the checks, claim anchors and the CLI agree on
the numbering. Indexes count from 0; body paragraphs are numbered separately from
the headline, section label, captions and credits, which keep their ``role``.

The sentence splitter is a regular expression plus an abbreviation list: on news
copy it measured more accurate than pysbd and syntok and about 100 times faster
(see ``shared`` measurements and ``tests/test_text.py``).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
import unicodedata
from dataclasses import dataclass, field

from factcheck.text.calendar_names import MONTHS, WEEKDAYS

__all__ = [
    "Block",
    "Document",
    "Sentence",
    "fingerprint",
    "normalise",
    "segment",
    "sha256_of",
    "split_sentences",
]

# Characters that change nothing a reader sees, folded before anything is compared.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# _INVISIBLE and _SPACES as (character, replacement) pairs (see normalise).
_SPACE_FOLD = tuple(
    # Page and section breaks pasted from PDFs and word processors are line breaks.
    [(char, "\n") for char in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"]
    + [(char, "") for char in "\u00ad\u200b\u200c\u200d\u2060\ufeff"]
    + [(char, " ") for char in "\t\u00a0\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))]
)
_QUOTE_FOLD = tuple(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }.items()
)


def normalise(raw: str) -> str:
    """The canonical text of an article: the form that is stored, hashed and shown.

    Line endings become ``\\n``, invisible characters (soft hyphens, zero-width
    spaces, byte-order marks) go, any run of horizontal white space (including
    non-breaking spaces) becomes one space, lines are stripped, and runs of blank
    lines collapse to one. Quotes and dashes are kept as written: they are the
    writer's choice and show in the article; :func:`fingerprint` folds them.
    """
    if raw.isprintable() and "  " not in raw and (raw.isascii() or unicodedata.is_normalized("NFC", raw)):
        # One line with none of the characters folded below (they are all
        # unprintable) and no double space: a sentence of a segmented text,
        # which fingerprint() sees thousands of times. Both tests are C loops.
        return raw.strip()
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    # Drop the invisible characters and turn every kind of horizontal space into
    # " ", then collapse runs of " ": the same as substituting _INVISIBLE and then
    # _SPACES, but a regex character class tried at every position cost ~30 ns a
    # character (16 ms on 80,000 words), and so did str.translate on non-ASCII
    # text; a substring test per character is a fast scan, and most are absent.
    for char, replacement in _SPACE_FOLD:
        if char in text:
            text = text.replace(char, replacement)
    while "  " in text:
        text = text.replace("  ", " ")
    lines = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def fingerprint(text: str) -> str:
    """A comparison key that ignores cosmetic differences: quotes, spacing, case."""
    folded = normalise(text)
    if not folded.isascii():
        # A substring test and replace per quote mark: str.translate with a
        # table runs a dictionary lookup per character of non-ASCII text, 17 us
        # on a 300-character sentence against under 1 us here.
        for char, replacement in _QUOTE_FOLD:
            if char in folded:
                folded = folded.replace(char, replacement)
    folded = folded.replace("\u2014", "-").replace("\u2013", "-").replace("\n", " ")
    # normalise() left single spaces only; the newlines just replaced can make
    # runs of two, collapsed without a regex scan of every character.
    while "  " in folded:
        folded = folded.replace("  ", " ")
    return folded.strip().casefold()


def sha256_of(normalised_text: str) -> str:
    return hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- sentences

# Abbreviations after which a full stop never ends a sentence: titles and ranks
# come before a name, and month abbreviations before a day.
_NEVER_FINAL = {
    "mr", "mrs", "ms", "dr", "prof", "rev", "hon", "sgt", "lt", "gen", "col", "capt",
    "cmdr", "maj", "adm", "cpl", "pte", "pvt", "spc", "sen", "rep", "gov", "supt",
    "insp", "det", "const", "st", "mt", "ft", "fr", "messrs", "mme", "mlle",
    # municipal and police titles as Canadian newsrooms print them (Coun. = councillor)
    "coun", "couns", "ald", "cst", "msgr", "atty",
    "vs", "v", "approx", "est", "ed", "eds", "ave", "blvd", "rd", "hwy", "corp", "dept",
    "univ", "assn", "bros", "e.g", "i.e", "cf", "al", "lb", "oz", "mph",
    # U.S. state and Canadian province abbreviations as AP writes them in datelines
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind",
    "kan", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb",
    "nev", "okla", "ore", "pa", "tenn", "vt", "va", "wash", "wis", "wyo", "alta",
    "ont", "que", "sask", "man", "nfld",
}

# Abbreviations that stand before a number ("Oct. 30", "No. 3", "Fig. 2"); before
# anything else the full stop ends the sentence ("He voted no. She ...").
_BEFORE_NUMBER = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "no", "nos", "fig", "vol", "art", "sec", "ch", "pp", "p", "op",
}

# Abbreviations that may end a sentence ("... in the U.S. The cable ..."): a
# boundary is accepted only when the next word usually opens a sentence.
_MAYBE_FINAL = {
    "u.s", "u.k", "u.n", "e.u", "d.c", "inc", "ltd", "co", "jr", "sr", "a.m",
    "p.m", "etc", "m.p.p", "n.c", "s.c", "n.y", "n.j", "l.a", "b.c", "p.e.i", "n.s", "n.b",
}
# What follows a clock time inside its sentence ("9 a.m. Monday", "2 p.m. ET",
# "10 a.m. Jan. 5"); any other capitalised word after "a.m." opens the next
# sentence ("... shortly after 2 a.m. Marlies goalie Dan Kessler made 31 saves.").
_CLOCK = {"a.m", "p.m"}
_CLOCK_FOLLOWERS = set(MONTHS) | set(WEEKDAYS) | {
    "et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt",
    "ast", "adt", "nt", "nst", "ndt", "gmt", "utc", "eastern", "central", "mountain",
    "pacific", "atlantic", "newfoundland", "today", "tomorrow", "yesterday",
}
_SENTENCE_OPENERS = {
    "a", "an", "the", "he", "she", "it", "they", "we", "i", "you", "his", "her",
    "its", "their", "our", "this", "that", "these", "those", "there", "but", "and",
    "or", "so", "yet", "in", "on", "at", "after", "before", "when", "while", "if",
    "as", "since", "then", "now", "still", "however", "meanwhile", "according",
    "under", "for", "of", "with", "by", "from", "some", "many", "most", "all",
    "no", "one", "two", "three", "officials", "police", "authorities",
}

_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")
_NEXT_WORD = re.compile(r"[\"'\u2018\u201c(\[]?([\w'-]+)")
# Double quotation marks, for "is this full stop inside a quotation?".
_DOUBLE_QUOTE = re.compile("[\"\u201c\u201d]")
# After a closing quotation mark, what shows the quotation was part of a longer
# sentence: an attribution in lower case ("... happy," he said), a comma, a dash.
_QUOTE_GOES_ON = re.compile(r"""[,;:\u2014\u2013-]|\s+(?:[a-z]|[-\u2014\u2013])""")
# An embedded tweet as pasted from a page: "... pic.twitter.com/AbC1 — Name
# (@handle) May 3, 2018" runs into the next sentence with no full stop.
_TWEET_EMBED = re.compile(
    r"""(?:pic\.twitter\.com|https?://t\.co)/\w+"""
    r"""(?: [\u2014\u2013-]{1,2} [^()\n]{1,80}\(@\w{1,30}\) [A-Z][a-z]+ \d{1,2}, \d{4})?(?= ["'\u201c(]?[A-Z])"""
)
# A wire credit at the end of a story: "(Reporting by ...; Editing by ...)" is a
# sentence of its own however it is glued on, and is never split inside.
_WIRE_CREDIT = re.compile(
    r"""\s*\((?:Additional |Further )?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Rr]esearch)"""
    r"""(?: and (?:writing|editing))? by [^()]{2,300}\)"""
)
_CREDIT_HINT = ("eporting by", "riting by", "diting by", "ompiled by", "esearch by")


def _word_before(text: str, end: int) -> str | None:
    """What ``_WORD_BEFORE`` finds in ``text[end - 64:end]``, without trying the
    regex at each of the 64 start positions (the splitter's hot spot): the run of
    letters and dots just before ``end``, less any dots it begins with."""
    low = max(0, end - 64)
    if end > low and text[end - 1] == "\n":
        match = _WORD_BEFORE.search(text, low, end)  # ``$`` also matches before a final newline
        return match.group(1) if match else None
    start = end
    while start > low and text[start - 1] in _WORD_CHARS:
        start -= 1
    word = text[start:end].lstrip(".")
    return word or None


def _quoted_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` inside a quotation that the sentence goes on
    after ("We won. We are happy," he said.): no sentence ends inside them.

    A quotation that is the whole sentence ("We won. We are happy.") or never
    closes in the paragraph (the house style for quotes running over several
    paragraphs) keeps its inner boundaries.
    """
    marks = [m.start() for m in _DOUBLE_QUOTE.finditer(text, start, end)]
    out = []
    for k in range(0, len(marks) - 1, 2):
        opening, closing = marks[k], marks[k + 1]
        if text[opening] == "\u201d" or text[closing] == "\u201c":
            continue  # curly marks the wrong way round: no reliable pairing
        if text[closing - 1] == "," or _QUOTE_GOES_ON.match(text, closing + 1, end):
            out.append((opening, closing))
    return out


class _Paragraph:
    """What the boundary scan needs to know about the paragraph around a
    candidate: its end, and the quotations and wire credits that hold no
    boundary. Worked out once per paragraph, and only where a substring test
    says there is a quotation mark or a credit at all."""

    __slots__ = ("start", "end", "quoted", "credits")

    def __init__(self, text: str, at: int) -> None:
        self.start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        self.end = len(text) if end < 0 else end
        chunk = text[self.start : self.end]
        self.quoted = _quoted_clauses(text, self.start, self.end) if ('"' in chunk or "\u201c" in chunk) else []
        self.credits = (
            [(m.start() + self.start, m.end() + self.start) for m in _WIRE_CREDIT.finditer(chunk)]
            if "by " in chunk and any(h in chunk for h in _CREDIT_HINT)
            else []
        )

    def holds(self, at: int) -> bool:
        """True when ``at`` is inside a quotation or credit that no sentence ends in.

        A bisection over the spans, not a scan: one long paragraph of quoted
        speech has thousands of candidate ends and as many quotations."""
        return _inside(self.quoted, at) or _inside(self.credits, at)


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether ``at`` is strictly inside one of ``spans`` (sorted by start, not nested)."""
    i = bisect_left(spans, (at, -1)) - 1
    return i >= 0 and spans[i][0] < at < spans[i][1]


_TERMINALS = ".!?\u2026"
_CLOSERS = frozenset("\"'\u2019\u201d)]")
_OPENING_MARKS = frozenset("\"'\u2018\u201c([")


def _opens_sentence(text: str, at: int) -> bool:
    """Whether ``text[at:]`` can open a sentence: a capital or a digit, after an
    optional opening mark, or a brand in lower case with an inner capital ("eBay")."""
    first = text[at : at + 1]
    if first in _OPENING_MARKS:
        at += 1
        first = text[at : at + 1]
    if first.isupper() or first.isdigit():
        return True
    if "a" <= first <= "z":
        inner = text[at + 1 : at + 3]
        return inner.isalpha() and not inner.islower()
    return False


def sentence_cuts(text: str) -> list[tuple[int, int]]:
    """``(end of a sentence, start of the next)`` for every sentence boundary in
    ``text``, a whole document with one paragraph per line (or one paragraph).

    One scan: every terminal mark is found with ``str.find`` (a C loop; a regex
    character class cost 40 ns a character on 80,000 words), and only the few
    that are followed by a space and a sentence opener are looked at in Python.
    Quotations, wire credits and embedded tweets are looked for only in the
    paragraphs that contain them.
    """
    length = len(text)
    candidates: list[int] = []
    for mark in _TERMINALS:
        find = text.find
        at = find(mark)
        while at >= 0:
            candidates.append(at)
            at = find(mark, at + 1)
    candidates.sort()
    cuts: list[tuple[int, int]] = []
    paragraph: _Paragraph | None = None
    for at in candidates:
        after = at + 1
        if after < length and text[after] in _TERMINALS:
            continue  # inside a run ("?!", "..."): the run's last mark decides
        while after < length and text[after] in _CLOSERS:
            after += 1
        if after >= length or text[after] != " " or not _opens_sentence(text, after + 1):
            continue
        if after == at + 1 and text[at] == "." and (at == 0 or text[at - 1] != ".") and not _full_stop_ends(text, at, after + 1):
            continue
        if paragraph is None or at >= paragraph.end:
            paragraph = _Paragraph(text, at)
        if (paragraph.quoted or paragraph.credits) and paragraph.holds(at):
            continue
        cuts.append((after, after + 1))
    if "twitter.com/" in text or "t.co/" in text:
        cuts.extend((m.end(), m.end() + 1) for m in _TWEET_EMBED.finditer(text))
    if any(h in text for h in _CREDIT_HINT):
        for m in _WIRE_CREDIT.finditer(text):
            opening = text.index("(", m.start())
            before = len(text[: opening].rstrip())
            if before and text[before - 1] != "\n":
                cuts.append((before, opening))
            if m.end() < length and text[m.end()] == " ":
                cuts.append((m.end(), m.end() + 1))
        cuts = sorted(set(cuts))
    elif len(cuts) > 1 and cuts[-1] < cuts[-2]:
        cuts.sort()
    return cuts


def _full_stop_ends(text: str, at: int, following: int) -> bool:
    """Does the lone full stop at ``at`` (no closing quote after it) end a sentence?"""
    space = max(text.rfind(" ", max(0, at - 64), at), text.rfind("\n", max(0, at - 64), at))
    token = text[space + 1 : at]
    if token.isalpha():
        word = token
    else:
        found = _word_before(text, at)  # "D-Colo.", "(Calif.", "U.S."
        if not found:
            return True  # a number before the full stop: "... in 2002. Then"
        word = found
    key = word.lower().rstrip(".")
    if key in _NEVER_FINAL:
        return False
    if key in _BEFORE_NUMBER and text[following : following + 1].isdigit():
        return False
    single = len(word) == 1 and word.isupper()
    if not (key in _MAYBE_FINAL or single or "." in word):
        return True  # the common case: an ordinary word, no need to look ahead
    next_word = _NEXT_WORD.match(text, following)
    after = next_word.group(1).lower() if next_word else ""
    if key in _CLOCK:
        return after not in _CLOCK_FOLLOWERS
    if single:
        # A middle initial ("George W. Bush"), unless a new sentence clearly starts.
        return after in _SENTENCE_OPENERS and after != "a"
    # "... in the U.S. The cable", but "J.P. Morgan", "Ph.D. student"
    return after in _SENTENCE_OPENERS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of one paragraph."""
    return _spans(text, 0, len(text), sentence_cuts(text))


def _spans(text: str, start: int, end: int, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` relative to ``start``, given the
    document's cuts that fall inside it."""
    spans: list[tuple[int, int]] = []
    begin = start
    for cut, following in cuts:
        if cut <= begin:
            continue
        if text[begin:cut].strip():
            spans.append((begin - start, cut - start))
        begin = following
    last = text[begin:end]
    if last.strip():
        spans.append((begin - start, end - (len(last) - len(last.rstrip())) - start))
    return spans


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence with its place in the document.

    ``start``/``end`` are offsets into :attr:`Document.text`. ``paragraph`` is the
    body paragraph index (or the block's index within its role for headline,
    captions and credits); ``index`` counts sentences within that paragraph.
    """

    text: str
    start: int
    end: int
    paragraph: int
    index: int
    role: str = "body"

    def location(self) -> dict[str, object]:
        loc: dict[str, object] = {"paragraph": self.paragraph, "sentence": self.index}
        if self.role != "body":
            loc["role"] = self.role
        return loc


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-like unit: ``role`` is body, headline, section, caption or credit."""

    role: str
    text: str
    start: int
    end: int
    number: int
    sentences: tuple[Sentence, ...] = field(default=())


@dataclass(frozen=True)
class Document:
    text: str
    blocks: tuple[Block, ...]

    @property
    def body(self) -> list[Block]:
        return [b for b in self.blocks if b.role == "body"]

    @property
    def sentences(self) -> list[Sentence]:
        """Body sentences in reading order."""
        return [s for b in self.blocks if b.role == "body" for s in b.sentences]

    @property
    def all_sentences(self) -> list[Sentence]:
        return [s for b in self.blocks for s in b.sentences]

    @property
    def headline(self) -> str | None:
        for block in self.blocks:
            if block.role == "headline":
                return block.text
        return None

    def sentence_at(self, paragraph: int, index: int, role: str = "body") -> Sentence:
        blocks = [b for b in self.blocks if b.role == role]
        return blocks[paragraph].sentences[index]

    def word_count(self) -> int:
        return sum(len(b.text.split()) for b in self.body)


# A photo credit as wire services and broadcasters print them.
_CREDIT = re.compile(
    r"""\s*(?P<credit>\(\([^()]{2,80}\)\)|\((?:AP|CP|AFP|Reuters|Getty|"""
    r"""[A-Z][\w .'&-]{0,40}(?:Photo|Press|Images|Pictures|Reuters))[^()]{0,60}\))\s*$"""
)
_CREDIT_LINE = re.compile(r"^(?:photo|credit|image|photograph)s?\s*:\s*\S", re.I)
_CAPTION_OPENER = re.compile(
    r"^(?:in this|this|a|an|the)?\s*(?:[\w-]+\s+){0,4}?(?:photo|photograph|file photo|image|sketch)\b",
    re.I,
)
_TERMINAL = re.compile(r"""[.!?]["'\u2019\u201d)]*$""")


def _credit(line: str) -> re.Match[str] | None:
    """The photo credit ending ``line``, if any (cheap test first: most lines have none)."""
    return _CREDIT.search(line) if line.rstrip().endswith(")") else None


def _split_lines(raw_block: str) -> list[str]:
    """Lines of one blank-line-separated block that stand as paragraphs of their own.

    Plain-text copy is often hard-wrapped, so single line breaks normally join.
    A caption line ending in a credit ("... on Oct. 30. ((Canadian Press))") is
    kept apart from the paragraph glued to it.
    """
    if "\n" not in raw_block:
        return [raw_block]  # one line, as most paragraphs are: nothing to keep apart
    lines = raw_block.split("\n")
    groups: list[list[str]] = [[]]
    for line in lines:
        groups[-1].append(line)
        if _credit(line) or _CREDIT_LINE.match(line):
            groups.append([])
    return [" ".join(g) for g in groups if g]


def _classify(units: list[str]) -> list[str]:
    roles = ["body"] * len(units)
    first = 0
    # A short label without terminal punctuation above the headline: "Canada".
    if len(units) >= 3 and len(units[0].split()) <= 3 and not _TERMINAL.search(units[0]):
        if len(units[1].split()) <= 25 and not _TERMINAL.search(units[1]):
            roles[0] = "section"
            first = 1
    if len(units) > first + 1:
        candidate = units[first]
        if len(candidate.split()) <= 25 and not candidate.endswith("."):
            roles[first] = "headline"
    for i, unit in enumerate(units):
        if roles[i] != "body":
            continue
        if _CREDIT_LINE.match(unit):
            roles[i] = "credit"
        elif _credit(unit) and (_CAPTION_OPENER.match(unit) or len(unit.split()) < 60):
            roles[i] = "caption"
    return roles


def segment(raw: str) -> Document:
    """Normalise ``raw`` and split it into role-tagged blocks and sentences."""
    from factcheck.text.gcpause import gc_paused

    with gc_paused():
        return _segment(raw)


def _segment(raw: str) -> Document:
    text = normalise(raw)
    has_blank_lines = "\n\n" in text
    raw_blocks = text.split("\n\n") if has_blank_lines else text.split("\n")
    units: list[str] = []
    for raw_block in raw_blocks:
        units.extend(_split_lines(raw_block) if has_blank_lines else [raw_block])
    units = [u for u in units if u.strip()]
    roles = _classify(units)

    # Rebuild a canonical text, one unit per paragraph, so that offsets are exact
    # and segmenting the canonical text again gives the same blocks.
    canonical = "\n\n".join(units)
    cuts = sentence_cuts(canonical)  # the whole document in one scan
    next_cut = 0
    blocks: list[Block] = []
    counters: dict[str, int] = {}
    offset = 0
    for unit, role in zip(units, roles):
        parts = [(0, len(unit), role)]
        if role == "caption":
            # The credit after a caption is a block of its own, on the same line.
            match = _credit(unit)
            assert match is not None
            caption_end = len(unit[: match.start()].rstrip())
            parts = [(0, caption_end, "caption"), (match.start("credit"), match.end("credit"), "credit")]
        for begin, finish, part_role in parts:
            part = unit[begin:finish]
            if not part:
                continue
            number = counters.get(part_role, 0)
            counters[part_role] = number + 1
            base = offset + begin
            stop = base + len(part)
            first_cut = next_cut
            while next_cut < len(cuts) and cuts[next_cut][0] < stop:
                next_cut += 1
            if part_role not in ("body", "caption"):
                spans = [(0, len(part))]
            elif first_cut == next_cut:
                spans = [(0, len(part))] if part.strip() else []  # one sentence: most paragraphs of short copy
            else:
                spans = _spans(canonical, base, stop, cuts[first_cut:next_cut])
            sentences = tuple(
                Sentence(part[s:e], base + s, base + e, number, i, part_role) for i, (s, e) in enumerate(spans)
            )
            blocks.append(Block(part_role, part, base, stop, number, sentences))
        offset += len(unit) + 2
    return Document(canonical, tuple(blocks))
