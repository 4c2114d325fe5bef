"""The rules of claim following, as a pure function: no storage, no clock.

:func:`follow` takes the claims anchored to the old revision, the diff of the old
revision against the new one, and the new revision's segmented text, and says what
happens to each claim (DESIGN.md, "Claim following never rewrites a claim's text"):

* its sentence did not change, moved, or changed only cosmetically (typo, spacing,
  quote style), or changed outside the claim's own words (another claim of the same
  sentence was edited): the claim is **kept** on its new place, with no new version;
* the claim's own words or figures changed and it was judged ``false``,
  ``mostly-false``, ``misleading`` or ``outdated``: the article was fixed, so it is
  **corrected** with its verdict kept and a note naming the revision and the new
  wording;
* they changed and it was judged otherwise (or not yet judged): back to
  **in-review** with a note quoting the new wording; an already corrected claim gets
  the note only;
* its sentence was cut: when another sentence of the new revision still states the
  claim (its own words and numbers, not only a similar sentence) it is kept there;
  otherwise it is **withdrawn** with its anchor cleared (a corrected claim stays
  corrected).

The claim's text is never rewritten: only an editor changes it (``claim edit``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:
    from factcheck.analysis.diff_types import Change, DiffResult
    from factcheck.text.segmentation import Document, Sentence

__all__ = ["FollowedClaim", "Outcome", "follow", "states", "claim_changed", "CORRECTABLE_VERDICTS", "RULES"]

#: Verdicts that say the article was wrong: a change to the claim's words fixes it.
CORRECTABLE_VERDICTS = ("false", "mostly-false", "misleading", "outdated")

#: What :func:`follow` can decide, one word each (tests and the CLI name them).
RULES = ("kept", "moved", "restated", "corrected", "in-review", "noted", "withdrawn")

# Share of a claim's words that a sentence must hold to state it.
_STATES_SHARE = 0.75
# Below this share of the claim's words in its own old sentence, the claim is the
# editor's paraphrase and its words cannot locate it: any real edit of the sentence
# counts as a change to the claim.
_PARAPHRASE_SHARE = 0.5

_NEGATIONS = {"not", "no", "never", "none", "nor", "n't", "neither", "nobody", "nothing", "without"}
_FUNCTION_WORDS = set(
    "a an the and or but so it its is was were be been being are this that these those to of in on at by for "
    "with as which who whom whose there here also then he she they his her their them him we our us i said says "
    "according".split()
)
_TOKEN = re.compile(r"\$?\d[\d,]*(?:\.\d+)?%?|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_ABBREVIATION = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "dozen": "12", "hundred": "100",
    "thousand": "1000", "million": "1000000", "billion": "1000000000",
}


@dataclass(frozen=True)
class FollowedClaim:
    """A claim as following needs it: its words, workflow state, and the start
    offset of its anchor sentence in the old revision."""

    id: int
    text: str
    status: str
    verdict: str | None
    start: int


@dataclass(frozen=True)
class Outcome:
    """What becomes of one claim. ``note`` None: no new version (only the anchor
    moves to ``sentence``); else a version with ``status``, ``verdict`` and the note.
    ``sentence`` None: the claim is unanchored in the new revision."""

    claim_id: int
    rule: str
    sentence: "Sentence | None"
    status: str
    verdict: str | None
    note: str | None = None

    @property
    def versioned(self) -> bool:
        return self.note is not None


def follow(claims: Sequence[FollowedClaim], result: "DiffResult", new_doc: "Document") -> list[Outcome]:
    """What happens to each of ``claims`` when the article becomes ``new_doc``."""
    # Which change consumed each old sentence (a merge consumes two).
    by_start = {sentence.start: change for change in result.changes for sentence in change.old}
    label = result.new_label
    return [_follow_one(claim, by_start.get(claim.start), new_doc, label) for claim in claims]


def _follow_one(claim: FollowedClaim, change: "Change | None", new_doc: "Document", label: str) -> Outcome:
    if change is None or not change.new:
        return _cut(claim, new_doc, label)
    sentence = _best_of(claim.text, change.new)
    if change.kind in ("unchanged", "moved") or change.cosmetic:
        return _keep(claim, sentence, "moved" if change.kind == "moved" else "kept")
    old_text = " ".join(s.text for s in change.old)
    if not claim_changed(claim.text, old_text, sentence.text):
        return _keep(claim, sentence, "kept")
    if _words_left(claim.text, old_text, sentence.text):
        # The sentence stayed but the claim's part of it went ("..., and an
        # inspection in March found no faults" trimmed off): cut, as if the
        # sentence had been.
        return _cut(claim, new_doc, label, "its words left its sentence")
    now = f'"{sentence.text}"'
    if claim.status == "corrected":
        return Outcome(claim.id, "noted", sentence, claim.status, claim.verdict,
                       f"Its sentence changed again in {label}. It now reads: {now}")
    if claim.status == "checked" and claim.verdict in CORRECTABLE_VERDICTS:
        return Outcome(claim.id, "corrected", sentence, "corrected", claim.verdict,
                       f"Corrected in {label} (verdict '{claim.verdict}' kept for the wording that was checked). "
                       f"The article now says: {now}")
    why = f" (it had the verdict '{claim.verdict}')" if claim.verdict else ""
    return Outcome(claim.id, "in-review", sentence, "in-review", None,
                   f"Back to review: its sentence changed in {label}{why}. It now reads: {now}")


def _keep(claim: FollowedClaim, sentence: "Sentence", rule: str) -> Outcome:
    return Outcome(claim.id, rule, sentence, claim.status, claim.verdict)


def _cut(claim: FollowedClaim, new_doc: "Document", label: str, how: str = "its sentence was cut") -> Outcome:
    candidates = [s for s in new_doc.all_sentences if s.role in ("body", "headline", "caption") and states(claim.text, s.text)]
    if candidates:
        # The story still states it (the seed's repeated lede: one copy cut, one kept).
        return _keep(claim, _best_of(claim.text, candidates), "restated")
    status = "corrected" if claim.status == "corrected" else "withdrawn"
    return Outcome(claim.id, "withdrawn", None, status, claim.verdict,
                   f"No sentence of {label} states the claim any more: {how}.")


# ---------------------------------------------------------------------- the claim's own words


def _fold(text: str) -> str:
    # "U.S." and "US", "B.C." and "BC" are one word.
    text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("’", "'").replace("‘", "'").lower()


def _tokens(text: str) -> list[str]:
    """Content words and figures: "$240,000" -> "240000", "U.S." -> "u", "s"
    (so "U.S." and "US" agree), number words as digits."""
    out = []
    for token in _TOKEN.findall(_fold(text)):
        if token[0] in "$0123456789":
            out.append(token.lstrip("$").replace(",", ""))
        elif token in _NUMBER_WORDS:
            out.append(_NUMBER_WORDS[token])
        elif token not in _FUNCTION_WORDS:
            out.append(token[:-2] if token.endswith("'s") else token)
    return out


def _negations(text: str) -> int:
    folded = _fold(text).replace("n't", " n't")
    return sum(1 for word in re.findall(r"[a-z']+", folded) if word in _NEGATIONS)


def _is_figure(token: str) -> bool:
    return token[0].isdigit()


def _share(claim: Iterable[str], sentence: set[str]) -> float:
    words = list(claim)
    if not words:
        return 0.0
    return sum(1 for w in words if w in sentence) / len(words)


def states(claim_text: str, sentence_text: str) -> bool:
    """Whether the sentence states the claim: every figure of the claim is in it and
    most of the claim's words are; a sentence that negates what the claim affirms
    (or the reverse) does not state it."""
    claim, sentence = _tokens(claim_text), set(_tokens(sentence_text))
    if not claim:
        return False
    if any(_is_figure(t) and t not in sentence for t in claim):
        return False
    if (_negations(claim_text) > 0) != (_negations(sentence_text) > 0):
        return False
    return _share(claim, sentence) >= _STATES_SHARE


def claim_changed(claim_text: str, old_text: str, new_text: str) -> bool:
    """Whether an edit of the sentence touched what the claim says: a word or
    figure of the claim that the old sentence held is gone, or a negation came or
    went. An edit elsewhere in the sentence (another claim sharing it, an
    attribution) leaves the claim as checked."""
    claim = _tokens(claim_text)
    old, new = set(_tokens(old_text)), set(_tokens(new_text))
    held = [t for t in claim if t in old]
    if not claim or len(held) / len(claim) < _PARAPHRASE_SHARE:
        return True
    if any(t not in new for t in held):
        return True
    return _negations(old_text) != _negations(new_text)


def _words_left(claim_text: str, old_text: str, new_text: str) -> bool:
    """Whether most of the claim's words that its old sentence held are gone from
    the new one (a corrected figure leaves the rest of the claim in place)."""
    claim = _tokens(claim_text)
    old, new = set(_tokens(old_text)), set(_tokens(new_text))
    held = [t for t in claim if t in old]
    if not claim or len(held) / len(claim) < _PARAPHRASE_SHARE:
        return False  # a paraphrase: its words never placed it
    return _share(held, new) < _PARAPHRASE_SHARE


def _best_of(claim_text: str, sentences: Sequence["Sentence"]) -> "Sentence":
    """Of a split's two sentences (or several that state the claim), the one that
    holds most of the claim's words; the first on a tie."""
    claim = _tokens(claim_text)
    return max(sentences, key=lambda s: (_share(claim, set(_tokens(s.text))), -sentences.index(s)))
