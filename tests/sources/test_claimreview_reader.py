"""Reading ClaimReview in the shapes fact-checkers publish it, and refusing what is not."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from factcheck.sources.claimreview import MAX_REVIEWS, read_claimreviews, verdict_for
from factcheck.errors import InvalidInput

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "claimreview"


def review(url: str, claim: str | None, rating: dict | None = None, **extra) -> dict:
    node = {"@context": "https://schema.org", "@type": "ClaimReview", "url": url,
            "author": {"@type": "Organization", "name": "Prairie Facts"},
            "reviewRating": rating if rating is not None else {"@type": "Rating", "alternateName": "False"}}
    if claim is not None:
        node["claimReviewed"] = claim
    node.update(extra)
    return node


SCHOOL = review("https://prairiefacts.example/schools-admin-spending",
                "The school district spends more on administrators than on teachers.",
                {"@type": "Rating", "ratingValue": 2, "bestRating": 5, "worstRating": 1, "alternateName": "Mostly false"},
                datePublished="2026-05-04", name="Do administrators cost more than teachers?")
GRAIN = review("https://prairiefacts.example/grain-elevator",
               "The grain elevator fire released toxic gas over the whole county.",
               {"@type": "Rating", "alternateName": "Misleading"})


def read(payload: str | bytes, origin: str = "reviews.json", content_type: str | None = None):
    data = payload.encode() if isinstance(payload, str) else payload
    return read_claimreviews(data, origin, content_type=content_type)


def test_a_datafeed_gives_every_review_and_says_why_each_other_was_skipped():
    feed = read(FIXTURES.joinpath("feed.json").read_bytes(), "feed.json")
    assert [r.url.rsplit("/", 2)[-2] for r in feed.reviews] == ["tap-water-lead", "bridge-toll", "lemon-flu",
                                                                 "fire-budget"]
    lead = feed.reviews[0]
    assert lead.claim == "The city's tap water contains dangerous levels of lead."
    assert (lead.publisher, lead.rating, lead.rating_value, lead.verdict) == ("Harbour Fact Check", "False", 1.0,
                                                                             "false")
    assert lead.reviewed == date(2026, 10, 2) and lead.claim_date == date(2026, 9, 28)
    assert lead.claim_author == "Safe Water Now flyer"
    assert lead.appearance == "https://social.example/posts/88121"
    assert lead.title == "No, the city's tap water is not full of lead"
    assert [r.verdict for r in feed.reviews[1:]] == ["mostly-false", "false", "mostly-true"]
    # What the feed's three unusable items are refused for, as import-claimreview prints it.
    assert [s.line() for s in feed.skipped] == FIXTURES.joinpath("feed-skipped.txt").read_text().splitlines()


def test_single_object_list_graph_and_json_lines_read_the_same():
    one = read(json.dumps(SCHOOL)).reviews
    listed = read(json.dumps([SCHOOL, GRAIN])).reviews
    graph = read(json.dumps({"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "headline": "Budget night"}, SCHOOL, GRAIN]})).reviews
    lines = read(json.dumps(SCHOOL) + "\n\n" + json.dumps(GRAIN) + "\n", "reviews.jsonl").reviews
    assert one == listed[:1]
    assert listed == graph == lines
    assert [r.verdict for r in listed] == ["mostly-false", "misleading"]
    assert listed[0].title == "Do administrators cost more than teachers?"


def test_a_page_with_embedded_json_ld_gives_its_review():
    reviews = read(FIXTURES.joinpath("page.html").read_bytes(), "page.html").reviews
    assert len(reviews) == 1
    crime = reviews[0]
    assert crime.url == "https://valleyverify.example/checks/immigrant-crime-rates"
    assert (crime.publisher, crime.verdict, crime.best_rating) == ("Valley Verify", "false", 6.0)
    assert crime.reviewed == date(2026, 8, 17)
    assert crime.appearance == "https://mailers.example/district-4.pdf"


def test_our_own_export_reads_back():
    """``factcheck export --format claimreview`` writes a @graph with the article first."""
    exported = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "@id": "https://daily.example/khadr", "headline": "Khadr"},
        {"@type": "ClaimReview", "url": "https://daily.example/khadr#claim-3",
         "claimReviewed": "Khadr was 22 at the time of the meeting.",
         "author": {"@type": "Organization", "name": "The Daily Example"}, "datePublished": "2026-11-30",
         "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                          "alternateName": "Pants on fire"}}]}
    [khadr] = read(json.dumps(exported)).reviews
    assert (khadr.verdict, khadr.publisher, khadr.rating) == ("false", "The Daily Example", "Pants on fire")


def test_a_url_twice_keeps_the_later_review_and_says_so():
    revised = dict(GRAIN, reviewRating={"@type": "Rating", "alternateName": "False"})
    feed = read(json.dumps([GRAIN, SCHOOL, revised]))
    assert [r.verdict for r in feed.reviews] == ["false", "mostly-false"]
    assert [s.line() for s in feed.skipped] == [
        "skipped item 1 (https://prairiefacts.example/grain-elevator): the same url comes again at item 3, "
        "which is kept"]


@pytest.mark.parametrize("node, reason", [
    (review("https://p.example/a", None), "it has no claimReviewed"),
    (review("https://p.example/b", "   "), "it has no claimReviewed"),
    (review("https://p.example/c", "Taxes rose.", {}), "it has no reviewRating"),
    (review("https://p.example/d", "Taxes rose.", {"alternateName": "Spicy"}), "rating 'Spicy' is unknown"),
    (review("https://p.example/e", "Taxes rose.", {"ratingValue": 0, "bestRating": 5, "worstRating": 1}),
     "ratingValue 0 is outside its own scale 1-5"),
    (review("https://p.example/f", "Taxes rose.", {"ratingValue": 6}), "ratingValue 6 is outside its own scale 1-5"),
    (review("https://p.example/g", "Taxes rose.", {"ratingValue": "lots"}), "ratingValue 'lots' is not a number"),
    (review("https://p.example/h", "Taxes rose.", {"ratingValue": 3, "bestRating": 3, "worstRating": 3}),
     "its rating scale is empty"),
    ({"@type": "ClaimReview", "claimReviewed": "Taxes rose.", "reviewRating": {"alternateName": "False"}},
     "it has no url"),
])
def test_an_unusable_review_is_skipped_with_its_reason(node, reason):
    feed = read(json.dumps([node, SCHOOL]))
    assert len(feed.reviews) == 1
    [skipped] = feed.skipped
    assert skipped.position == 1 and skipped.reason.startswith(reason)


def test_ratings_map_to_verdicts_by_word_then_by_place_on_their_scale():
    assert verdict_for("Pants on Fire!", None, None, None) == "false"
    assert verdict_for("Four Pinocchios", None, None, None) == "false"
    assert verdict_for("Half True", None, None, None) == "mixture"
    assert verdict_for("Missing context", None, None, None) == "misleading"
    assert verdict_for(None, 10, 10, 0) == "true"
    assert verdict_for("Ranked 1", 1, 10, 0) == "false"
    assert verdict_for("Ranked 2", 2, 10, 0) == "mostly-false"
    assert verdict_for(None, 3, 5, 1) == "mixture"
    # A scale written best-low (1 = true) is read as given.
    assert verdict_for("Correct", 1, 1, 5) == "true"


@pytest.mark.parametrize("payload, message", [
    ("Reporters filed 12 stories today.", "is not JSON-LD"),
    ('{"@type": "ClaimReview", "url": ', "is not valid JSON (line 1"),
    ('{"@type": "NewsArticle", "headline": "Budget"}', "holds no ClaimReview"),
    ("[]", "holds no ClaimReview"),
    ("", "is empty"),
    (b"\x00\x01binary", "looks binary"),
    (b"\xff\xfe{}", "is not valid UTF-8"),
    ("<html><body><p>No structured data here.</p></body></html>", "an HTML page without JSON-LD"),
    ('{"@type": "ClaimReview"}\n{"@type": "ClaimReview", ', "line 2 is not valid JSON"),
])
def test_input_that_is_not_claimreview_is_refused_whole(payload, message):
    with pytest.raises(InvalidInput, match=re.escape(message)) as refused:
        read(payload, "upload.json")
    assert str(refused.value).startswith("upload.json ")
    assert "\n" not in str(refused.value)


def test_a_feed_past_the_limit_is_refused_before_anything_is_read_into_reviews():
    items = [{"@type": "DataFeedItem", "item": review(f"https://p.example/{n}", f"Claim number {n}.")}
             for n in range(MAX_REVIEWS * 2)]
    data = json.dumps({"@type": "DataFeed", "dataFeedElement": items})
    with pytest.raises(InvalidInput, match=r"holds 100,000 ClaimReviews, more than the 50,000 one import takes"):
        read(data, "dump.json")
