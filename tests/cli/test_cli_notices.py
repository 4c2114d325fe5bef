"""The notice commands against a database (SQLite and PostgreSQL): drafting from the
ledger, the approval workflow, bad input leaving the database unchanged."""

from __future__ import annotations

import json

import pytest

from conftest import CLAIMS, counts


@pytest.fixture
def seeded_cli(run):
    """The seed ledger with v2 and v3 added, as the walkthrough does."""
    assert run("import", str(CLAIMS / "khadr-wikileaks.yaml")).exit_code == 0
    for label in ("v2", "v3"):
        result = run("add-revision", "khadr-wikileaks", str(CLAIMS / f"khadr-wikileaks-{label}.txt"),
                     "--published", "2010-12-03", "--by", "walkthrough")
        assert result.exit_code == 0, result.output
    return run


def _draft(run, *args):
    result = run("notice", "khadr-wikileaks", *args, "--format", "json", "--by", "a.okafor")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ledger_draft_v2_v3_stores_one_correction(seeded_cli, db_url):
    payload = _draft(seeded_cli, "v2", "v3")
    assert [n["kind"] for n in payload["notices"]] == ["correction"]
    notice = payload["notices"][0]
    assert notice["text"] == (
        "Correction: An earlier version of this article misstated Omar Khadr's age at the time of the meeting. "
        "Khadr was 22, not 23."
    )
    assert notice["dateline"] == "Corrected Dec. 3, 2010"
    assert notice["state"] == "draft" and notice["version"] == 1
    assert counts(db_url)["notices"] == 1 and counts(db_url)["notice_versions"] == 1


def test_redrafting_the_same_pair_does_not_duplicate(seeded_cli, db_url):
    _draft(seeded_cli, "v2", "v3")
    before = counts(db_url)
    again = seeded_cli("notice", "khadr-wikileaks", "v2", "v3")
    assert again.exit_code == 0
    assert "already drafted, unchanged" in again.output
    assert counts(db_url) == before


def test_v1_v2_warns_that_the_edit_may_introduce_the_error(seeded_cli):
    payload = _draft(seeded_cli, "v1", "v2")
    assert [n["kind"] for n in payload["notices"]] == ["correction"]
    assert "Khadr was 23, not 22." in payload["notices"][0]["text"]
    warnings = payload["notices"][0]["warnings"]
    assert len(warnings) == 1 and "checked 'true'" in warnings[0] and "may introduce the error" in warnings[0]
    assert {c["reason"] for c in payload["silent"]} == {"repeated paragraph removed", "moved"}
    history = json.loads(seeded_cli("notice", "show", str(payload["notices"][0]["id"]), "--format", "json").stdout)
    assert "Warning: claim #" in history["notice"]["versions"][0]["note"]  # kept in the audit trail


def test_workflow_approve_publish_and_the_published_block(seeded_cli, db_url):
    run = seeded_cli
    notice_id = _draft(run, "v2", "v3")["notices"][0]["id"]
    assert run("notices", "khadr-wikileaks", "--format", "json").stdout.count('"id"') == 0  # nothing published yet
    approved = run("notice", "approve", str(notice_id), "--by", "m.tremblay")
    assert approved.exit_code == 0
    assert approved.output.strip() == f"notice {notice_id} approved (version 2, approved, by m.tremblay)"
    assert run("notice", "publish", str(notice_id), "--by", "m.tremblay").exit_code == 0
    block = json.loads(run("notices", "khadr-wikileaks", "--format", "json").stdout)
    assert [(n["id"], n["state"], n["version"]) for n in block["notices"]] == [(notice_id, "published", 3)]
    html = run("notices", "khadr-wikileaks", "--format", "html").stdout
    assert '<aside class="corrections"' in html and "Khadr was 22, not 23." in html
    assert "<strong>Correction:</strong> An earlier version" in html
    markdown = run("notices", "khadr-wikileaks", "--format", "markdown").stdout
    assert markdown.startswith("*Corrected Dec. 3, 2010*")
    history = json.loads(run("notice", "show", str(notice_id), "--format", "json").stdout)["notice"]["versions"]
    assert [(v["state"], v["by"]) for v in history] == [
        ("draft", "a.okafor"), ("approved", "m.tremblay"), ("published", "m.tremblay")
    ]


def test_edit_after_approval_goes_back_to_draft(seeded_cli):
    run = seeded_cli
    notice_id = str(_draft(run, "v2", "v3")["notices"][0]["id"])
    run("notice", "approve", notice_id)
    edited = run("notice", "edit", notice_id, "Correction: Khadr was 22, not 23.")
    assert "(version 3, draft" in edited.output
    refused = run("notice", "publish", notice_id)
    assert refused.exit_code == 2 and "is a draft; only approved notices publish" in refused.stderr


@pytest.mark.parametrize(
    "steps, args, message",
    [
        (["approve"], ["approve", "{id}"], "cannot approve notice {id}: it is approved (version 2, by "),
        ([], ["publish", "{id}"], "notice {id} is a draft; only approved notices publish. Approve it first with "
                                   "factcheck notice approve {id} --by NAME."),
        (["approve", "publish"], ["publish", "{id}"], "cannot publish notice {id}: it is published (version 3, by "),
        ([], ["withdraw", "{id}"], 'say why with --note "...": the note is the record of the withdrawal.'),
        ([], ["approve", "999"], "no notice 999; list them with factcheck notices ARTICLE."),
        ([], ["edit", "999", "text"], "no notice 999; list them with factcheck notices ARTICLE."),
        (["edit"], ["approve", "{id}", "--expect-version", "1"], "notice {id} was changed by m.tremblay at "),
        ([], ["approve", "{id}", "--expect-version", "3"], "notice {id} is at version 1; there is no version 3 yet."),
    ],
    ids=["approve-twice", "publish-unapproved", "publish-twice", "withdraw-without-note", "unknown-id",
         "edit-unknown", "stale-version", "future-version"],
)
def test_bad_input_one_line_nonzero_nothing_changed(seeded_cli, db_url, steps, args, message):
    run = seeded_cli
    notice_id = str(_draft(run, "v2", "v3")["notices"][0]["id"])
    for step in steps:
        extra = ["Correction: Khadr was 22, not 23. Edited."] if step == "edit" else []
        assert run("notice", step, notice_id, *extra, "--by", "m.tremblay").exit_code == 0
    before = counts(db_url)
    result = run("notice", *[a.replace("{id}", notice_id) for a in args])
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: " + message.replace("{id}", notice_id))
    assert counts(db_url) == before


