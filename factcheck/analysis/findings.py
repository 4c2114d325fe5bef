"""The value every automated check and every diff interpretation produces.

A finding names the spans it is about and explains itself in one sentence an editor
understands. Its JSON form is the contract in DESIGN.md; ``key`` identifies "the
same finding on the same text" so that a dismissed finding is not raised again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Finding", "Span", "SEVERITIES"]

SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True, slots=True)
class Span:
    """A place in a revision: body paragraph and sentence indexes (from 0) and text."""

    paragraph: int
    sentence: int
    text: str
    revision: str | None = None
    role: str = "body"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.revision is not None:
            out["revision"] = self.revision
        out["paragraph"] = self.paragraph
        out["sentence"] = self.sentence
        if self.role != "body":
            out["role"] = self.role
        out["text"] = self.text
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Span":
        return cls(
            paragraph=int(data["paragraph"]),
            sentence=int(data["sentence"]),
            text=str(data["text"]),
            revision=data.get("revision"),
            role=data.get("role", "body"),
        )


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    message: str
    spans: tuple[Span, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
            "spans": [s.to_json() for s in self.spans],
            "data": self.data,
        }

    def columns(self) -> dict[str, Any]:
        """The ``findings`` columns of this finding (the row adds where it was found)."""
        payload = self.to_json()
        return dict(check=self.check, severity=self.severity, message=self.message, spans=payload["spans"],
                    data=payload["data"], key=self.key, state="open")

    @property
    def key(self) -> str:
        """Stable identity: the check and the texts it points at, not their positions.

        Positions shift when a paragraph is added above; the text does not, so an
        editor's dismissal survives unrelated edits.
        """
        from factcheck.text.segmentation import fingerprint

        material = "\x1f".join([self.check, *sorted(fingerprint(s.text) for s in self.spans)])
        return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]
