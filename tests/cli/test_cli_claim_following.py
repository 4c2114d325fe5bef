"""Claims follow the article, through the CLI on both engines: one story per rule
(tests/stories/), and the bad input of claim work."""

import json
from pathlib import Path

from conftest import counts

STORIES = Path(__file__).resolve().parents[1] / "stories"


def _story(name: str) -> str:
    return str(STORIES / name)


def _versions(run, claim_id: int) -> list[dict]:
    return json.loads(run("claim", "show", str(claim_id), "--format", "json").stdout)["versions"]


def _claim(run, claim_id: int) -> dict:
    return json.loads(run("claim", "show", str(claim_id), "--format", "json").stdout)["claim"]


def _bridge(run) -> None:
    """The repair-cost story: $240,000 judged false, fixed to $420,000 in v2."""
    run("add-revision", "elm-bridge", _story("bridge-v1.txt"), "--published", "2026-06-02", "--url",
        "https://www.valleytribune.example/news/elm-bridge/")
    run("add-claim", "elm-bridge", "Repairs will cost about $240,000", "--source",
        "City engineering department, capital works report, May 2026", "--by", "r.singh")
    run("claim", "status", "1", "checked", "--verdict", "false", "--note", "The report budgets $420,000.",
        "--by", "m.chen")
    run("add-claim", "elm-bridge", "The bridge carries 9,000 vehicles a day", "--source",
        "2025 city traffic count", "--verdict", "true", "--by", "r.singh")


def test_a_false_claim_fixed_is_corrected_and_its_notice_is_a_correction_naming_the_right_value(run):
    _bridge(run)
    added = run("add-revision", "elm-bridge", _story("bridge-v2.txt"), "--published", "2026-06-03")
    assert added.output.splitlines()[1:] == [
        "  claim #1 corrected: Corrected in v2 (verdict 'false' kept for the wording that was checked). The article "
        "now says: \"Repairs will cost about $420,000, according to the city's engineering department.\""
    ]
    claim = _claim(run, 1)
    assert (claim["text"], claim["status"], claim["verdict"]) == ("Repairs will cost about $240,000", "corrected", "false")
    assert (claim["anchor"]["revision"], claim["anchor"]["paragraph"]) == ("v2", 1)
    assert [v["text"] for v in _versions(run, 1)] == ["Repairs will cost about $240,000"] * 3
    notices = json.loads(run("notice", "elm-bridge", "v1", "v2", "--format", "json").stdout)["notices"]
    assert [n["kind"] for n in notices] == ["correction"]
    assert "$420,000, not $240,000" in notices[0]["text"]
    assert notices[0]["warnings"] == []


def test_claimreview_rates_the_wording_that_was_checked_not_the_corrected_text(run):
    _bridge(run)
    run("add-revision", "elm-bridge", _story("bridge-v2.txt"), "--published", "2026-06-03")
    graph = json.loads(run("export", "elm-bridge", "--format", "claimreview").stdout)["@graph"]
    reviews = {r["url"].rsplit("#", 1)[1]: r for r in graph if r["@type"] == "ClaimReview"}
    cost = reviews["claim-1"]
    assert cost["claimReviewed"] == "Repairs will cost about $240,000"
    assert cost["reviewRating"]["alternateName"] == "False"
    assert cost["itemReviewed"]["appearance"]["version"] == "v1"
    assert cost["itemReviewed"]["datePublished"] == "2026-06-02"
    assert "$420,000" not in json.dumps(reviews)


def test_a_sentence_that_did_not_change_gives_its_claim_no_new_version(run):
    _bridge(run)
    run("add-revision", "elm-bridge", _story("bridge-v2.txt"), "--published", "2026-06-03")
    assert [v["version"] for v in _versions(run, 2)] == [1]
    listing = run("claims", "elm-bridge").output
    assert "#2    v1   checked     true          1 src  v2 ¶3 s0" in listing


def test_a_cosmetic_edit_changes_no_claim(run):
    run("add-revision", "westview-library", _story("library-v1.txt"))
    run("add-claim", "westview-library", "The branch lost about 3,000 books", "--source", "Library board minutes",
        "--verdict", "true")
    run("add-claim", "westview-library", "The Westview branch will reopen on Monday", "--source", "Library notice")
    before = counts(run.db_url)["claim_versions"]
    added = run("add-revision", "westview-library", _story("library-v2.txt"))
    assert added.output.splitlines()[1:] == []
    assert counts(run.db_url)["claim_versions"] == before
    assert [(c["status"], c["verdict"], c["anchor"]["revision"]) for c in
            json.loads(run("claims", "westview-library", "--format", "json").stdout)["claims"]] == [
        ("checked", "true", "v2"), ("unverified", None, "v2")]


def test_claims_sharing_a_sentence_follow_their_own_words_and_a_changed_true_claim_goes_back_to_review(run):
    run("add-revision", "ferry", _story("ferry-v1.txt"), "--published", "2026-07-12")
    run("add-claim", "ferry", "The MV Northern Light ran aground with 212 passengers aboard", "--source",
        "Coast guard statement", "--verdict", "true")
    run("add-claim", "ferry", "There were 14 crew members aboard", "--source", "Coast guard statement",
        "--verdict", "true")
    output = run("add-revision", "ferry", _story("ferry-v2.txt"), "--published", "2026-07-12").output
    assert "claim #1" not in output
    assert ("  claim #2 in-review: Back to review: its sentence changed in v2 (it had the verdict 'true'). It now "
            "reads: \"The MV Northern Light ran aground off Bell Island early on Sunday with 212 passengers and 16 "
            "crew members aboard, the coast guard said.\"") in output.splitlines()
    crew = _claim(run, 2)
    assert (crew["text"], crew["status"], crew["verdict"]) == ("There were 14 crew members aboard", "in-review", None)
    assert _versions(run, 1)[-1]["version"] == 1


