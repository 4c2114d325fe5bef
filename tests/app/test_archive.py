"""Archive import: streamed, batched, resumable; bad records skipped in one line each."""

import json
import shutil

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from conftest import CLAIMS, ROOT, counts
from factcheck.app.archive_import import import_archive
from factcheck.errors import DatabaseUnavailable, InvalidInput

PAGES = ROOT / "tests" / "fixtures" / "pages"


def story(n: int, version: int) -> str:
    return (
        f"Council votes on levy number {n}\n\n"
        f"The council voted {version + n} times on the levy, officials said on Tuesday.\n\n"
        f"Mayor Jane Doe, 54, said the vote in ward {n} was close. Residents spoke for an hour.\n\n"
        "The next meeting is on Monday."
    )


@pytest.fixture
def jsonl(tmp_path):
    path = tmp_path / "archive.jsonl"
    rows = [
        {"article": f"story-{n}", "text": story(n, v), "label": f"v{v}", "published": f"2024-03-0{v}"}
        for n in range(12)
        for v in (1, 2, 3)
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_jsonl_archive_imports_in_batches_and_rerunning_stores_nothing_twice(ledger, db_url, jsonl):
    summary = import_archive(ledger, str(jsonl), batch_size=7)
    assert (summary.stored, summary.identical, len(summary.articles), summary.problems) == (36, 0, 12, [])
    again = import_archive(ledger, str(jsonl), batch_size=7)
    assert (again.stored, again.identical) == (0, 36)
    assert counts(db_url)["revisions"] == 36
    revisions = ledger.revisions_payload("story-3")["revisions"]
    assert [(r["label"], r["published"]) for r in revisions] == [("v1", "2024-03-01"), ("v2", "2024-03-02"), ("v3", "2024-03-03")]


def test_a_half_written_last_line_and_bad_records_are_reported_and_skipped(ledger, jsonl):
    with jsonl.open("a", encoding="utf-8") as handle:
        handle.write('{"article": "no-text"}\n{"article": "bad-date", "text": "A text.", "published": "soon"}\n')
        handle.write('{"article": "story-99", "text": "Half a li')
    summary = import_archive(ledger, str(jsonl))
    assert summary.stored == 36
    assert summary.problems == [
        f'{jsonl}:37: needs "text" or "html" (a string); line skipped.',
        f"{jsonl}:38: published 'soon' is not a date (YYYY-MM-DD); line skipped.",
        f"{jsonl}:39: not valid JSON (the file may be half-written); line skipped.",
    ]


def test_directory_tree_with_text_and_html(ledger, tmp_path):
    root = tmp_path / "archive"
    (root / "khadr").mkdir(parents=True)
    shutil.copy(CLAIMS / "khadr-wikileaks-v1.txt", root / "khadr" / "v1.txt")
    shutil.copy(CLAIMS / "khadr-wikileaks-v2.txt", root / "khadr" / "v2.txt")
    shutil.copy(CLAIMS / "khadr-wikileaks-v3.txt", root / "khadr" / "v10.txt")
    shutil.copy(PAGES / "ferry-jsonld.html", root / "ferry.html")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")
    summary = import_archive(ledger, str(root))
    assert summary.stored == 4 and summary.problems == []
    assert [r["label"] for r in ledger.revisions_payload("khadr")["revisions"]] == ["v1", "v2", "v10"]
    ferry = ledger.revisions_payload("ferry")["revisions"][0]
    assert ferry["words"] > 50
    # The checks ran as the archive went in: the seed's repeated lede and its ages.
    assert summary.findings >= 2


def test_a_dropped_connection_rolls_back_the_batch_in_flight_and_a_rerun_finishes(ledger, db_url, jsonl):
    calls = {"n": 0}

    def drop_on_second_batch(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO REVISIONS"):
            calls["n"] += 1
            if calls["n"] == 2:  # the revisions of the second batch of ten
                raise OperationalError(statement, {}, Exception("server closed the connection unexpectedly"))

    event.listen(ledger.engine, "before_cursor_execute", drop_on_second_batch)
    with pytest.raises(DatabaseUnavailable) as error:
        import_archive(ledger, str(jsonl), batch_size=10)
    assert "the batch in flight was rolled back and 10 revisions were stored before it" in str(error.value)
    assert counts(db_url)["revisions"] == 10
    event.remove(ledger.engine, "before_cursor_execute", drop_on_second_batch)
    summary = import_archive(ledger, str(jsonl), batch_size=10)
    assert (summary.stored, summary.identical) == (26, 10)
    assert counts(db_url)["revisions"] == 36


def test_import_archive_command_and_report(run, jsonl):
    result = run("import-archive", str(jsonl), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"stored": 36, "identical": 0, "articles": 12, "findings": 0, "problems": []}
    missing = run("import-archive", "nowhere.jsonl")
    assert missing.exit_code == 2
    assert missing.stderr == "Error: nowhere.jsonl does not exist; pass an archive directory or a .jsonl file.\n"
    run("import", str(CLAIMS / "khadr-wikileaks.yaml"))
    run("check", "khadr-wikileaks")
    report = json.loads(run("report", "--since", "2000-01-01", "--format", "json").stdout)
    assert report["claims_by_verdict"] == {"true": 10, "outdated": 1, "unproven": 1}
    assert report["articles_with_open_findings"] == [{"article": "khadr-wikileaks", "open": 2}]
    assert "Standards report since 2000-01-01" in run("report", "--since", "2000-01-01").stdout
    bad = run("report", "--since", "last week")
    assert bad.stderr == "Error: --since 'last week' is not a date; write it as YYYY-MM-DD, e.g. 2010-11-20.\n"


def test_a_batch_size_out_of_range_is_refused_before_anything_is_read(run, db_url, jsonl, ledger):
    before = counts(db_url)
    result = run("import-archive", str(jsonl), "--batch-size", "20000")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "--batch-size" in result.stderr and "1<=x<=10000" in result.stderr
    with pytest.raises(InvalidInput, match="between 1 and 10,000"):
        import_archive(ledger, str(jsonl), batch_size=0)
    assert counts(db_url) == before


def test_one_article_file_an_empty_archive_and_a_nested_tree_each_get_one_clear_line(run, db_url, tmp_path):
    before = counts(db_url)
    single = run("import-archive", str(CLAIMS / "khadr-wikileaks-v1.txt"))
    assert single.exit_code == 2 and single.stderr.count("\n") == 1
    assert "is one article, not an archive; store it with factcheck add-revision SLUG" in single.stderr
    (tmp_path / "empty").mkdir()
    empty = run("import-archive", str(tmp_path / "empty"))
    assert empty.exit_code == 2 and "holds no archive records" in empty.stderr
    nested = tmp_path / "nested" / "politics" / "story-a"
    nested.mkdir(parents=True)
    shutil.copy(CLAIMS / "khadr-wikileaks-v1.txt", nested / "v1.txt")
    result = run("import-archive", str(tmp_path / "nested"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Warning: {nested}: a folder inside the article folder politics;")
    assert counts(db_url) == before


def test_ctrl_c_keeps_the_finished_batches_and_says_how_to_finish(ledger, db_url, jsonl, monkeypatch):
    import factcheck.app.archive_import
    from factcheck.errors import Interrupted

    real = factcheck.app.archive_import._import_batch
    calls = {"n": 0}

    def interrupted_in_the_second_batch(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(factcheck.app.archive_import, "_import_batch", interrupted_in_the_second_batch)
    with pytest.raises(Interrupted, match="interrupted: 10 revisions were stored .* Run the same import again") as error:
        import_archive(ledger, str(jsonl), batch_size=10)
    assert error.value.exit_code == 130
    assert counts(db_url)["revisions"] == 10


def test_an_import_refreshes_the_planners_statistics(ledger, db_url, jsonl, monkeypatch):
    """Without them PostgreSQL plans a fresh archive as if it were empty (the standards
    report took 9 s over 50,000 revisions instead of well under one)."""
    from sqlalchemy import text

    calls = []
    real = ledger.refresh_statistics
    monkeypatch.setattr(ledger, "refresh_statistics", lambda: calls.append(1) or real())
    import_archive(ledger, str(jsonl))
    assert calls == [1]
    import_archive(ledger, str(jsonl))  # nothing new stored: nothing to refresh
    assert calls == [1]
    if db_url.startswith("postgresql"):
        with ledger.engine.connect() as connection:
            analysed = connection.execute(text(
                "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'revisions'"
            )).scalar()
        assert analysed
