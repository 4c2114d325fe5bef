"""The polite HTTP client against a real local server (127.0.0.1, no internet)."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
import pytest
from factcheck import __version__
from factcheck.sources.fetch import MAX_REDIRECTS, USER_AGENT, BadURL, FetchError, fetch
from factcheck.sources.html import extract_article
from conftest import counts
from httpfixtures import FixtureServer, Response, fixture_bytes, site  # noqa: F401  (fixture)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FERRY = (FIXTURES / "pages" / "ferry-jsonld.html").read_bytes()
CAFE_1252 = (FIXTURES / "pages" / "cafe-windows-1252.html").read_bytes()
FEED = (FIXTURES / "feeds" / "harbourledger-rss.xml").read_bytes()
NEW_PARAGRAPH = b"<p>The province says it will publish the full inspection record next week.</p>"
STATIC_ETAG = '"ferry-v1"'
STATIC_MODIFIED = formatdate(1_772_000_000, usegmt=True)


class Handler(BaseHTTPRequestHandler):
    """Routes for each behaviour a watched site shows. ``story_hits`` counts
    requests to /story so the page changes between requests."""

    story_hits = 0
    seen_user_agents: list[str] = []

    def log_message(self, *args):  # keep pytest output clean
        pass

    def send_body(self, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
                  extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: C901 - one branch per route reads best here
        Handler.seen_user_agents.append(self.headers.get("User-Agent", ""))
        path = self.path
        if path == "/story":
            Handler.story_hits += 1
            body = FERRY if Handler.story_hits == 1 else FERRY.replace(b"</div>\n\n      <div class=\"story-tags\">",
                                                                       NEW_PARAGRAPH + b"</div>\n\n      <div class=\"story-tags\">")
            self.send_body(body, extra={"ETag": f'"story-{Handler.story_hits}"'})
        elif path == "/static":
            fresh_etag = self.headers.get("If-None-Match") == STATIC_ETAG
            since = self.headers.get("If-Modified-Since")
            fresh_date = since and parsedate_to_datetime(since) >= parsedate_to_datetime(STATIC_MODIFIED)
            if fresh_etag or (fresh_date and not self.headers.get("If-None-Match")):
                self.send_response(304)
                self.send_header("ETag", STATIC_ETAG)
                self.end_headers()
                return
            self.send_body(FERRY, extra={"ETag": STATIC_ETAG, "Last-Modified": STATIC_MODIFIED})
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/static")
            self.end_headers()
        elif path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", f"/loop{int(path[5:] or 0) + 1}")
            self.end_headers()
        elif path == "/to-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://files.example/story.html")
            self.end_headers()
        elif path == "/error":
            self.send_body(b"<h1>Internal Server Error</h1>", status=500)
        elif path == "/forbidden":
            self.send_body(b"<h1>Forbidden</h1>", status=403)
        elif path == "/slow":
            time.sleep(1.5)
            self.send_body(FERRY)
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(15):
                self.wfile.write(b"<p>" + b"x" * 20 + b"</p>\n")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/data.json":
            self.send_body(b'{"article": 7712}', content_type="application/json")
        elif path == "/big":
            self.send_body(b"<html><body>" + b"<p>filler</p>" * 20_000 + b"</body></html>")
        elif path == "/big-unannounced":
            # No Content-Length: the cap must hold while streaming.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.close_connection = True
            for _ in range(50):
                self.wfile.write(b"<p>" + b"y" * 4096 + b"</p>")
        elif path == "/gzip":
            self.send_body(gzip.compress(FERRY), extra={"Content-Encoding": "gzip"})
        elif path == "/gzip-bomb":
            self.send_body(gzip.compress(b"<html>" + b" " * 2_000_000), extra={"Content-Encoding": "gzip"})
        elif path == "/latin":
            self.send_body(CAFE_1252, content_type="text/html; charset=ISO-8859-1")
        elif path == "/feed":
            self.send_body(FEED, content_type="application/rss+xml; charset=utf-8")
        elif path == "/untyped":
            self.send_response(200)
            self.send_header("Content-Length", str(len(FERRY)))
            self.end_headers()
            self.wfile.write(FERRY)
        else:
            self.send_body(b"<h1>Not Found</h1>", status=404)


@pytest.fixture(scope="module")
def server():
    httpd = FixtureServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_page_that_changes_between_requests(server):
    first = fetch(f"{server}/story", expect="html")
    second = fetch(f"{server}/story", expect="html")
    assert (first.status, first.etag, second.etag) == (200, '"story-1"', '"story-2"')
    before = extract_article(first.body, url=first.final_url, charset=first.charset)
    after = extract_article(second.body, url=second.final_url, charset=second.charset)
    assert len(after.paragraphs) == len(before.paragraphs) + 1
    assert after.paragraphs[-1] == "The province says it will publish the full inspection record next week."


def test_etag_gives_304_not_modified(server):
    fresh = fetch(f"{server}/static")
    assert (fresh.status, fresh.etag, fresh.last_modified) == (200, STATIC_ETAG, STATIC_MODIFIED)
    again = fetch(f"{server}/static", etag=fresh.etag)
    assert again.not_modified and again.status == 304 and again.body == b""
    assert again.etag == STATIC_ETAG


def test_last_modified_gives_304_and_keeps_the_validator(server):
    again = fetch(f"{server}/static", last_modified=STATIC_MODIFIED)
    assert again.not_modified
    # The 304 carries no Last-Modified; the one sent is kept for next time.
    assert again.last_modified == STATIC_MODIFIED


def test_redirect_is_followed_and_the_final_url_reported(server):
    result = fetch(f"{server}/moved")
    assert result.status == 200
    assert result.final_url == f"{server}/static"
    assert result.url == f"{server}/moved"


def test_redirect_loop_is_bounded(server):
    with pytest.raises(FetchError) as error:
        fetch(f"{server}/loop")
    assert str(error.value) == (
        f"{server}/loop redirects more than 5 times or in a loop; open it in a browser and "
        "use the address it ends on."
    )
    assert MAX_REDIRECTS == 5


def test_redirect_to_another_scheme_is_refused(server):
    with pytest.raises(FetchError, match=r"redirects to ftp://files.example/story.html, which is not a web address"):
        fetch(f"{server}/to-ftp")


def test_server_error_is_one_line_and_transient(server):
    with pytest.raises(FetchError) as error:
        fetch(f"{server}/error")
    assert str(error.value) == f"{server}/error returned HTTP 500 Internal Server Error; the site is failing, try again later."
    assert error.value.status == 500 and error.value.transient


def test_not_found_and_forbidden_say_what_to_do(server):
    with pytest.raises(FetchError) as missing:
        fetch(f"{server}/nowhere")
    assert str(missing.value) == (
        f"{server}/nowhere returned HTTP 404 Not Found; the page is gone or the URL is wrong, check it in a browser."
    )
    assert not missing.value.transient
    with pytest.raises(FetchError, match="save the page from a browser and add the .html file"):
        fetch(f"{server}/forbidden")


def test_slow_response_times_out(server):
    started = time.monotonic()
    with pytest.raises(FetchError) as error:
        fetch(f"{server}/slow", timeout=0.5)
    assert time.monotonic() - started < 1.4
    assert str(error.value) == f"{server}/slow did not answer within 0.5 s; the site is slow or down, try again later."
    assert error.value.transient


def test_dripping_response_hits_the_overall_deadline(server):
    with pytest.raises(FetchError, match="is sending too slowly"):
        fetch(f"{server}/drip", timeout=0.5, deadline=0.4)


def test_non_html_response_is_refused_when_html_is_expected(server):
    with pytest.raises(FetchError) as error:
        fetch(f"{server}/data.json", expect="html")
    assert str(error.value) == (
        f"{server}/data.json is application/json, not an HTML page; pass the address of the article's web page."
    )
    # Without an expectation the caller gets the bytes and decides.
    assert fetch(f"{server}/data.json").content_type == "application/json"


def test_feed_where_a_page_is_expected_and_vice_versa(server):
    with pytest.raises(FetchError, match="is an RSS/Atom feed, not an article page"):
        fetch(f"{server}/feed", expect="html")
    with pytest.raises(FetchError, match="is an HTML page, not an RSS/Atom feed"):
        fetch(f"{server}/static", expect="feed")
    feed = fetch(f"{server}/feed", expect="feed")
    assert feed.is_feed and not feed.is_html


def test_untyped_response_is_sniffed(server):
    result = fetch(f"{server}/untyped", expect="html")
    assert result.content_type is None and result.is_html


def test_oversize_response_is_refused_with_the_limit(server):
    with pytest.raises(FetchError) as error:
        fetch(f"{server}/big", max_bytes=100_000)
    assert str(error.value) == (
        f"{server}/big is larger than the 100,000 bytes limit (260,026 bytes); it is not a single article page or feed."
    )


def test_oversize_is_caught_while_streaming_without_content_length(server):
    with pytest.raises(FetchError, match=r"is larger than the 100,000 bytes limit; it is not a single"):
        fetch(f"{server}/big-unannounced", max_bytes=100_000)


def test_gzip_body_is_decompressed_and_capped(server):
    assert fetch(f"{server}/gzip").body == FERRY
    with pytest.raises(FetchError, match="is larger than the 1.0 MB limit"):
        fetch(f"{server}/gzip-bomb", max_bytes=1024 * 1024)


def test_charset_from_the_header_decodes_a_latin_page(server):
    result = fetch(f"{server}/latin")
    assert result.charset == "iso-8859-1"
    article = extract_article(result.body, url=result.final_url, charset=result.charset)
    assert article.paragraphs[1].startswith("\u201cWe fixed the compressor")


def test_user_agent_names_factcheck_and_its_version(server):
    Handler.seen_user_agents.clear()
    fetch(f"{server}/static")
    assert Handler.seen_user_agents == [USER_AGENT]
    assert USER_AGENT.startswith(f"factcheck/{__version__} ")


def test_refused_connection(server):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as error:
        fetch(f"http://127.0.0.1:{port}/story", timeout=2)
    assert str(error.value) == (
        f"http://127.0.0.1:{port}/story refused the connection; the site is down or the port is wrong, try again later."
    )


def test_unknown_host(monkeypatch):
    # Simulate the resolver so no DNS query leaves the machine.
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(FetchError) as error:
        fetch("https://news.invalid/story")
    assert str(error.value) == (
        "https://news.invalid/story: host news.invalid not found (DNS); check the address and the network connection."
    )


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://files.example/a", "'ftp://files.example/a' is not a web address; pass a URL that starts with https:// or http://."),
        ("www.example.com/story", "'www.example.com/story' is not a web address; pass a URL that starts with https:// or http://."),
        ("javascript:alert(1)", "'javascript:alert(1)' is not a web address; pass a URL that starts with https:// or http://."),
        ("https://", "'https://' has no host name; pass a full URL such as https://example.com/story."),
        ("https://example.com/a story", "'https://example.com/a story' contains spaces or control characters; copy the address again."),
    ],
)
def test_bad_urls_are_refused_before_any_request(url, message):
    with pytest.raises(BadURL) as error:
        fetch(url)
    assert str(error.value) == message
    assert error.value.exit_code == 2


# ---------------------------------------------------------------------- bad input
# Malformed and non-ASCII URLs: one line, or fetched as a browser would.

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
