"""The ledger commands as a user runs them: outputs, JSON contract, and bad input."""

import json

import pytest

from conftest import CLAIMS, SEED_LEDGER, SEED_V1, counts


def test_seed_walkthrough_text(run):
    assert run("import", str(SEED_LEDGER)).output == (
        "imported khadr-wikileaks: 1 revisions, 13 claims, 38 claim versions\n"
    )
    listing = run("claims", "khadr-wikileaks").output.splitlines()
    assert listing[0] == "khadr-wikileaks — France wanted 'assistance' on Khadr: WikiLeaks"
    assert len(listing) == 14
    assert "#8    v3   checked     true          1 src  v1 ¶4 s3" in listing[8]
    history = run("claim", "show", "7").output
    assert "v3  2010-12-02T18:42:00Z  m.tremblay  checked / outdated" in history
    assert "+ source [refutes] United States v. Omar Ahmed Khadr" in history


def test_revisions_and_claims_json_follow_the_contract(run):
    run("import", str(SEED_LEDGER))
    revisions = json.loads(run("revisions", "khadr-wikileaks", "--format", "json").stdout)
    assert revisions["article"] == {"slug": "khadr-wikileaks", "title": "France wanted 'assistance' on Khadr: WikiLeaks", "url": None, "outlet": "CBC News"}
    (rev,) = revisions["revisions"]
    assert {"label", "seq", "published", "sha256"} <= rev.keys()
    assert (rev["label"], rev["seq"], rev["published"]) == ("v1", 1, "2010-12-02")
    claims = json.loads(run("claims", "khadr-wikileaks", "--format", "json").stdout)
    first = claims["claims"][0]
    assert set(first) >= {"id", "version", "text", "status", "verdict", "anchor", "sources"}
    assert first["anchor"]["revision"] == "v1"
    in_review = json.loads(run("claims", "khadr-wikileaks", "--status", "in-review", "--format", "json").stdout)
    assert [c["anchor"].get("role") for c in in_review["claims"]] == ["caption"]
    shown = json.loads(run("claim", "show", "8", "--format", "json").stdout)
    assert [v["version"] for v in shown["versions"]] == [1, 2, 3]
    assert set(shown["versions"][0]) >= {"version", "text", "status", "verdict", "note", "by", "at", "sources"}


def test_show_numbers_paragraphs_and_sentences(run):
    run("add-revision", "khadr", str(SEED_V1))
    text = run("show", "khadr").output
    assert "[section] Canada" in text and "[credit] ((Canadian Press))" in text
    assert "¶4\n  s0  It was known at the time of the meeting" in text
    blocks = json.loads(run("show", "khadr", "v1", "--format", "json").stdout)["blocks"]
    body4 = [b for b in blocks if b["role"] == "body"][4]
    assert body4["sentences"][3]["text"] == "Khadr, now 24, was 22 at the time of the meeting."


def test_add_revision_from_stdin_and_duplicate_message(run):
    text = SEED_V1.read_text(encoding="utf-8")
    first = run("add-revision", "khadr", "-", "--published", "2010-12-02", input=text)
    assert first.output.startswith("khadr: stored v1 (")
    assert run("add-revision", "khadr", str(SEED_V1)).output == "khadr: identical to v1; nothing stored.\n"


def test_claim_workflow_through_the_cli(run):
    run("add-revision", "khadr", str(SEED_V1))
    added = run("add-claim", "khadr", "Clinton called Guantanamo a cancer", "--source", "https://example.org/cable",
                "--stance", "supports", "--by", "ana")
    assert added.output == "claim #1 recorded: version 1, unverified, anchored v1 ¶3 s0\n"
    assert run("claim", "status", "1", "checked", "--verdict", "true", "--note", "In the cable",
               "--expect-version", "1").output == "claim #1 updated: version 2, checked, true, anchored v1 ¶3 s0\n"
    edited = run("claim", "edit", "1", "Clinton called the detention centre a cancer")
    assert edited.output == "claim #1 edited: version 3, in-review, anchored v1 ¶3 s0\n"
    sourced = run("claim", "source", "1", "Cable 09PARIS170", "--stance", "context", "--format", "json")
    assert len(json.loads(sourced.stdout)["claim"]["sources"]) == 2


