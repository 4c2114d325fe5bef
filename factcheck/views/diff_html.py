"""A single self-contained HTML page: old and new side by side, word changes
highlighted, moves linked both ways, findings at the end.

No scripts, fonts or stylesheets are fetched: the page is mailed around and
opened offline. Every piece of article text goes through :func:`html.escape`.
"""

from __future__ import annotations

import bisect
from html import escape

from factcheck.analysis.diff import Change, DiffResult
from factcheck.views.diff_text import Group, group_by_paragraph, paragraph_name, shown_indexes, summary_line
from factcheck.text.segmentation import Sentence

__all__ = ["render_html"]

_ROLE_RANK = {"section": 0, "headline": 1, "body": 2, "caption": 3, "credit": 4}
_MOVED = ("moved", "moved-edited")

_CSS = """
body{font:16px/1.5 Georgia,serif;margin:2em auto;max-width:72em;color:#222;padding:0 1em}
h1{font-size:1.3em}table{border-collapse:collapse;width:100%}
th{text-align:left;border-bottom:2px solid #999;padding:.3em}
td{vertical-align:top;width:50%;padding:.5em;border-bottom:1px solid #ddd}
tr.same td{color:#777}.where{font:12px sans-serif;color:#666;display:block}
del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none}
.removed{background:#fee}.added{background:#efe}.moved{background:#eef}
a.move{font:12px sans-serif;color:#338}.cosmetic{font:12px sans-serif;color:#999}
.summary{font:14px sans-serif}.warning{color:#a60}.error{color:#b00}.info{color:#357}
li{margin:.4em 0}
"""


def _anchor(side: str, sentence: Sentence) -> str:
    return f"{side}-{sentence.role}-{sentence.paragraph}-{sentence.index}"


def _key(sentence: Sentence) -> tuple[int, int, int]:
    return (_ROLE_RANK.get(sentence.role, 9), sentence.paragraph, sentence.index)


def _words(change: Change, side: str) -> str:
    """One side of an edited sentence with its changed words marked."""
    if not change.ops:
        return escape(change.old_text if side == "old" else change.new_text)
    out = []
    for op in change.ops:
        if op.op == "equal":
            out.append(escape(op.old))
        elif side == "old" and op.old:
            out.append(f"<del>{escape(op.old)}</del>")
        elif side == "new" and op.new:
            out.append(f"<ins>{escape(op.new)}</ins>")
        else:
            continue
        out.append(escape(op.space))
    return "".join(out).rstrip()


def _cell_items(groups: list[Group]) -> tuple[list[list[str]], list[list[str]]]:
    left: list[list[tuple[tuple[int, int, int], str]]] = [[] for _ in groups]
    right: list[list[str]] = [[] for _ in groups]
    placed: list[tuple[tuple[int, int, int], int]] = []  # old sentence key -> group
    moved: list[Change] = []
    for number, group in enumerate(groups):
        for change in group.changes:
            if change.new:
                right[number].append(_new_side(change))
            if change.kind in _MOVED:
                moved.append(change)
            elif change.old:
                left[number].append((_key(change.old[0]), _old_side(change)))
                placed.extend((_key(s), number) for s in change.old)
    # A moved sentence is shown on the left where it used to be: after the old
    # sentence that preceded it, in whichever row that one landed.
    placed.sort()
    keys = [key for key, _ in placed]
    for change in moved:
        key = _key(change.old[0])
        at = bisect.bisect_left(keys, key) - 1
        number = placed[at][1] if at >= 0 else 0
        left[number].append((key, _moved_stub(change)))
    return [[html for _, html in sorted(items)] for items in left], right


def _old_side(change: Change) -> str:
    anchor = _anchor("old", change.old[0])
    kind = {"removed": "removed", "unchanged": "same"}.get(change.kind, "edited")
    return f'<span id="{anchor}" class="{kind}">{_words(change, "old")}</span>'


def _new_side(change: Change) -> str:
    anchor = _anchor("new", change.new[0])
    if change.kind == "added":
        return f'<span id="{anchor}" class="added">{escape(change.new_text)}</span>'
    text = f'<span id="{anchor}" class="{"moved" if change.kind in _MOVED else "same"}">{_words(change, "new")}</span>'
    if change.kind in _MOVED:
        source = change.old[0]
        text += (
            f' <a class="move" href="#{_anchor("old", source)}">'
            f"↑ moved from {escape(paragraph_name(source.role, source.paragraph))}</a>"
        )
    if change.kind in ("split", "merge"):
        text += f' <span class="cosmetic">({"split in two" if change.kind == "split" else "two merged"})</span>'
    if change.cosmetic:
        text += ' <span class="cosmetic">(cosmetic)</span>'
    return text


def _moved_stub(change: Change) -> str:
    source, target = change.old[0], change.new[0]
    return (
        f'<span id="{_anchor("old", source)}" class="moved">{_words(change, "old")}</span> '
        f'<a class="move" href="#{_anchor("new", target)}">'
        f"↓ moved to {escape(paragraph_name(target.role, target.paragraph))}</a>"
    )


def render_html(result: DiffResult, *, context: int | None = None) -> str:
    """The page; all paragraphs unless ``context`` limits it to changes and N around them."""
    title = f"{result.article + ': ' if result.article else ''}{result.old_label} → {result.new_label}"
    groups = group_by_paragraph(result)
    left, right = _cell_items(groups)
    shown = set(range(len(groups))) if context is None else set(shown_indexes(groups, context))

    rows = []
    for number, group in enumerate(groups):
        if number not in shown:
            continue
        old_where = paragraph_name(group.role, group.old_paragraph) if group.old_paragraph is not None else ""
        new_where = paragraph_name(group.role, group.new_paragraph) if group.new_paragraph is not None else "removed"
        css = "changed" if group.changed else "same"
        rows.append(
            f'<tr class="{css}"><td><span class="where">{escape(old_where)}</span>{" ".join(left[number])}</td>'
            f'<td><span class="where">{escape(new_where)}</span>{" ".join(right[number])}</td></tr>'
        )

    findings = "".join(
        f'<li><span class="{escape(f.severity)}">{escape(f.severity)}</span> <code>{escape(f.check)}</code>: '
        f"{escape(f.message)}</li>"
        for f in result.findings
    )
    status = "No changes." if result.is_identical else escape(summary_line(result))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{_CSS}</style></head><body>\n"
        f"<h1>{escape(title)}</h1>\n"
        f'<p class="summary">{status}</p>\n'
        f"<table><thead><tr><th>{escape(result.old_label)}</th><th>{escape(result.new_label)}</th></tr></thead>"
        f"<tbody>\n{chr(10).join(rows)}\n</tbody></table>\n"
        + (f"<h2>Findings</h2><ul>{findings}</ul>\n" if findings else "")
        + "</body></html>"
    )
