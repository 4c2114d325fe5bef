"""Bad input in watch rounds: one line for the bad part, and the round goes on."""

from __future__ import annotations

import time
from email.utils import formatdate

from conftest import counts
from httpfixtures import Response, fixture_bytes, site  # noqa: F401  (fixture)

COUNCIL = fixture_bytes("pages", "council-budget.html")


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
