"""factcheck watch against a real local web site whose pages change between rounds.

Every test runs on SQLite and PostgreSQL. Pages are the realistic fixture
``council-budget.html`` (JSON-LD, Open Graph, byline, caption with credit, share
bar, related links, newsletter box) and edits of it made the way newsrooms make
them: a paragraph added, a typo fixed, an age corrected, the body lost.
"""

from __future__ import annotations

import json
import sys
from email.utils import formatdate
import time
import pytest
from conftest import counts, watch_rows
from httpfixtures import Response, fixture_bytes, site  # noqa: F401  (fixture)

COUNCIL = fixture_bytes("pages", "council-budget.html")
FERRY = fixture_bytes("pages", "ferry-jsonld.html")
LAST_PARAGRAPH = b"<p>Council will vote on the capital budget"
# The added paragraph gives a weekday that does not match its date (March 17, 2026
# is a Tuesday), so the checks have something to find in the new revision.
ADDED = (b"<p>Okafor said the first public meeting on the capital plan will be held on Monday, "
         b"March 17, 2026, at the central library.</p>\n        ")
GAINED = COUNCIL.replace(LAST_PARAGRAPH, ADDED + LAST_PARAGRAPH)
TYPO_FIXED = COUNCIL.replace(b"recieved", b"received")
AGE_CORRECTED = COUNCIL.replace(b"Mayor Janet Okafor, 52,", b"Mayor Janet Okafor, 54,")
# A redesign the extractor does not understand: only the lede survives.
COLLAPSED = COUNCIL[:COUNCIL.index(b"<p>Mayor Janet")] + COUNCIL[COUNCIL.index(b"</div>\n      <footer"):]


def lines(text: str) -> list[str]:
    return text.splitlines()


def revisions(run, slug: str) -> list[dict]:
    return json.loads(run("revisions", slug, "--format", "json").stdout)["revisions"]


def test_a_story_that_gains_a_paragraph_gets_a_revision_and_findings(run, db_url, site):
    url = site.route("/local/council-budget", Response(COUNCIL), Response(GAINED))
    assert run("watch", "add", url, "--article", "council").output == f"watching {url} (article council)\n"
    first = run("watch", "--once")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(f"council: v1 stored from {url} (new article, ")
    assert "watch round: 1 checked (1 changed)" in first.stderr

    before = counts(db_url)["findings"]
    second = run("watch", "--once", "--all")
    assert second.exit_code == 0, second.output
    # The new paragraph is news: an update notice is drafted.
    assert second.stdout == f"council: v2 stored from {url} (1 added); 1 finding(s): weekday-mismatch; 1 notice draft(s)\n"
    assert counts(db_url)["findings"] == before + 1
    assert [r["label"] for r in revisions(run, "council")] == ["v1", "v2"]
    assert "Monday, March 17, 2026" in " ".join(run("show", "council", "v2").output.split())
    # The canonical link and headline came from the page's own metadata.
    article = json.loads(run("revisions", "council", "--format", "json").stdout)["article"]
    assert article["url"] == "https://www.lakeshorecourier.example/local/2026/03/12/council-budget/"
    assert article["title"] == "Council passes $412M budget after late-night session"


def test_a_fixed_typo_is_a_cosmetic_revision(run, site, tmp_path):
    url = site.route("/story", Response(COUNCIL), Response(TYPO_FIXED))
    run("watch", "add", url, "--article", "council")
    run("watch", "--once")
    out = tmp_path / "hook.json"
    hook = f"{sys.executable} -c \"import sys; open({str(out)!r}, 'w').write(sys.stdin.read())\""
    result = run("watch", "--once", "--all", "--on-change", hook)
    assert result.stdout == f"council: v2 stored from {url} (1 edited (cosmetic))\n"
    change = json.loads(out.read_text())
    assert change["kind"] == "revision" and change["from"] == "v1" and change["to"] == "v2"
    assert change["cosmetic"] is True and change["edits"] == []
    assert change["notices"] == 0
    diff = json.loads(run("diff", "v1", "v2", "--article", "council", "--format", "json").stdout)
    assert [c["cosmetic"] for c in diff["changes"] if c["kind"] == "edited"] == [True]


def test_a_corrected_age_is_a_number_change(run, db_url, site):
    url = site.route("/story", Response(COUNCIL), Response(AGE_CORRECTED))
    run("watch", "add", url, "--article", "council")
    run("watch", "--once")
    result = run("watch", "--once", "--all")
    assert result.stdout.startswith(f"council: v2 stored from {url} (1 edited; number-changed")
    assert "notice draft(s)" in result.stdout
    assert counts(db_url)["notices"] >= 1