def test_unanchored_claim_warns_on_stderr(run):
    run("add-revision", "khadr", str(SEED_V1))
    result = run("add-claim", "khadr", "The moon is made of green cheese")
    assert result.stderr == "Warning: no sentence of v1 matches this claim; it is stored unanchored.\n"
    assert result.stdout == "claim #1 recorded: version 1, unverified, anchored -\n"


def test_conflicting_edit_is_refused_on_the_command_line(run):
    run("add-revision", "khadr", str(SEED_V1))
    run("add-claim", "khadr", "Clinton called Guantanamo a cancer", "--by", "ana")
    run("claim", "status", "1", "in-review", "--note", "checking", "--by", "bo", "--expect-version", "1")
    result = run("claim", "status", "1", "in-review", "--note", "me too", "--by", "cy", "--expect-version", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: claim 1 was changed by bo at ")
    assert result.stderr.endswith("(now version 2, you saw version 1); review it with factcheck claim show 1 and retry with --expect-version 2.\n")


BAD_INPUTS = [
    # (args, stdin, exit code, the one line on stderr)
    (["add-revision", "khadr", "missing.txt"], None, 2, "Error: missing.txt does not exist; check the path.\n"),
    (["add-revision", "khadr", "-"], "", 2, "Error: standard input is empty; pass a file that holds the article text.\n"),
    (["add-revision", "khadr", "-"], b"\x89PNG\r\n\x1a\n\x00\x00\x00", 2,
     "Error: standard input looks binary (it contains NUL bytes); pass a plain-text or HTML article.\n"),
    (["add-revision", "khadr", "-"], b"caf\xe9 au lait", 2,
     "Error: standard input is not valid UTF-8 (byte 3); re-save it as UTF-8, e.g. iconv -f latin1 -t utf-8.\n"),
    (["add-revision", "khadr", "-", "--published", "yesterday"], "Text.", 2, None),
    (["claims", "nope"], None, 1, "Error: no article 'nope' in the ledger; known articles: khadr-wikileaks.\n"),
    (["show", "khadr-wikileaks", "v7"], None, 1,
     "Error: article 'khadr-wikileaks' has no revision 'v7'; its revisions are: v1.\n"),
    (["claim", "show", "404"], None, 1, "Error: no claim 404; list claims with factcheck claims ARTICLE.\n"),
    (["claim", "status", "1", "approved", "--note", "x"], None, 2,
     "Error: 'approved' is not a claim status; use one of: unverified, in-review, checked, corrected, withdrawn.\n"),
    (["claim", "status", "1", "checked", "--verdict", "pants-on-fire", "--note", "x"], None, 2,
     "Error: 'pants-on-fire' is not a verdict; use one of: true, mostly-true, mixture, mostly-false, false, misleading, unproven, outdated.\n"),
    (["claims", "khadr-wikileaks", "--status", "done"], None, 2,
     "Error: 'done' is not a claim status; use one of: unverified, in-review, checked, corrected, withdrawn.\n"),
    (["add-claim", "khadr-wikileaks", "  "], None, 2,
     "Error: a claim needs text; pass the claim as the sentence the article states.\n"),
    (["add-claim", "khadr-wikileaks", "Text", "--stance", "refutes"], None, 2,
     "Error: each --stance and --excerpt goes with a --source; give the --source first.\n"),
    (["import", str(SEED_LEDGER)], None, 2,
     "Error: article 'khadr-wikileaks' is already in the ledger; import into another database or change article.slug.\n"),
]


@pytest.mark.parametrize("args, stdin, code, message", BAD_INPUTS, ids=[" ".join(map(str, b[0]))[:40] for b in BAD_INPUTS])
def test_bad_input_gets_one_line_and_changes_nothing(run, args, stdin, code, message):
    run("import", str(SEED_LEDGER))
    before = counts(run.db_url)
    result = run(*args, input=stdin)
    assert result.exit_code == code
    if message is not None:
        assert result.stderr == message
    assert len(result.stderr.strip().splitlines()) == 1  # usage errors included
    assert "Traceback" not in result.output
    assert counts(run.db_url) == before


def test_unreachable_database_is_one_line(tmp_path):
    from click.testing import CliRunner

    from factcheck.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "articles"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot open database postgresql+psycopg://nobody@127.0.0.1:1/none: ")
    assert result.stderr.endswith("Check --db / FACTCHECK_DATABASE_URL and that the server is running.\n")
    missing_dir = runner.invoke(cli, ["--db", f"sqlite:///{tmp_path}/no/such/dir/x.db", "articles"])
    assert missing_dir.exit_code == 1 and "unable to open database file" in missing_dir.stderr
    bad = runner.invoke(cli, ["--db", "not a url", "articles"])
    assert bad.exit_code == 2
    assert bad.stderr == "Error: 'not a url' is not a database URL; use e.g. sqlite:///factcheck.db or postgresql+psycopg://user@host/dbname.\n"


def test_database_from_environment_variable(sqlite_url, tmp_path):
    from click.testing import CliRunner

    from factcheck.cli import cli

    result = CliRunner().invoke(cli, ["add-revision", "khadr", str(SEED_V1)], env={"FACTCHECK_DATABASE_URL": sqlite_url})
    assert result.exit_code == 0
    assert counts(sqlite_url)["revisions"] == 1


def test_default_database_is_a_file_in_the_working_directory(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from factcheck.cli import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FACTCHECK_DATABASE_URL", raising=False)
    assert CliRunner().invoke(cli, ["add-revision", "khadr", str(SEED_V1)]).exit_code == 0
    assert (tmp_path / "factcheck.db").exists()


def test_by_defaults_to_factcheck_user(run):
    run("add-revision", "khadr", str(SEED_V1))
    run("add-claim", "khadr", "Clinton called Guantanamo a cancer", env={"FACTCHECK_USER": "desk-editor"})
    assert json.loads(run("claim", "show", "1", "--format", "json").stdout)["versions"][0]["by"] == "desk-editor"


def test_hardening_against_audited_inputs(run, tmp_path):
    """Inputs an audit found ending in tracebacks: each is one line now, nothing stored."""
    run("import", str(SEED_LEDGER))
    before = counts(run.db_url)
    huge_id = run("claim", "show", "99999999999999999999")
    assert huge_id.exit_code == 2 and "99999999999999999999 is not in the range 1<=x<=2147483647" in huge_id.stderr
    future = run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v2.txt"), "--published", "9999-12-31")
    assert future.stderr == (
        "Error: --published 9999-12-31 is not a plausible publication date; give a date between 1800 and 2200.\n")
    bad_url = run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v2.txt"), "--url", "notaurl")
    assert bad_url.stderr == "Error: 'notaurl' is not a web address; give the article's http(s) URL.\n"
    control = run("add-claim", "khadr-wikileaks", "Clinton called it a \x7fcancer")
    assert control.stderr == "Error: the claim contains the control character U+007F; remove it and try again.\n"
    nul = run("add-revision", "khadr-wikileaks", "-", input="Headline\n\nA sentence with a \x00 NUL in it.")
    assert nul.exit_code == 2
    assert counts(run.db_url) == before
    context = run("diff", str(CLAIMS / "khadr-wikileaks-v1.txt"), str(CLAIMS / "khadr-wikileaks-v2.txt"),
                  "--context", "99999999999999999999")
    assert context.exit_code == 0 and "v1.txt" in context.stdout


def test_a_file_that_is_not_a_database(tmp_path):
    from click.testing import CliRunner

    from factcheck.cli import cli

    path = tmp_path / "notes.db"
    path.write_text("not a database", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{path}", "claims", "x"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: sqlite:///{path} is not a factcheck database (file is not a database); point --db at another file.\n")
    memory = CliRunner().invoke(cli, ["--db", "sqlite://", "articles"])
    assert memory.exit_code == 2 and "in-memory SQLite database forgets everything" in memory.stderr


def test_database_failing_during_a_read_is_one_line(run, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from factcheck.store.listings import Reader

    run("import", str(SEED_LEDGER))

    def gone(*_args, **_kwargs):
        raise OperationalError("SELECT", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(Reader, "_rows", gone)
    result = run("claims", "khadr-wikileaks")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the database failed during the command (server closed the connection unexpectedly); nothing was "
        "changed. Check that it is reachable and run the command again.\n")
