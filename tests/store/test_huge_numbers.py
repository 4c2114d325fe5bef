"""A 5,000-digit number: one line naming it in a ledger (JSON or YAML), and in an
archive one line skipped while the rest is imported."""

from __future__ import annotations

import json

import pytest

from conftest import counts

HUGE = "9" * 5000


@pytest.mark.parametrize("name, text, line", [
    ("ledger.json", '{"factcheck-ledger": ' + HUGE + ', "article": {"slug": "council"}}', None),
    ("ledger.json", '{\n  "factcheck-ledger": 1,\n  "article": {"slug": "council"},\n  "revisions": [\n'
                    '    {"label": "v1", "text": "Council met on Monday.", "seq": ' + HUGE + '}\n  ]\n}\n', 5),
    ("ledger.yaml", f"factcheck-ledger: 1\narticle:\n  slug: council\nrevisions:\n- label: v1\n  seq: {HUGE}\n", 6),
    ("ledger.yaml", f"factcheck-ledger: -{HUGE}\n", 1),
])
def test_a_huge_number_in_a_ledger_is_one_line(run, db_url, tmp_path, name, text, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = counts(db_url)
    result = run("import", str(path))
    where = f" at line {line}" if line else ""
    assert result.stderr == (f"Error: {path}: a number{where} has 5,000 digits, more than any field holds "
                             "(30 at most); fix the file and import again.\n")
    assert result.exit_code == 2
    assert counts(db_url) == before


def test_ordinary_numbers_and_dates_in_yaml_still_load():
    from factcheck.store.ledger_file import parse_ledger

    document = parse_ledger("ledger.yaml", "factcheck-ledger: 1\nn: 0x1F\nm: 1_000\nwhen: 2010-12-02\nbad: 2010-02-30x\n")
    assert (document["n"], document["m"], str(document["when"])) == (31, 1000, "2010-12-02")


def test_an_invalid_date_in_yaml_keeps_its_own_message(run, tmp_path):
    path = tmp_path / "ledger.yaml"
    path.write_text("factcheck-ledger: 1\narticle:\n  slug: council\nrevisions:\n- label: v1\n  published: 2010-02-30\n",
                    encoding="utf-8")
    assert "has a date that is not a valid date" in run("import", str(path)).stderr


def test_an_archive_line_with_a_huge_number_is_skipped_and_the_rest_imported(run, db_url, tmp_path):
    lines = [
        json.dumps({"article": "council-budget", "label": "v1",
                    "text": "Council passed the budget on Monday. The vote was 7-2."}),
        '{"article": "ferry-delays", "label": "v1", "text": "Ferries ran late.", "words": ' + HUGE + "}",
        json.dumps({"article": "ice-fishing", "label": "v1",
                    "text": "The ice fishing season ended early. Warm weather thinned the lake ice."}),
    ]
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("import-archive", str(path))
    assert result.stderr.splitlines() == [
        f"Warning: {path}:2: a number has 5,000 digits, more than any field holds (30 at most); line skipped."]
    assert result.stdout.startswith("stored 2 revisions of 2 articles")
    articles = json.loads(run("articles", "--format", "json").stdout)["articles"]
    assert sorted(articles) == ["council-budget", "ice-fishing"]