def test_a_collapsed_extraction_is_refused_and_the_old_revision_kept(run, db_url, site):
    url = site.route("/story", Response(COUNCIL), Response(COLLAPSED))
    run("watch", "add", url, "--article", "council")
    run("watch", "--once")
    before = counts(db_url)
    result = run("watch", "--once", "--all")
    assert result.exit_code == 0
    assert result.stdout == ""
    error = lines(result.stderr)[0]
    assert error.startswith("council: the new text has ")
    assert "under half of v1" in error and "kept v1" in error
    assert error.endswith(f"(to store it: factcheck add-revision council {url} --force)")
    after = counts(db_url)
    assert {k: v for k, v in after.items() if k != "watches"} == {k: v for k, v in before.items() if k != "watches"}
    row = watch_rows(run)[0]
    assert row["failures"] == 1 and "under half of v1" in row["last_error"]
    # The editor decides it is real: add-revision --force stores it from the URL.
    assert run("add-revision", "council", url, "--force").stdout.startswith("council: stored v2")


def test_not_modified_pages_cost_a_304_and_store_nothing(run, db_url, site):
    url = site.route("/story", Response(COUNCIL, etag='"council-1"', headers={"Last-Modified": formatdate(usegmt=True)}))
    run("watch", "add", url, "--article", "council")
    run("watch", "--once")
    before = counts(db_url)
    result = run("watch", "--once", "--all")
    assert result.stdout == ""
    assert "1 not-modified" in result.stderr
    second = site.requests_to("/story")[1]
    assert second.headers["If-None-Match"] == '"council-1"'
    assert "If-Modified-Since" in second.headers
    assert second.status == 304
    assert counts(db_url) == before
    assert watch_rows(run)[0]["etag"] == '"council-1"'


def test_a_redirected_page_is_followed(run, site):
    site.route("/2026/council-budget", Response(COUNCIL))
    url = site.redirect("/council", "/2026/council-budget")
    run("watch", "add", url, "--article", "council")
    assert run("watch", "--once").stdout.startswith(f"council: v1 stored from {url}")


def test_failures_are_one_line_each_and_the_round_goes_on(run, db_url, site, monkeypatch):
    import factcheck.app.watch

    monkeypatch.setattr(factcheck.app.watch, "FETCH_TIMEOUT", 0.5)
    bad = {
        "/error": Response(b"<h1>Internal Server Error</h1>", status=500),
        "/slow": Response(COUNCIL, delay=2),
        "/data.json": Response(b'{"article": 7712}', content_type="application/json"),
        "/huge": Response(b"<html><body>" + b"<p>filler</p>" * 500_000 + b"</body></html>"),
        "/latin": Response(COUNCIL.replace(b"utf-8", b"iso-8859-1").replace(b"Okafor", "Okafor\u2019s".encode("cp1252")),
                           content_type="text/html; charset=iso-8859-1"),
    }
    for path, response in bad.items():
        run("watch", "add", site.route(path, response), "--article", path.strip("/").replace(".", "-"))
    good = site.route("/story", Response(COUNCIL))
    run("watch", "add", good, "--article", "council")
    result = run("watch", "--once")
    assert result.exit_code == 0
    errors = lines(result.stderr)[:-1]
    assert len(errors) == 3 + 1  # error, slow, data.json, huge (latin is decoded and stored)
    assert any("returned HTTP 500 Internal Server Error; the site is failing" in e for e in errors)
    assert any("did not answer within 0.5 s" in e for e in errors)
    assert any("is application/json, not an HTML page" in e for e in errors)
    assert any("larger than the 5.0 MB limit" in e for e in errors)
    assert "council: v1 stored" in result.stdout and "latin: v1 stored" in result.stdout
    assert "Okafor\u2019s" in run("show", "latin").output
    failing = {r["article"]: r for r in watch_rows(run) if r["failures"]}
    assert set(failing) == {"error", "slow", "data-json", "huge"}
    assert all(r["next_check"] > r["first_seen"] for r in failing.values())
    # Not due again yet (back-off): a round without --all leaves them alone.
    hits = len(site.hits)
    assert run("watch", "--once").stderr == "watch round: 0 checked\n"
    assert len(site.hits) == hits


