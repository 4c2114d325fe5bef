"""Classifying the changes of a diff into notice kinds, and drafting the notices.

Every change of a :class:`~factcheck.analysis.diff.DiffResult` except ``unchanged`` gets one
kind (DESIGN.md, "Correction notices"):

* ``correction``: a number, date, name or quotation that changed in an edited
  sentence, or a ledger claim whose verdict (as judged on the old revision) was
  ``false``/``mostly-false`` and whose sentence was edited or cut;
* ``update``: new sentences; a number that rose where the story hedges it as a
  running tally ("at least three", "about 60,000", "have now won four"): the story
  developed, it was not wrong; a value put in where none was;
* ``clarification``: an edit that changes content words but no checkable value
  ("spoke against the levy" -> "spoke, most of them in favour");
* ``editors-note``: sentences removed from the story (other than the cases below)
  when nothing was added; with additions they are the superseded part of the update;
* ``silent-edit`` (logged, never shown): moves, cosmetic edits, rewordings that
  change only function words (a split or merge), a removed repeated paragraph
  (the ``duplicate-removed`` finding), wire boilerplate ("More to come.").

One notice is drafted per reader-visible kind, through the templates of
:mod:`factcheck.notices.templating`. Every value in a notice comes from the diff or
the ledger, and each notice lists the changes it covers (with their index in the
diff and the reason for the kind).

A diff cannot tell which of two values is right: 22 -> 23 (the seed's v1 -> v2,
which introduced the error) drafts the same correction as 23 -> 22. In ledger mode,
when the old wording was a claim checked ``true`` or ``mostly-true``, the draft
carries a warning that the edit may introduce the error; the editor decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from factcheck.notices import facts
from factcheck.notices.templating import Templates

if TYPE_CHECKING:
    from factcheck.analysis.diff import Change, DiffResult
    from factcheck.analysis.findings import Finding
    from factcheck.text.segmentation import Document

__all__ = ["DATELINE_VERBS", "draft_texts", "NOTICE_KINDS", "VISIBLE_KINDS", "Classified", "Draft", "Drafting", "classify", "draft_notices"]

NOTICE_KINDS = ("correction", "clarification", "update", "editors-note", "silent-edit")
VISIBLE_KINDS = NOTICE_KINDS[:4]
FALSE_VERDICTS = ("false", "mostly-false")
TRUE_VERDICTS = ("true", "mostly-true")
#: The word before the date in a notice's dateline ("Corrected Dec. 3, 2010").
DATELINE_VERBS = {"correction": "Corrected", "clarification": "Clarified", "update": "Updated", "editors-note": "Edited"}
_EDITED = ("edited", "moved-edited", "split", "merge")
_TYPED = {"number-changed": "number", "date-changed": "date", "name-changed": "name", "quote-changed": "quote"}

# Running-tally wording right before a number: the figure is expected to move.
_TALLY_MARKER = re.compile(
    r"\b(?:at least|about|around|some|more than|over|nearly|almost|up to|roughly|approximately|so far|now)"
    r"(?:\s+[a-z]+)?\s*$",
    re.I,
)
# Wire placeholders that leave the story when it is written through.
_BOILERPLATE = re.compile(
    r"^(?:more to come|more to follow|developing(?: story)?|this (?:is a developing|story will be updated)[^.]*"
    r"|updates? to follow|check back for updates)\W*$",
    re.I,
)
# Words whose change alone does not change what a sentence says (a split or merge).
_FUNCTION_WORDS = set(
    "a an the and or but so it its it's is was were be been being are this that these those to of in on at by for "
    "with as which who whom whose there here also then he she they his her their them him we our us i".split()
)


@dataclass
class Classified:
    index: int
    change: "Change"
    kind: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        out = {"index": self.index, **self.change.to_json(), "reason": self.reason}
        return out


@dataclass
class Draft:
    kind: str
    text: str
    dateline: str
    dated: date | None
    placement: str
    changes: list[Classified]
    warnings: list[str] = field(default_factory=list)

    def changes_json(self) -> list[dict[str, Any]]:
        return [c.to_json() for c in self.changes]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "changes": self.changes_json(),
            "dateline": self.dateline or None,
            "dated": self.dated.isoformat() if self.dated else None,
            "placement": self.placement,
            "warnings": self.warnings,
        }


@dataclass
class Drafting:
    """What drafting a pair of revisions gave: the notices and the silent log."""

    result: "DiffResult"
    notices: list[Draft]
    classified: list[Classified]

    @property
    def silent(self) -> list[Classified]:
        return [c for c in self.classified if c.kind == "silent-edit"]

    def to_json(self) -> dict[str, Any]:
        payload = self.result.to_json()
        return {
            "from": payload["from"],
            "to": payload["to"],
            "notices": [n.to_json() for n in self.notices],
            "silent": [c.to_json() for c in self.silent],
        }


# ---------------------------------------------------------------------- classification


@dataclass
class _Error:
    """One reader-facing fact behind a correction or update, with where it occurs."""

    kind: str  # number, date, name, quote, tally, claim
    old: str | None
    new: str | None
    changes: list[int] = field(default_factory=list)
    described: list[facts.Fact] = field(default_factory=list)
    developing: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def group(self) -> tuple[str, str, str]:
        def norm(value: str | None) -> str:
            return re.sub(r"[\s-]+", " ", (value or "").lower()).strip()

        return (self.kind, norm(self.old), norm(self.new))


def _sentence_key(sentences: Sequence[Any], label: str) -> tuple:
    return tuple((label, s.role, s.paragraph, s.index) for s in sentences)


def _findings_by_change(result: "DiffResult") -> dict[tuple, list["Finding"]]:
    out: dict[tuple, list["Finding"]] = {}
    for finding in result.findings:
        key = tuple((s.revision, s.role, s.paragraph, s.sentence) for s in finding.spans)
        out.setdefault(key, []).append(finding)
    return out


def _duplicate_sentences(result: "DiffResult") -> set[tuple[int, int]]:
    """Old body sentences inside a removed repeated paragraph."""
    paragraphs = {f.data.get("paragraph") for f in result.findings if f.check == "duplicate-removed"}
    return {
        (s.paragraph, s.index)
        for c in result.changes
        if c.kind == "removed"
        for s in c.old
        if s.role == "body" and s.paragraph in paragraphs
    }


def _content_words(text: str) -> list[str]:
    return sorted(w for w in re.findall(r"[\w']+", text.lower()) if w not in _FUNCTION_WORDS)


def classify(
    result: "DiffResult", verdicts: Mapping[int, str | None] | None = None
) -> tuple[list[Classified], list[_Error]]:
    """The kind of every change, and the facts behind corrections and updates.

    ``verdicts`` maps claim ids to their verdict as judged on the old revision (the
    ledger sends an edited claim back to review, so its current verdict is empty).
    """
    verdicts = verdicts or {}
    by_change = _findings_by_change(result)
    duplicates = _duplicate_sentences(result)
    classified: list[Classified] = []
    errors: list[_Error] = []
    for index, change in enumerate(result.changes):
        if change.kind == "unchanged":
            continue
        key = _sentence_key(change.old, result.old_label) + _sentence_key(change.new, result.new_label)
        found = by_change.get(key, [])
        claims = [f for f in found if f.check in ("claim-changed", "claim-removed")]
        false_claims = [f for f in claims if _verdict(f, verdicts) in FALSE_VERDICTS]
        true_claims = [f for f in claims if _verdict(f, verdicts) in TRUE_VERDICTS]
        kind, reason = _classify_one(change, found, false_claims, duplicates)
        classified.append(Classified(index, change, kind, reason))
        if kind in ("correction", "update") and change.kind in _EDITED:
            errors.extend(_errors_of(index, change, found, false_claims, true_claims, verdicts))
        elif kind == "correction":  # a false claim cut
            errors.extend(_claim_errors(index, false_claims))
    _mark_developing(errors, result, classified)
    return classified, errors


def _verdict(finding: "Finding", verdicts: Mapping[int, str | None]) -> str | None:
    claim = finding.data.get("claim")
    return verdicts.get(claim, finding.data.get("verdict")) if claim is not None else finding.data.get("verdict")


def _classify_one(
    change: "Change", found: list["Finding"], false_claims: list["Finding"], duplicates: set[tuple[int, int]]
) -> tuple[str, str]:
    if change.kind == "moved":
        return "silent-edit", "moved"
    if change.kind in _EDITED:
        typed = [f for f in found if f.check in _TYPED]
        if false_claims:
            return "correction", f"claim judged {false_claims[0].data.get('verdict') or 'false'} was edited"
        if change.cosmetic:
            return "silent-edit", "cosmetic"
        if typed:
            if all(f.data.get("old") is None for f in typed):
                return "update", "value added: " + ", ".join(str(f.data.get("new")) for f in typed)
            return "correction", "; ".join(f.message.split(":")[0] for f in typed)
        if _content_words(change.old_text) == _content_words(change.new_text):
            return "silent-edit", "rewording without a change of content" + (f" ({change.kind})" if change.kind in ("split", "merge") else "")
        return "clarification", "wording changed without a checkable value"
    if change.kind == "added":
        return "update", "new sentence"
    # removed
    if false_claims:
        return "correction", "claim judged false was cut"
    if change.old and all(s.role == "body" and (s.paragraph, s.index) in duplicates for s in change.old):
        return "silent-edit", "repeated paragraph removed"
    if _BOILERPLATE.match(change.old_text.strip()):
        return "silent-edit", "wire boilerplate removed"
    return "editors-note", "sentence removed"


def _errors_of(
    index: int, change: "Change", found: list["Finding"], false_claims: list["Finding"],
    true_claims: list["Finding"], verdicts: Mapping[int, str | None],
) -> list[_Error]:
    out: list[_Error] = []
    typed = [f for f in found if f.check in _TYPED]
    numbers_old = {str(f.data.get("old")) for f in typed if f.check == "number-changed"}
    numbers_new = {str(f.data.get("new")) for f in typed if f.check == "number-changed"}
    tally = facts.tally(change.old_text, change.new_text, numbers_old, numbers_new)
    if tally:
        out.append(_Error("tally", tally[0], tally[1], [index]))
        typed = [f for f in typed if not (f.check == "number-changed" and ({str(f.data.get("old")), str(f.data.get("new"))} & set(re.findall(r"\d+", tally[0] + "-" + tally[1]))))]
    for finding in typed:
        out.append(_Error(_TYPED[finding.check], finding.data.get("old"), finding.data.get("new"), [index]))
    if not out:
        out.extend(_claim_errors(index, false_claims))
    for claim in true_claims:
        for error in out:
            error.warnings.append(
                f"claim #{claim.data['claim']} was checked '{verdicts.get(claim.data['claim'], claim.data.get('verdict'))}' "
                f"in its earlier wording (\"{claim.data.get('old')}\"): this edit may introduce the error rather "
                "than fix it; check before approving."
            )
    return out


def _claim_errors(index: int, false_claims: list["Finding"]) -> list[_Error]:
    return [_Error("claim", f.data.get("old"), f.data.get("new"), [index]) for f in false_claims]


def _mark_developing(errors: list[_Error], result: "DiffResult", classified: list[Classified]) -> None:
    """A number that rose where the story hedges it as a running tally is an update."""
    for error in errors:
        if error.kind != "number" or error.old is None or error.new is None:
            continue
        change = result.changes[error.changes[0]]
        old_value, new_value = facts.number_value(error.old), facts.number_value(error.new)
        if old_value is None or new_value is None or new_value <= old_value:
            continue
        position = change.new_text.find(error.new)
        if position >= 0 and _TALLY_MARKER.search(change.new_text[:position]):
            error.developing = True
    # The same figure elsewhere (the headline's "Three dead") follows its lede.
    developing = {(e.old or "").lower() + ">" + (e.new or "").lower() for e in errors if e.developing}
    for error in errors:
        if error.kind == "number" and f"{(error.old or '').lower()}>{(error.new or '').lower()}" in developing:
            error.developing = True
    by_index = {c.index: c for c in classified}
    for index in {i for e in errors for i in e.changes}:
        mine = [e for e in errors if index in e.changes]
        entry = by_index[index]
        if entry.kind == "correction" and all(e.developing or e.old is None for e in mine):
            entry.kind, entry.reason = "update", "figure revised as the story developed"
        elif entry.kind == "update" and any(not e.developing and e.old is not None for e in mine):
            entry.kind = "correction"


# ---------------------------------------------------------------------- drafting


def draft_notices(
    result: "DiffResult",
    old_doc: "Document",
    new_doc: "Document",
    *,
    dated: date | None = None,
    templates: Templates | None = None,
    verdicts: Mapping[int, str | None] | None = None,
) -> Drafting:
    """Classify ``result`` and draft one notice per reader-visible kind."""
    templates = templates or Templates()
    classified, errors = classify(result, verdicts)
    story = [s.text for b in new_doc.blocks if b.role in ("headline", "body") for s in b.sentences]
    positions = {
        (s.role, s.paragraph, s.index): i
        for i, s in enumerate(s for b in new_doc.blocks if b.role in ("headline", "body") for s in b.sentences)
    }
    by_kind: dict[str, list[Classified]] = {}
    for entry in classified:
        by_kind.setdefault(entry.kind, []).append(entry)
    # With new information added, removed sentences are what it superseded.
    if "update" in by_kind and "editors-note" in by_kind:
        for entry in by_kind.pop("editors-note"):
            entry.kind, entry.reason = "update", "superseded sentence removed"
            by_kind["update"].append(entry)
        by_kind["update"].sort(key=lambda c: c.index)

    notices: list[Draft] = []
    for kind in VISIBLE_KINDS:
        entries = by_kind.get(kind)
        if not entries:
            continue
        indexes = {c.index for c in entries}
        mine = [e for e in errors if set(e.changes) & indexes]
        warnings = sorted({w for e in mine for w in e.warnings})
        if kind == "correction":
            values = {"errors": _describe(result, mine, story, positions, developing=False)}
        elif kind == "clarification":
            values = {"passages": [_passage(c.change) for c in entries]}
        elif kind == "update":
            values = _update_values(result, entries, mine, old_doc)
        else:
            values = {"passages": [{"text": _shorten(c.change.old_text)} for c in entries]}
        text = templates.render(f"{kind}.j2", **values)
        dateline = templates.render("dateline.j2", kind=kind, verb=DATELINE_VERBS[kind], dated=dated)
        placement = "top" if kind != "update" and any(_central(c.change) for c in entries) else "bottom"
        notices.append(Draft(kind, text, dateline, dated, placement, entries, warnings))
    return Drafting(result, notices, classified)


def draft_texts(
    old_text: str, new_text: str, *, old_label: str = "old", new_label: str = "new",
    dated: date | None = None, templates: Templates | None = None,
) -> Drafting:
    """Draft from two texts, with no ledger (``factcheck notice OLD.txt NEW.txt``)."""
    from factcheck.analysis.diff import diff_documents
    from factcheck.text.segmentation import segment

    old_doc, new_doc = segment(old_text), segment(new_text)
    result = diff_documents(old_doc, new_doc, old_label=old_label, new_label=new_label)
    return draft_notices(result, old_doc, new_doc, dated=dated, templates=templates)


def _describe(
    result: "DiffResult", errors: list[_Error], story: list[str], positions: dict, developing: bool
) -> list[facts.Fact]:
    """One plain-words description per distinct error (the headline and the lede
    stating the same wrong figure are one error), the most specific wording kept."""
    groups: dict[tuple, list[_Error]] = {}
    for error in errors:
        if error.developing == developing and error.old is not None:
            groups.setdefault(error.group, []).append(error)
    described = []
    for members in groups.values():
        options = []
        for error in members:
            change = result.changes[error.changes[0]]
            first = change.new[0] if change.new else None
            where = positions.get((first.role, first.paragraph, first.index), len(story)) if first else len(story)
            options.append(_fact(error, change, story, where))
        best = max(options, key=lambda f: f.score)
        described.append((_ORDER.get(members[0].kind, 9), len(described), best))
    return _shorten_repeats([fact for *_, fact in sorted(described, key=lambda d: d[:2])])


# A misspelt name first: later phrases can then call the person by surname alone.
_ORDER = {"name": 0, "number": 1, "tally": 1, "date": 2, "quote": 3, "claim": 4}


def _shorten_repeats(described: list[facts.Fact]) -> list[facts.Fact]:
    """After a notice has named someone in full, it uses the surname."""
    from factcheck.text.entities import names

    seen: set[str] = set()
    out = []
    for fact in described:
        what = fact.what
        for name in names(fact.what):
            words = name.text.split()
            if len(words) >= 2 and name.text in seen:
                what = what.replace(name.text, words[-1])
            seen.add(name.text)
        out.append(facts.Fact(what, fact.right, fact.score))
    return out


def _fact(error: _Error, change: "Change", story: list[str], where: int) -> facts.Fact:
    old, new = error.old or "", error.new or ""
    if error.kind == "number":
        return facts.describe_number(old, new, change.old_text, change.new_text, story, where)
    if error.kind == "tally":
        return facts.describe_tally(old, new, change.new_text)
    if error.kind == "date":
        return facts.describe_date(old, new, change.new_text, story, where)
    if error.kind == "name":
        return facts.describe_name(old, new)
    if error.kind == "quote":
        return facts.describe_quote(old, new, change.new_text, story, where)
    claim = old.rstrip(".")
    first = claim.split()[0] if claim else ""
    if first and first[0].isupper() and not facts.names(first) or first in ("The", "A", "An"):
        claim = claim[0].lower() + claim[1:]
    right = "That statement has been removed." if not change.new else ""
    return facts.Fact(f"incorrectly reported that {claim}", right, 1)


def _update_values(result: "DiffResult", entries: list[Classified], errors: list[_Error], old_doc: "Document") -> dict[str, Any]:
    from factcheck.text.entities import names, quotations

    story = [s.text for s in result_sentences(result)]
    items: list[str] = []
    revised: dict[tuple, tuple[bool, str]] = {}
    for error in errors:
        if error.kind == "number" and error.developing and error.old and error.new:
            change = result.changes[error.changes[0]]
            in_body = change.role == "body"
            # The same figure in the headline and the lede: say it once, as the lede has it.
            if error.group not in revised or (in_body and not revised[error.group][0]):
                phrase = _figure_phrase(change.new_text, error.new)
                revised[error.group] = (in_body, f"{phrase}, up from {error.old.lower()}")
    if revised:
        phrases = [text for _, text in revised.values()]
        items.append(("a revised figure (" if len(phrases) == 1 else "revised figures (") + "; ".join(phrases) + ")")
    known = {n.key for s in old_doc.all_sentences for n in names(s.text)}
    added_paragraphs: dict[int, list[str]] = {}
    for entry in entries:
        if entry.change.kind == "added":
            added_paragraphs.setdefault(entry.change.new[0].paragraph, []).append(entry.change.new_text)
    sources: dict[str, list[str]] = {"comments from": [], "information from": [], "new information on": []}
    generic = False
    for texts in added_paragraphs.values():
        paragraph = " ".join(texts)
        speaker = _speaker(paragraph)
        if speaker:
            speaker = facts.full_name(speaker.split()[-1], story) if len(speaker.split()) == 1 else speaker
            sources["comments from" if quotations(paragraph) else "information from"].append(speaker)
            continue
        fresh = [
            n.text for t in texts for n in names(t)
            if n.key not in known and not (n.start == 0 and len(n.text.split()) == 1)
        ]
        if fresh:
            sources["new information on"].append(fresh[0])
        else:
            generic = True
    for lead, who in sources.items():
        if who:
            items.append(f"{lead} {facts_join(list(dict.fromkeys(who)))}")
    if generic and not any(i.startswith("new information") for i in items):
        items.append("new information")
    if not items:
        items.append("new information")
    return {
        "items": items,
        "removed_superseded": any(e.change.kind == "removed" for e in entries),
    }


def result_sentences(result: "DiffResult") -> list[Any]:
    """The new revision's sentences as the diff holds them, in reading order."""
    seen = [s for c in result.changes for s in c.new]
    order = {"section": 0, "headline": 1, "body": 2}
    return sorted(seen, key=lambda s: (order.get(s.role, 3), s.paragraph, s.index))


