"""The archive's bulk path stores exactly what ``add_revision`` and the checks would."""

import json

import pytest

from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from conftest import CLAIMS
from factcheck.app import claims
from factcheck.app.archive_import import import_archive
from factcheck.analysis.checks import run_checks
from factcheck.errors import InvalidInput
from factcheck.text.raw import RawInput
from factcheck.store.ledger import Ledger
from factcheck.store.models import Article, Finding, Revision

LEDE = "A fire destroyed a warehouse in Riverton early Sunday, injuring 4 firefighters, officials said."


def fire(extra: str = "") -> str:
    return (
        "Warehouse fire in Riverton\n\n"
        f"{LEDE}\n\n"
        "Fire chief Amara Osei, 51, said crews fought the blaze for six hours.\n\n"
        f"{LEDE}\n\n"  # the lede printed twice, as in the seed article
        "The cause of the fire is under investigation." + extra
    )


def seed(version: int) -> str:
    return (CLAIMS / f"khadr-wikileaks-v{version}.txt").read_text(encoding="utf-8")


def records() -> list[dict]:
    """Seed versions, a story with a repeated lede, a text sent twice, labels given
    and not, an article's second text under a label its first already took."""
    return [
        {"article": "khadr", "text": seed(1), "label": "v1", "published": "2010-11-20"},
        {"article": "fire", "text": fire(), "url": "https://news.example/fire"},
        {"article": "khadr", "text": seed(2), "published": "2010-11-21"},
        {"article": "fire", "text": fire()},  # the same text again: stored once
        {"article": "khadr", "text": seed(3), "label": "final"},
        {"article": "fire", "text": fire(" Officials said on Monday it was arson.")},
        {"article": "fire", "text": fire(" A second update."), "label": "v2"},  # v2 is taken
    ]


def write_archive(tmp_path, rows) -> str:
    path = tmp_path / "archive.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def one_at_a_time(ledger: Ledger, rows: list[dict]) -> None:
    """The reference: each record through add_revision and record_findings."""
    from datetime import date

    for row in rows:
        try:
            with ledger.transaction():
                published = date.fromisoformat(row["published"]) if "published" in row else None
                added = ledger.add_revision(row["article"], RawInput(row["text"], "x", row["text"].encode()),
                                            label=row.get("label"), published=published, url=row.get("url"), force=True)
                if added.created:
                    revision = added.revision
                    ledger.record_findings(revision, run_checks(added.document, published=published, label=revision.label))
        except InvalidInput as error:  # the label refusal, which the import reports as a problem
            assert "already has a revision labelled 'v2'" in str(error)


def stored(ledger: Ledger) -> list[tuple]:
    """Everything the two paths must agree on, without ids or timestamps."""
    session = ledger.session
    revisions = session.execute(
        select(Article.slug, Article.title, Article.url, Revision.label, Revision.seq, Revision.published,
               Revision.url, Revision.title, Revision.sha256, Revision.text, Revision.raw)
        .join(Revision, Revision.article_id == Article.id).order_by(Article.slug, Revision.seq)
    ).all()
    findings = session.execute(
        select(Article.slug, Revision.label, Finding.check, Finding.severity, Finding.message, Finding.spans,
               Finding.data, Finding.key, Finding.state)
        .join(Revision, Finding.revision_id == Revision.id).join(Article, Finding.article_id == Article.id)
        .order_by(Article.slug, Revision.seq, Finding.check, Finding.key)
    ).all()
    return [tuple(r) for r in revisions] + [tuple(f) for f in findings]


def test_the_bulk_path_stores_what_add_revision_stores_row_for_row(ledger, tmp_path):
    rows = records()
    summary = import_archive(ledger, write_archive(tmp_path, rows), batch_size=4)
    assert (summary.stored, summary.identical) == (5, 1)
    assert summary.problems == [
        f"{tmp_path / 'archive.jsonl'}:7: article 'fire' already has a revision labelled 'v2'; give this record another label; skipped."
    ]
    reference = Ledger.open(f"sqlite:///{tmp_path / 'reference.db'}")
    try:
        one_at_a_time(reference, rows)
        expected = stored(reference)
    finally:
        reference.close()
    got = stored(ledger)
    assert got == expected
    # The shared parts (prepare_revision, PreparedRevision.row) against fixed values:
    origin, title = ledger.session.execute(select(Revision.origin, Revision.title).where(Revision.label == "v1")
                                           .join(Article).where(Article.slug == "khadr")).one()
    assert origin == f"{tmp_path / 'archive.jsonl'}:1"
    assert title == "France wanted 'assistance' on Khadr: WikiLeaks"
    labels = [(r[0], r[3]) for r in got if len(r) == 11]
    assert labels == [("fire", "v1"), ("fire", "v2"), ("khadr", "v1"), ("khadr", "v2"), ("khadr", "final")]
    checks = {(f[0], f[1], f[2]) for f in got if len(f) == 9}
    assert ("fire", "v1", "duplicate-paragraph") in checks and ("khadr", "v1", "age-inconsistency") in checks
    assert summary.findings == sum(1 for f in got if len(f) == 9)


