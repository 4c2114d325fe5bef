"""The seed article through the ledger: revisions, claims that follow, diff, checks."""

import json

from conftest import CLAIMS, SEED_LEDGER

V2 = str(CLAIMS / "khadr-wikileaks-v2.txt")
V3 = str(CLAIMS / "khadr-wikileaks-v3.txt")


def _claim(run, claim_id):
    return json.loads(run("claim", "show", str(claim_id), "--format", "json").stdout)


def test_claims_follow_the_seed_through_v2_and_v3(run):
    run("import", str(SEED_LEDGER))
    added = run("add-revision", "khadr-wikileaks", V2, "--published", "2010-12-03")
    assert "claim #8: The sentence was edited in v2. It had the verdict 'true': back to review." in added.output
    history = _claim(run, 8)
    latest = history["versions"][-1]
    assert (latest["text"], latest["status"], latest["verdict"], latest["by"]) == (
        "Khadr, now 24, was 23 at the time of the meeting", "in-review", None, "factcheck")
    assert latest["anchor"] == {"revision": "v2", "paragraph": 3, "sentence": 2,
                                "text": "Khadr, now 24, was 23 at the time of the meeting."}
    # The claim resting on the lede follows it to paragraph 0 when the repeat is cut.
    assert _claim(run, 2)["claim"]["anchor"]["paragraph"] == 0
    # Unchanged claims keep their status and verdict, with a new anchor.
    first = _claim(run, 1)["versions"][-1]
    assert (first["status"], first["verdict"], first["note"]) == ("checked", "true", "Unchanged in v2.")
    run("add-revision", "khadr-wikileaks", V3, "--published", "2010-12-03")
    assert _claim(run, 8)["claim"]["text"] == "Khadr, now 24, was 22 at the time of the meeting"
    # The whole history stays queryable.
    assert [v["version"] for v in _claim(run, 8)["versions"]] == [1, 2, 3, 4, 5]


def test_a_cut_sentence_withdraws_its_claim(run, tmp_path):
    run("import", str(SEED_LEDGER))
    text = (CLAIMS / "khadr-wikileaks-v1.txt").read_text(encoding="utf-8")
    cut = text.replace(" Then he could apply for parole.", "").replace(
        "After reaching a plea deal with prosecutors in October, it is anticipated that he will return to Canada in one year.", "")
    path = tmp_path / "cut.txt"
    path.write_text(cut, encoding="utf-8")
    run("add-revision", "khadr-wikileaks", str(path))
    claim = _claim(run, 12)
    assert claim["claim"]["status"] == "withdrawn" and claim["claim"]["anchor"] is None
    assert claim["versions"][-1]["note"] == "The sentence left the story in v2."


def test_ledger_diff_names_claims_and_needs_an_article_only_when_ambiguous(run):
    run("import", str(SEED_LEDGER))
    run("add-revision", "khadr-wikileaks", V2)
    result = json.loads(run("diff", "v1", "v2", "--format", "json").stdout)
    checks = [f["check"] for f in result["findings"]]
    assert "number-changed" in checks and "duplicate-removed" in checks
    changed = [f for f in result["findings"] if f["check"] == "claim-changed"]
    assert len(changed) == 1 and "8" in changed[0]["message"]
    assert result["summary"]["removed"] == 1 and result["summary"]["moved"] == 1
    run("add-revision", "other-story", str(CLAIMS / "khadr-wikileaks-v1.txt"))
    ambiguous = run("diff", "v1", "v2")
    assert ambiguous.exit_code == 2
    assert ambiguous.stderr == (
        "Error: the ledger holds several articles (khadr-wikileaks, other-story); name one with --article SLUG.\n")
    unknown = run("diff", "v1", "v9", "--article", "khadr-wikileaks")
    assert unknown.stderr == "Error: article 'khadr-wikileaks' has no revision 'v9'; its revisions are: v1, v2.\n"


def test_checks_are_stored_and_a_dismissal_sticks(run):
    run("import", str(SEED_LEDGER))
    first = json.loads(run("check", "khadr-wikileaks", "--format", "json").stdout)
    checks = sorted(f["check"] for f in first["findings"])
    assert checks == ["age-inconsistency", "duplicate-paragraph"]
    age = next(f for f in first["findings"] if f["check"] == "age-inconsistency")
    assert "The 15 stands inside a quotation attributed to the French paper." in age["message"]
    again = json.loads(run("check", "khadr-wikileaks", "--format", "json").stdout)
    assert [f["id"] for f in again["findings"]] == [f["id"] for f in first["findings"]]
    dismissed = run("finding", "dismiss", str(age["id"]), "--note", "The 15 is the French paper's, quoted as printed.")
    assert dismissed.exit_code == 0
    after = json.loads(run("check", "khadr-wikileaks", "--format", "json").stdout)
    assert [f["check"] for f in after["findings"]] == ["duplicate-paragraph"]
    twice = run("finding", "dismiss", str(age["id"]), "--note", "again")
    assert twice.exit_code == 2 and twice.stderr.startswith(f"Error: finding {age['id']} was already dismissed by ")
    assert run("finding", "dismiss", "999", "--note", "x").stderr == (
        "Error: no finding 999; run factcheck check ARTICLE to list findings with their ids.\n")


def test_extract_save_skips_claims_the_ledger_has(run):
    run("import", str(SEED_LEDGER))
    proposed = json.loads(run("extract", "khadr-wikileaks", "--format", "json").stdout)["claims"]
    assert proposed and all({"text", "score", "facets", "paragraph", "sentence"} <= c.keys() for c in proposed)
    saved = json.loads(run("extract", "khadr-wikileaks", "--save", "--format", "json").stdout)["claims"]
    # Every sentence the seed ledger already covers is skipped.
    assert len(saved) < len(proposed)
    saved_again = json.loads(run("extract", "khadr-wikileaks", "--save", "--format", "json").stdout)["claims"]
    assert saved_again == []
    listing = json.loads(run("claims", "khadr-wikileaks", "--status", "unverified", "--format", "json").stdout)["claims"]
    assert len(listing) == len(saved)
