"""What an edit means: findings derived from a sentence alignment.

* ``number-changed``, ``date-changed``, ``name-changed``, ``quote-changed``: an
  edited sentence whose numbers, dates, names or quotations differ (compared by
  value, so "1,200" -> "1200" or "U.S." -> "United States" is not a change);
* ``duplicate-removed``: a removed paragraph that repeated one still present (the
  repeated lede): information, not lost content;
* ``claim-changed`` / ``claim-removed``: a ledger claim whose anchor sentence was
  edited or cut.

Cosmetic edits produce no findings: by definition they touch none of these.
"""

from __future__ import annotations

from collections import Counter
from itertools import zip_longest
from typing import TYPE_CHECKING, Sequence

from factcheck.text.entities import Entity, canonical_phrase, extract
from factcheck.analysis.findings import Finding, Span
from factcheck.text.segmentation import Block, Document, Sentence, fingerprint

if TYPE_CHECKING:
    from factcheck.analysis.diff import Change, ClaimRef, DiffResult

__all__ = ["interpret", "DUPLICATE_SIMILARITY"]

#: ``fuzz.token_sort_ratio`` (abbreviations spelled out) at which a removed paragraph
#: repeated another: a rewritten repeat of a lede scores 75-80, unrelated paragraphs
#: of one story 30-50. Word order is ignored because rewording reorders clauses.
DUPLICATE_SIMILARITY = 70.0
#: Shorter paragraphs ("More to come.") are too short to call repeats.
_DUPLICATE_MIN_WORDS = 8

_TYPED = (
    ("number", "number-changed", "The number"),
    ("date", "date-changed", "The date"),
    ("name", "name-changed", "The name"),
    ("quote", "quote-changed", "The quotation"),
)
_EDITED = ("edited", "moved-edited", "split", "merge")


def interpret(result: "DiffResult", old: Document, new: Document, claims: Sequence["ClaimRef"]) -> list[Finding]:
    findings: list[Finding] = []
    for change in result.changes:
        if change.kind in _EDITED and not change.cosmetic:
            findings.extend(_typed_findings(change, result.old_label, result.new_label))
    findings.extend(_duplicates_removed(result, old, new))
    findings.extend(_claim_findings(result, claims))
    return findings


def _spans(sentences: Sequence[Sentence], label: str) -> list[Span]:
    return [Span(s.paragraph, s.index, s.text, label, s.role) for s in sentences]


def _quote(text: str, limit: int = 90) -> str:
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 1].rstrip()}…"'


# --------------------------------------------------------------------------- typed


def _typed_findings(change: "Change", old_label: str, new_label: str) -> list[Finding]:
    old_entities, new_entities = extract(change.old_text), extract(change.new_text)
    spans = (*_spans(change.old, old_label), *_spans(change.new, new_label))
    findings = []
    for kind, check, label in _TYPED:
        gone, came = _difference(old_entities[kind], new_entities[kind])
        for before, after in zip_longest(gone, came):
            if before and after:
                message = f"{label} {_quote(before.text)} became {_quote(after.text)}: {_quote(change.new_text)}"
            elif before:
                message = f"{label} {_quote(before.text)} was taken out: {_quote(change.new_text)}"
            else:
                message = f"{label} {_quote(after.text)} was put in: {_quote(change.new_text)}"
            data = {"old": before.text if before else None, "new": after.text if after else None}
            findings.append(Finding(check, "warning", message, spans, data))
    return findings


def _difference(old: list[Entity], new: list[Entity]) -> tuple[list[Entity], list[Entity]]:
    """Entities only in ``old`` and only in ``new``, compared by key, in text order."""
    old_keys, new_keys = Counter(e.key for e in old), Counter(e.key for e in new)
    only_old, only_new = old_keys - new_keys, new_keys - old_keys

    def take(entities: list[Entity], wanted: Counter[str]) -> list[Entity]:
        out = []
        for entity in entities:
            if wanted[entity.key] > 0:
                wanted[entity.key] -= 1
                out.append(entity)
        return out

    return take(old, only_old), take(new, only_new)


