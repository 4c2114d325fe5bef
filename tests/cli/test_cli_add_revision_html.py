"""add-revision from an HTML page or a URL: extraction, metadata, the raw page kept,
and the guards against a failed extraction, on both engines."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from conftest import counts
from httpfixtures import FIXTURES, Response, fixture_bytes, site  # noqa: F401  (fixture)

PAGES = FIXTURES / "pages"
COUNCIL = fixture_bytes("pages", "council-budget.html")
COUNCIL_URL = "https://www.lakeshorecourier.example/local/2026/03/12/council-budget/"
FURNITURE = ["Share on Facebook", "Related coverage", "Transit riders pack", "City Hall Briefing",
             "Recommended for you", "Lakers rally", "All rights reserved", "99 cents", "Print this story"]


def stored_revision(db_url: str, slug: str, label: str):
    from factcheck.store.ledger import Ledger
    from factcheck.store.models import Article, Revision

    ledger = Ledger.open(db_url)
    try:
        return ledger.session.scalar(
            select(Revision).join(Article).where(Article.slug == slug, Revision.label == label)
        ), ledger
    except Exception:
        ledger.close()
        raise


def test_html_file_is_extracted_and_kept_raw(run, db_url):
    result = run("add-revision", "council", str(PAGES / "council-budget.html"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("council: stored v1 (")
    revision, ledger = stored_revision(db_url, "council", "v1")
    try:
        assert revision.raw == COUNCIL
        assert revision.origin == str(PAGES / "council-budget.html")
        assert revision.text.startswith("Council passes $412M budget after late-night session\n\nCity council approved")
        assert "((Luis Ortega/Lakeshore Courier))" in revision.text
        for furniture in FURNITURE:
            assert furniture not in revision.text, furniture
    finally:
        ledger.close()
    listing = json.loads(run("revisions", "council", "--format", "json").output)
    assert listing["article"]["url"] == COUNCIL_URL
    assert listing["article"]["title"] == "Council passes $412M budget after late-night session"
    assert listing["revisions"][0]["published"] == "2026-03-12"


def test_options_given_on_the_command_line_win_over_the_page(run):
    result = run("add-revision", "council", str(PAGES / "council-budget.html"), "--title", "Budget passes",
                 "--url", "https://example.org/b", "--published", "2026-03-13")
    assert result.exit_code == 0, result.output
    listing = json.loads(run("revisions", "council", "--format", "json").output)
    assert listing["article"]["title"] == "Budget passes"
    assert listing["article"]["url"] == "https://example.org/b"
    assert listing["revisions"][0]["published"] == "2026-03-13"


def test_html_without_the_extension_is_sniffed(run, tmp_path):
    saved = tmp_path / "council-page"
    saved.write_bytes(COUNCIL)
    assert run("add-revision", "council", str(saved)).exit_code == 0
    assert "Share on Facebook" not in run("show", "council").output


def test_html_on_standard_input(run):
    result = run("add-revision", "council", "-", input=COUNCIL)
    assert result.exit_code == 0, result.output
    assert "Mayor Janet Okafor, 52," in run("show", "council").output


def test_page_in_windows_1252_is_decoded(run):
    result = run("add-revision", "cafe", str(PAGES / "cafe-windows-1252.html"))
    assert result.exit_code == 0, result.output
    assert "\ufffd" not in run("show", "cafe").output


def test_url_is_fetched_and_stored_with_its_page(run, db_url, site):
    url = site.route("/local/council-budget", Response(COUNCIL))
    result = run("add-revision", "council", url)
    assert result.exit_code == 0, result.output
    revision, ledger = stored_revision(db_url, "council", "v1")
    try:
        assert revision.origin == url
        assert revision.raw == COUNCIL
        # The page's canonical link, not the address it was fetched from.
        assert revision.url == COUNCIL_URL
    finally:
        ledger.close()
    assert "factcheck/" in site.hits[0].headers["User-Agent"]


def test_url_that_redirects_is_followed(run, site):
    site.route("/final", Response(COUNCIL))
    url = site.redirect("/old", "/final")
    assert run("add-revision", "council", url).exit_code == 0
    assert [h.path for h in site.hits] == ["/old", "/final"]


def test_collapsed_extraction_is_refused_then_selector_rescues_it(run, db_url):
    before = counts(db_url)
    result = run("add-revision", "bridge", str(PAGES / "bridge-collapsed.html"))
    assert result.exit_code == 2
    assert result.output == (
        f"Error: no article body found in {PAGES / 'bridge-collapsed.html'}; name the body with --selector CSS, "
        "or pass --force to store the headline alone.\n"
    )
    assert counts(db_url) == before
    result = run("add-revision", "bridge", str(PAGES / "bridge-collapsed.html"), "--selector", "td.storytext")
    assert result.exit_code == 0, result.output
    assert "City council voted 9-4 on Tuesday" in run("show", "bridge").output


def test_body_far_shorter_than_the_previous_needs_force(run, db_url, tmp_path):
    assert run("add-revision", "council", str(PAGES / "council-budget.html")).exit_code == 0
    stub = tmp_path / "stub.html"
    stub.write_bytes(COUNCIL.replace(COUNCIL[COUNCIL.index(b"<p>Mayor Janet"):COUNCIL.index(b"</div>\n      <footer")], b""))
    before = counts(db_url)
    result = run("add-revision", "council", str(stub))
    assert result.exit_code == 2
    assert "under half of v1" in result.output and "--force" in result.output
    assert result.output.count("\n") == 1
    assert counts(db_url) == before
    assert run("add-revision", "council", str(stub), "--force").output.startswith("council: stored v2")


def test_empty_body_is_stored_only_with_force(run, tmp_path):
    shell = tmp_path / "shell.html"
    shell.write_text("<html><head><title>Loading</title></head><body><div id='app'></div>"
                     "<script>render()</script></body></html>")
    refused = run("add-revision", "app", str(shell))
    assert refused.exit_code == 2 and "no article body found" in refused.output
    assert run("add-revision", "app", str(shell), "--force").output.startswith("app: stored v1")


@pytest.mark.parametrize(("route", "expected", "code"), [
    (Response(b"<h1>oops</h1>", status=500), "returned HTTP 500 Internal Server Error; the site is failing", 1),
    (Response(b"missing", status=404), "returned HTTP 404 Not Found", 1),
    (Response(b'{"id": 7}', content_type="application/json"), "is application/json, not an HTML page", 1),
    (Response(fixture_bytes("feeds", "harbourledger-rss.xml"), content_type="application/rss+xml"),
     "is an RSS/Atom feed, not an article page", 1),
])
def test_url_failures_are_one_line_and_store_nothing(run, db_url, site, route, expected, code):
    url = site.route("/page", route)
    before = counts(db_url)
    result = run("add-revision", "council", url)
    assert result.exit_code == code
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert expected in result.output
    assert counts(db_url) == before


def test_bad_urls_are_usage_errors(run_sqlite):
    result = run_sqlite("add-revision", "council", "ftp://files.example/story.html")
    assert result.exit_code == 2
    assert result.output == ("Error: 'ftp://files.example/story.html' is not a web address; pass a URL that "
                             "starts with https:// or http://.\n")


def test_selector_on_plain_text_is_refused(run_sqlite, tmp_path):
    text = tmp_path / "story.txt"
    text.write_text("Headline\n\nA sentence of the story that is long enough.\n")
    result = run_sqlite("add-revision", "story", str(text), "--selector", "p")
    assert result.exit_code == 2
    assert result.output == f"Error: --selector applies to HTML pages and {text} is plain text; drop --selector.\n"


def test_plain_text_files_still_work(run_sqlite):
    from conftest import SEED_V1

    assert run_sqlite("add-revision", "khadr", str(SEED_V1)).output.startswith("khadr: stored v1")
