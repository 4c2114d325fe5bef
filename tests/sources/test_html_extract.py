"""Article pages to article text: metadata, body, captions, encodings, refusals."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from factcheck.errors import InvalidInput
from factcheck.sources.html import decode_html, extract_article
from factcheck.sources.files import MAX_INPUT_BYTES
from factcheck.text.segmentation import segment

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
EDT = timezone(timedelta(hours=-4))


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


# Text from boxes around the story that must never reach the body.
FERRY_FURNITURE = [
    "Related stories", "Eleven hurt as ferry strikes", "Share on Facebook", "Copy link",
    "Sign up", "Morning Ledger", "Read more", "harbourwatcher", "back order for four months",
    "Most read", "Snowstorm", "All rights reserved", "Subscribe",
]


@pytest.fixture(scope="module")
def ferry():
    return extract_article(page("ferry-jsonld.html"), url="https://www.harbourledger.example/news/x")


def test_json_ld_metadata_wins(ferry):
    # JSON-LD headline over the shorter og:title; dateModified over article:modified_time.
    assert ferry.headline == "Harbour ferry captain cleared after Dartmouth dock collision"
    assert ferry.byline == "Marie-Claire Aucoin and David O'Neil"
    assert ferry.published == datetime(2026, 3, 4, 9, 15, tzinfo=EDT)
    assert ferry.modified == datetime(2026, 3, 4, 14, 40, tzinfo=EDT)
    assert ferry.outlet == "The Harbour Ledger"
    # rel=canonical over an og:url that carries tracking parameters.
    assert ferry.canonical_url == "https://www.harbourledger.example/news/2026/03/04/ferry-captain-cleared/"
    assert ferry.extractor == "trafilatura"


def test_body_paragraphs_in_order_without_furniture(ferry):
    assert len(ferry.paragraphs) == 8
    assert ferry.paragraphs[0] == "Inquiry finds the captain followed procedure; a steering fault is blamed"
    assert ferry.paragraphs[1].startswith("HALIFAX \u2014 A provincial inquiry has cleared the captain")
    assert ferry.paragraphs[-1] == "Three of the 11 injured passengers were taken to hospital. All have since been released."
    text = ferry.to_text()
    for furniture in FERRY_FURNITURE:
        assert furniture not in text, furniture


def test_figure_caption_and_credit_are_split(ferry):
    assert ferry.captions == [(
        "The ferry Christopher Stannix sits at the Alderney terminal in Dartmouth, N.S., "
        "on Feb. 12, 2026, two days after it struck the dock.",
        "Darren Pittman/The Canadian Press",
    )]
    assert not any("Christopher Stannix sits" in p for p in ferry.paragraphs)


def test_to_text_segments_into_headline_body_caption_credit(ferry):
    document = segment(ferry.to_text())
    roles = [block.role for block in document.blocks]
    assert roles == ["headline"] + ["body"] * 8 + ["caption", "credit"]
    assert document.headline == ferry.headline
    assert document.blocks[-1].text == "((Darren Pittman/The Canadian Press))"
    assert [b.text for b in document.body] == ferry.paragraphs


def test_open_graph_metadata_and_wire_photo_credit():
    article = extract_article(page("wildfire-opengraph.html"), url="https://interior.example/bc/story")
    assert article.headline == "Wildfire near Kamloops forces 2,400 from homes"
    assert article.byline == "Priya Natarajan"
    assert article.published == datetime(2026, 7, 18, 21, 5, tzinfo=timezone.utc)
    assert article.modified == datetime(2026, 7, 19, 6, 30, tzinfo=timezone.utc)
    assert article.outlet == "Interior Daily News"
    # A relative og:url resolves against the address the page came from.
    assert article.canonical_url == "https://interior.example/bc/wildfire-kamloops-evacuation-1.7712"
    assert article.captions == [(
        "Smoke from the Tranquille Creek wildfire rises over a ridge near Kamloops, B.C., "
        "on Saturday, July 18, 2026.",
        "AP Photo/Ethan Cairns",
    )]
    assert len(article.paragraphs) == 5
    text = article.to_text()
    for furniture in ("RELATED", "fire season outlook", "LinkedIn", "newsletter", "Stay safe", "Trending"):
        assert furniture not in text, furniture
    roles = [b.role for b in segment(text).blocks]
    assert roles == ["headline"] + ["body"] * 5 + ["caption", "credit"]


def test_uncredited_caption_is_kept_but_not_written_into_the_text():
    html = (
        "<html><head><title>t</title></head><body><article><h1>Mayor opens new library branch</h1>"
        "<figure><img src='a.jpg'><figcaption>The new branch on King Street.</figcaption></figure>"
        + "".join(f"<p>Paragraph {i} of the story about the library, long enough to count as text.</p>" for i in range(5))
        + "</article></body></html>"
    )
    article = extract_article(html)
    assert article.captions == [("The new branch on King Street.", None)]
    assert "King Street" not in article.to_text()


@pytest.mark.parametrize(
    "figcaption, expected",
    [
        ("Crews at work on Main St. Photo: Jane Roe", ("Crews at work on Main St.", "Jane Roe")),
        ("Crews at work. <small>(Getty Images)</small>", ("Crews at work.", "Getty Images")),
        ("Crews at work on Main St. (Reuters)", ("Crews at work on Main St.", "Reuters")),
        ('Crews at work. <span itemprop="copyrightHolder">City of Regina</span>', ("Crews at work.", "City of Regina")),
    ],
)
def test_caption_credit_forms(figcaption, expected):
    html = (
        "<html><body><article><h1>Crews fix water main</h1>"
        f"<figure><img src='a.jpg'><figcaption>{figcaption}</figcaption></figure>"
        + "".join(f"<p>Paragraph {i} about the water main break downtown and the crews.</p>" for i in range(4))
        + "</article></body></html>"
    )
    assert extract_article(html).captions == [expected]


# --------------------------------------------------------------------------- encodings


def test_windows_1252_page_is_decoded_by_its_meta_charset():
    article = extract_article(page("cafe-windows-1252.html"))
    assert article.encoding == "cp1252"
    assert article.headline == "Caf\u00e9 owner fined after health inspection"
    assert article.byline == "Ren\u00e9e B\u00e9langer"
    assert article.paragraphs[0].startswith("SUDBURY, Ont. \u2014 The owner of a downtown caf\u00e9")
    assert "11\u00b0C" in article.paragraphs[0]
    assert article.paragraphs[1].startswith("\u201cWe fixed the compressor")
    assert "\u2026" in article.paragraphs[3]


def test_latin_1_label_means_windows_1252_as_in_browsers():
    # Curly quotes at 0x93/0x94 are control characters in true ISO-8859-1.
    text, codec = decode_html("<p>\u201cHi\u201d</p>".encode("cp1252"), charset="ISO-8859-1")
    assert (text, codec) == ("<p>\u201cHi\u201d</p>", "cp1252")


def test_http_charset_beats_meta_charset():
    data = '<html><head><meta charset="windows-1252"></head><body><p>Montr\u00e9al</p></body></html>'.encode("utf-8")
    text, codec = decode_html(data, charset="utf-8")
    assert "Montr\u00e9al" in text and codec == "utf-8"


def test_undeclared_non_utf8_page_falls_back_to_windows_1252():
    data = page("cafe-windows-1252.html").replace(b"charset=windows-1252", b"")
    text, codec = decode_html(data)
    assert codec == "cp1252" and "Caf\u00e9" in text


def test_byte_order_mark_wins():
    data = b"\xef\xbb\xbf<html><head><meta charset='windows-1252'></head><body><p>caf\xc3\xa9</p></body></html>"
    assert decode_html(data)[0].endswith("<p>caf\u00e9</p></body></html>")


def test_text_input_is_accepted():
    article = extract_article(page("wildfire-opengraph.html").decode("utf-8"))
    assert len(article.paragraphs) == 5


# --------------------------------------------------------------------------- collapse and selector


def test_collapsed_extraction_returns_an_empty_body_for_the_caller_to_judge():
    article = extract_article(page("bridge-collapsed.html"))
    assert article.paragraphs == []
    assert article.word_count == 0
    # The headline still comes from <title>, without the site name.
    assert article.headline == "Bridge to close for 18 months"


def test_selector_rescues_a_collapsed_page():
    article = extract_article(page("bridge-collapsed.html"), selector="td.storytext")
    assert article.extractor == "selector"
    assert article.byline == "Tom Lindqvist"
    assert article.paragraphs[0] == (
        "City council voted 9-4 on Tuesday to close the Wellington Street bridge to cars "
        "for 18 months starting in June."
    )
    assert len(article.paragraphs) == 5
    assert "Obituaries" not in article.to_text()


def test_selector_leaves_promo_boxes_and_figures_out_of_the_body():
    article = extract_article(page("ferry-jsonld.html"), selector="article.story div.story-body")
    text = article.to_text()
    assert len(article.paragraphs) == 7
    for furniture in ("Related stories", "Sign up", "Read more"):
        assert furniture not in text
    assert article.captions == []  # the lead figure is outside the selection


def test_a_story_container_with_a_noisy_class_name_is_still_the_body():
    html = page("ferry-jsonld.html").replace(b'<div class="story-body">', b'<div class="story-body shareable has-comments">')
    for article in (extract_article(html), extract_article(html, selector="article.story")):
        # The section label link, the headline and the byline are not body paragraphs.
        assert len(article.paragraphs) == 8
        assert article.paragraphs[0] == "Inquiry finds the captain followed procedure; a steering fault is blamed"
        assert article.paragraphs[-1].startswith("Three of the 11 injured passengers")
        assert "Sign up" not in article.to_text()
        assert article.captions  # the lead figure is not inside a noise box


def test_selector_that_matches_nothing_is_refused():
    with pytest.raises(InvalidInput) as error:
        extract_article(page("bridge-collapsed.html"), selector="div.article-body", origin="bridge.html")
    assert str(error.value) == (
        "--selector 'div.article-body' matches nothing in bridge.html; check it with the browser's inspector."
    )


def test_invalid_selector_is_refused_in_one_line():
    with pytest.raises(InvalidInput) as error:
        extract_article(page("bridge-collapsed.html"), selector="div[[")
    message = str(error.value)
    assert message.startswith("--selector 'div[[' is not a valid CSS selector")
    assert "\n" not in message


def test_broken_json_ld_falls_back_to_open_graph():
    html = page("wildfire-opengraph.html").replace(
        b"<meta name=\"twitter:card\"",
        b'<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script><meta name="twitter:card"',
    )
    article = extract_article(html)
    assert article.headline == "Wildfire near Kamloops forces 2,400 from homes"


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "data, expected",
    [
        (page("not-html.json"), "data.bin is JSON, not an HTML page; pass the article's web page or its saved .html file."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "data.bin is PDF, not an HTML page; pass the article's web page or its saved .html file."),
        (b"Just some plain text.\nNo markup at all.\n", "data.bin is not HTML, not an HTML page; pass the article's web page or its saved .html file."),
        (b"   \n", "data.bin is empty; pass the HTML of the article page."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "data.bin looks binary (it contains NUL bytes), not HTML; pass the article page."),
        (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>',
         "data.bin is an RSS/Atom feed, not an article page; watch the feed or pass one of its articles."),
    ],
    ids=["json", "pdf", "plain-text", "empty", "binary", "feed"],
)
def test_non_html_input_is_refused_in_one_line(data, expected):
    with pytest.raises(InvalidInput) as error:
        extract_article(data, origin="data.bin")
    assert str(error.value) == expected


def test_oversize_page_is_refused_with_the_limit():
    data = b"<html><body><p>" + b"x" * (MAX_INPUT_BYTES + 1) + b"</p></body></html>"
    with pytest.raises(InvalidInput) as error:
        extract_article(data, url="https://example.org/huge")
    assert str(error.value).startswith("https://example.org/huge is 5.0 MB, over the 5 MB limit")


def test_importing_the_input_modules_loads_no_heavy_dependency():
    # The CLI imports these at start-up; trafilatura alone costs ~170 ms.
    code = (
        "import sys, factcheck.sources.html, factcheck.sources.fetch, factcheck.sources.feeds, factcheck.app.schedule; "
        "print(*[m in sys.modules for m in ('trafilatura', 'lxml', 'urllib.request', 'xml.etree.ElementTree')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.split() == ["False", "False", "False", "False"]