# --------------------------------------------------------------------------- duplicates


def _duplicates_removed(result: "DiffResult", old: Document, new: Document) -> list[Finding]:
    """Removed body paragraphs that repeat a paragraph the new revision still has."""
    removed_sentences = {
        (s.paragraph, s.index) for c in result.changes if c.kind == "removed" for s in c.old if s.role == "body"
    }
    if not removed_sentences:
        return []  # the usual case: spares scanning every paragraph of the article
    # Whether all its sentences went is tested first: it fails on the first
    # sentence of nearly every paragraph, where counting words splits them all.
    removed = [
        b
        for b in old.body
        if all((s.paragraph, s.index) in removed_sentences for s in b.sentences)
        and len(b.text.split()) >= _DUPLICATE_MIN_WORDS
    ]
    if not removed:
        return []
    from rapidfuzz import fuzz, process

    # Only paragraphs carried over from the old revision can be what was repeated:
    # a paragraph written afresh is a rewrite, not the surviving copy.
    added = {(s.paragraph, s.index) for c in result.changes if c.kind == "added" for s in c.new if s.role == "body"}
    survivors: list[Block] = [
        b for b in new.body if sum((s.paragraph, s.index) not in added for s in b.sentences) * 2 > len(b.sentences)
    ]
    canonical: dict[int, str] = {}
    findings = []
    for block in removed:
        # A ratio of 70 needs lengths within a factor of about 1.9 of each other:
        # the cheap test spares normalising every paragraph of a long article.
        size = len(block.text)
        candidates = [k for k, b in enumerate(survivors) if size / 1.9 <= len(b.text) <= size * 1.9]
        for k in candidates:
            if k not in canonical:
                canonical[k] = canonical_phrase(fingerprint(survivors[k].text))
        best = process.extractOne(
            canonical_phrase(fingerprint(block.text)), {k: canonical[k] for k in candidates},
            scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=DUPLICATE_SIMILARITY,
        )
        if best is None:
            continue
        kept = survivors[best[2]]
        message = (
            f"A repeated paragraph was removed; the paragraph it repeated is still there: {_quote(kept.text)}"
        )
        spans = (*_spans(block.sentences, result.old_label), *_spans(kept.sentences, result.new_label))
        data = {"paragraph": block.number, "repeats": kept.number, "similarity": round(best[1] / 100, 3)}
        findings.append(Finding("duplicate-removed", "info", message, spans, data))
    return findings


# --------------------------------------------------------------------------- claims


def _claim_findings(result: "DiffResult", claims: Sequence["ClaimRef"]) -> list[Finding]:
    by_anchor: dict[tuple[int, int], "Change"] = {}
    for change in result.changes:
        for sentence in change.old:
            if sentence.role == "body":
                by_anchor[(sentence.paragraph, sentence.index)] = change
    findings = []
    for claim in claims:
        change = by_anchor.get((claim.paragraph, claim.sentence))
        if change is None:
            continue
        standing = claim.status + (f", verdict {claim.verdict}" if claim.verdict else "")
        data = {
            "claim": claim.id,
            "version": claim.version,
            "status": claim.status,
            "verdict": claim.verdict,
            "old": change.old_text,
            "new": change.new_text if change.new else None,
        }
        spans = (*_spans(change.old, result.old_label), *_spans(change.new, result.new_label))
        if change.kind == "removed":
            message = (
                f"Claim #{claim.id} ({standing}) {_quote(claim.text)} was cut from the article; "
                "mark it withdrawn or restore the sentence."
            )
            findings.append(Finding("claim-removed", "warning", message, spans, data))
        elif change.kind in _EDITED and not change.cosmetic:
            message = (
                f"Claim #{claim.id} ({standing}) {_quote(claim.text)} was edited to "
                f"{_quote(change.new_text)}; check it again."
            )
            findings.append(Finding("claim-changed", "warning", message, spans, data))
    return findings
