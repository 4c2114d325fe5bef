"""The standards desk's report as text (the JSON payload of
:func:`factcheck.app.report.standards_report`, rendered)."""

from __future__ import annotations

from typing import Any

__all__ = ["render_text"]


def _section(title: str, rows: list[str]) -> list[str]:
    return [title, *(rows or ["  none"]), ""]


def render_text(report: dict[str, Any]) -> str:
    lines = [f"Standards report since {report['since']}", ""]
    lines += _section(
        f"Corrections and notices published: {len(report['corrections'])}",
        [f"  {c['published']}  {c['article']}  [{c['kind']}] {c['text']}" for c in report["corrections"]],
    )
    lines += _section(
        f"Claims by verdict (set since then, of {report['claims_total']} claims):",
        [f"  {verdict:<13} {count}" for verdict, count in report["claims_by_verdict"].items()],
    )
    lines += _section(
        "Articles with open findings:",
        [f"  {a['article']:<40} {a['open']}" for a in report["articles_with_open_findings"]],
    )
    lines += _section(
        "Most-corrected articles:",
        [f"  {a['article']:<40} {a['corrections']}" for a in report["most_corrected"]],
    )
    return "\n".join(lines).rstrip()