def test_a_finding_an_editor_dismissed_is_not_raised_again_by_an_import(ledger, tmp_path):
    import_archive(ledger, write_archive(tmp_path, [{"article": "fire", "text": fire()}]))
    (finding_id,) = ledger.session.scalars(select(Finding.id).where(Finding.check == "duplicate-paragraph"))
    ledger.dismiss_finding(finding_id, note="the lede is repeated on purpose in the print edition", by="editor")
    summary = import_archive(ledger, write_archive(tmp_path, [{"article": "fire", "text": fire(" Update.")}]))
    assert summary.stored == 1
    kinds = list(ledger.session.scalars(select(Finding.check).join(Revision, Finding.revision_id == Revision.id)
                                        .where(Revision.label == "v2")))
    assert "duplicate-paragraph" not in kinds


def test_claims_follow_revisions_the_import_adds_to_their_article(ledger, tmp_path):
    ledger.add_revision("fire", RawInput(fire(), "fire.txt", fire().encode()))
    sentence = "Fire chief Amara Osei, 51, said crews fought the blaze for six hours."
    claim = claims.add_claim(ledger, "fire", sentence, by="ed")
    edited = fire().replace("Osei, 51,", "Osei, 52,")
    summary = import_archive(ledger, write_archive(tmp_path, [
        {"article": "fire", "text": edited},
        {"article": "other", "text": fire(" Elsewhere.")},  # no claims: the bulk path
    ]))
    assert (summary.stored, summary.problems) == (2, [])
    history = ledger.claim_payload(claim.claim.id)
    last = history["versions"][-1]
    assert (last["version"], last["by"], last["status"]) == (2, "factcheck", "in-review")
    assert "51" in last["text"] and "Osei, 52," in last["note"]  # the new wording noted, the claim's kept
    assert [r["label"] for r in ledger.revisions_payload("other")["revisions"]] == ["v1"]


def _once_before(ledger: Ledger, statements: tuple[str, ...], counted: str, action) -> dict:
    """Run ``action`` once, just before ``ledger`` first runs a statement starting with
    one of ``statements``: the moment another process can get in between a read and
    a write. Counts the statements starting with ``counted``."""
    seen = {"inserts": 0, "acted": False}

    def hook(conn, cursor, statement, parameters, context, executemany):
        words = statement.lstrip().upper()
        if not seen["acted"] and words.startswith(statements):
            seen["acted"] = True
            action()
        if words.startswith(counted):
            seen["inserts"] += 1

    event.listen(ledger.engine, "before_cursor_execute", hook)
    return seen


def _on_first_revisions_insert(ledger: Ledger, action) -> dict:
    """Before the import's first write (holding the articles, then INSERT INTO
    revisions); counts the revisions INSERTs."""
    writes = ("UPDATE ARTICLES", "INSERT INTO ARTICLES", "INSERT INTO REVISIONS")
    return _once_before(ledger, writes, "INSERT INTO REVISIONS", action)


def test_a_batch_that_another_import_overtakes_is_run_again_and_stores_nothing_twice(ledger, db_url, tmp_path):
    import_archive(ledger, write_archive(tmp_path, [{"article": "fire", "text": fire()}, {"article": "fire", "text": fire(" More.")}]))
    more = [{"article": "fire", "text": fire(f" Update {n}.")} for n in range(3)]
    path = write_archive(tmp_path, more)
    other = Ledger.open(db_url)
    try:
        seen = _on_first_revisions_insert(ledger, lambda: import_archive(other, path))
        summary = import_archive(ledger, path)
    finally:
        other.close()
    # The first attempt collided with the other import's rows and was rolled back;
    # the second found them stored.
    assert seen["inserts"] == 1
    assert (summary.stored, summary.identical, summary.problems) == (0, 3, [])
    assert [r["label"] for r in ledger.revisions_payload("fire")["revisions"]] == ["v1", "v2", "v3", "v4", "v5"]


def test_a_deadlock_victim_batch_is_run_again(ledger, tmp_path):
    class DeadlockDetected(Exception):
        sqlstate = "40P01"  # what psycopg reports when PostgreSQL breaks a deadlock

    def deadlock() -> None:
        raise OperationalError("INSERT INTO revisions", {}, DeadlockDetected("deadlock detected"))

    seen = _on_first_revisions_insert(ledger, deadlock)
    summary = import_archive(ledger, write_archive(tmp_path, [{"article": "fire", "text": fire()}]))
    # The first attempt died at its first write; the second stored the revision.
    assert seen["acted"] and seen["inserts"] == 1
    assert (summary.stored, summary.problems) == (1, [])


