"""The desk's diff page, laid out from the diff's JSON view.

Rows pair a paragraph of the new revision with the old paragraph most of its
sentences came from. Every sentence is drawn in its own paragraph on its own side:
a sentence that moved appears in its old paragraph on the left ("moved to ...") and
in its new paragraph on the right ("moved from ..."), each linking to the other.
Old paragraphs that no new paragraph came from (cut whole) get a row of their own
where they stood. Findings go into the row holding the sentence they name, and
claims show their status on the sentence they are anchored to.

Input: :meth:`DiffResult.to_json` with a ``words`` list on each change (every word
run, the equal ones too, so a side can be drawn in full); output: plain data for the
template. Each sentence also comes as ``html``, built here with markupsafe (every
piece of text escaped, as the template would): an 8,000-word diff has ~3,000 of
them, and drawing each through a template macro tripled the page's time. The word
runs of a change are drawn once and kept on the (cached) diff view.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from markupsafe import Markup, escape

__all__ = ["layout", "words_of"]

_ROLE_RANK = {"section": 0, "headline": 1, "body": 2, "caption": 3, "credit": 4}
_MOVED = ("moved", "moved-edited")


def words_of(change: Any) -> list[dict[str, str]]:
    """Every word run of a :class:`factcheck.analysis.diff.Change`, for :func:`layout`."""
    return [{"op": op.op, "old": op.old, "new": op.new, "space": op.space} for op in change.ops]


def _key(side: dict[str, Any]) -> tuple[int, int]:
    return (_ROLE_RANK.get(side.get("role", "body"), 9), side["paragraph"])


def _name(key: tuple[int, int]) -> str:
    role = next((r for r, rank in _ROLE_RANK.items() if rank == key[0]), "body")
    if role == "body":
        return f"paragraph {key[1]}"
    return role if key[1] == 0 else f"{role} {key[1]}"


def _anchor(side: str, key: tuple[int, int], sentence: int) -> str:
    return f"{side}-{key[0]}-{key[1]}-{sentence}"


def _segments(change: dict[str, Any], side: str) -> list[dict[str, Any]]:
    """Text runs of one side, changed words marked ``del`` (old) or ``ins`` (new)."""
    words = change.get("words") or []
    if not words or change["kind"] in ("unchanged", "moved"):
        return [{"text": (change[side] or {}).get("text", ""), "mark": None}]
    out = []
    for op in words:
        text = op["old"] if side == "old" else op["new"]
        if not text:
            continue
        mark = None if op["op"] == "equal" else ("del" if side == "old" else "ins")
        out.append({"text": text + op.get("space", " "), "mark": mark})
    return out


def _inline_segments(change: dict[str, Any]) -> list[dict[str, Any]]:
    """Both sides in one run: deleted words then inserted ones, where they changed."""
    words = change.get("words") or []
    if not words:
        return [{"text": (change["new"] or change["old"])["text"], "mark": None}]
    out = []
    for op in words:
        if op["op"] == "equal":
            out.append({"text": op["old"] + op.get("space", " "), "mark": None})
            continue
        if op["old"]:
            out.append({"text": op["old"], "mark": "del"})
        if op["new"]:
            out.append({"text": op["new"], "mark": "ins"})
        out.append({"text": op.get("space", " "), "mark": None})
    return out


def _e(value: Any) -> str:
    return str(escape(value))


def _words_html(change: dict[str, Any], side: str) -> str:
    """One side's (or ``inline``) word runs as HTML, drawn once per cached diff view."""
    key = f"_html_{side}"
    cached = change.get(key)
    if cached is None:
        segments = _inline_segments(change) if side == "inline" else _segments(change, side)
        cached = "".join(f"<{s['mark']}>{_e(s['text'])}</{s['mark']}>" if s["mark"] else _e(s["text"])
                         for s in segments)
        change[key] = cached
    return cached


