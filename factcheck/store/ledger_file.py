"""Ledger files: a whole article (revisions, claims with their histories, sources,
findings, notices) as YAML or JSON, for moving between databases and for review in
a text editor.

Format (``factcheck-ledger: 2``)::

    factcheck-ledger: 2
    article: {slug, title, url, outlet}
    revisions:
      - {label, published, fetched, origin, url, title, text, raw?}   # or file: PATH instead of text
    claims:
      - created: TIME
        versions:
          - {text, status, verdict, note, by, at,
             anchor: {revision, paragraph, sentence, role?} | null,
             sources: [{kind, url | citation, title, accessed, stance, excerpt}]}
        anchors: [{revision, paragraph, sentence, role?}]   # where it stood in each revision
    findings:
      - {revision, other_revision?, check, severity, message, spans, data, key, state, created,
         note?, decided_by?, decided_at?}
    notices:
      - {from, to, kind, created, versions: [{state, text, placement, changes, dated, note, by, at}]}

``raw`` is the input as received when it is more than the text (an HTML page):
UTF-8 text, or ``raw-base64``. Import replays the history exactly (same versions,
authors and times); export of an import gives the same ledger back. Ids are the
database's own and are not part of the file. Version 1 files (no anchors,
findings or notices) still import: each claim's anchors come from its versions.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any, Callable

from factcheck.errors import InvalidInput
from factcheck.store import records
from factcheck.text.raw import RawInput
from factcheck.vocabulary import SOURCE_KINDS, STANCES, STATUSES, VERDICTS

__all__ = ["FORMAT_VERSION", "RevisionFileReader", "export_article", "import_document", "dump_yaml", "parse_ledger"]

FORMAT_VERSION = 2
#: The formats import reads.
READABLE_VERSIONS = (1, 2)
_ROLES = ("body", "headline", "section", "caption", "credit")


# ---------------------------------------------------------------------- export


def export_article(ledger: Any, slug: str) -> dict[str, Any]:
    from factcheck.store import ledger_records

    article = ledger.get_article(slug)
    revisions = []
    for rev in article.revisions:
        revisions.append(
            _drop_none(
                {
                    "label": rev.label,
                    "published": records.day(rev.published),
                    "fetched": records.when(rev.fetched_at),
                    "origin": rev.origin,
                    "url": rev.url,
                    "title": rev.title,
                    "text": rev.text,
                    **_raw_of(rev),
                }
            )
        )
    labels = {rev.id: rev.label for rev in article.revisions}
    claims = []
    for claim in ledger.claims_of(article):
        versions = []
        for v in claim.versions:
            anchor = records.anchor(v)
            if anchor is not None:
                anchor.pop("text", None)
            versions.append(
                {
                    "text": v.text,
                    "status": v.status,
                    "verdict": v.verdict,
                    "note": v.note,
                    "by": v.by,
                    "at": records.when(v.at),
                    "anchor": anchor,
                    "sources": [records.source(e) for e in v.evidence],
                }
            )
        claims.append({"created": records.when(claim.created_at), "versions": versions,
                       "anchors": ledger_records.export_anchors(claim)})
    return {
        "factcheck-ledger": FORMAT_VERSION,
        "article": _drop_none(records.article(article)),
        "revisions": revisions,
        "claims": claims,
        "findings": ledger_records.export_findings(ledger, article, labels),
        "notices": ledger_records.export_notices(ledger, article, labels),
    }


def _raw_of(rev: Any) -> dict[str, str]:
    """The input as received, when it holds more than the stored text (an HTML
    page, a file whose text was normalised differently); nothing otherwise."""
    import base64

    from factcheck.text.segmentation import segment

    raw = rev.raw
    if not raw or raw == rev.text.encode("utf-8"):
        return {}
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        decoded = None
    if decoded is None or "\x00" in decoded:
        return {"raw-base64": base64.b64encode(raw).decode("ascii")}
    if segment(decoded).text == rev.text:
        return {}  # the text as it came, before normalisation: the text says it all
    return {"raw": decoded}


def _drop_none(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None}


def dump_yaml(document: dict[str, Any]) -> str:
    import yaml

    class _Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:  # repeated values written out, not &id001
            return True

    def _text(dumper: yaml.SafeDumper, value: str) -> Any:
        # Article texts as literal blocks: readable, and diffable in review.
        style = "|" if "\n" in value and not any(line != line.strip() for line in value.split("\n")) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _text)
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


# ---------------------------------------------------------------------- import


def parse_ledger(path: str, text: str) -> dict[str, Any]:
    """The ledger document read from ``path`` (the app reads the file): JSON for a
    ``.json`` file, else YAML."""
    import yaml

    if path.lower().endswith(".json"):
        return _load_json(path, text)
    from factcheck.text.jsonnumbers import NumberTooLong, yaml_loader

    try:
        document = yaml.load(text, Loader=yaml_loader())  # noqa: S506 - a SafeLoader subclass
    except NumberTooLong as error:
        raise InvalidInput(f"{path}: {error}; fix the file and import again.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise InvalidInput(f"{path} is not valid YAML{where} ({problem}); fix the file and import again.") from None
    except ValueError as error:
        # PyYAML builds the date while constructing: an unquoted 2010-02-30 is a
        # ValueError ("day is out of range for month"), not a YAMLError.
        raise InvalidInput(
            f"{path} has a date that is not a valid date ({error}); write it as YYYY-MM-DD, fix the file and "
            "import again."
        ) from None
    except RecursionError:
        raise _too_deep(path) from None
    return _ledger_mapping(path, document)


def _load_json(path: str, text: str) -> dict[str, Any]:
    import json

    from factcheck.text.jsonnumbers import NumberTooLong, loads

    try:
        document = loads(text)
    except NumberTooLong as error:
        raise InvalidInput(f"{path}: {error}; fix the file and import again.") from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"{path} is not valid JSON at line {error.lineno}, column {error.colno} ({error.msg}); fix the file "
            "and import again."
        ) from None
    except RecursionError:
        raise _too_deep(path) from None
    return _ledger_mapping(path, document)


def _too_deep(path: str) -> InvalidInput:
    return InvalidInput(f"{path} is nested too deeply to be a ledger; fix the file and import again.")


def _ledger_mapping(path: str, document: Any) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise InvalidInput(f"{path} is not a factcheck ledger (expected a mapping with factcheck-ledger: 1).")
    return document


#: Reads a revision file a ledger names (``file:``), relative to the ledger: the app
#: layer's :class:`factcheck.app.ledger_files.RevisionFiles`. Raises InvalidInput.
RevisionFileReader = Callable[[str], RawInput]


def import_document(
    ledger: Any, document: dict[str, Any], *, files: RevisionFileReader | None = None, origin: str = "ledger"
) -> str:
    """Validate the whole document first, then write it in one transaction.

    ``files`` reads the revision files the document names; without it (a document
    that came from no folder) a ``file:`` revision is refused."""
    checked = _validate(document, files, origin)
    return _write(ledger, checked)


class _Path:
    """Where in the document a value sits, for error messages: claims[2].versions[0].status."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, where: str, problem: str) -> InvalidInput:
        return InvalidInput(f"{self.origin}: {where}: {problem}; fix the ledger file and import again.")


