"""Markdown view of a diff, for pasting into a ticket: ~~removed~~ and **added** words."""

from __future__ import annotations

import re

from factcheck.analysis.diff import Change, DiffResult
from factcheck.views.diff_text import group_by_paragraph, group_heading, inline, shown_indexes, summary_line, where

__all__ = ["render_markdown", "escape_markdown"]

_SPECIAL = re.compile(r"([\\`*_~\[\]<>#|])")


def escape_markdown(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _removed(text: str) -> str:
    return f"~~{escape_markdown(text)}~~"


def _added(text: str) -> str:
    return f"**{escape_markdown(text)}**"


def _sentence(change: Change) -> str:
    if change.kind == "added":
        return _added(change.new_text)
    if change.kind == "removed":
        return _removed(change.old_text)
    if change.ops:
        # Equal runs need escaping too; inline() passes them through untouched.
        text = inline(tuple(_escaped(op) for op in change.ops), _removed, _added)
    else:
        text = escape_markdown(change.new_text)
    if change.kind in ("moved", "moved-edited"):
        text += f" _(moved from {where(change, 'old')})_"
    elif change.kind in ("split", "merge"):
        text += " _(one sentence split in two)_" if change.kind == "split" else " _(two sentences merged)_"
    if change.cosmetic:
        text += " _(cosmetic)_"
    return text


def _escaped(op):
    if op.op != "equal":
        return op
    from factcheck.analysis.diff import WordOp

    return WordOp(op.op, escape_markdown(op.old), escape_markdown(op.new), op.space)


def render_markdown(result: DiffResult, *, context: int | None = None) -> str:
    title = f"{result.article}: " if result.article else ""
    lines = [f"### Changes {escape_markdown(title + result.old_label)} → {escape_markdown(result.new_label)}", ""]
    if result.is_identical:
        return "\n".join([*lines, "No changes."])
    lines.extend([f"**Summary:** {escape_markdown(summary_line(result, labels=False))}", ""])
    groups = group_by_paragraph(result)
    previous = -1
    for index in shown_indexes(groups, context):
        group = groups[index]
        if previous >= 0 and index != previous + 1:
            lines.extend(["…", ""])
        previous = index
        heading = group_heading(group, result.old_label)
        lines.append(f"**{escape_markdown(heading[:1].upper() + heading[1:])}**")
        lines.append("")
        lines.append("> " + " ".join(_sentence(c) for c in group.changes))
        lines.append("")
    if result.findings:
        lines.extend(["**Findings**", ""])
        for finding in result.findings:
            lines.append(f"- **{finding.severity}** `{finding.check}`: {escape_markdown(finding.message)}")
    return "\n".join(lines).rstrip() + "\n"
