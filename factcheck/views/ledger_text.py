"""Terminal views of ledger listings, from the same dictionaries the JSON shows."""

from __future__ import annotations

import textwrap
from typing import Any

__all__ = ["revisions", "revision", "claims", "claim_history", "place"]


def place(anchor: dict[str, Any] | None) -> str:
    """'v1 ¶4 s3' for a body sentence, 'v1 caption 0' for a caption; '-' unanchored."""
    if not anchor:
        return "-"
    role = anchor.get("role")
    if role:
        return f"{anchor['revision']} {role}"
    return f"{anchor['revision']} ¶{anchor['paragraph']} s{anchor['sentence']}"


def _title(article: dict[str, Any]) -> str:
    return f"{article['slug']}" + (f" — {article['title']}" if article.get("title") else "")


def revisions(payload: dict[str, Any]) -> str:
    lines = [_title(payload["article"])]
    for r in payload["revisions"]:
        published = r["published"] or "date unknown"
        lines.append(f"  {r['label']:<6} #{r['seq']:<3} {published:<12} {r['words']:>6} words  {r['sha256'][:12]}  {r['origin'] or ''}")
    return "\n".join(lines)


def revision(payload: dict[str, Any]) -> str:
    rev = payload["revision"]
    lines = [f"{_title(payload['article'])}  [{rev['label']}, {rev['published'] or 'date unknown'}]", ""]
    for block in payload["blocks"]:
        if block["role"] != "body":
            lines.append(f"[{block['role']}] {block['text']}")
            lines.append("")
            continue
        lines.append(f"¶{block['paragraph']}")
        for sentence in block["sentences"]:
            wrapped = textwrap.wrap(sentence["text"], width=88, initial_indent=f"  s{sentence['sentence']}  ", subsequent_indent="      ")
            lines.extend(wrapped)
        lines.append("")
    return "\n".join(lines).rstrip()


def claims(payload: dict[str, Any]) -> str:
    lines = [_title(payload["article"])]
    if not payload["claims"]:
        lines.append("  no claims (add one with factcheck add-claim)")
    for c in payload["claims"]:
        verdict = c["verdict"] or "-"
        lines.append(
            f"  #{c['id']:<4} v{c['version']:<3} {c['status']:<11} {verdict:<13} "
            f"{len(c['sources'])} src  {place(c['anchor']):<12} {_short(c['text'], 70)}"
        )
    return "\n".join(lines)


def claim_history(payload: dict[str, Any]) -> str:
    c = payload["claim"]
    lines = [
        f"claim #{c['id']} ({payload['article']['slug']}), version {c['version']}: {c['status']}"
        + (f", {c['verdict']}" if c["verdict"] else ""),
        f"  {c['text']}",
        f"  anchored: {place(c['anchor'])}" + (f" — {c['anchor']['text']}" if c["anchor"] and c["anchor"].get("text") else ""),
        "",
    ]
    previous_sources: list[Any] = []
    for v in payload["versions"]:
        verdict = f" / {v['verdict']}" if v["verdict"] else ""
        lines.append(f"v{v['version']}  {v['at']}  {v['by']}  {v['status']}{verdict}")
        if v["note"]:
            lines.append(f"    why: {v['note']}")
        lines.append(f"    text: {v['text']}")
        for src in v["sources"]:
            if src in previous_sources:
                continue
            ref = src.get("url") or src.get("citation")
            title = f" ({src['title']})" if src.get("title") else ""
            lines.append(f"    + source [{src['stance']}] {ref}{title}")
            if src.get("excerpt"):
                lines.append(f"        “{src['excerpt']}”")
        previous_sources = v["sources"]
    return "\n".join(lines)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
