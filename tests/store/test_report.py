"""The standards report counts what stands now: one line per published notice, a
verdict by when it was set, open findings of each article's current revision."""

import json
from datetime import date

from conftest import CLAIMS, SEED_LEDGER


def report(run, since: str = "2000-01-01") -> dict:
    result = run("report", "--since", since, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def seed_with_correction(run) -> None:
    run("import", str(SEED_LEDGER))
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v2.txt"))
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v3.txt"))
    run("notice", "khadr-wikileaks", "v2", "v3")
    assert run("notice", "approve", "1", "--by", "desk").exit_code == 0
    assert run("notice", "publish", "1").exit_code == 0


def test_a_published_notice_counts_once_however_often_it_is_edited_and_not_once_withdrawn(run):
    seed_with_correction(run)
    edited = run("notice", "edit", "1", "Correction: Omar Khadr was 22, not 23, at the time of the meeting.",
                 "--note", "Tighter wording.")
    assert edited.exit_code == 0, edited.output
    counted = report(run)
    assert [(c["notice"], c["kind"]) for c in counted["corrections"]] == [(1, "correction")]
    assert counted["corrections"][0]["text"].startswith("Correction: Omar Khadr was 22, not 23")
    assert counted["most_corrected"] == [{"article": "khadr-wikileaks", "corrections": 1}]
    assert run("notice", "withdraw", "1", "--note", "Published in error.").exit_code == 0
    gone = report(run)
    assert gone["corrections"] == [] and gone["most_corrected"] == []
    assert "Corrections and notices published: 0" in run("report", "--since", "2000-01-01").stdout


def test_a_notice_published_before_the_period_is_not_in_it(run):
    seed_with_correction(run)
    tomorrow = date.fromordinal(date.today().toordinal() + 1).isoformat()
    assert report(run, tomorrow)["corrections"] == []


def test_verdicts_count_by_when_they_were_set_not_when_a_claim_was_re_anchored(run):
    run("import", str(SEED_LEDGER))  # verdicts set in 2010
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v2.txt"))
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v3.txt"))
    today = date.today().isoformat()
    assert report(run, today)["claims_by_verdict"] == {}
    # v3 reworded the age claim: it went back to review and lost its verdict.
    assert report(run, "2000-01-01")["claims_by_verdict"] == {"true": 9, "outdated": 1, "unproven": 1}
    # A note that leaves the verdict alone does not make it new; a new verdict is.
    assert run("claim", "status", "1", "checked", "--note", "Re-read the cable.").exit_code == 0
    assert report(run, today)["claims_by_verdict"] == {}
    changed = run("claim", "status", "1", "checked", "--verdict", "mostly-true", "--note", "Wording is loose.")
    assert changed.exit_code == 0, changed.output
    assert report(run, today)["claims_by_verdict"] == {"mostly-true": 1}


def test_open_findings_are_those_of_the_current_revision_and_dismissals_count(run):
    run("import", str(SEED_LEDGER))
    assert run("check", "khadr-wikileaks", "v1").exit_code == 0  # stores the repeated lede, the ages
    run("add-revision", "khadr-wikileaks", str(CLAIMS / "khadr-wikileaks-v2.txt"))
    checked = json.loads(run("check", "khadr-wikileaks", "--format", "json").stdout)
    current = [f["id"] for f in checked["findings"]]
    assert report(run)["articles_with_open_findings"] == [{"article": "khadr-wikileaks", "open": len(current)}]
    for finding_id in current:
        run("finding", "dismiss", str(finding_id), "--note", "The French paper's error, quoted as printed.")
    assert report(run)["articles_with_open_findings"] == []
