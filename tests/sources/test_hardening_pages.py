"""Page dates: only what the page declares, and only plausible ones."""

from __future__ import annotations

import json

import pytest

from conftest import counts

BODY = "".join(
    f"<p>The harbour ferry has run the same route since 2002, and paragraph {n} says more about it "
    "than any timetable could.</p>" for n in range(8)
)


def page(head: str = "", header: str = "") -> bytes:
    return (f"<!doctype html><html><head><title>Ferry keeps its route</title>{head}</head><body><article>"
            f"<h1>Ferry keeps its route</h1>{header}{BODY}</article></body></html>").encode()


@pytest.mark.parametrize("head, header", [
    ("", ""),
    ('<meta property="article:published_time" content="99999-99-99">', ""),
    ('<meta property="article:published_time" content="9999-12-31T00:00:00Z">', ""),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "0001-01-01"}</script>', ""),
    ("", '<time class="published" datetime="1066-10-14">Oct. 14, 1066</time>'),
])
def test_no_publication_date_is_guessed_or_implausible(head, header):
    from factcheck.sources.html import extract_article

    assert extract_article(page(head, header), url="https://example.com/ferry").published is None


def test_a_declared_date_is_kept():
    from factcheck.sources.html import extract_article

    article = extract_article(page('<meta property="article:published_time" content="99999-99-99">',
                                   '<time class="published" datetime="2020-06-04">June 4, 2020</time>'))
    assert article.published.date().isoformat() == "2020-06-04"


def test_add_revision_of_a_page_without_dates_stores_no_date(run, db_url, tmp_path):
    file = tmp_path / "ferry.html"
    file.write_bytes(page('<meta property="article:published_time" content="99999-99-99">'))
    result = run("add-revision", "ferry", str(file))
    assert result.exit_code == 0, result.output
    revisions = json.loads(run("revisions", "ferry", "--format", "json").stdout)["revisions"]
    assert revisions[0].get("published") is None
    assert counts(db_url)["revisions"] == 1
