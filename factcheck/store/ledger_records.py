"""The parts of a ledger file beyond revisions and claim versions (format 2): where
each claim stood in each revision, the stored findings with editors' decisions, and
the notices with every version.

Export reads them from the database, validation checks a document's values before
anything is written (one line naming the place and the problem), and writing adds
them inside the import's transaction. :mod:`factcheck.store.ledger_file` calls these.
"""

from __future__ import annotations

from typing import Any, Iterator

from factcheck.store import records

__all__ = [
    "export_anchors", "export_findings", "export_notices",
    "validate_anchors", "validate_findings", "validate_notices",
    "write_anchors", "write_findings", "write_notices",
]

_FINDING_STATES = ("open", "dismissed", "resolved")
_NOTICE_STATES = ("draft", "approved", "published", "withdrawn")
_NOTICE_KINDS = ("correction", "clarification", "update", "editors-note", "silent-edit")
_SEVERITIES = ("info", "warning", "error")
_PLACEMENTS = ("top", "bottom")


# ---------------------------------------------------------------------- export


def _place(row: Any) -> dict[str, Any]:
    out = records.anchor(row) or {}
    out.pop("text", None)
    return out


def export_anchors(claim: Any) -> list[dict[str, Any]]:
    """Where the claim stood in each revision, oldest revision first."""
    return [_place(a) for a in sorted(claim.anchors, key=lambda a: a.anchor_revision.seq)]


def export_findings(ledger: Any, article: Any, labels: dict[int, str]) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from factcheck.store.models import Finding

    rows = ledger.session.scalars(select(Finding).where(Finding.article_id == article.id).order_by(Finding.id))
    out = []
    for row in rows:
        item: dict[str, Any] = {"revision": labels[row.revision_id]}
        if row.other_revision_id is not None:
            item["other_revision"] = labels[row.other_revision_id]
        item.update(check=row.check, severity=row.severity, message=row.message, spans=row.spans, data=row.data,
                    key=row.key, state=row.state, created=records.when(row.created_at))
        if row.state != "open" or row.note or row.decided_by:
            item.update(note=row.note, decided_by=row.decided_by, decided_at=records.when(row.decided_at))
        out.append(item)
    return out


def export_notices(ledger: Any, article: Any, labels: dict[int, str]) -> list[dict[str, Any]]:
    from factcheck.store.notices import notices_of

    out = []
    for notice in notices_of(ledger, article.slug):
        out.append({
            "from": labels[notice.from_revision_id],
            "to": labels[notice.to_revision_id],
            "kind": notice.kind,
            "created": records.when(notice.created_at),
            "versions": [
                {
                    "state": v.state, "text": v.text, "placement": v.placement, "changes": v.changes,
                    "dated": records.day(v.dated), "note": v.note, "by": v.by, "at": records.when(v.at),
                }
                for v in notice.versions
            ],
        })
    return out


# ---------------------------------------------------------------------- validation


def _lf() -> Any:
    from factcheck.store import ledger_file as ledgerfile

    return ledgerfile


def _label(value: Any, where: str, labels: dict[str, int], p: Any) -> str:
    if not isinstance(value, str) or value not in labels:
        raise p.fail(where, f"'{value}' is not a revision of this ledger")
    return value


def validate_anchor(item: Any, where: str, labels: dict[str, int], p: Any) -> dict[str, Any]:
    lf = _lf()
    anchor = lf._mapping(item, where, p)
    if "role" in anchor and not (isinstance(anchor["role"], str) and anchor["role"] in lf._ROLES):
        raise p.fail(f"{where}.role", f"'{anchor['role']}' is not one of {', '.join(lf._ROLES)}")
    _label(anchor.get("revision"), f"{where}.revision", labels, p)
    for key in ("paragraph", "sentence"):
        if not isinstance(anchor.get(key), int) or isinstance(anchor[key], bool) or anchor[key] < 0:
            raise p.fail(f"{where}.{key}", "expected a whole number from 0")
    return anchor