def facts_join(words: Sequence[str]) -> str:
    from factcheck.notices.templating import join_and

    return join_and(words)


_SAID = re.compile(
    r"(?:,|\.|\"|\u201d)\s*((?:[A-Z][\w.'-]*\s?){1,5}?)\s(?:said|says|told)\b"
    r"|\b(?:said|says)\s((?:[A-Z][\w.'-]*\s?){1,5})"
)


def _speaker(text: str) -> str | None:
    from factcheck.text.entities import names, quotations

    match = _SAID.search(text)
    if match:
        return (match.group(1) or match.group(2)).strip().rstrip(".,")
    if not re.search(r"\b(?:said|says|told)\b", text):
        return None
    # "Defence lawyer Mark Tessier said ...", or "..., she said." after a sentence
    # naming her: the first name of the passage, outside quotation marks.
    quoted = [(q.start, q.end) for q in quotations(text)]
    found = [n for n in names(text) if not any(s <= n.start < e for s, e in quoted)]
    return found[0].text if found else None


def _figure_phrase(sentence: str, value: str) -> str:
    position = sentence.find(value)
    if position < 0:
        return value
    marker = _TALLY_MARKER.search(sentence[:position])
    start = marker.start() if marker else position
    after = re.match(r"[\s-]+([a-z]+)\b", sentence[position + len(value):])
    end = position + len(value) + (after.end() if after and after.group(1) not in ("and", "or", "to") else 0)
    phrase = sentence[start:end].strip()
    return phrase[0].lower() + phrase[1:] if phrase[:2].istitle() and not phrase.split()[0].isupper() else phrase


