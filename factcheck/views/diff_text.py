"""Terminal view of a diff: changed paragraphs with inline word changes, then findings.

Without colour, changes use the wdiff markers ``[-old-]`` and ``{+new+}``; with
colour, removed words are red and struck through, added words green. Paragraph
numbers shown to editors count from 1 (JSON indexes count from 0).

:func:`group_by_paragraph` is shared with the HTML and Markdown views.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import click

from factcheck.analysis.diff import Change, DiffResult, WordOp

__all__ = ["Group", "group_by_paragraph", "render_text", "paragraph_name", "summary_line"]


@dataclass
class Group:
    """Consecutive changes shown as one paragraph of the new revision.

    ``new_paragraph`` is None for a paragraph that was removed as a whole.
    """

    role: str
    new_paragraph: int | None
    old_paragraph: int | None
    changes: list[Change] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.kind != "unchanged" for c in self.changes)


def group_by_paragraph(result: DiffResult) -> list[Group]:
    groups: list[Group] = []
    for change in result.changes:
        current = groups[-1] if groups else None
        if change.new:
            role, paragraph = change.new[0].role, change.new[0].paragraph
            if current and current.role == role and current.new_paragraph == paragraph:
                current.changes.append(change)
                continue
            old_paragraph = change.old[0].paragraph if change.old else None
            # The first sentences of a paragraph were cut and the rest carry on.
            if (
                current
                and current.new_paragraph is None
                and current.role == role
                and old_paragraph is not None
                and current.old_paragraph == old_paragraph
            ):
                current.new_paragraph = paragraph
                current.changes.append(change)
                continue
            groups.append(Group(role, paragraph, old_paragraph, [change]))
        else:
            role, paragraph = change.old[0].role, change.old[0].paragraph
            if current and current.role == role and any(
                s.paragraph == paragraph and s.role == role for c in current.changes for s in c.old
            ):
                current.changes.append(change)
            else:
                groups.append(Group(role, None, paragraph, [change]))
    return groups


def paragraph_name(role: str, number: int) -> str:
    """How an editor names a block: "paragraph 3", "headline", "caption 1".

    Numbers count from 0 over the body, as in ``factcheck show``, the checks and
    the JSON, so "paragraph 4" means the same paragraph everywhere.
    """
    if role == "body":
        return f"paragraph {number}"
    return role if number == 0 else f"{role} {number}"


def shown_indexes(groups: list[Group], context: int | None) -> list[int]:
    """Indexes of the groups a view shows: the changed ones and ``context`` around each."""
    # No more context than there are paragraphs: --context 10**20 must not loop.
    reach = min(context or 0, len(groups))
    changed = [i for i, g in enumerate(groups) if g.changed]
    return sorted({k for i in changed for k in range(i - reach, i + reach + 1) if 0 <= k < len(groups)})


def group_heading(group: Group, old_label: str) -> str:
    """"paragraph 3", or for a paragraph that no longer exists, where it was."""
    if group.new_paragraph is None:
        return f"{paragraph_name(group.role, group.old_paragraph or 0)} of {old_label}, removed"
    return paragraph_name(group.role, group.new_paragraph)


def where(change: Change, side: str) -> str:
    sentences = change.old if side == "old" else change.new
    first = sentences[0]
    return paragraph_name(first.role, first.paragraph)


def summary_line(result: DiffResult, *, labels: bool = True) -> str:
    """"v1 → v2: 15 unchanged, 1 edited, 1 removed" (kinds that did not occur left out)."""
    counts = result.summary
    parts = ", ".join(f"{counts[kind]} {kind}" for kind in counts if counts[kind] or kind == "unchanged")
    return f"{result.old_label} → {result.new_label}: {parts}" if labels else parts


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def removed(self, text: str) -> str:
        return click.style(text, fg="red", strikethrough=True) if self.color else f"[-{text}-]"

    def added(self, text: str) -> str:
        return click.style(text, fg="green", underline=True) if self.color else f"{{+{text}+}}"

    def note(self, text: str) -> str:
        return click.style(f"[{text}]", fg="yellow") if self.color else f"[{text}]"

    def heading(self, text: str) -> str:
        return click.style(text, bold=True) if self.color else text


def inline(ops: tuple[WordOp, ...], removed: Callable[[str], str], added: Callable[[str], str]) -> str:
    """One sentence with its word changes marked in place."""
    out = []
    for op in ops:
        if op.op == "equal":
            out.append(op.new)
        else:
            if op.old:
                out.append(removed(op.old))
            if op.new:
                out.append(added(op.new))
        out.append(op.space)
    return "".join(out).rstrip()


def _sentence(change: Change, style: _Style) -> str:
    if change.kind == "added":
        return style.added(change.new_text)
    if change.kind == "removed":
        return style.removed(change.old_text)
    text = inline(change.ops, style.removed, style.added) if change.ops else change.new_text
    notes = []
    if change.kind in ("moved", "moved-edited"):
        notes.append(f"moved from {where(change, 'old')}")
    elif change.kind == "split":
        notes.append("one sentence split in two")
    elif change.kind == "merge":
        notes.append("two sentences merged")
    if change.cosmetic:
        notes.append("cosmetic")
    return text + "".join(" " + style.note(n) for n in notes)


def render_text(result: DiffResult, *, color: bool = False, context: int | None = None) -> str:
    """The whole terminal view; ``context`` unchanged paragraphs are shown around changes."""
    style = _Style(color)
    if result.is_identical:
        return "no changes"
    groups = group_by_paragraph(result)
    shown = set(shown_indexes(groups, context))

    title = f"{result.article}: " if result.article else ""
    lines = [style.heading(f"{title}{result.old_label} → {result.new_label}"), ""]
    previous = -1
    for index, group in enumerate(groups):
        if index not in shown:
            continue
        if previous >= 0 and index != previous + 1:
            lines.extend(["  …", ""])
        previous = index
        lines.append(style.heading(group_heading(group, result.old_label)))
        body = " ".join(_sentence(c, style) for c in group.changes)
        lines.extend(["  " + body, ""])
    lines.append(summary_line(result))
    if result.findings:
        lines.extend(["", style.heading("Findings")])
        for finding in result.findings:
            lines.append(f"  {finding.severity:<7} {finding.check}: {finding.message}")
    return "\n".join(lines)
