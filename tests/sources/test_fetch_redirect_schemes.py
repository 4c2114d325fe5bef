"""A redirect off the web (file:, data:, javascript:, ftp:) is refused as what it is,
not as a redirect loop."""

from __future__ import annotations

import pytest

from factcheck.sources.fetch import FetchError, fetch
from httpfixtures import Response, site  # noqa: F401  (fixture)


@pytest.mark.parametrize("target", [
    "file:///etc/passwd",
    "data:text/html,<h1>Council</h1>",
    "javascript:alert(1)",
    "ftp://files.example/story.html",
])
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_off_the_web_says_so(site, target, status):
    url = site.redirect("/story", target, status=status)
    with pytest.raises(FetchError) as error:
        fetch(url, expect="html")
    assert str(error.value) == f"{url} redirects to {target}, which is not a web address; check the URL in a browser."
    assert "more than" not in str(error.value)
    assert not error.value.transient


def test_a_long_data_url_is_shortened_in_the_message(site):
    target = "data:text/html;base64," + "A" * 5000
    url = site.redirect("/story", target)
    with pytest.raises(FetchError) as error:
        fetch(url)
    assert len(str(error.value)) < 250 and f"redirects to {target[:40]}" in str(error.value)


def test_add_revision_from_a_page_that_redirects_to_a_file_is_one_line(run, db_url, site):
    url = site.redirect("/council", "file:///var/www/council.html")
    result = run("add-revision", "council", url)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {url} redirects to file:///var/www/council.html, which is not a web address; "
                             "check the URL in a browser.\n")


def test_a_relative_redirect_is_still_followed(site):
    site.route("/2026/council", Response(b"<html><body><p>Council met.</p></body></html>"))
    url = site.redirect("/council", "/2026/council")
    assert fetch(url).final_url.endswith("/2026/council")
