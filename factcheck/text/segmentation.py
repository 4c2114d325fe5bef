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
import unicodedata
from dataclasses import dataclass, field

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
_QUOTE_FOLD = str.maketrans(
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
    }
)


def normalise(raw: str) -> str:
    """The canonical text of an article: the form that is stored, hashed and shown.

    Line endings become ``\\n``, invisible characters (soft hyphens, zero-width
    spaces, byte-order marks) go, any run of horizontal white space (including
    non-breaking spaces) becomes one space, lines are stripped, and runs of blank
    lines collapse to one. Quotes and dashes are kept as written: they are the
    writer's choice and show in the article; :func:`fingerprint` folds them.
    """
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
    folded = normalise(text).translate(_QUOTE_FOLD)
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
    "p.m", "etc", "n.c", "s.c", "n.y", "n.j", "l.a", "b.c", "p.e.i", "n.s", "n.b",
}
_SENTENCE_OPENERS = {
    "a", "an", "the", "he", "she", "it", "they", "we", "i", "you", "his", "her",
    "its", "their", "our", "this", "that", "these", "those", "there", "but", "and",
    "or", "so", "yet", "in", "on", "at", "after", "before", "when", "while", "if",
    "as", "since", "then", "now", "still", "however", "meanwhile", "according",
    "under", "for", "of", "with", "by", "from", "some", "many", "most", "all",
    "no", "one", "two", "three", "officials", "police", "authorities",
}

# A candidate boundary: terminal punctuation, optional closing quotes/brackets,
# white space, then something that can open a sentence. The leading lookahead
# changes nothing matched (every branch starts with one of those characters) but
# lets the regex engine skip ahead by character set: the scan took half the time.
_BOUNDARY = re.compile(
    r"""(?=[.!?\u2026])(?P<end>[.!?]+|\.\.\.|\u2026)(?P<close>["'\u2019\u201d)\]]*)(?P<space>\s+)"""
    r"""(?=["'\u2018\u201c(\[]?[A-Z0-9\u00c0-\u00de])"""
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")
_NEXT_WORD = re.compile(r"[\"'\u2018\u201c(\[]?([\w'-]+)")


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


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    if match.group("end") != ".":
        return True  # ?, !, ellipsis: always a boundary when followed by a capital
    if match.group("close"):
        return True  # a full stop inside closing quotes ends the sentence
    # Look back a bounded window: searching from 0 made long paragraphs quadratic.
    word = _word_before(text, match.start())
    if not word:
        return True  # a number before the full stop: "... in 2002. Then"
    key = word.lower().rstrip(".")
    if key in _NEVER_FINAL:
        return False
    if key in _BEFORE_NUMBER and text[match.end():match.end() + 1].isdigit():
        return False
    single = len(word) == 1 and word.isupper()
    if not (key in _MAYBE_FINAL or single or "." in word):
        return True  # the common case: an ordinary word, no need to look ahead
    # Matched in place: slicing off the rest of the paragraph copied it per candidate.
    next_word = _NEXT_WORD.match(text, match.end())
    following = next_word.group(1).lower() if next_word else ""
    if key in _MAYBE_FINAL:
        return following in _SENTENCE_OPENERS
    if single:
        # A middle initial ("George W. Bush"), unless a new sentence clearly starts.
        return following in _SENTENCE_OPENERS and following != "a"
    # other dotted abbreviations: "J.P. Morgan", "Ph.D. student"
    return following in _SENTENCE_OPENERS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of one paragraph."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _is_boundary(text, match):
            end = match.start("space")
            if text[start:end].strip():
                spans.append((start, end))
            start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
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
            spans = split_sentences(part) if part_role in ("body", "caption") else [(0, len(part))]
            base = offset + begin
            sentences = tuple(
                Sentence(part[s:e], base + s, base + e, number, i, part_role) for i, (s, e) in enumerate(spans)
            )
            blocks.append(Block(part_role, part, base, base + len(part), number, sentences))
        offset += len(unit) + 2
    return Document("\n\n".join(units), tuple(blocks))
