"""Feed entries: one story is one watch, however its link is dressed up between reads;
old RSS 0.91 feeds with their DOCTYPE are read; a huge feed is stored in short batches."""

from __future__ import annotations

import time
from email.utils import formatdate

import pytest

from conftest import counts, watch_rows
from factcheck.sources.feeds import FeedError, parse_feed
from factcheck.sources.fetch import fetch
from factcheck.sources.links import canonical_link
from httpfixtures import Response, fixture_bytes, site  # noqa: F401  (fixture)

COUNCIL = fixture_bytes("pages", "council-budget.html")


@pytest.mark.parametrize("link, canonical", [
    ("https://news.example/a?utm_source=rss&utm_medium=feed&utm_campaign=local", "https://news.example/a"),
    ("https://news.example/a?id=7&fbclid=IwAR0x&page=2#xtor=RSS-3", "https://news.example/a?id=7&page=2"),
    ("https://news.example/a?q=city%20hall&gclid=Cj0K&msclkid=9f", "https://news.example/a?q=city%20hall"),
    ("https://news.example/a?UTM_Source=x&WT.mc_id=3&mc_cid=1&mc_eid=2&igshid=z", "https://news.example/a"),
    ("https://news.example/a?story=7712&ref=home", "https://news.example/a?story=7712&ref=home"),  # may select content
    ("https://news.example/live#update-14", "https://news.example/live"),
    ("not a url", "not a url"),
])
def test_tracking_parameters_are_stripped_from_links(link, canonical):
    assert canonical_link(link) == canonical


def _rss(items: list[tuple[str | None, str, str]]) -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>{link.replace('&', '&amp;')}</link>"
        + (f'<guid isPermaLink="false">{guid}</guid>' if guid else "")
        + f"<pubDate>{formatdate(time.time() - 1800)}</pubDate></item>"
        for guid, link, title in items
    )
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Lakeshore</title>{body}</channel></rss>".encode()


def test_parsed_entries_carry_the_guid_and_a_canonical_link():
    feed = parse_feed(_rss([("lakeshore-7712", "https://ls.example/council?utm_source=rss", "Council passes budget")]))
    (entry,) = feed.entries
    assert (entry.guid, entry.id, entry.link) == ("lakeshore-7712", "lakeshore-7712", "https://ls.example/council")
    atom = parse_feed(
        b"<feed xmlns='http://www.w3.org/2005/Atom'><title>T</title><entry><title>A</title>"
        b"<id>tag:ls.example,2026:7712</id><link href='https://ls.example/a?fbclid=1'/></entry></feed>")
    assert (atom.entries[0].guid, atom.entries[0].link) == ("tag:ls.example,2026:7712", "https://ls.example/a")
    permalink = parse_feed(_rss([("https://ls.example/a?utm_medium=x", "https://ls.example/a?utm_medium=x", "A")]))
    assert permalink.entries[0].guid == "https://ls.example/a"


def test_one_guid_is_one_article_whatever_its_link_gains(run, db_url, site):
    """Three reads of a feed whose entry keeps its <guid> while its link gains
    tracking parameters, then a new path: one watch, one article."""
    site.route("/local/council-budget", Response(COUNCIL))
    site.route("/local/council-budget-updated", Response(COUNCIL))
    rounds = [
        "/local/council-budget",
        "/local/council-budget?utm_source=rss&utm_medium=feed",
        "/local/council-budget?fbclid=IwAR2xyz&utm_campaign=morning",
        "/local/council-budget-updated",  # the CMS renamed it; the guid still says which story
    ]
    feed_url = site.route("/feed.xml", *[
        Response(_rss([("lakeshore-7712", site.url(path), "Council passes $412M budget")]),
                 content_type="application/rss+xml") for path in rounds])
    run("watch", "add", feed_url, "--feed")
    for _ in rounds:
        assert run("watch", "--once", "--all").exit_code == 0
    rows = [r for r in watch_rows(run) if r["kind"] == "article"]
    assert [r["url"] for r in rows] == [site.url("/local/council-budget")]
    assert counts(db_url)["articles"] == 1


