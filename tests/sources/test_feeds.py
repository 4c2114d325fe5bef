"""RSS and Atom feeds into entries; malformed and unsafe feeds refused in one line."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from factcheck.sources.feeds import FeedError, parse_feed

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
ADT = timezone(timedelta(hours=-4))


def feed_bytes(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def test_rss_2_entries():
    feed = parse_feed(feed_bytes("harbourledger-rss.xml"), url="https://www.harbourledger.example/feeds/ns.xml")
    assert (feed.kind, feed.title) == ("rss", "The Harbour Ledger - Nova Scotia")
    assert feed.link == "https://www.harbourledger.example/news/nova-scotia/"
    first, second, third = feed.entries
    assert first.title == "Harbour ferry captain cleared after Dartmouth dock collision"
    assert first.link == "https://www.harbourledger.example/news/2026/03/04/ferry-captain-cleared/"
    assert first.id == "hl-2026-03-04-0412"
    assert first.published == datetime(2026, 3, 4, 9, 15, tzinfo=ADT)
    # An escaped ampersand, a link wrapped in white space, a guid that is the link.
    assert second.title == "Province announces new family doctor clinics & extended hours"
    assert second.link == second.id == "https://www.harbourledger.example/news/2026/03/04/doctor-clinics/"
    assert second.published == datetime(2026, 3, 4, 7, 30, tzinfo=timezone.utc)
    # A relative link resolves against the feed's address; an unreadable date is None, not an error.
    assert third.link == "https://www.harbourledger.example/news/2026/03/03/snowstorm/"
    assert third.published is None
    assert third.id == third.link


def test_atom_entries():
    feed = parse_feed(feed_bytes("interior-atom.xml"), url="https://interior.example/bc/feed.atom")
    assert (feed.kind, feed.title, feed.link) == ("atom", "Interior Daily News: B.C.", "https://interior.example/bc")
    wildfire, rockets = feed.entries
    # rel="alternate" is the story; the enclosure is a photo.
    assert wildfire.link == "https://interior.example/bc/wildfire-kamloops-evacuation-1.7712"
    assert wildfire.id == "tag:interior.example,2026:story-1.7712"
    assert wildfire.published == datetime(2026, 7, 18, 21, 5, tzinfo=timezone.utc)
    assert wildfire.updated == datetime(2026, 7, 19, 6, 30, tzinfo=timezone.utc)
    # An XHTML title flattens to text; a link without rel is the alternate; no
    # <published> means the entry's <updated> stands in.
    assert rockets.title == "Rockets sign new goaltender"
    assert rockets.link == "https://interior.example/sports/rockets-goaltender-1.7709"
    assert rockets.published == datetime(2026, 7, 18, 16, 0, tzinfo=timezone(timedelta(hours=-7)))


def test_atom_html_title_is_unescaped_to_text():
    data = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><title type="html">Budget &lt;em&gt;passes&lt;/em&gt; &amp;amp; council cheers</title>
      <id>urn:1</id><link href="https://x.example/1"/></entry></feed>"""
    assert parse_feed(data).entries[0].title == "Budget passes & council cheers"


def test_rss_1_rdf_feed():
    data = b"""<?xml version="1.0"?>
    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
             xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://old.example/"><title>Old Gazette</title><link>https://old.example/</link></channel>
      <item rdf:about="https://old.example/a"><title>Mill reopens</title><link>https://old.example/a</link>
        <dc:date>2026-01-05T10:00:00+00:00</dc:date></item>
    </rdf:RDF>"""
    feed = parse_feed(data)
    assert (feed.kind, feed.title) == ("rdf", "Old Gazette")
    assert feed.entries[0].link == "https://old.example/a"
    assert feed.entries[0].published == datetime(2026, 1, 5, 10, tzinfo=timezone.utc)


def test_bare_doctype_of_old_rss_is_allowed():
    data = (b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
            b'"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
            b"<rss version=\"0.91\"><channel><title>Old</title><item><title>A</title><link>https://o.example/a</link>"
            b"</item></channel></rss>")
    assert parse_feed(data).entries[0].link == "https://o.example/a"


def test_empty_channel_has_no_entries():
    assert parse_feed(b"<rss version='2.0'><channel><title>Quiet</title></channel></rss>").entries == []


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&secret;</title></channel></rss>"""
UNSAFE = (
    "feed.xml declares a DTD or entities, which feeds never need and which can be used to exhaust memory; "
    "refused, check the feed address."
)


@pytest.mark.parametrize(
    "data, message",
    [
        (BILLION_LAUGHS, UNSAFE),
        (EXTERNAL_ENTITY, UNSAFE),
        (b"<rss version='2.0'><channel><title>Broken</channel></rss>",
         "feed.xml is not well-formed XML (mismatched tag at line 1, column 44); "
         "the feed is broken at the source, try again later or tell the publisher."),
        (b"<rss><channel><title>Caf&eacute;</title></channel></rss>",
         "feed.xml is not well-formed XML (undefined entity &eacute; at line 1, column 25); "
         "the feed is broken at the source, try again later or tell the publisher."),
        (b"this is not xml",
         "feed.xml is not well-formed XML (syntax error at line 1, column 1); "
         "the feed is broken at the source, try again later or tell the publisher."),
        (b"<!DOCTYPE html><html><head><title>Home</title></head><body></body></html>",
         'feed.xml is an HTML page, not an RSS/Atom feed; find the feed address in the page\'s <link rel="alternate">.'),
        (b"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'/>",
         "feed.xml is XML but not an RSS or Atom feed (its root element is <urlset>); check the feed address."),
        (b"<rss version='2.0'></rss>",
         "feed.xml is an RSS document without a <channel>; the feed is broken at the source."),
        (b"  \n", "feed.xml is empty; check the feed address."),
    ],
    ids=["billion-laughs", "external-entity", "mismatched-tag", "undefined-entity", "not-xml", "html", "sitemap",
         "no-channel", "empty"],
)
def test_bad_feeds_are_refused_in_one_line(data, message):
    with pytest.raises(FeedError) as error:
        parse_feed(data, origin="feed.xml")
    assert str(error.value) == message
    assert error.value.exit_code == 2
