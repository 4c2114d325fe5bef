"""What a revision keeps from its page: the byline, the record of which body was
extracted, and one word count shown alike by add-revision, revisions, the watch
line and the length guard. On both engines."""

from __future__ import annotations

import json
import re

from conftest import counts
from httpfixtures import FIXTURES, Response, fixture_bytes, site  # noqa: F401  (fixture)

PAGES = FIXTURES / "pages"
BRIEFING = fixture_bytes("pages", "briefing-read-more-links.html")
HOSPITAL = fixture_bytes("pages", "hospital-read-more.html")


def revisions(run, slug: str) -> list[dict]:
    result = run("revisions", slug, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["revisions"]


def test_page_revision_keeps_byline_and_extraction_path(run):
    assert run("add-revision", "briefing", str(PAGES / "briefing-read-more-links.html")).exit_code == 0
    assert run("add-revision", "hospital", str(PAGES / "hospital-read-more.html")).exit_code == 0
    (briefing,) = revisions(run, "briefing")
    assert briefing["byline"] == "Rosa Delgado"
    assert briefing["extraction"] == {"body": "plain", "words": {"filtered": 78, "plain": 139}}
    (hospital,) = revisions(run, "hospital")
    assert hospital["byline"] == "Harjit Sandhu"
    assert hospital["extraction"]["body"] == "filtered"
    listing = run("revisions", "briefing").stdout
    assert "by Rosa Delgado" in listing and "(plain extraction kept)" in listing
    assert "plain extraction" not in run("revisions", "hospital").stdout


def test_selector_and_plain_text_revisions(run, tmp_path):
    assert run("add-revision", "bridge", str(PAGES / "bridge-collapsed.html"), "--selector", "td.storytext").exit_code == 0
    (bridge,) = revisions(run, "bridge")
    assert (bridge["byline"], bridge["extraction"]) == ("Tom Lindqvist", {"body": "selector"})
    story = tmp_path / "story.txt"
    story.write_text("Council approves budget\n\nCouncil approved the budget on Tuesday night by a vote of 8-3.\n")
    assert run("add-revision", "budget", str(story)).exit_code == 0
    (plain,) = revisions(run, "budget")
    assert (plain["byline"], plain["extraction"]) == (None, None)


def test_one_word_count_in_add_revision_revisions_and_the_length_guard(run, tmp_path):
    # The hospital page has a headline and a caption: neither is counted, anywhere.
    stored = run("add-revision", "hospital", str(PAGES / "hospital-read-more.html"))
    words = int(re.search(r"\((\d+) words", stored.output).group(1))
    assert words == 258 == revisions(run, "hospital")[0]["words"]
    assert re.search(r"\s258 words\s", run("revisions", "hospital").stdout)
    stub = tmp_path / "stub.html"
    stub.write_bytes(HOSPITAL[:HOSPITAL.index(b"<p>The report by")] + HOSPITAL[HOSPITAL.index(b"<button class"):])
    refused = run("add-revision", "hospital", str(stub))
    assert refused.exit_code == 2
    assert refused.output.startswith("Error: the new text has 39 words, under half of v1 (258);")


def test_watch_line_counts_words_like_revisions(run, db_url, site):
    url = site.route("/health/er-waits", Response(HOSPITAL))
    assert run("watch", "add", url, "--article", "hospital").exit_code == 0
    result = run("watch", "--once")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"hospital: v1 stored from {url} (new article, 258 words)\n"
    assert revisions(run, "hospital")[0]["words"] == 258
    assert revisions(run, "hospital")[0]["byline"] == "Harjit Sandhu"


def test_archive_html_records_keep_the_byline(run, tmp_path):
    archive = tmp_path / "archive.jsonl"
    archive.write_text(json.dumps({"article": "briefing", "html": BRIEFING.decode("utf-8")}) + "\n")
    result = run("import-archive", str(archive))
    assert result.exit_code == 0, result.output
    (briefing,) = revisions(run, "briefing")
    assert briefing["byline"] == "Rosa Delgado" and briefing["extraction"]["body"] == "plain"
