"""Ledger files (format 2) keep everything: claims with every version and where they
stood in each revision, findings with editors' dismissals, notices with every
version. Export, import elsewhere, export again: the same file."""

import json

import pytest
import yaml

from conftest import CLAIMS, SEED_LEDGER, Cli, counts

V2 = str(CLAIMS / "khadr-wikileaks-v2.txt")
V3 = str(CLAIMS / "khadr-wikileaks-v3.txt")


def _worked(run) -> None:
    """The seed followed through v2 and v3, checked, a finding dismissed, a notice
    drafted, edited, approved and published."""
    run("import", str(SEED_LEDGER))
    run("add-revision", "khadr-wikileaks", V2, "--published", "2010-12-03")
    run("add-revision", "khadr-wikileaks", V3, "--published", "2010-12-03")
    checked = json.loads(run("check", "khadr-wikileaks", "v1", "--format", "json").stdout)["findings"]
    age = next(f for f in checked if f["check"] == "age-inconsistency")
    run("finding", "dismiss", str(age["id"]), "--note", "Quoted as the French paper printed it.", "--by", "m.tremblay")
    run("check", "khadr-wikileaks")
    run("notice", "khadr-wikileaks", "v2", "v3")
    run("notice", "edit", "1", "Correction: An earlier version of this article misstated Omar Khadr's age at the "
        "time of the meeting. He was 22, not 23.", "--note", "House style")
    run("notice", "approve", "1", "--by", "m.tremblay")
    run("notice", "publish", "1")


def test_export_import_export_gives_the_same_file_with_findings_notices_and_anchors(run, tmp_path):
    _worked(run)
    first = run("export", "khadr-wikileaks").stdout
    document = yaml.safe_load(first)
    assert document["factcheck-ledger"] == 2
    assert [n["kind"] for n in document["notices"]] == ["correction"]
    assert [v["state"] for v in document["notices"][0]["versions"]] == ["draft", "draft", "approved", "published"]
    dismissed = [f for f in document["findings"] if f["state"] == "dismissed"]
    assert [(f["check"], f["decided_by"], f["note"]) for f in dismissed] == [
        ("age-inconsistency", "m.tremblay", "Quoted as the French paper printed it.")]
    assert [a["revision"] for a in document["claims"][0]["anchors"]] == ["v1", "v2", "v3"]
    path = tmp_path / "khadr.yaml"
    path.write_text(first, encoding="utf-8")
    second = Cli(f"sqlite:///{tmp_path / 'second.db'}")
    imported = second("import", str(path))
    assert imported.output == (
        f"imported khadr-wikileaks: 3 revisions, 13 claims, 39 claim versions, {len(document['findings'])} findings, "
        "1 notices\n")
    assert second("export", "khadr-wikileaks").stdout == first
    assert json.loads(second("export", "khadr-wikileaks", "--format", "json").stdout) == json.loads(
        run("export", "khadr-wikileaks", "--format", "json").stdout)
    # What the listings show is the same in both databases.
    for args in (("claims", "khadr-wikileaks"), ("findings", "khadr-wikileaks"), ("notices", "khadr-wikileaks"),
                 ("claim", "show", "8")):
        assert second(*args, "--format", "json").stdout == run(*args, "--format", "json").stdout
    # The dismissal still holds there: checking again raises it no more.
    again = json.loads(second("check", "khadr-wikileaks", "v1", "--format", "json").stdout)["findings"]
    assert "age-inconsistency" not in [f["check"] for f in again]


def test_a_page_revision_keeps_the_page_it_came_from(run, tmp_path):
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Mill closes</title></head><body><article><h1>Mill to close in spring</h1>"
        "<p>The Harbour Road sawmill will close in April, putting 140 people out of work, its owner said on "
        "Thursday.</p><p>The mill opened in 1951.</p></article></body></html>", encoding="utf-8")
    run("add-revision", "mill", str(page), "--published", "2026-02-05")
    exported = yaml.safe_load(run("export", "mill").stdout)
    assert exported["revisions"][0]["raw"].startswith("<html>")
    path = tmp_path / "mill.yaml"
    path.write_text(run("export", "mill").stdout, encoding="utf-8")
    second = Cli(f"sqlite:///{tmp_path / 'second.db'}")
    second("import", str(path))
    assert second("export", "mill").stdout == run("export", "mill").stdout


def _with_notice(to: str) -> dict:
    return {
        "factcheck-ledger": 2,
        "article": {"slug": "mill"},
        "revisions": [{"label": "v1", "text": "Mill to close\n\nThe mill will close in April, putting 140 people "
                                             "out of work."}],
        "notices": [{"from": "v1", "to": to, "kind": "correction",
                     "versions": [{"state": "draft", "text": "Correction: 140, not 120.", "by": "ed"}]}],
    }


BROKEN = [
    (lambda d: d["notices"][0].update({"to": "v7"}), "notices[0].to: 'v7' is not a revision of this ledger"),
    (lambda d: d["notices"][0].update({"from": "v2", "to": "v1"}), "notices[0].from: 'v2' is not older than 'v1'"),
    (lambda d: d["notices"][0]["versions"][0].update({"state": "printed"}),
     "notices[0].versions[0].state: 'printed' is not one of draft, approved, published, withdrawn"),
    (lambda d: d["notices"][0].update({"versions": []}), "notices[0].versions: a notice needs at least one version"),
    (lambda d: d.update({"findings": [{"revision": "v3", "check": "x", "severity": "warning", "message": "m",
                                       "key": "k"}]}), "findings[0].revision: 'v3' is not a revision of this ledger"),
    (lambda d: d.update({"findings": [{"revision": "v1", "check": "x", "severity": "warning", "message": "m",
                                       "key": "k", "state": "ignored"}]}),
     "findings[0].state: 'ignored' is not one of open, dismissed, resolved"),
    (lambda d: d.update({"findings": [{"revision": "v1", "check": "x", "severity": "warning", "message": "m",
                                       "key": "k", "state": "dismissed"}]}),
     "findings[0].decided_by: a dismissed finding names who dismissed it"),
    (lambda d: d.update({"claims": [{"versions": [{"text": "The mill will close in April", "status": "unverified"}],
                                     "anchors": [{"revision": "v5", "paragraph": 0, "sentence": 0}]}]}),
     "claims[0].anchors[0].revision: 'v5' is not a revision of this ledger"),
]


@pytest.mark.parametrize("mutate, message", BROKEN)
def test_a_ledger_that_references_what_it_does_not_hold_is_refused_whole(run, tmp_path, mutate, message):
    document = _with_notice("v2")
    document["revisions"].append({"label": "v2", "text": document["revisions"][0]["text"].replace("140", "120")})
    mutate(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = counts(run.db_url)
    result = run("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}: {message}")
    assert result.stderr.endswith("; fix the ledger file and import again.\n") and result.stderr.count("\n") == 1
    assert counts(run.db_url) == before
