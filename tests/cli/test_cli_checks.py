import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import cli

SEED = str(Path(__file__).resolve().parents[2] / "claims" / "khadr-wikileaks-v1.txt")


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_check_file_json_contract():
    result = run("check", SEED, "--date", "2010-11-20", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["revision"]["origin"] == SEED
    assert payload["revision"]["published"] == "2010-11-20"
    assert [f["check"] for f in payload["findings"]] == ["duplicate-paragraph", "age-inconsistency"]
    for finding in payload["findings"]:
        assert set(finding) == {"check", "severity", "message", "spans", "data"}
        assert all({"paragraph", "sentence", "text"} <= set(s) for s in finding["spans"])


def test_check_file_text():
    result = run("check", SEED)
    assert result.exit_code == 0
    assert result.output.startswith("duplicate-paragraph (warning): Paragraph 1 repeats paragraph 0")
    assert "    paragraph 4, sentence 2: He is described as" in result.output


def test_check_clean_file_says_so(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("Council approves budget\n\nThe council approved the budget on Tuesday, the mayor said.\n")
    result = run("check", str(path))
    assert result.exit_code == 0
    assert result.output == "No findings.\n"


def test_bad_date_is_one_line_exit_2():
    result = run("check", SEED, "--date", "2010-13-01")
    assert result.exit_code == 2
    assert result.output == "Error: --date '2010-13-01' is not a date; write it as YYYY-MM-DD, e.g. 2010-11-20.\n"


@pytest.mark.parametrize("command", ["check", "extract"])
def test_empty_file_is_refused(tmp_path, command):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n")
    result = run(command, str(path))
    assert result.exit_code == 2
    assert result.output == f"Error: {path} is empty; pass a file that holds the article text.\n"


def test_file_without_sentences_is_refused(tmp_path):
    path = tmp_path / "dashes.txt"
    path.write_text("----\n\n****\n")
    result = run("extract", str(path))
    assert result.exit_code == 2
    assert result.output == f"Error: {path} has no sentences to check; pass the article text.\n"


def test_extract_file_json_contract():
    result = run("extract", SEED, "--format", "json")
    assert result.exit_code == 0
    claims = json.loads(result.output)["claims"]
    assert claims and all(set(c) == {"text", "score", "facets", "paragraph", "sentence"} for c in claims)
    assert not any("Pentagon-approved" in c["text"] for c in claims)  # the caption


def test_extract_save_on_a_file_is_refused():
    result = run("extract", SEED, "--save")
    assert result.exit_code == 2
    assert result.output == (
        "Error: --save needs an article in the ledger, not a file; add the file as a revision first.\n"
    )


def test_commands_document_an_example():
    for name in ("check", "extract"):
        result = run(name, "--help")
        assert result.exit_code == 0 and "Example:" in result.output
    assert "Example:" in run("finding", "dismiss", "--help").output


def test_checking_a_file_creates_no_database(tmp_path):
    """Known fact-checks are read from a ledger that exists; checking a file never makes one."""
    from click.testing import CliRunner

    from factcheck.cli import cli

    ledger = tmp_path / "newsroom.db"
    result = CliRunner().invoke(cli, ["check", SEED], env={"FACTCHECK_DATABASE_URL": f"sqlite:///{ledger}"})
    assert result.exit_code == 0, result.output
    assert not ledger.exists()