def validate_anchors(item: dict[str, Any], where: str, versions: list[dict[str, Any]], labels: dict[str, int],
                     p: Any) -> list[dict[str, Any]]:
    """The claim's anchors per revision; a version-1 file has none, so they come
    from the versions (for each revision, the last version anchored there)."""
    if "anchors" not in item:
        last: dict[str, dict[str, Any]] = {}
        for v in versions:
            if v["anchor"]:
                last[v["anchor"]["revision"]] = v["anchor"]
        return list(last.values())
    anchors = [validate_anchor(a, f"{where}.anchors[{k}]", labels, p)
               for k, a in enumerate(_lf()._list(item.get("anchors"), f"{where}.anchors", p))]
    seen = [a["revision"] for a in anchors]
    for k, label in enumerate(seen):
        if label in seen[:k]:
            raise p.fail(f"{where}.anchors[{k}].revision", f"the claim has two anchors in '{label}'")
    return anchors


def _entries(document: dict[str, Any], name: str, p: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each mapping of the document's list ``name``, with its place for messages."""
    lf = _lf()
    for i, item in enumerate(lf._list(document.get(name), name, p)):
        yield f"{name}[{i}]", lf._mapping(item, f"{name}[{i}]", p)


def validate_findings(document: dict[str, Any], labels: dict[str, int], p: Any) -> list[dict[str, Any]]:
    lf = _lf()
    out: list[dict[str, Any]] = []
    for where, f in _entries(document, "findings", p):
        other = f.get("other_revision")
        state = lf._choice(f.get("state", "open"), _FINDING_STATES, f"{where}.state", p)
        spans = lf._list(f.get("spans"), f"{where}.spans", p)
        data = f.get("data") if f.get("data") is not None else {}
        lf._mapping(data, f"{where}.data", p)
        key = lf._string(f.get("key"), f"{where}.key", p, 64)
        found = {
            "revision": _label(f.get("revision"), f"{where}.revision", labels, p),
            "other_revision": _label(other, f"{where}.other_revision", labels, p) if other is not None else None,
            "check": lf._string(f.get("check"), f"{where}.check", p, 60),
            "severity": lf._choice(f.get("severity"), _SEVERITIES, f"{where}.severity", p),
            "message": lf._checked_text(lf._string(f.get("message"), f"{where}.message", p), f"{where}.message", p),
            "spans": spans, "data": data, "key": key, "state": state,
            "note": lf._optional_string(f.get("note"), f"{where}.note", p),
            "decided_by": lf._optional_string(f.get("decided_by"), f"{where}.decided_by", p, 200),
            "decided_at": lf._instant(f.get("decided_at"), f"{where}.decided_at", p),
            "created": lf._instant(f.get("created"), f"{where}.created", p),
        }
        if state == "dismissed" and not found["decided_by"]:
            raise p.fail(f"{where}.decided_by", "a dismissed finding names who dismissed it")
        if any((r["revision"], r["key"]) == (found["revision"], key) for r in out):
            raise p.fail(f"{where}.key", f"the finding appears twice for revision '{found['revision']}'")
        out.append(found)
    return out


def validate_notices(document: dict[str, Any], labels: dict[str, int], p: Any) -> list[dict[str, Any]]:
    lf = _lf()
    out: list[dict[str, Any]] = []
    for where, n in _entries(document, "notices", p):
        old = _label(n.get("from"), f"{where}.from", labels, p)
        new = _label(n.get("to"), f"{where}.to", labels, p)
        if labels[old] >= labels[new]:
            raise p.fail(f"{where}.from", f"'{old}' is not older than '{new}'")
        kind = lf._choice(n.get("kind"), _NOTICE_KINDS, f"{where}.kind", p)
        if any((o["from"], o["to"], o["kind"]) == (old, new, kind) for o in out):
            raise p.fail(where, f"a second {kind} notice for {old} -> {new}")
        versions_in = n.get("versions")
        if not isinstance(versions_in, list) or not versions_in:
            raise p.fail(f"{where}.versions", "a notice needs at least one version (a list)")
        versions = []
        for j, v_in in enumerate(versions_in):
            vwhere = f"{where}.versions[{j}]"
            v = lf._mapping(v_in, vwhere, p)
            versions.append({
                "state": lf._choice(v.get("state"), _NOTICE_STATES, f"{vwhere}.state", p),
                "text": lf._checked_text(lf._string(v.get("text"), f"{vwhere}.text", p), f"{vwhere}.text", p),
                "placement": lf._choice(v.get("placement", "bottom"), _PLACEMENTS, f"{vwhere}.placement", p),
                "changes": lf._list(v.get("changes"), f"{vwhere}.changes", p),
                "dated": lf._date(v.get("dated"), f"{vwhere}.dated", p),
                "note": lf._optional_string(v.get("note"), f"{vwhere}.note", p),
                "by": lf._checked_text(lf._string(v.get("by", "import"), f"{vwhere}.by", p, 200), f"{vwhere}.by", p),
                "at": lf._instant(v.get("at"), f"{vwhere}.at", p),
            })
        out.append({"from": old, "to": new, "kind": kind, "versions": versions,
                    "created": lf._instant(n.get("created"), f"{where}.created", p)})
    return out


# ---------------------------------------------------------------------- writing


def sentence_of(anchor: dict[str, Any], by_label: dict[str, tuple[Any, Any]]) -> tuple[Any, Any]:
    """The revision and sentence an anchor of the file names; refused when the
    revision has no such sentence."""
    from factcheck.errors import InvalidInput

    revision, doc = by_label[anchor["revision"]]
    try:
        return revision, doc.sentence_at(anchor["paragraph"], anchor["sentence"], anchor.get("role", "body"))
    except IndexError:
        raise InvalidInput(
            f"claim anchor {anchor['revision']} paragraph {anchor['paragraph']} sentence "
            f"{anchor['sentence']} does not exist in that revision; fix the ledger file."
        ) from None


def write_anchors(ledger: Any, claim: Any, anchors: list[dict[str, Any]], by_label: dict[str, tuple[Any, Any]]) -> None:
    from factcheck.analysis.anchoring import Anchor

    for item in anchors:
        revision, sentence = sentence_of(item, by_label)
        ledger.record_anchor(claim, revision, Anchor(sentence, 100.0))


def write_findings(session: Any, article: Any, findings: list[dict[str, Any]], by_label: dict[str, tuple[Any, Any]]) -> None:
    from factcheck.store.models import Finding

    for f in findings:
        row = Finding(
            check=f["check"], severity=f["severity"], message=f["message"],
            spans=f["spans"], data=f["data"], key=f["key"], state=f["state"], note=f["note"],
            decided_by=f["decided_by"], decided_at=f["decided_at"],
        )
        row.revision_id = by_label[f["revision"]][0].id
        row.other_revision_id = by_label[f["other_revision"]][0].id if f["other_revision"] else None
        row.article_id = article.id
        if f["created"] is not None:
            row.created_at = f["created"]
        session.add(row)


def write_notices(session: Any, article: Any, notices: list[dict[str, Any]], by_label: dict[str, tuple[Any, Any]]) -> None:
    from factcheck.store.models import Notice, NoticeVersion

    for n in notices:
        notice = Notice(article_id=article.id, from_revision_id=by_label[n["from"]][0].id,
                        to_revision_id=by_label[n["to"]][0].id, kind=n["kind"])
        if n["created"] is not None:
            notice.created_at = n["created"]
        session.add(notice)
        for number, v in enumerate(n["versions"], start=1):
            version = NoticeVersion(notice=notice, version=number, state=v["state"], text=v["text"],
                                    placement=v["placement"], changes=v["changes"], dated=v["dated"], note=v["note"],
                                    by=v["by"])
            if v["at"] is not None:
                version.at = v["at"]
            session.add(version)