def test_a_fresh_article_is_not_fetched_again_before_its_interval(run, site):
    url = site.route("/story", Response(COUNCIL))
    run("watch", "add", url, "--article", "council")
    run("watch", "--once")
    row = watch_rows(run)[0]
    assert row["last_checked"] is not None and row["next_check"] > row["last_checked"]
    run("watch", "--once")
    assert len(site.requests_to("/story")) == 1


def test_feed_entries_become_watched_articles_fetched_in_the_same_round(run, site):
    feed = fixture_bytes("feeds", "lakeshore-local.xml").replace(
        b"PUBDATE", formatdate(time.time() - 3600).encode())
    site.route("/local/2026/03/12/council-budget/", Response(COUNCIL))
    site.route("/local/2026/03/12/ice-fishing/", Response(FERRY))
    url = site.route("/feeds/local.xml", Response(feed, content_type="application/rss+xml"))
    assert run("watch", "add", url, "--feed").output == f"watching {url} (feed)\n"
    result = run("watch", "--once")
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert out[0] == (f"feed {url}: 2 new article(s) to watch: council-passes-412m-budget-after-late-night-session, "
                      "ice-fishing-season-ends-early-as-warm-spell-thins-lake-ice")
    assert out[1].startswith("council-passes-412m-budget-after-late-night-session: v1 stored from "
                             f"{site.base}/local/2026/03/12/council-budget/ (new article")
    assert out[2].startswith("ice-fishing-season-ends-early-as-warm-spell-thins-lake-ice: v1 stored")
    rows = watch_rows(run)
    assert [r["kind"] for r in rows] == ["feed", "article", "article"]
    assert rows[1]["feed"] == url
    # Removed entries stay removed when the feed lists them again.
    run("watch", "remove", rows[2]["url"])
    assert run("watch", "--once", "--all").stdout == ""
    assert len(watch_rows(run)) == 2


def test_a_malformed_feed_is_one_line(run, db_url, site):
    url = site.route("/feed.xml", Response(b"<?xml version='1.0'?><rss><channel><item><title>Broken</item></rss>",
                                           content_type="application/rss+xml"))
    run("watch", "add", url, "--feed")
    result = run("watch", "--once")
    assert result.exit_code == 0
    assert lines(result.stderr)[0].startswith(f"{url} is not well-formed XML (mismatched tag at line 1")
    assert watch_rows(run)[0]["failures"] == 1


def test_a_url_stored_as_an_articles_url_is_watched_as_that_article(run, site):
    url = site.route("/story", Response(COUNCIL))
    run("add-revision", "budget", "-", "--url", url, input=COUNCIL)
    assert run("watch", "add", url).output == f"watching {url} (article budget)\n"
    assert run("watch", "--once").stdout == ""  # the same body: nothing new to store
    result = run("watch", "add", url.replace("story", "other"), "--article", "budget")
    assert result.exit_code == 0
    refused = run("watch", "remove", url)
    assert refused.exit_code == 0
    clash = run("add-revision", "x", "-", "--url", site.url("/x"), input=COUNCIL)
    assert clash.exit_code == 0
    wrong = run("watch", "add", site.url("/x"), "--article", "y")
    assert wrong.exit_code == 2
    assert wrong.output == f"Error: {site.url('/x')} is the URL of article 'x'; drop --article or use --article x.\n"


def test_a_failing_hook_is_reported_and_the_round_goes_on(run, site):
    first = site.route("/a", Response(COUNCIL))
    second = site.route("/b", Response(FERRY))
    run("watch", "add", first, "--article", "a")
    run("watch", "add", second, "--article", "b")
    hook = f"{sys.executable} -c \"import sys; sys.stdin.read(); sys.exit('slack is down')\""
    result = run("watch", "--once", "--on-change", hook)
    assert result.exit_code == 0
    assert len(lines(result.stdout)) == 2
    assert lines(result.stderr)[:2] == [f"--on-change command {sys.executable!r} failed with exit status 1: slack is down"] * 2


@pytest.mark.parametrize(("args", "message"), [
    (["watch", "--on-change", "'unclosed"], "Error: --on-change \"'unclosed\" cannot be split into a command (No closing quotation); check the quotes.\n"),
    (["watch", "--once", "list"], "Error: --once applies to watch rounds, not to watch list; drop it.\n"),
    (["watch", "add", "www.example.com/story"], "Error: 'www.example.com/story' is not a web address; pass a URL that starts with https:// or http://.\n"),
    (["watch", "remove", "https://example.com/nope"], "Error: https://example.com/nope is not on the watch list; see factcheck watch list.\n"),
])
def test_bad_watch_input_is_one_line(run, args, message):
    result = run(*args)
    assert result.exit_code != 0
    assert result.output == message