def _status_html(claim: dict[str, Any]) -> str:
    status = _e(claim["status"])
    out = f'<span class="status status-{status}">{status}</span>'
    if claim.get("verdict"):
        verdict = _e(claim["verdict"])
        out += f' <span class="verdict verdict-{verdict}">{verdict}</span>'
    return out


def _item_html(item: dict[str, Any], words: str) -> Markup:
    """A sentence as HTML; every value in it is escaped here (``_e``) or already was
    (``words``). Plain f-strings: ``Markup.format`` cost a third of the page."""
    cosmetic = item.get("cosmetic", False)
    ident = f' id="{_e(item["id"])}"' if item.get("id") else ""
    out = f'<span class="s k-{_e(item["kind"])}{" cosmetic" if cosmetic else ""}"{ident}>{words}'
    link = item.get("link")
    if link:
        out += f' <a class="move" href="{_e(link["href"] or "#")}">{_e(link["text"])}</a>'
    for claim in item.get("claims", ()):
        ident = _e(claim["id"])
        out += f' <a class="claim-badge" href="/claims/{ident}">claim #{ident} {_status_html(claim)}</a>'
    if cosmetic:
        out += ' <span class="meta">(cosmetic)</span>'
    return Markup(out + "</span> ")


def layout(diff: dict[str, Any], *, claims_old: dict[tuple[int, int], list[dict[str, Any]]] | None = None,
           claims_new: dict[tuple[int, int], list[dict[str, Any]]] | None = None,
           findings: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Rows for the side-by-side and inline views.

    ``claims_old``/``claims_new`` map (paragraph, sentence) of a body sentence to the
    claims anchored there; ``findings`` are the diff's (and stored ones), with spans.
    """
    old_label, new_label = diff["from"]["label"], diff["to"]["label"]
    claims_old, claims_new = claims_old or {}, claims_new or {}
    changes = diff["changes"]
    old_paras: dict[tuple[int, int], list[int]] = {}
    new_paras: dict[tuple[int, int], list[int]] = {}
    for number, change in enumerate(changes):
        if change["old"]:
            old_paras.setdefault(_key(change["old"]), []).append(number)
        if change["new"]:
            new_paras.setdefault(_key(change["new"]), []).append(number)

    # Which old paragraph each new one mostly came from (moves do not count).
    rows: list[dict[str, Any]] = []
    used: set[tuple[int, int]] = set()
    for new_key in sorted(new_paras):
        homes = Counter(
            _key(changes[n]["old"]) for n in new_paras[new_key]
            if changes[n]["old"] and changes[n]["kind"] not in _MOVED
        )
        home = next((k for k, _ in homes.most_common() if k not in used), None)
        if home is not None:
            used.add(home)
        rows.append({"new": new_key, "old": [home] if home is not None else []})
    # Old paragraphs no new one came from stand where they stood: before the first
    # row whose old paragraph comes after them.
    for old_key in sorted(set(old_paras) - used):
        at = next((i for i, row in enumerate(rows) if row["old"] and row["old"][0] > old_key), len(rows))
        rows.insert(at, {"new": None, "old": [old_key]})

    by_place = _place_findings(findings or [], old_label, new_label)
    out_rows = []
    for row in rows:
        left = [_paragraph("old", key, old_paras[key], changes, claims_old) for key in row["old"]]
        right = _paragraph("new", row["new"], new_paras[row["new"]], changes, claims_new) if row["new"] else None
        numbers = sorted({n for key in row["old"] for n in old_paras[key]} | set(new_paras.get(row["new"], [])))
        inline = [_inline_item(n, changes[n], row, claims_new) for n in numbers
                  if changes[n]["new"] and _key(changes[n]["new"]) == row["new"]
                  or not changes[n]["new"]]
        notes = [f for key in row["old"] for f in by_place.pop(("old", key), [])]
        if row["new"]:
            notes += by_place.pop(("new", row["new"]), [])
        changed = any(changes[n]["kind"] != "unchanged" for n in numbers)
        out_rows.append({"old": left, "new": right, "inline": inline, "findings": notes, "changed": changed,
                         "old_name": ", ".join(_name(k) for k in row["old"]),
                         "new_name": _name(row["new"]) if row["new"] else "removed"})
    # Number the changed rows for previous/next navigation.
    changed_rows = [r for r in out_rows if r["changed"] or r["findings"]]
    for index, row in enumerate(changed_rows):
        row["change"] = index + 1
        row["prev"] = index if index > 0 else None
        row["next"] = index + 2 if index + 1 < len(changed_rows) else None
    unplaced = [f for items in by_place.values() for f in items]
    return {"rows": out_rows, "changes": len(changed_rows), "unplaced_findings": unplaced}


def _claims_at(claims: dict[tuple[int, int], list[dict[str, Any]]], key: tuple[int, int] | None,
               side: dict[str, Any] | None) -> list[dict[str, Any]]:
    if key is None or side is None or key[0] != _ROLE_RANK["body"]:
        return []
    return claims.get((key[1], side["sentence"]), [])


def _paragraph(side: str, key: tuple[int, int], numbers: list[int], changes: list[dict[str, Any]],
               claims: dict[tuple[int, int], list[dict[str, Any]]]) -> dict[str, Any]:
    """One paragraph of one side (``old`` or ``new``), its sentences in order; a
    moved sentence links to where it is on the other side."""
    other = "new" if side == "old" else "old"
    direction = "to" if side == "old" else "from"
    items = []
    for n in sorted(numbers, key=lambda n: changes[n][side]["sentence"]):
        change = changes[n]
        here = change[side]
        item = {"id": _anchor(side, key, here["sentence"]), "kind": change["kind"],
                "claims": _claims_at(claims, key, here),
                "cosmetic": change.get("cosmetic", False)}
        if change["kind"] in _MOVED and change[other]:
            there = _key(change[other])
            item["link"] = {"href": "#" + _anchor(other, there, change[other]["sentence"]),
                            "text": f"moved {direction} {_name(there)}"}
        item["html"] = _item_html(item, _words_html(change, side))
        items.append(item)
    return {"name": _name(key), "sentences": items}


def _inline_item(n: int, change: dict[str, Any], row: dict[str, Any],
                 claims: dict[tuple[int, int], list[dict[str, Any]]]) -> dict[str, Any]:
    if change["kind"] == "removed":
        item: dict[str, Any] = {"kind": "removed", "claims": []}
        item["html"] = _item_html(item, f"<del>{_e(change['old']['text'])}</del>")
        return item
    item = {"kind": change["kind"], "claims": _claims_at(claims, row["new"], change["new"]),
            "cosmetic": change.get("cosmetic", False)}
    if change["kind"] in _MOVED:
        item["link"] = {"href": "", "text": f"moved from {_name(_key(change['old']))}"}
    if change["kind"] == "added":
        words = f"<ins>{_e(change['new']['text'])}</ins>"
    else:
        words = _words_html(change, "inline")
    item["html"] = _item_html(item, words)
    return item


def _place_findings(findings: list[dict[str, Any]], old_label: str, new_label: str
                    ) -> dict[tuple[str, tuple[int, int]], list[dict[str, Any]]]:
    placed: dict[tuple[str, tuple[int, int]], list[dict[str, Any]]] = {}
    for finding in findings:
        spans = finding.get("spans") or []
        span = next((s for s in spans if s.get("revision") == new_label), None) or next(
            (s for s in spans if s.get("revision") == old_label), None) or (spans[0] if spans else None)
        if span is None or span.get("paragraph") is None:
            placed.setdefault(("none", (0, 0)), []).append(finding)
            continue
        side = "old" if span.get("revision") == old_label and span.get("revision") != new_label else "new"
        placed.setdefault((side, _key(span)), []).append(finding)
    return placed