def test_a_claim_added_while_the_batch_runs_still_follows_the_new_revision(ledger, db_url, tmp_path):
    ledger.add_revision("fire", RawInput(fire(), "fire.txt", fire().encode()))
    editor = Ledger.open(db_url)
    sentence = "Fire chief Amara Osei, 51, said crews fought the blaze for six hours."
    added = {}
    try:
        _on_first_revisions_insert(
            ledger, lambda: added.setdefault("claim", claims.add_claim(editor, "fire", sentence, by="ed"))
        )
        summary = import_archive(ledger, write_archive(tmp_path, [{"article": "fire", "text": fire().replace("51", "52")}]))
    finally:
        editor.close()
    assert (summary.stored, summary.problems) == (1, [])
    last = ledger.claim_payload(added["claim"].claim.id)["versions"][-1]
    assert (last["version"], last["by"]) == (2, "factcheck") and "Osei, 52," in last["note"]


def test_problems_come_in_archive_order_and_refused_articles_are_not_counted(ledger, tmp_path):
    import_archive(ledger, write_archive(tmp_path, [{"article": "taken", "text": fire(), "label": "v1"}]))
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join([
        json.dumps({"article": "fire", "text": fire()}),
        json.dumps({"article": "taken", "text": fire(" Other."), "label": "v1"}),  # label taken: refused
        "{not json",
        json.dumps({"article": "fire", "text": ""}),
    ]) + "\n", encoding="utf-8")
    summary = import_archive(ledger, str(path))
    assert [p[len(str(path)):].split()[0] for p in summary.problems] == [":2:", ":3:", ":4"]
    assert summary.articles == {"fire"}


def test_a_batch_closes_at_its_byte_budget_as_well_as_its_record_count(ledger, tmp_path, monkeypatch):
    import factcheck.app.archive_import

    monkeypatch.setattr(factcheck.app.archive_import, "MAX_BATCH_BYTES", 700)  # two records of 390 bytes
    rows = [{"article": f"story-{n}", "text": fire(f" Story {n}.")} for n in range(6)]
    seen = _on_first_revisions_insert(ledger, lambda: None)
    summary = import_archive(ledger, write_archive(tmp_path, rows), batch_size=100)
    assert summary.stored == 6
    assert seen["inserts"] == 3  # three batches of two, not one of six


def _before_first_claim_version(ledger: Ledger, action) -> dict:
    return _once_before(ledger, ("INSERT INTO CLAIM_VERSIONS",), "INSERT INTO CLAIM_VERSIONS", action)


def _claimed_fire(ledger: Ledger) -> int:
    ledger.add_revision("fire", RawInput(fire(), "fire.txt", fire().encode()))
    sentence = "Fire chief Amara Osei, 51, said crews fought the blaze for six hours."
    return claims.add_claim(ledger, "fire", sentence, by="ed").claim.id


def _editor_reopens(db_url: str, claim_id: int):
    def reopen() -> None:
        editor = Ledger.open(db_url)
        try:
            claims.change_status(editor, claim_id, "in-review", note="checking the age", by="editor")
        finally:
            editor.close()
    return reopen


def test_an_editor_changing_a_claim_while_a_revision_re_anchors_it_loses_nothing(ledger, db_url, tmp_path):
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite has one writer at a time: the editor's change waits for the revision's transaction")
    claim_id = _claimed_fire(ledger)
    seen = _before_first_claim_version(ledger, _editor_reopens(db_url, claim_id))
    summary = import_archive(ledger, write_archive(tmp_path, [{"article": "fire", "text": fire().replace("51", "52")}]))
    # The re-anchoring collided with the editor's version 2; the batch ran again on top of it.
    assert seen["inserts"] >= 2
    assert (summary.stored, summary.problems) == (1, [])
    versions = ledger.claim_payload(claim_id)["versions"]
    assert [(v["version"], v["by"]) for v in versions] == [(1, "ed"), (2, "editor"), (3, "factcheck")]
    assert "Osei, 52," in versions[-1]["note"] and versions[-1]["status"] == "in-review"
    assert [r["label"] for r in ledger.revisions_payload("fire")["revisions"]] == ["v1", "v2"]


def test_add_revision_runs_again_when_an_editor_changes_a_claim_it_re_anchors(ledger, db_url):
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite has one writer at a time: the editor's change waits for the revision's transaction")
    claim_id = _claimed_fire(ledger)
    _before_first_claim_version(ledger, _editor_reopens(db_url, claim_id))
    from factcheck.app.revisions import receive_revision

    added = receive_revision(ledger, "fire", RawInput(fire().replace("51", "52"), "v2.txt", b""))
    assert added.created and added.revision.label == "v2"
    versions = ledger.claim_payload(claim_id)["versions"]
    assert [(v["version"], v["by"]) for v in versions] == [(1, "ed"), (2, "editor"), (3, "factcheck")]