def _validate(document: dict[str, Any], files: RevisionFileReader | None, origin: str) -> dict[str, Any]:
    from factcheck.store import ledger_records

    p = _Path(origin)
    version = document.get("factcheck-ledger")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise p.fail("factcheck-ledger", f"expected {FORMAT_VERSION} (the ledger format version; 1 is read too)")
    article = _mapping(document.get("article"), "article", p)
    slug = _string(article.get("slug"), "article.slug", p)
    from factcheck.store.revisions import check_slug

    try:
        check_slug(slug)
    except InvalidInput as error:
        raise InvalidInput(f"{origin}: article.slug: {error}") from None
    for key in ("title", "url", "outlet"):
        _optional_string(article.get(key), f"article.{key}", p, 200 if key == "outlet" else None)
    revisions_in = document.get("revisions") or []
    if not isinstance(revisions_in, list) or not revisions_in:
        raise p.fail("revisions", "a ledger needs at least one revision (a list)")
    revisions = []
    labels: dict[str, int] = {}
    for i, item in enumerate(revisions_in):
        where = f"revisions[{i}]"
        rev = _mapping(item, where, p)
        label = _string(rev.get("label"), f"{where}.label", p)
        if not re.match(r"^[\w.-]{1,50}$", label):
            raise p.fail(f"{where}.label", f"'{label}' is not a usable label (letters, digits, '.', '-' or '_', "
                                           "at most 50)")
        if label in labels:
            raise p.fail(f"{where}.label", f"'{label}' appears twice")
        labels[label] = i
        if "text" in rev and "file" in rev:
            raise p.fail(where, "a revision has text: and file:; give one of them")
        if "text" in rev:
            text = _string(rev.get("text"), f"{where}.text", p)
            raw = text.encode("utf-8")
        elif "file" in rev:
            text, raw = _read_revision_file(rev["file"], files, f"{where}.file", p)
        else:
            raise p.fail(where, "a revision needs text: or file:")
        _checked_text(text, f"{where}.text", p)
        raw = _raw_input(rev, raw, where, p)
        revisions.append(
            {
                "label": label,
                "text": text,
                "raw": raw,
                "published": _date(rev.get("published"), f"{where}.published", p),
                "origin": _optional_string(rev.get("origin"), f"{where}.origin", p)
                or (str(rev["file"]) if "file" in rev else None),
                "url": _optional_string(rev.get("url"), f"{where}.url", p),
                "title": _optional_string(rev.get("title"), f"{where}.title", p),
                "fetched": _instant(rev.get("fetched"), f"{where}.fetched", p),
            }
        )
    claims = []
    for i, item in enumerate(_list(document.get("claims"), "claims", p)):
        where = f"claims[{i}]"
        versions_in = _mapping(item, where, p).get("versions")
        if not isinstance(versions_in, list) or not versions_in:
            raise p.fail(f"{where}.versions", "a claim needs at least one version (a list)")
        versions = [_version(v, f"{where}.versions[{j}]", labels, p) for j, v in enumerate(versions_in)]
        claims.append({
            "versions": versions,
            "anchors": ledger_records.validate_anchors(item, where, versions, labels, p),
            "created": _instant(item.get("created"), f"{where}.created", p),
        })
    return {
        "article": {k: article.get(k) or None for k in ("slug", "title", "url", "outlet")} | {"slug": slug},
        "revisions": revisions,
        "claims": claims,
        "findings": ledger_records.validate_findings(document, labels, p),
        "notices": ledger_records.validate_notices(document, labels, p),
    }


