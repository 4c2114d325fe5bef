"""import-claimreview, match and the previously-checked finding, as a desk uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import counts
from httpfixtures import Response, site  # noqa: F401  (fixture)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "claimreview"
FEED = str(FIXTURES / "feed.json")
PAGE = FIXTURES / "page.html"

LEAD_URL = "https://harbourfactcheck.example/2026/10/tap-water-lead/"

STORY = """Metro

Residents pack council meeting over water worries

HARBOUR CITY — More than 200 residents crowded into council chambers on Tuesday night to demand answers about the city's water supply.

Several speakers repeated a claim from a flyer circulated downtown last week, that dangerous amounts of lead are in the city's tap water.

The city's water utility said it will replace 400 lead service lines this summer, a project budgeted at $3.2 million.

Councillor Dale Proctor told the meeting that commuters will pay $12 every day in tolls to cross the new harbour bridge.

Mayor Linda Okafor, who faced questions about the fire department, said the council meets again on Dec. 12.
"""


def test_import_reports_added_and_each_skipped_item_then_a_reimport_updates(run, tmp_path):
    result = run("import-claimreview", FEED)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{FEED}: 4 added, 0 updated, 0 unchanged, 3 skipped.\n"
    assert result.stderr.splitlines() == (FIXTURES / "feed-skipped.txt").read_text().splitlines()
    feed = json.loads(Path(FEED).read_text())
    feed["dataFeedElement"][1]["item"]["reviewRating"] = {"@type": "Rating", "alternateName": "False"}
    changed = tmp_path / "feed.json"
    changed.write_text(json.dumps(feed))
    again = run("import-claimreview", str(changed), "--format", "json")
    assert again.exit_code == 0
    payload = json.loads(again.stdout)
    assert (payload["added"], payload["updated"], payload["unchanged"]) == (0, 1, 3)
    assert [s["item"] for s in payload["skipped"]] == [5, 6, 7]
    assert counts(run.db_url)["known_factchecks"] == 4
    top = json.loads(run("match", "The new harbour bridge toll will cost commuters $12 a day.",
                         "--format", "json").stdout)["matches"][0]
    assert top["rating"] == "False"


def test_import_from_a_url_reads_a_fact_checks_page(run, site):
    url = site.route("/checks/immigrant-crime-rates", Response(PAGE.read_bytes()))
    result = run("import-claimreview", url)
    assert result.exit_code == 0, result.output
    assert "1 added" in result.stdout
    found = json.loads(run("match", "Native-born citizens commit fewer crimes than immigrants, he claimed.",
                           "--format", "json").stdout)
    assert found["matches"][0]["url"] == "https://valleyverify.example/checks/immigrant-crime-rates"
    assert found["matches"][0]["publisher"] == "Valley Verify"


@pytest.mark.parametrize("body, content_type, message", [
    (b"Breaking: council meets tonight.", "text/plain; charset=utf-8", "is not JSON-LD"),
    (b"<html><body><p>A story.</p></body></html>", "text/html", "an HTML page without JSON-LD"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "is image/png, not JSON-LD"),
])
def test_a_url_that_is_not_json_ld_imports_nothing(run, site, body, content_type, message):
    url = site.route("/feed", Response(body, content_type=content_type))
    before = counts(run.db_url)
    result = run("import-claimreview", url)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert counts(run.db_url) == before


def test_a_missing_page_is_one_line(run, site):
    result = run("import-claimreview", site.url("/nothing-here"))
    assert result.exit_code != 0 and len(result.stderr.splitlines()) == 1
    assert "404" in result.stderr


@pytest.mark.parametrize("content, message", [
    ("Reporters filed twelve stories.", "is not JSON-LD"),
    ('{"@type": "ClaimReview", "url": "https://x.example/a", ', "is not valid JSON"),
    ('{"@type": "NewsArticle"}', "holds no ClaimReview"),
])
def test_a_file_that_is_not_claimreview_imports_nothing(run, tmp_path, content, message):
    path = tmp_path / "upload.json"
    path.write_text(content)
    before = counts(run.db_url)
    result = run("import-claimreview", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path} ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert counts(run.db_url) == before


def test_a_feed_of_only_unusable_reviews_stores_nothing_and_fails(run, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(json.dumps(node) for node in [
        {"@type": "ClaimReview", "url": "https://x.example/1", "reviewRating": {"alternateName": "False"}},
        {"@type": "ClaimReview", "url": "https://x.example/2", "claimReviewed": "Rents fell 40 percent.",
         "reviewRating": {"ratingValue": 11, "bestRating": 10, "worstRating": 0}},
    ]))
    before = counts(run.db_url)
    result = run("import-claimreview", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "skipped item 1 (https://x.example/1): it has no claimReviewed (the text of the claim that was checked)",
        "skipped item 2 (https://x.example/2): ratingValue 11 is outside its own scale 0-10",
        f"Error: none of the 2 ClaimReviews in {path} could be imported (reasons above); nothing was stored.",
    ]
    assert counts(run.db_url) == before


def test_a_feed_of_100000_items_is_refused_whole(run, tmp_path):
    path = tmp_path / "dump.jsonl"
    line = '{"@type": "ClaimReview", "url": "https://x.example/%d", "claimReviewed": "Claim %d.", ' \
           '"reviewRating": {"alternateName": "False"}}\n'
    path.write_text("".join(line % (n, n) for n in range(100_000)))
    before = counts(run.db_url)
    result = run("import-claimreview", str(path))
    assert result.exit_code == 2
    assert "holds 100,000 ClaimReviews, more than the 50,000 one import takes; split it" in result.stderr
    assert counts(run.db_url) == before


def test_a_missing_file_is_one_line(run, tmp_path):
    result = run("import-claimreview", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'nope.json'} does not exist; check the path.\n"


def test_match_ranks_the_restated_claim_first_with_the_contract(run):
    run("import-claimreview", FEED)
    result = run("match", "Dangerous amounts of lead are in the city's tap water, a flyer says.", "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["query"].startswith("Dangerous amounts")
    top = payload["matches"][0]
    assert set(top) == {"url", "text", "publisher", "rating", "score", "claim", "article"}
    assert (top["url"], top["publisher"], top["rating"], top["claim"], top["article"]) == (
        LEAD_URL, "Harbour Fact Check", "False", None, None)
    assert 0.0 < top["score"] <= 1.0
    assert [m["score"] for m in payload["matches"]] == sorted((m["score"] for m in payload["matches"]), reverse=True)
    text = run("match", "Dangerous amounts of lead are in the city's tap water.", "--limit", "1").stdout
    assert text.splitlines()[0].endswith(f"Harbour Fact Check: False  {LEAD_URL}")
    assert len(text.splitlines()) == 2


def test_match_file_gives_results_per_line_and_includes_the_ledgers_judged_claims(run, tmp_path):
    run("import-claimreview", FEED)
    story = tmp_path / "ferry.txt"
    story.write_text("Ferry sinking\n\nThe ferry captain was cleared of negligence by the inquiry on Monday.\n")
    run("add-revision", "ferry", str(story))
    run("add-claim", "ferry", "The ferry captain was cleared of negligence by the inquiry.",
        "--status", "checked", "--verdict", "false", "--source", "https://www.example.org/inquiry-report", "--note", "The inquiry has not reported.")
    queries = tmp_path / "queries.txt"
    queries.write_text("An inquiry cleared the captain of the ferry of negligence, his lawyer said.\n\n"
                       "Hot water with lemon will cure the flu, the post says.\n")
    result = run("match", "--file", str(queries), "--format", "json", "--limit", "2")
    assert result.exit_code == 0, result.output
    results = json.loads(result.stdout)["results"]
    assert [r["query"][:12] for r in results] == ["An inquiry c", "Hot water wi"]
    own = results[0]["matches"][0]
    assert (own["claim"], own["article"], own["url"], own["rating"]) == (1, "ferry", None, "False")
    assert results[1]["matches"][0]["url"] == "https://harbourfactcheck.example/2026/10/lemon-flu/"


def test_match_refuses_bad_usage_in_one_line(run, tmp_path):
    both = run("match", "text", "--file", "x.txt")
    assert both.exit_code == 2 and "give either TEXT or --file FILE" in both.stderr
    neither = run("match")
    assert neither.exit_code == 2 and len(neither.stderr.splitlines()) == 1
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    refused = run("match", "--file", str(empty))
    assert refused.exit_code == 2
    assert refused.stderr == f"Error: {empty} has no queries; put one sentence per line.\n"
    assert run("match", "--limit", "0", "x").exit_code == 2


def test_match_on_an_empty_ledger_says_nothing_matches(run):
    result = run("match", "The city's tap water contains dangerous levels of lead.")
    assert result.exit_code == 0
    assert result.stdout == "  No known fact-check or judged claim matches.\n"


def test_check_flags_a_restated_known_claim_not_a_sentence_on_its_topic(run, tmp_path):
    run("import-claimreview", FEED)
    story = tmp_path / "council.txt"
    story.write_text(STORY)
    run("add-revision", "council-water", str(story))
    result = run("check", "council-water", "--format", "json")
    assert result.exit_code == 0, result.output
    found = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "previously-checked"]
    assert [f["spans"][0]["text"][:40] for f in found] == [
        "Several speakers repeated a claim from a",
        "Councillor Dale Proctor told the meeting",
    ]
    lead, toll = found
    assert lead["severity"] == "warning"
    assert lead["data"]["url"] == LEAD_URL
    assert (lead["data"]["publisher"], lead["data"]["rating"]) == ("Harbour Fact Check", "False")
    assert lead["data"]["score"] >= 0.55
    assert "Harbour Fact Check already checked and rated \"False\"" in lead["message"]
    assert toll["data"]["rating"] == "Mostly false" and toll["severity"] == "warning"
    # The sentences about lead pipes and about the mayor share a topic and are not flagged.


def test_check_flags_a_claim_judged_false_in_another_article(run, tmp_path):
    first = tmp_path / "ferry-v1.txt"
    first.write_text("Ferry inquiry\n\nThe ferry captain was cleared of negligence by the provincial inquiry.\n\n"
                     "The ferry struck a rock near Gull Island in March.\n")
    run("add-revision", "ferry", str(first))
    run("add-claim", "ferry", "The ferry captain was cleared of negligence by the provincial inquiry.",
        "--status", "checked", "--verdict", "false", "--source", "https://www.example.org/inquiry-report", "--note", "The inquiry has not reported yet.")
    later = tmp_path / "ferry-followup.txt"
    later.write_text("Ferry service resumes\n\nService on the Gull Island route resumed on Friday.\n\n"
                     "The provincial inquiry cleared the ferry captain of negligence, the operator said.\n\n"
                     "The ferry company said negligence by its captains was never tolerated.\n")
    run("add-revision", "ferry-followup", str(later))
    found = [f for f in json.loads(run("check", "ferry-followup", "--format", "json").stdout)["findings"]
             if f["check"] == "previously-checked"]
    assert len(found) == 1
    data = found[0]["data"]
    assert (data["claim"], data["article"], data["verdict"]) == (1, "ferry", "false")
    assert found[0]["severity"] == "warning"
    assert found[0]["spans"][0]["paragraph"] == 1
    # The article's own claims are followed by the ledger, not flagged as "previously checked".
    own = [f for f in json.loads(run("check", "ferry", "--format", "json").stdout)["findings"]
           if f["check"] == "previously-checked"]
    assert own == []


def test_check_of_a_file_uses_the_ledgers_known_fact_checks(run, tmp_path):
    run("import-claimreview", FEED)
    story = tmp_path / "council.txt"
    story.write_text(STORY)
    result = run("check", str(story), "--format", "json")
    assert result.exit_code == 0
    checks = [f["check"] for f in json.loads(result.stdout)["findings"]]
    assert checks.count("previously-checked") == 2


def test_true_rated_claims_are_information(run, tmp_path):
    run("import-claimreview", FEED)
    story = tmp_path / "budget.txt"
    story.write_text("Budget\n\nMayor Linda Okafor cut the fire department's budget by 30 percent last spring, "
                     "records show.\n")
    found = [f for f in json.loads(run("check", str(story), "--format", "json").stdout)["findings"]
             if f["check"] == "previously-checked"]
    assert [(f["severity"], f["data"]["rating"]) for f in found] == [("info", "Mostly true")]