def test_a_cut_claim_is_withdrawn_and_not_anchored_to_a_sentence_that_does_not_state_it(run):
    run("add-revision", "ferry", _story("ferry-v1.txt"), "--published", "2026-07-12")
    run("add-claim", "ferry", "An inspection in March found no faults", "--source", "Transport Canada inspection "
        "record", "--verdict", "mostly-true")
    output = run("add-revision", "ferry", _story("ferry-v2.txt"), "--published", "2026-07-12").output
    # "... at about 6:40 a.m." ends a sentence: the claim's sentence, the next one, was cut.
    assert "  claim #1 withdrawn: No sentence of v2 states the claim any more: its sentence was cut." in output
    claim = _claim(run, 1)
    assert (claim["status"], claim["verdict"], claim["anchor"]) == ("withdrawn", "mostly-true", None)
    assert "#1    v2   withdrawn   mostly-true   1 src  -" in run("claims", "ferry").output


def test_claims_across_articles_with_status_verdict_and_since(run):
    _bridge(run)
    run("add-revision", "ferry", _story("ferry-v1.txt"))
    run("add-claim", "ferry", "There were 14 crew members aboard", "--source", "Coast guard statement",
        "--verdict", "false")
    payload = json.loads(run("claims", "--verdict", "false", "--format", "json").stdout)
    assert [(c["article"], c["id"]) for c in payload["claims"]] == [("elm-bridge", 1), ("ferry", 3)]
    assert "article" not in payload
    assert [c["id"] for c in json.loads(run("claims", "--status", "checked", "--verdict", "true",
                                            "--format", "json").stdout)["claims"]] == [2]
    assert run("claims", "--since", "2199-01-01").output == "  no claims match\n"
    text = run("claims", "--since", "2020-01-01").output.splitlines()
    assert len(text) == 3 and text[2].startswith("  ferry") and "#3" in text[2]
    bad = run("claims", "--verdict", "fasle")
    assert (bad.exit_code, bad.stderr) == (
        2, "Error: 'fasle' is not a verdict; use one of: true, mostly-true, mixture, mostly-false, false, misleading, "
           "unproven, outdated.\n")


def test_findings_lists_stored_findings_with_their_state(run):
    from conftest import SEED_V1

    run("add-revision", "khadr", str(SEED_V1), "--published", "2010-12-02")
    run("check", "khadr")
    listed = json.loads(run("findings", "khadr", "--format", "json").stdout)
    checks = sorted(f["check"] for f in listed["findings"])
    assert checks == ["age-inconsistency", "duplicate-paragraph"]
    age = next(f for f in listed["findings"] if f["check"] == "age-inconsistency")
    run("finding", "dismiss", str(age["id"]), "--note", "The 15 is the French paper's error, quoted.", "--by", "m.chen")
    dismissed = json.loads(run("findings", "--state", "dismissed", "--format", "json").stdout)["findings"]
    assert [(f["id"], f["article"], f["state"], f["by"], f["note"]) for f in dismissed] == [
        (age["id"], "khadr", "dismissed", "m.chen", "The 15 is the French paper's error, quoted.")]
    text = run("findings", "khadr").output
    assert f"#{age['id']:<5} dismissed  v1  age-inconsistency (error)" in text
    assert "dismissed by m.chen at " in text
    assert [f["state"] for f in json.loads(run("findings", "khadr", "--state", "open", "--format", "json").stdout)[
        "findings"]] == ["open"]
    missing = run("findings", "nowhere")
    assert missing.exit_code != 0 and missing.stderr.startswith("Error: no article 'nowhere'")


# ---------------------------------------------------------------------- bad input


def test_editing_a_withdrawn_claim_is_refused_and_nothing_is_stored(run):
    run("add-revision", "ferry", _story("ferry-v1.txt"))
    run("add-claim", "ferry", "An inspection in March found no faults", "--source", "Inspection record")
    run("add-revision", "ferry", _story("ferry-v2.txt"))
    before = counts(run.db_url)
    refused = run("claim", "edit", "1", "An inspection in April found no faults")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "Error: claim 1 is withdrawn (its sentence left the story); reopen it first with factcheck claim status 1 "
        "in-review --note \"...\", or record the new wording with factcheck add-claim.\n")
    assert counts(run.db_url) == before


def test_a_verdict_on_an_unverified_claim_without_a_source_is_refused(run):
    run("add-revision", "elm-bridge", _story("bridge-v1.txt"))
    run("add-claim", "elm-bridge", "Repairs will cost about $240,000")
    before = counts(run.db_url)
    refused = run("claim", "status", "1", "checked", "--verdict", "false", "--note", "Wrong figure")
    assert (refused.exit_code, refused.stderr) == (2, (
        "Error: claim 1 has no source, and a verdict needs the source it rests on; attach one first with factcheck "
        "claim source 1 URL_OR_CITATION.\n"))
    new = run("add-claim", "elm-bridge", "The bridge was built in 1962", "--verdict", "true")
    assert (new.exit_code, new.stderr) == (
        2, "Error: a verdict needs the source it rests on; add --source URL_OR_CITATION with --verdict.\n")
    assert counts(run.db_url) == before