def _raw_input(rev: dict[str, Any], raw: bytes, where: str, p: _Path) -> bytes:
    """The revision's input as received: ``raw`` (text) or ``raw-base64`` when the
    file gives it, else the text's own bytes."""
    import base64
    import binascii

    if "raw" in rev and "raw-base64" in rev:
        raise p.fail(where, "a revision has raw: and raw-base64:; give one of them")
    if "raw" in rev:
        return _string(rev["raw"], f"{where}.raw", p).encode("utf-8")
    if "raw-base64" in rev:
        value = _string(rev["raw-base64"], f"{where}.raw-base64", p)
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise p.fail(f"{where}.raw-base64", "not base64") from None
    return raw


def _version(item: Any, where: str, labels: dict[str, int], p: _Path) -> dict[str, Any]:
    v = _mapping(item, where, p)
    status = _choice(v.get("status"), STATUSES, f"{where}.status", p)
    verdict = v.get("verdict")
    if verdict is not None:
        verdict = _choice(verdict, VERDICTS, f"{where}.verdict", p)
    elif status == "checked":
        raise p.fail(f"{where}.verdict", f"a checked claim needs a verdict ({', '.join(VERDICTS)})")
    anchor = v.get("anchor")
    if anchor is not None:
        from factcheck.store.ledger_records import validate_anchor

        anchor = validate_anchor(anchor, f"{where}.anchor", labels, p)
    sources = []
    for k, src in enumerate(_list(v.get("sources"), f"{where}.sources", p)):
        swhere = f"{where}.sources[{k}]"
        s = _mapping(src, swhere, p)
        ref = _optional_string(s.get("url"), f"{swhere}.url", p) or _optional_string(
            s.get("citation"), f"{swhere}.citation", p)
        if not ref:
            raise p.fail(swhere, "a source needs url: or citation:")
        sources.append(
            {
                "kind": _choice(s.get("kind", "url" if s.get("url") else "document"), SOURCE_KINDS, f"{swhere}.kind", p),
                "ref": str(ref),
                "title": _optional_string(s.get("title"), f"{swhere}.title", p),
                "accessed": _date(s.get("accessed"), f"{swhere}.accessed", p),
                "stance": _choice(s.get("stance", "supports"), STANCES, f"{swhere}.stance", p),
                "excerpt": _optional_string(s.get("excerpt"), f"{swhere}.excerpt", p),
            }
        )
    return {
        "text": _checked_text(_string(v.get("text"), f"{where}.text", p), f"{where}.text", p),
        "status": status,
        "verdict": verdict,
        "note": _optional_string(v.get("note"), f"{where}.note", p),
        "by": _checked_text(_string(v.get("by", "import"), f"{where}.by", p, 200), f"{where}.by", p),
        "at": _instant(v.get("at"), f"{where}.at", p),
        "anchor": anchor,
        "sources": sources,
    }