def test_entries_without_a_guid_are_known_by_their_canonical_link(run, db_url, site):
    site.route("/local/ice-fishing", Response(COUNCIL))
    feed_url = site.route("/feed.xml", *[
        Response(_rss([(None, site.url("/local/ice-fishing") + query, "Ice fishing season ends early")]),
                 content_type="application/rss+xml")
        for query in ("", "?utm_source=rss", "?gclid=abc#comments")])
    run("watch", "add", feed_url, "--feed")
    for _ in range(3):
        run("watch", "--once", "--all")
    rows = [r for r in watch_rows(run) if r["kind"] == "article"]
    assert [r["url"] for r in rows] == [site.url("/local/ice-fishing")]


def test_two_stories_with_two_guids_stay_two(run, site):
    site.route("/a", Response(COUNCIL))
    site.route("/b", Response(COUNCIL.replace(b"Okafor", b"Tremblay")))
    feed_url = site.route("/feed.xml", Response(_rss([
        ("ls-1", site.url("/a?utm_source=rss"), "Council passes budget"),
        ("ls-2", site.url("/b?utm_source=rss"), "Mayor answers critics"),
    ]), content_type="application/rss+xml"))
    run("watch", "add", feed_url, "--feed")
    run("watch", "--once")
    assert sorted(r["url"] for r in watch_rows(run) if r["kind"] == "article") == [site.url("/a"), site.url("/b")]


def test_rss_091_with_its_public_doctype_and_entities_is_read():
    feed = parse_feed(fixture_bytes("feeds", "old-gazette-rss091.xml"), url="https://courrier.example/rss.xml")
    assert feed.title == "Le Courrier de Sainte-Agath\u00e9"
    assert [e.title for e in feed.entries] == [
        "Le conseil adopte le budget de l\u2019ar\u00e9na : 4,2 M$",
        "Fermeture du pont Cl\u00e9ment pour deux semaines",
    ]


def test_html_entities_without_the_rss_091_doctype_are_still_refused():
    data = b"<rss version='2.0'><channel><title>Caf&eacute;</title></channel></rss>"
    with pytest.raises(FeedError, match=r"undefined entity &eacute;"):
        parse_feed(data, origin="the feed")


def test_rss_091_is_fetched_as_a_feed_and_watched(run, site):
    site.route("/2026/03/12/budget-arena.html", Response(COUNCIL))
    data = fixture_bytes("feeds", "old-gazette-rss091.xml").replace(
        b"https://courrier.example/2026/03/12/budget-arena.html", site.url("/2026/03/12/budget-arena.html").encode())
    url = site.route("/rss.xml", Response(data, content_type="text/xml"))
    assert fetch(url, expect="feed").is_feed
    run("watch", "add", url, "--feed")
    result = run("watch", "--once")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"feed {url}: 2 new article(s) to watch: le-conseil-adopte")


def test_a_huge_feed_is_stored_in_bounded_batches(db_url, monkeypatch):
    """2,000 entries (the batching is the same at 20,000): every write transaction
    adds at most FEED_BATCH watches, and all of them are stored."""
    from sqlalchemy import event, func, select

    import factcheck.app.watch
    from factcheck.sources.fetch import FetchResult
    from factcheck.store.ledger import Ledger
    from factcheck.store.models import Watch
    from factcheck.app.watch import FEED_BATCH, Watcher

    entries = [(f"gazette-{i}", f"https://gazette.example/2026/03/{i}.html?utm_source=rss", f"Brief number {i}")
               for i in range(2000)]
    body = _rss(entries)
    ledger = Ledger.open(db_url)
    try:
        watcher = Watcher(ledger, fetcher=lambda url, **_: FetchResult(
            url, url, 200, {}, body, "application/rss+xml", "utf-8", None, None))
        watcher.add("https://gazette.example/feed.xml", feed=True)
        ledger.session.commit()
        sizes: list[int] = []

        @event.listens_for(ledger.session, "before_commit")
        def count(session):
            sizes.append(session.scalar(select(func.count()).select_from(Watch)))

        (feed_id,) = watcher.due("feed", everything=True)
        outcome = watcher.check(feed_id)
        assert outcome.status == "changed" and len(outcome.change.new_entries) == 2000
        grown = [b - a for a, b in zip(sizes, sizes[1:])]
        assert max(grown) <= FEED_BATCH and len([g for g in grown if g]) >= 2000 // FEED_BATCH
        assert sizes[-1] == 2001
    finally:
        ledger.close()
