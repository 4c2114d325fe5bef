"""Malformed and non-ASCII URLs: one line, or fetched as a browser would."""

from __future__ import annotations

from conftest import counts
from httpfixtures import Response, fixture_bytes, site  # noqa: F401  (fixture)

COUNCIL = fixture_bytes("pages", "council-budget.html")
CANONICAL = b'<link rel="canonical" href="https://www.lakeshorecourier.example/local/2026/03/12/council-budget/">'


def test_a_malformed_url_is_one_line_and_exit_2(run, db_url):
    before = counts(db_url)
    result = run("add-revision", "x", "http://[::1")
    assert result.exit_code == 2
    assert result.stderr == ("Error: 'http://[::1' is not a valid URL (Invalid IPv6 URL); "
                             "copy the address again.\n")
    assert counts(db_url) == before


def test_a_malformed_canonical_link_is_ignored(run, db_url, site):
    page = COUNCIL.replace(CANONICAL, b'<link rel="canonical" href="http://[::1">')
    page = page.replace(b'property="og:url"', b'property="og:ignored"')
    url = site.route("/story", Response(page))
    result = run("add-revision", "council", url)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert counts(db_url)["revisions"] == 1


def test_a_non_ascii_path_is_percent_encoded(run, db_url, site):
    site.route("/%C3%BCn%C3%AF?q=%C3%A9", Response(COUNCIL))
    result = run("add-revision", "council", site.url("/ünï?q=é"))
    assert result.exit_code == 0, result.output
    assert site.hits[0].path == "/%C3%BCn%C3%AF?q=%C3%A9"
    assert counts(db_url)["revisions"] == 1


def test_ascii_url_encodes_host_path_and_query():
    from factcheck.sources.fetch import ascii_url

    assert ascii_url("https://bücher.example/a%20b/ü?x=é#f") == "https://xn--bcher-kva.example/a%20b/%C3%BC?x=%C3%A9#f"
    assert ascii_url("https://example.com/plain") == "https://example.com/plain"
