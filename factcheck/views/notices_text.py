"""Notices in the terminal: drafts fresh from a diff, and the stored list."""

from __future__ import annotations

import textwrap
from typing import Any, Sequence

__all__ = ["render_drafting", "render_listing", "render_history"]

_WIDTH = 88


def _wrap(text: str, indent: str = "  ") -> str:
    return "\n".join(
        textwrap.fill(line, _WIDTH, initial_indent=indent, subsequent_indent=indent) if line else ""
        for line in text.splitlines()
    )


def _where(change: dict[str, Any]) -> str:
    side = change.get("new") or change.get("old") or {}
    role = side.get("role", "paragraph")
    place = role if role != "paragraph" and role != "body" else f"paragraph {side.get('paragraph')}"
    return f"{place}: {change['reason']}"


def render_drafting(payload: dict[str, Any], stored: Sequence[Any] = ()) -> str:
    """``payload`` is :meth:`Drafting.to_json`; ``stored`` the ledger outcomes, if any."""
    out: list[str] = []
    frm, to = payload["from"], payload["to"]
    title = f"{frm['article'] + ' ' if frm.get('article') else ''}{frm['label']} → {to['label']}"
    notices = payload["notices"]
    if not notices:
        out.append(f"{title}: no notice needed.")
    for i, notice in enumerate(notices):
        head = f"{notice['kind']} ({notice['placement']})"
        if i < len(stored):
            item = stored[i]
            head = f"notice {item.notice.id} v{item.version.version} {item.version.state}: " + head + {
                "new": "", "unchanged": " — already drafted, unchanged",
                "redrafted": " — redrafted", "kept": " — kept: an editor has worked on it",
            }[item.outcome]
        out.append(head)
        if notice.get("dateline"):
            out.append(_wrap(notice["dateline"]))
        out.append(_wrap(notice["text"]))
        out.extend(_wrap(f"covers {_where(c)}", "    ") for c in notice["changes"])
        out.extend(_wrap(f"warning: {w}", "    ") for w in notice.get("warnings", []))
        out.append("")
    if payload["silent"]:
        out.append("silent edits (logged, no notice):")
        out.extend(_wrap(_where(c), "  ") for c in payload["silent"])
    return "\n".join(out).rstrip()


def render_listing(article: dict[str, Any], notices: Sequence[dict[str, Any]]) -> str:
    if not notices:
        return f"{article['slug']}: no notices."
    out = []
    for n in notices:
        out.append(f"#{n['id']} v{n['version']} {n['state']:<9} {n['kind']:<13} {n['from']} → {n['to']}  "
                   f"({n['placement']}, {n['by']} {n['at']})")
        if n.get("dateline"):
            out.append(_wrap(n["dateline"]))
        out.append(_wrap(n["text"]))
        out.append("")
    return "\n".join(out).rstrip()


def render_history(view: dict[str, Any]) -> str:
    out = [f"notice {view['id']}: {view['kind']}, {view['from']} → {view['to']}, now {view['state']} (v{view['version']})"]
    for v in view["versions"]:
        out.append(f"  v{v['version']} {v['state']:<9} {v['by']} {v['at']}" + (f" — {v['note']}" if v["note"] else ""))
        out.append(_wrap(v["text"], "      "))
    return "\n".join(out)