def test_stale_version_message_says_how_to_retry(seeded_cli):
    run = seeded_cli
    notice_id = str(_draft(run, "v2", "v3")["notices"][0]["id"])
    run("notice", "edit", notice_id, "Correction: Khadr was 22, not 23.", "--by", "j.roy")
    result = run("notice", "approve", notice_id, "--expect-version", "1")
    assert result.exit_code == 1
    assert "(now version 2, you saw version 1)" in result.stderr and "retry with --expect-version 2" in result.stderr
    assert "changed by j.roy at" in result.stderr


def test_racing_writers_one_wins(seeded_cli, db_url):
    """Two editors read version 1; the unique (notice, version) key lets one append."""
    from factcheck.errors import Conflict
    from factcheck.store.ledger import Ledger
    from factcheck.app.notice_workflow import approve_notice, withdraw_notice
    from factcheck.store.notices import get_notice

    notice_id = _draft(seeded_cli, "v2", "v3")["notices"][0]["id"]
    first, second = Ledger.open(db_url), Ledger.open(db_url)
    try:
        get_notice(first, notice_id), get_notice(second, notice_id)  # both see version 1
        approve_notice(first, notice_id, by="m.tremblay", expect_version=1)
        before = counts(db_url)
        with pytest.raises(Conflict, match=r"changed by m.tremblay .*now version 2, you saw version 1"):
            withdraw_notice(second, notice_id, note="dup", by="j.roy", expect_version=1)
        assert counts(db_url) == before
    finally:
        first.close()
        second.close()


def test_broken_template_dir_changes_nothing(seeded_cli, db_url, tmp_path):
    (tmp_path / "correction.j2").write_text("Correction: {{ errors | join_and }\n", encoding="utf-8")
    before = counts(db_url)
    result = seeded_cli("notice", "khadr-wikileaks", "v2", "v3", "--templates", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"Error: template {tmp_path / 'correction.j2'}, line 1: ")
    assert counts(db_url) == before


def test_house_templates_override_the_stored_text(seeded_cli, tmp_path):
    (tmp_path / "correction.j2").write_text(
        "CORRECTION: We {{ errors | map(attribute='what') | join_and }}. {{ errors | map(attribute='right') | join(' ') }}",
        encoding="utf-8",
    )
    payload = json.loads(seeded_cli("notice", "khadr-wikileaks", "v2", "v3", "--templates", str(tmp_path),
                                    "--format", "json").stdout)
    assert payload["notices"][0]["text"] == (
        "CORRECTION: We misstated Omar Khadr's age at the time of the meeting. Khadr was 22, not 23."
    )


def test_notices_text_lists_drafts_with_states(seeded_cli):
    _draft(seeded_cli, "v2", "v3")
    listing = seeded_cli("notices", "khadr-wikileaks")
    assert listing.exit_code == 0
    assert "draft" in listing.output and "correction" in listing.output and "v2 → v3" in listing.output


def test_false_claim_edited_is_a_correction(run, db_url, tmp_path):
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text("Levy vote\n\nThe council approved the levy. The mayor said crime fell by half last year.\n\n"
                   "The vote was held Monday.", encoding="utf-8")
    new.write_text("Levy vote\n\nThe council approved the levy.\n\nThe vote was held Monday.", encoding="utf-8")
    assert run("add-revision", "levy", str(old), "--published", "2024-03-04").exit_code == 0
    added = run("add-claim", "levy", "The mayor said crime fell by half last year", "--verdict", "false",
                "--source", "City police annual statistics, 2023", "--note", "Police data show a 4 per cent drop.")
    assert added.exit_code == 0, added.output
    assert run("add-revision", "levy", str(new), "--published", "2024-03-05").exit_code == 0
    payload = json.loads(run("notice", "levy", "v1", "v2", "--format", "json").stdout)
    assert [n["kind"] for n in payload["notices"]] == ["correction"]
    assert payload["notices"][0]["text"] == (
        "Correction: An earlier version of this article incorrectly reported that the mayor said crime fell by "
        "half last year. That statement has been removed."
    )
    assert payload["notices"][0]["dateline"] == "Corrected March 5, 2024"


def test_file_mode_needs_no_database(tmp_path):
    from click.testing import CliRunner

    from factcheck.cli import cli

    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path}/none.db", "notice",
                                      str(CLAIMS / "khadr-wikileaks-v2.txt"), str(CLAIMS / "khadr-wikileaks-v3.txt"),
                                      "--date", "2010-12-03", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["notices"][0]["dateline"] == "Corrected Dec. 3, 2010"
    assert not (tmp_path / "none.db").exists()


def test_file_mode_missing_file_is_one_line(tmp_path):
    from click.testing import CliRunner

    from factcheck.cli import cli

    result = CliRunner().invoke(cli, ["notice", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {tmp_path / 'a.txt'} does not exist; check the path."