def test_ctrl_c_stops_between_pages_and_keeps_what_was_stored(run, site):
    # The hook interrupts the watch process as a user's Ctrl-C would, after the
    # first change: the round must stop before fetching the second page.
    run("watch", "add", site.route("/a", Response(COUNCIL)), "--article", "a")
    run("watch", "add", site.route("/b", Response(FERRY)), "--article", "b")
    hook = f"{sys.executable} -c \"import os, signal; os.kill(os.getppid(), signal.SIGINT)\""
    result = run("watch", "--on-change", hook, "--interval", "30")
    assert result.exit_code == 0
    assert lines(result.stdout) == [l for l in lines(result.stdout) if l.startswith("a: v1 stored")]
    assert "Stopping after the current page" in result.stderr
    assert site.requests_to("/b") == []
    assert [r["label"] for r in revisions(run, "a")] == ["v1"]


# ---------------------------------------------------------------------- bad input
# Bad input in watch rounds: one line for the bad part, and the round goes on.

def test_a_feed_entry_with_a_malformed_link_is_skipped_with_one_line(run, db_url, site):
    feed = fixture_bytes("feeds", "lakeshore-local.xml").replace(
        b"PUBDATE", formatdate(time.time() - 3600).encode()
    ).replace(b"<link>/local/2026/03/12/ice-fishing/</link>", b"<link>http://[::1</link>")
    site.route("/local/2026/03/12/council-budget/", Response(COUNCIL))
    url = site.route("/feeds/local.xml", Response(feed, content_type="application/rss+xml"))
    run("watch", "add", url, "--feed")
    result = run("watch", "--once", "--all")
    assert result.exit_code == 0, result.output
    errors = result.stderr.splitlines()
    assert errors[:-1] == [
        f"{url}: entry 'Ice fishing season ends early as warm spell thins lake ice' has a malformed link "
        "'http://[::1'; skipped it, the feed is broken at the source (tell the publisher)."
    ]
    # The skipped entry is reported, not counted as checked: the feed and one article were.
    assert errors[-1] == "watch round: 2 checked (2 changed, 1 skipped)"
    assert "Traceback" not in result.output
    assert "council-passes-412m-budget-after-late-night-session: v1 stored" in result.stdout
    assert counts(db_url)["revisions"] == 1


def test_a_malformed_url_is_refused_by_watch_add(run, db_url):
    before = counts(db_url)
    result = run("watch", "add", "http://[::1")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr == "Error: 'http://[::1' is not a valid URL (Invalid IPv6 URL); copy the address again.\n"
    assert counts(db_url) == before


def test_an_unexpected_error_on_one_watch_is_one_line_and_the_round_goes_on(run, db_url, site, monkeypatch):
    import factcheck.sources.pages

    real = factcheck.sources.pages.page_input

    def broken(body, *, origin, **kwargs):
        if origin.endswith("/bad"):
            raise ValueError("something no guard foresaw\nsecond line")
        return real(body, origin=origin, **kwargs)

    monkeypatch.setattr(factcheck.sources.pages, "page_input", broken)
    run("watch", "add", site.route("/bad", Response(COUNCIL)), "--article", "bad")
    run("watch", "add", site.route("/good", Response(COUNCIL)), "--article", "good")
    result = run("watch", "--once")
    assert result.exit_code == 0
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and errors[-1].startswith("watch round: 2 checked")
    assert errors[0] == (f"{site.url('/bad')}: unexpected error (ValueError: something no guard foresaw second line); "
                         "nothing was stored, it is checked again next round (report this if it repeats).")
    assert "good: v1 stored" in result.stdout
    assert counts(db_url)["revisions"] == 1


def test_keyboard_interrupt_is_not_swallowed(ledger, monkeypatch):
    import pytest

    from factcheck.app.watch import Watcher

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    watcher = Watcher(ledger, fetcher=interrupted)
    watcher.add("http://127.0.0.1:9/story", article="story")
    with pytest.raises(KeyboardInterrupt):
        list(watcher.round())


def test_an_implausible_feed_date_is_dropped_not_fatal():
    from factcheck.sources.feeds import parse_feed

    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>A</title><id>a</id>'
            b'<link href="https://example.com/a"/><published>9999-12-31T23:00:00-05:00</published></entry></feed>')
    feed = parse_feed(atom, url="https://example.com/feed")
    assert feed.entries[0].published is None and feed.problems == []
