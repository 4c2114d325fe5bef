"""What each desk page shows, as plain data: the JSON contract's view dictionaries
(``factcheck show``, ``claims``, ``claim show``, ``notice show``, ``diff``,
``check``) put together per page. Reads go through the storage modules (the
reader, the ledger, :mod:`factcheck.store.desk`, :mod:`factcheck.app.notice_workflow`,
:mod:`factcheck.store.search`); nothing here writes SQL.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Any

from factcheck.desk import diff_layout
from factcheck.vocabulary import STANCES, STATUSES, SOURCE_KINDS, VERDICTS

__all__ = ["desk_page", "article_page", "diff_page", "claim_page", "notice_page", "search_page", "VOCABULARY"]

_LAYOUTS: "OrderedDict[tuple[Any, ...], dict[str, Any]]" = OrderedDict()
_LAYOUT_LOCK = threading.Lock()

VOCABULARY = {"statuses": STATUSES, "verdicts": VERDICTS, "stances": STANCES, "source_kinds": SOURCE_KINDS}


def desk_page(engine: Any, article: str | None) -> dict[str, Any]:
    from factcheck.store.desk import overview

    return overview(engine, article=article or None)


def _place(spans: list[dict[str, Any]], label: str) -> tuple[str, int, int] | None:
    for span in spans:
        if span.get("revision") in (None, label) and span.get("paragraph") is not None:
            return (span.get("role", "body"), span["paragraph"], span.get("sentence", 0))
    return None


@lru_cache(maxsize=64)
def _blocks(text: str) -> tuple[dict[str, Any], ...]:
    # A revision never changes: segment it once per server, not once per page view.
    from factcheck.store import records
    from factcheck.text.segmentation import segment

    return tuple(records.blocks(segment(text)))


def article_page(engine: Any, ledger: Any, slug: str) -> dict[str, Any]:
    """Timeline, the newest revision with its findings and claims by sentence
    (``notes``, keyed by role, paragraph and sentence), the claims panel and the
    notices."""
    from factcheck.store.desk import article_revisions, findings_of
    from factcheck.store.notices import notice_view, notices_of
    from factcheck.store.listings import Reader

    listing = article_revisions(engine, slug)
    revisions = listing["revisions"]
    label = revisions[-1]["label"]
    findings = findings_of(engine, slug, [label])
    claims = Reader(engine).claims_payload(slug)["claims"]
    notes: dict[tuple[str, int, int], dict[str, list[Any]]] = {}
    for finding in findings:
        place = _place(finding["spans"], label)
        if place:
            notes.setdefault(place, {"findings": [], "claims": []})["findings"].append(finding)
    for claim in claims:
        anchor = claim["anchor"]
        if anchor and anchor["revision"] == label:
            place = (anchor.get("role", "body"), anchor["paragraph"], anchor["sentence"])
            notes.setdefault(place, {"findings": [], "claims": []})["claims"].append(claim)
    pairs = [(a["label"], b["label"]) for a, b in zip(revisions, revisions[1:])]
    notices = [notice_view(ledger, n) for n in notices_of(ledger, slug)]
    return {
        "article": listing["article"], "revisions": revisions, "pairs": pairs, "revision": revisions[-1],
        "blocks": _blocks(listing["text"]), "notes": notes, "findings": findings, "claims": claims,
        "notices": notices, "open_findings": sum(1 for f in findings if f["state"] == "open"), "vocabulary": VOCABULARY,
    }


@lru_cache(maxsize=32)
def _diff(old_text: str, new_text: str, old_label: str, new_label: str, slug: str, refs: tuple[Any, ...]) -> dict[str, Any]:
    # Revisions never change, so a diff is computed once per pair and claim state:
    # the 8,000-word diff is the expensive part of the page.
    from factcheck.analysis.diff import diff_documents
    from factcheck.text.segmentation import segment

    result = diff_documents(segment(old_text), segment(new_text), old_label=old_label, new_label=new_label,
                            article=slug, claims=refs)
    view = result.to_json()
    for change, item in zip(result.changes, view["changes"]):
        item["words"] = diff_layout.words_of(change)
    return view


def diff_page(engine: Any, slug: str, old: str, new: str) -> dict[str, Any]:
    from factcheck.store.desk import diff_inputs, findings_of
    from factcheck.store.listings import Reader

    inputs = diff_inputs(engine, slug, old, new)
    old_revision, new_revision, refs = inputs["old"], inputs["new"], inputs["refs"]
    view = _diff(old_revision.text, new_revision.text, old_revision.label, new_revision.label, slug, refs)
    claims = Reader(engine).claims_payload(slug)["claims"]
    claims_old: dict[tuple[int, int], list[Any]] = {}
    claims_new: dict[tuple[int, int], list[Any]] = {}
    current = {c["id"]: c for c in claims}
    for ref in refs:
        claims_old.setdefault((ref.paragraph, ref.sentence), []).append(current[ref.id])
    for claim in claims:
        anchor = claim["anchor"]
        if anchor and anchor["revision"] == new_revision.label and "role" not in anchor:
            claims_new.setdefault((anchor["paragraph"], anchor["sentence"]), []).append(claim)
    stored = findings_of(engine, slug, [new_revision.label])
    for finding in stored:
        for span in finding["spans"]:
            span.setdefault("revision", finding["revision"])
    # The layout depends on the pair, the claims' versions and the findings' states:
    # while none of them changes, every editor's view of the diff shares one.
    key = (old_revision.id, new_revision.id, refs, tuple((c["id"], c["version"]) for c in claims),
           tuple((f["id"], f["state"]) for f in stored))
    with _LAYOUT_LOCK:
        laid = _LAYOUTS.get(key)
    if laid is None:
        laid = diff_layout.layout(view, claims_old=claims_old, claims_new=claims_new,
                                  findings=list(view["findings"]) + stored)
        with _LAYOUT_LOCK:
            _LAYOUTS[key] = laid
            while len(_LAYOUTS) > 32:
                _LAYOUTS.popitem(last=False)
    return {"article": inputs["article"], "diff": view, "layout": laid, "summary": view["summary"],
            "revisions": inputs["revisions"], "old": old_revision.label, "new": new_revision.label}


def claim_page(engine: Any, claim_id: int) -> dict[str, Any]:
    from factcheck.store.listings import Reader

    page = Reader(engine).claim_payload(claim_id)
    page["vocabulary"] = VOCABULARY
    return page


def notice_page(ledger: Any, notice_id: int) -> dict[str, Any]:
    from factcheck.store.desk import article_by_id
    from factcheck.store.notices import get_notice, notice_view

    notice = get_notice(ledger, notice_id)
    return {"notice": notice_view(ledger, notice, history=True), "article": article_by_id(ledger.engine, notice.article_id)}


def search_page(engine: Any, query: str) -> dict[str, Any]:
    from factcheck.store.search import search

    return search(engine, query, limit=50)