def _mapping(value: Any, where: str, p: _Path) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise p.fail(where, "expected a mapping")
    return value


def _list(value: Any, where: str, p: _Path) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise p.fail(where, "expected a list")
    return value


def _string(value: Any, where: str, p: _Path, longest: int | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise p.fail(where, "expected non-empty text")
    if longest is not None and len(value) > longest:
        raise p.fail(where, f"longer than {longest} characters")
    return value


def _optional_string(value: Any, where: str, p: _Path, longest: int | None = None) -> str | None:
    """Text or nothing: a number, list or mapping where text belongs is refused."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise p.fail(where, f"expected text, not {_kind(value)}")
    if longest is not None and len(value) > longest:
        raise p.fail(where, f"longer than {longest} characters")
    return _checked_text(value, where, p)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (date, datetime)):
        return f"the date {value}"
    return type(value).__name__


def _checked_text(text: str, where: str, p: _Path) -> str:
    from factcheck.text.raw import check_text

    return check_text(text, f"{p.origin}: {where}")


def _plausible(value: date, where: str, p: _Path) -> date:
    from factcheck.text.dates import check_publication_date

    return check_publication_date(value, f"{p.origin}: {where}:")  # type: ignore[return-value]


def _choice(value: Any, allowed: tuple[str, ...], where: str, p: _Path) -> str:
    if value not in allowed:
        raise p.fail(where, f"'{value}' is not one of {', '.join(allowed)}")
    return str(value)


def _date(value: Any, where: str, p: _Path) -> date | None:
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return _plausible(value, where, p)
    if not isinstance(value, str):
        raise p.fail(where, f"expected a date (YYYY-MM-DD), not {_kind(value)}")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise p.fail(where, f"'{value}' is not a date (YYYY-MM-DD)") from None
    return _plausible(day, where, p)


def _instant(value: Any, where: str, p: _Path) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    elif not isinstance(value, str):
        raise p.fail(where, f"expected a time (ISO 8601, e.g. 2010-12-02T15:04:00Z), not {_kind(value)}")
    else:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise p.fail(where, f"'{value}' is not a time (ISO 8601, e.g. 2010-12-02T15:04:00Z)") from None
    # Stored as UTC: SQLite keeps no offset, so 10:00-05:00 would come back as 10:00Z.
    moment = moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    _plausible(moment.date(), where, p)
    return moment


def _read_revision_file(name: Any, files: RevisionFileReader | None, where: str, p: _Path) -> tuple[str, bytes]:
    if not isinstance(name, str) or not name.strip() or files is None:
        raise p.fail(where, "expected a file name next to the ledger")
    try:
        raw = files(name)
    except InvalidInput as error:
        raise InvalidInput(f"{p.origin}: {where}: {error}") from None
    return raw.text, raw.raw


def _write(ledger: Any, checked: dict[str, Any]) -> str:
    from sqlalchemy import select

    from factcheck.store import ledger_records
    from factcheck.analysis.anchoring import Anchor
    from factcheck.store.claims import set_anchor
    from factcheck.store.models import Article, Claim, ClaimVersion, Evidence, Revision
    from factcheck.text.segmentation import segment, sha256_of

    meta = checked["article"]
    with ledger.transaction() as session:
        if session.scalar(select(Article).where(Article.slug == meta["slug"])) is not None:
            raise InvalidInput(
                f"article '{meta['slug']}' is already in the ledger; import into another database or change article.slug."
            )
        article = Article(slug=meta["slug"], title=meta["title"], url=meta["url"], outlet=meta["outlet"])
        session.add(article)
        by_label: dict[str, tuple[Revision, Any]] = {}
        for seq, rev in enumerate(checked["revisions"], start=1):
            doc = segment(RawInput(rev["text"], rev["origin"] or "", rev["raw"]).text)
            revision = Revision(
                article=article, label=rev["label"], seq=seq, published=rev["published"],
                origin=rev["origin"], url=rev["url"], title=rev["title"] or doc.headline,
                sha256=sha256_of(doc.text), raw=rev["raw"], text=doc.text,
            )
            if rev["fetched"] is not None:
                revision.fetched_at = rev["fetched"]
            session.add(revision)
            by_label[rev["label"]] = (revision, doc)
        session.flush()
        for item in checked["claims"]:
            versions = item["versions"]
            claim = Claim(article=article)
            if item["created"] is not None:
                claim.created_at = item["created"]
            session.add(claim)
            for number, v in enumerate(versions, start=1):
                evidence = [
                    Evidence(source=ledger.source_for(_spec(s)), stance=s["stance"], excerpt=s["excerpt"])
                    for s in v["sources"]
                ]
                version = ClaimVersion(
                    claim=claim, version=number, text=v["text"], status=v["status"], verdict=v["verdict"],
                    note=v["note"], by=v["by"], evidence=evidence,
                )
                if v["at"] is not None:
                    version.at = v["at"]
                anchor = v["anchor"]
                if anchor:
                    revision, sentence = ledger_records.sentence_of(anchor, by_label)
                    set_anchor(version, revision, Anchor(sentence, 100.0))
                session.add(version)
            ledger_records.write_anchors(ledger, claim, item["anchors"], by_label)
        session.flush()
        ledger_records.write_findings(session, article, checked["findings"], by_label)
        ledger_records.write_notices(session, article, checked["notices"], by_label)
        session.flush()
    return (
        f"imported {meta['slug']}: {len(checked['revisions'])} revisions, {len(checked['claims'])} claims, "
        f"{sum(len(c['versions']) for c in checked['claims'])} claim versions"
        + _and_more(len(checked["findings"]), "findings") + _and_more(len(checked["notices"]), "notices")
    )


def _and_more(count: int, what: str) -> str:
    return f", {count} {what}" if count else ""


def _spec(source: dict[str, Any]) -> Any:
    from factcheck.store.claims import SourceSpec

    return SourceSpec(source["ref"], source["stance"], source["excerpt"], source["title"], source["kind"], source["accessed"])