def _passage(change: "Change") -> dict[str, str]:
    """The changed words of an edit, with one word of context either side."""
    ops = list(change.ops)
    changed = [i for i, op in enumerate(ops) if op.op != "equal"]
    first, last = changed[0], changed[-1]

    def side(attr: str) -> str:
        words: list[str] = []
        if first > 0:
            words.append(getattr(ops[first - 1], attr).split()[-1] if getattr(ops[first - 1], attr).split() else "")
        for op in ops[first : last + 1]:
            words.append(getattr(op, attr))
        if last + 1 < len(ops):
            # Up to the next content word, so the passage ends on what it is about.
            for word in getattr(ops[last + 1], attr).split()[:3]:
                words.append(word)
                if word.lower().strip(".,;:") not in _FUNCTION_WORDS:
                    break
        return " ".join(w for w in words if w).replace(" ,", ",").replace(" .", ".")

    return {"old": side("old"), "new": side("new")}


def _shorten(text: str, limit: int = 20) -> str:
    words = text.split()
    return text if len(words) <= limit else " ".join(words[:limit]) + " ..."


def _central(change: "Change") -> bool:
    """An error in the headline or the first paragraph is central: the notice goes on top."""
    return any(s.role == "headline" or (s.role == "body" and s.paragraph == 0) for s in (*change.old, *change.new))
