"""Plain-data views of ledger rows: the JSON contract of DESIGN.md.

Text, HTML and Markdown renderers read these same dictionaries, so every format
shows the same facts.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from factcheck.text.segmentation import Document, segment

if TYPE_CHECKING:
    from factcheck.store.models import Article, Claim, ClaimVersion, Evidence, Revision

__all__ = ["article", "revision", "blocks", "claim", "claim_version", "source", "when", "day"]


def when(moment: datetime | None) -> str | None:
    """An instant as ISO 8601 in UTC (SQLite hands back naive datetimes)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def article(row: "Article") -> dict[str, Any]:
    return {"slug": row.slug, "title": row.title, "url": row.url, "outlet": row.outlet}


def revision(row: "Revision") -> dict[str, Any]:
    return {
        "label": row.label,
        "seq": row.seq,
        "published": day(row.published),
        "fetched": when(row.fetched_at),
        "sha256": row.sha256,
        "origin": row.origin,
        "url": row.url,
        "title": row.title,
        "words": len(row.text.split()),
    }


def blocks(doc: Document) -> list[dict[str, Any]]:
    return [
        {
            "role": block.role,
            "paragraph": block.number,
            "text": block.text,
            "sentences": [
                {"sentence": s.index, "text": s.text, "start": s.start, "end": s.end} for s in block.sentences
            ],
        }
        for block in doc.blocks
    ]


@lru_cache(maxsize=64)
def _document(text: str) -> Document:
    # Listing many claims anchored to one revision segments that revision once.
    return segment(text)


def anchor(version: "ClaimVersion") -> dict[str, Any] | None:
    rev = version.anchor_revision
    if rev is None:
        return None
    out: dict[str, Any] = {"revision": rev.label, "paragraph": version.anchor_paragraph, "sentence": version.anchor_sentence}
    for sentence in _document(rev.text).all_sentences:
        if sentence.start == version.anchor_start:
            if sentence.role != "body":
                out["role"] = sentence.role
            out["text"] = sentence.text
            break
    return out


def source(evidence: "Evidence") -> dict[str, Any]:
    src = evidence.source
    out: dict[str, Any] = {"kind": src.kind}
    if src.url:
        out["url"] = src.url
    if src.citation:
        out["citation"] = src.citation
    if src.title:
        out["title"] = src.title
    if src.accessed:
        out["accessed"] = day(src.accessed)
    out["stance"] = evidence.stance
    if evidence.excerpt:
        out["excerpt"] = evidence.excerpt
    return out


def claim(row: "Claim") -> dict[str, Any]:
    current = row.current
    return {
        "id": row.id,
        "version": current.version,
        "text": current.text,
        "status": current.status,
        "verdict": current.verdict,
        "anchor": anchor(current),
        "sources": [source(e) for e in current.evidence],
        "updated": when(current.at),
        "by": current.by,
    }


def claim_version(row: "ClaimVersion") -> dict[str, Any]:
    return {
        "version": row.version,
        "text": row.text,
        "status": row.status,
        "verdict": row.verdict,
        "note": row.note,
        "by": row.by,
        "at": when(row.at),
        "anchor": anchor(row),
        "sources": [source(e) for e in row.evidence],
    }
