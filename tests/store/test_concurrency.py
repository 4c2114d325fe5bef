"""Editors racing on one record, as real parallel processes on both engines."""

import subprocess
import sys

from conftest import SEED_LEDGER
from factcheck.app import claims


def _spawn(db_url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "factcheck", "--db", db_url, *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_eight_editors_with_the_same_expected_version_one_wins(db_url, run):
    run("import", str(SEED_LEDGER))
    procs = [
        _spawn(db_url, "claim", "status", "8", "in-review", "--note", f"editor {i} reopens", "--by", f"editor{i}",
               "--expect-version", "3")
        for i in range(8)
    ]
    results = [(p.wait(timeout=180), *p.communicate()) for p in procs]
    winners = [r for r in results if r[0] == 0]
    losers = [r for r in results if r[0] != 0]
    assert len(winners) == 1, results
    assert len(losers) == 7
    winner = winners[0][1].strip()
    assert winner == "claim #8 updated: version 4, in-review, anchored v1 ¶4 s3"
    import json

    history = json.loads(run("claim", "show", "8", "--format", "json").stdout)["versions"]
    assert len(history) == 4
    who = history[-1]["by"]
    for code, out, err in losers:
        assert code == 1 and out == ""
        assert err.startswith(f"Error: claim 8 was changed by {who} at ")
        assert "(now version 4, you saw version 3)" in err
        assert len(err.strip().splitlines()) == 1


def test_eight_editors_approving_one_notice_one_wins(db_url, run):
    from conftest import CLAIMS

    run("import", str(SEED_LEDGER))
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v2.txt"))
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v3.txt"))
    assert run("notice", "khadr-wikileaks", "v2", "v3").exit_code == 0
    procs = [
        _spawn(db_url, "notice", "edit", "1", f"Correction: wording {i}.", "--note", f"editor {i}", "--by", f"editor{i}",
               "--expect-version", "1")
        for i in range(8)
    ]
    results = [(p.wait(timeout=180), *p.communicate()) for p in procs]
    assert sum(1 for r in results if r[0] == 0) == 1, results
    losers = [r for r in results if r[0] != 0]
    assert len(losers) == 7
    for code, out, err in losers:
        assert err.startswith("Error: notice 1 was changed by editor")
        assert "(now version 2, you saw version 1)" in err and len(err.strip().splitlines()) == 1


def test_report_counts_published_corrections(run):
    from conftest import CLAIMS
    import json

    run("import", str(SEED_LEDGER))
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v2.txt"))
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v3.txt"))
    run("notice", "khadr-wikileaks", "v2", "v3")
    run("notice", "approve", "1", "--by", "desk")
    run("notice", "publish", "1")
    report = json.loads(run("report", "--since", "2000-01-01", "--format", "json").stdout)
    assert [c["kind"] for c in report["corrections"]] == ["correction"]
    assert report["most_corrected"] == [{"article": "khadr-wikileaks", "corrections": 1}]


def test_imports_racing_over_one_archive_store_each_revision_once(db_url, run, tmp_path):
    import json

    archive = tmp_path / "archive.jsonl"
    archive.write_text("".join(
        json.dumps({"article": f"story-{n}", "label": f"v{v}",
                    "text": f"Levy vote {n}\n\nThe council voted {n + v} times on the levy on Tuesday.\n\nMore later."})
        + "\n"
        for n in range(30) for v in (1, 2, 3)
    ), encoding="utf-8")
    procs = [_spawn(db_url, "import-archive", str(archive), "--batch-size", "7", "--format", "json") for _ in range(4)]
    results = [(p.wait(timeout=180), *p.communicate()) for p in procs]
    assert all(code == 0 for code, _out, _err in results), results
    summaries = [json.loads(out) for _code, out, _err in results]
    # Every revision was stored by exactly one of the four; the others found it stored.
    assert sum(s["stored"] for s in summaries) == 90
    assert all(s["stored"] + s["identical"] == 90 for s in summaries)
    for n in (0, 17, 29):
        labels = [r["label"] for r in json.loads(run("revisions", f"story-{n}", "--format", "json").stdout)["revisions"]]
        assert labels == ["v1", "v2", "v3"]


def test_checks_racing_on_one_revision_store_each_finding_once(db_url, run):
    import json

    run("import", str(SEED_LEDGER))
    procs = [_spawn(db_url, "check", "khadr-wikileaks", "v1") for _ in range(4)]
    results = [(p.wait(timeout=180), *p.communicate()) for p in procs]
    assert all(code == 0 for code, _out, _err in results), results
    stored = json.loads(run("check", "khadr-wikileaks", "v1", "--format", "json").stdout)["findings"]
    ids = [f["id"] for f in stored]
    assert len(ids) == len(set(ids)) == 2  # the repeated lede and the ages, once each
    from conftest import counts

    assert counts(db_url)["findings"] == 2


def test_editors_drafting_the_same_notice_at_once_get_one_notice(db_url, run):
    import json

    from conftest import CLAIMS

    run("import", str(SEED_LEDGER))
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v2.txt"))
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v3.txt"))
    procs = [_spawn(db_url, "notice", "khadr-wikileaks", "v2", "v3", "--by", f"editor{i}") for i in range(4)]
    results = [(p.wait(timeout=180), *p.communicate()) for p in procs]
    assert all(code == 0 for code, _out, _err in results), results
    notices = json.loads(run("notices", "khadr-wikileaks", "--all", "--format", "json").stdout)["notices"]
    assert [(n["kind"], n["from"], n["to"]) for n in notices] == [("correction", "v2", "v3")]


def test_a_second_drafter_waits_for_the_first_and_reuses_its_notice(db_url, run):
    """Deterministic: the second editor starts drafting between the first one's read
    of the existing notices and its write, which is where duplicates came from."""
    import threading
    import time

    from sqlalchemy import event

    from conftest import CLAIMS
    from factcheck.store.ledger import Ledger
    from factcheck.app.revisions import draft_stored
    from factcheck.notices.templating import Templates

    def draft_and_store(ledger, slug, old, new):
        return draft_stored(ledger, slug, old, new, Templates(None), by="editor").notices

    run("import", str(SEED_LEDGER))
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v2.txt"))
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v3.txt"))
    first, second = Ledger.open(db_url), Ledger.open(db_url)
    outcomes: list = []
    racer = threading.Thread(target=lambda: outcomes.append(draft_and_store(second, "khadr-wikileaks", "v2", "v3")))

    def start_the_second_editor(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO NOTICES") and not racer.is_alive() and not outcomes:
            racer.start()
            time.sleep(0.5)  # long enough for the second draft to finish, were it not held

    event.listen(first.engine, "before_cursor_execute", start_the_second_editor)
    try:
        mine = draft_and_store(first, "khadr-wikileaks", "v2", "v3")
        racer.join(timeout=60)
    finally:
        first.close()
        second.close()
    assert [d.outcome for d in mine] == ["new"]
    assert [d.outcome for d in outcomes[0]] == ["unchanged"]
    from conftest import counts

    assert counts(db_url)["notices"] == 1


def test_a_claim_added_while_a_revision_commits_is_anchored_on_that_revision(db_url, run):
    """Deterministic: an editor adds a claim just as add-revision commits v2. Without
    the article lock the claim read v1 as the latest and stayed there for good."""
    import threading
    import time

    from sqlalchemy import event

    from conftest import CLAIMS
    from factcheck.app.revisions import receive_revision
    from factcheck.text.raw import RawInput
    from factcheck.store.ledger import Ledger

    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v1.txt"))
    writer, editor = Ledger.open(db_url), Ledger.open(db_url)
    added: list = []
    sentence = "Khadr, now 24, was 22 at the time of the meeting."
    racer = threading.Thread(
        target=lambda: added.append(claims.add_claim(editor, "khadr-wikileaks", sentence, by="ed"))
    )

    def editor_adds_a_claim(conn):
        if not racer.is_alive() and not added:
            racer.start()
            time.sleep(0.5)  # the editor reads "the latest revision" now, were it not held

    event.listen(writer.engine, "commit", editor_adds_a_claim)
    try:
        v2 = (CLAIMS / "khadr-wikileaks-v2.txt").read_text(encoding="utf-8")
        receive_revision(writer, "khadr-wikileaks", RawInput(v2, "v2.txt", v2.encode()))
        racer.join(timeout=60)
    finally:
        writer.close()
        editor.close()
    claim_id = added[0].claim.id
    import json

    shown = json.loads(run("claim", "show", str(claim_id), "--format", "json").stdout)
    assert shown["versions"][-1]["anchor"]["revision"] == "v2"


def test_redrafting_while_an_editor_edits_the_notice_keeps_the_editors_version(db_url, run):
    """Deterministic: the editor's edit lands between the redraft's read and its
    write. The redraft reads again and keeps the editor's wording; no error."""
    import pytest

    if db_url.startswith("sqlite"):
        pytest.skip("SQLite has one writer at a time: the edit waits for the drafting transaction")
    from sqlalchemy import event, text

    from conftest import CLAIMS
    from factcheck.store.ledger import Ledger
    from factcheck.app.revisions import draft_stored
    from factcheck.notices.templating import Templates

    run("import", str(SEED_LEDGER))
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v2.txt"))
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v3.txt"))
    run("notice", "khadr-wikileaks", "v2", "v3")
    drafter = Ledger.open(db_url)
    with drafter.engine.begin() as connection:  # a template change: the next run redrafts
        connection.execute(text("UPDATE notice_versions SET text = 'stale' WHERE notice_id = 1"))
    acted = []

    def editor_edits(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO NOTICE_VERSIONS") and not acted:
            acted.append(1)
            editor = Ledger.open(db_url)
            try:
                from factcheck.app.notice_workflow import edit_notice

                edit_notice(editor, 1, "Correction: Omar Khadr was 22, not 23, at the meeting.", by="ed")
            finally:
                editor.close()

    event.listen(drafter.engine, "before_cursor_execute", editor_edits)
    try:
        stored = draft_stored(drafter, "khadr-wikileaks", "v2", "v3", Templates(None), by="desk").notices
    finally:
        drafter.close()
    assert acted and [d.outcome for d in stored] == ["kept"]
    assert stored[0].version.text == "Correction: Omar Khadr was 22, not 23, at the meeting."
