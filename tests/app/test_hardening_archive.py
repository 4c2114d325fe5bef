"""Archive records no guard foresaw: each skipped in one line, and a re-run finishes."""

from __future__ import annotations

import json

from conftest import counts
from factcheck.app.archive_import import import_archive
from factcheck.sources.files import MAX_INPUT_BYTES

GOOD = "The council voted on the levy, officials said on Tuesday.\n\nThe next meeting is on Monday."


def test_unusable_records_are_skipped_one_line_each_and_a_rerun_finishes(ledger, db_url, tmp_path):
    path = tmp_path / "archive.jsonl"
    lines = [
        json.dumps({"article": "good-1", "text": GOOD, "published": "2024-03-01"}),
        '{"article": "deep", "text": ' + "[" * 100000 + "]" * 100000 + "}",
        json.dumps({"article": "huge", "text": "x" * (MAX_INPUT_BYTES + 1)}),
        json.dumps({"article": "nul", "text": "A text\u0000 with NUL."}),
        json.dumps({"article": "surrogate", "text": "A text \ud800 broken."}),
        json.dumps({"article": "surrogate-html", "html": "<p>A page \ud800 broken.</p>"}),
        json.dumps({"article": "far-future", "text": GOOD, "published": "9999-12-31"}),
        json.dumps({"article": "number-date", "text": GOOD, "published": 12345}),
        json.dumps({"article": "list-url", "text": GOOD, "url": ["https://example.com"]}),
        json.dumps({"article": "good-2", "text": GOOD.replace("Tuesday", "Wednesday")}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = import_archive(ledger, str(path))
    assert summary.stored == 2
    assert summary.problems == [
        f"{path}:2: the JSON is nested too deeply to be a record; line skipped.",
        f'{path}:3: "text" is 5.0 MB, over the 5 MB limit for one article; line skipped.',
        f'{path}:4: "text" contains the control character U+0000; remove it and try again. Line skipped.',
        f'{path}:5: "text" contains an unpaired surrogate (broken Unicode); re-save it as UTF-8. Line skipped.',
        f'{path}:6: "html" contains an unpaired surrogate (broken Unicode); re-save it as UTF-8. Line skipped.',
        f"{path}:7: published 9999-12-31 is not a plausible publication date; give a date between 1800 and 2200. "
        "Line skipped.",
        f"{path}:8: published 12345 is not a date (a string YYYY-MM-DD); line skipped.",
        f'{path}:9: "url" ["https://example.com"] is not text (a web address); line skipped.',
    ]
    stored = counts(db_url)
    again = import_archive(ledger, str(path))
    assert again.stored == 0 and again.identical == 2
    assert again.problems == summary.problems
    assert counts(db_url) == stored


def test_import_archive_command_reports_the_skips(run, db_url, tmp_path):
    path = tmp_path / "archive.jsonl"
    path.write_text(json.dumps({"article": "nul", "text": "A\u0000"}) + "\n"
                    + json.dumps({"article": "good", "text": GOOD}) + "\n", encoding="utf-8")
    result = run("import-archive", str(path))
    assert "Traceback" not in result.output
    assert f'{path}:1: "text" contains the control character U+0000' in result.stderr
    assert counts(db_url)["revisions"] == 1
