"""The published corrections block for the story page, in Markdown or HTML.

The markup is in templates (``block.md.j2``, ``block.html.j2``) so a newsroom can
match its page without touching code; this module only prepares the values.
"""

from __future__ import annotations

from typing import Any, Sequence

__all__ = ["render_block", "LABELS"]

#: The label readers see before a notice, by kind.
LABELS = {"correction": "Correction", "clarification": "Clarification", "update": "Update", "editors-note": "Editor's note"}


def block_items(notices: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Notices with their label split from the body ("Correction: An earlier ..." ->
    label "Correction", body "An earlier ..."), top-placed ones first."""
    items = []
    for notice in sorted(notices, key=lambda n: (n["placement"] != "top", n["id"])):
        label = LABELS.get(notice["kind"], notice["kind"].capitalize())
        body = notice["text"]
        if body.lower().startswith(label.lower() + ":"):
            body = body[len(label) + 1 :].strip()
        items.append({**notice, "label": label, "body": body})
    return items


def render_block(article: dict[str, Any], notices: Sequence[dict[str, Any]], fmt: str, templates: Any) -> str:
    name = "block.md.j2" if fmt == "markdown" else "block.html.j2"
    return templates.render(name, article=article, notices=block_items(notices))
