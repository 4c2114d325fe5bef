"""An edit to a published notice is an amendment: a new draft that is approved and
published like the first text, while the published text stands on the page, in
`notices` and in every readers' format. On both engines."""

from __future__ import annotations

import json

import pytest

from conftest import CLAIMS, counts

FIRST = ("Correction: An earlier version of this article misstated Omar Khadr's age at the time of the meeting. "
         "Khadr was 22, not 23.")
AMENDED = "Correction: An earlier version of this article misstated Omar Khadr's age in 2009. He was 22, not 23."


@pytest.fixture
def published(run):
    """The seed story with v2 and v3 and its correction published (versions 1-3)."""
    assert run("import", str(CLAIMS / "khadr-wikileaks.yaml")).exit_code == 0
    for label in ("v2", "v3"):
        assert run("add-revision", "khadr-wikileaks", str(CLAIMS / f"khadr-wikileaks-{label}.txt"),
                   "--published", "2010-12-03").exit_code == 0
    drafted = json.loads(run("notice", "khadr-wikileaks", "v2", "v3", "--format", "json", "--by", "a.okafor").stdout)
    notice_id = str(drafted["notices"][0]["id"])
    assert drafted["notices"][0]["text"] == FIRST
    assert run("notice", "approve", notice_id, "--by", "m.tremblay").exit_code == 0
    assert run("notice", "publish", notice_id, "--by", "m.tremblay").exit_code == 0
    return run, notice_id


def readers(run) -> list[dict]:
    return json.loads(run("notices", "khadr-wikileaks", "--format", "json").stdout)["notices"]


def test_edit_of_a_published_notice_is_a_draft_and_the_published_text_stands(published):
    run, notice_id = published
    edited = run("notice", "edit", notice_id, AMENDED, "--by", "j.roy")
    assert edited.exit_code == 0, edited.output
    assert edited.stdout == (
        f"notice {notice_id} edited (version 4, draft, by j.roy)\n"
        f"published version 3 stays on the page until version 4 is approved and published "
        f"(factcheck notice approve {notice_id}).\n"
    )
    (shown,) = readers(run)
    assert (shown["text"], shown["state"], shown["version"]) == (FIRST, "published", 3)
    assert shown["amendment"] == {"version": 4, "state": "draft"}
    html = run("notices", "khadr-wikileaks", "--format", "html").stdout
    markdown = run("notices", "khadr-wikileaks", "--format", "markdown").stdout
    for block in (html, markdown):
        assert "Khadr was 22, not 23." in block and "in 2009" not in block
    # The editor's worklist shows the amendment and what still stands.
    listing = run("notices", "khadr-wikileaks").stdout
    flat = " ".join(listing.split())  # the listing wraps at 88 columns
    assert f"#{notice_id} v4 draft" in listing and "published v3 stands until this is published" in flat
    assert "in 2009" in flat and "at the time of the meeting" in flat
    everything = json.loads(run("notices", "khadr-wikileaks", "--format", "json", "--all").stdout)["notices"]
    assert everything[0]["text"] == AMENDED and everything[0]["standing"]["version"] == 3
    history = run("notice", "show", notice_id).stdout
    assert history.splitlines()[0].endswith("now draft (v4); published v3 stands until it is published")
    assert "Amendment of published version 3, which stands until this is published." in history


def test_the_amendment_goes_live_only_when_approved_and_published(published):
    run, notice_id = published
    assert run("notice", "edit", notice_id, AMENDED).exit_code == 0
    assert run("notice", "approve", notice_id, "--by", "m.tremblay").exit_code == 0
    (shown,) = readers(run)
    assert shown["text"] == FIRST and shown["amendment"] == {"version": 5, "state": "approved"}
    assert run("notice", "publish", notice_id, "--by", "m.tremblay").exit_code == 0
    (shown,) = readers(run)
    assert (shown["text"], shown["version"], shown["amendment"]) == (AMENDED, 6, None)
    assert "in 2009" in run("notices", "khadr-wikileaks", "--format", "markdown").stdout
    history = json.loads(run("notice", "show", notice_id, "--format", "json").stdout)["notice"]["versions"]
    assert [v["state"] for v in history] == ["draft", "approved", "published", "draft", "approved", "published"]


def test_reworking_an_amendment_keeps_the_published_text_standing(published):
    run, notice_id = published
    assert run("notice", "edit", notice_id, AMENDED).exit_code == 0
    assert run("notice", "approve", notice_id).exit_code == 0
    again = run("notice", "edit", notice_id, AMENDED.replace("He was", "Khadr was"), "--by", "j.roy")
    assert "(version 6, draft, by j.roy)" in again.stdout
    assert readers(run)[0]["text"] == FIRST
    history = run("notice", "show", notice_id).stdout
    assert "Edited after approval; back to draft for a new approval." in history


def test_publishing_an_unapproved_amendment_is_refused_and_changes_nothing(published, db_url):
    run, notice_id = published
    assert run("notice", "edit", notice_id, AMENDED).exit_code == 0
    before = counts(db_url)
    refused = run("notice", "publish", notice_id)
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"Error: notice {notice_id} is a draft; only approved notices publish. Approve it first with "
        f"factcheck notice approve {notice_id} --by NAME.\n"
    )
    same = run("notice", "edit", notice_id, AMENDED)
    assert same.exit_code == 2
    assert same.stderr == f"Error: notice {notice_id} already reads exactly that; nothing to change.\n"
    assert counts(db_url) == before
    assert readers(run)[0]["text"] == FIRST


def test_withdrawing_during_an_amendment_takes_the_notice_off_the_page(published):
    run, notice_id = published
    assert run("notice", "edit", notice_id, AMENDED).exit_code == 0
    assert run("notice", "withdraw", notice_id, "--note", "Published in error.").exit_code == 0
    assert readers(run) == []
    assert run("notices", "khadr-wikileaks", "--format", "markdown").stdout.strip() == ""


def test_claimreview_export_carries_the_standing_text(published, tmp_path):
    run, notice_id = published
    assert run("notice", "edit", notice_id, AMENDED).exit_code == 0
    config = tmp_path / "factcheck.toml"
    config.write_text('[organisation]\nname = "CBC News"\nurl = "https://www.cbc.ca"\n', encoding="utf-8")
    result = run("export", "khadr-wikileaks", "--format", "claimreview", env={"FACTCHECK_CONFIG": str(config)})
    assert result.exit_code == 0, result.output
    news = json.loads(result.stdout)["@graph"][0]
    assert [c["text"] for c in news["correction"]] == [FIRST]
