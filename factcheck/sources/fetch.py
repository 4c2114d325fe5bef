"""A small, polite HTTP client for article pages and feeds.

Polite means: a User-Agent that names the tool and its version, conditional
requests (``If-None-Match`` / ``If-Modified-Since``) so an unchanged page costs
the site a 304 and no body, compressed transfer, a bounded number of redirects, a
timeout, and a size cap enforced while the body streams in, so a wrong URL
cannot fill memory.

Built on :mod:`urllib.request`: the tool fetches one page at a time, so an async
client or connection pooling (httpx) would add a dependency and buy nothing.
urllib, http.client and ssl are imported when a fetch happens (about 20 ms that
commands which never fetch should not pay).

Every failure raises :class:`FetchError` with one line that names the URL, the
problem and what to do. ``FetchError.transient`` tells a watch loop whether
trying again later may help (timeouts, 5xx, refused connections) or not (404,
a bad URL, a page that is not HTML).
"""

from __future__ import annotations

import re
import socket
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit

from factcheck import __version__
from factcheck.errors import FactcheckError
from factcheck.sources.files import MAX_INPUT_BYTES


def resolve_url(base: str | None, link: str | None) -> str | None:
    """``link`` resolved against ``base``; None when it is not a URL at all.

    ``http://[::1`` makes urljoin/urlsplit raise ValueError ("Invalid IPv6 URL"):
    pages and feeds carry such links, and one must not end a watch round.
    """
    from urllib.parse import urljoin

    if not link:
        return None
    try:
        joined = urljoin(base, link) if base else link
        urlsplit(joined).hostname  # noqa: B018 - raises ValueError for a malformed host
    except ValueError:
        return None
    return joined


if TYPE_CHECKING:  # pragma: no cover - typing only
    import urllib.request
    from email.message import Message

__all__ = ["BadURL", "FetchError", "FetchResult", "MAX_REDIRECTS", "USER_AGENT", "ascii_url", "fetch"]

USER_AGENT = f"factcheck/{__version__} (newsroom fact-check and correction tracker; polite polling)"
#: Redirects followed before giving up: news sites chain http -> https -> www ->
#: canonical, rarely more than three.
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_FEED_TYPES = {
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
    "text/xml", "application/feed+xml",
}
# Types servers use when they do not know better; the body decides.
_VAGUE_TYPES = {None, "text/plain", "application/octet-stream", "binary/octet-stream"}
_ACCEPT = {
    "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml;q=0.9,application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.1",
    None: "*/*",
}


class FetchError(FactcheckError):
    "A page or feed that could not be fetched; the message names the URL and the fix."

    def __init__(self, message: str, *, url: str, status: int | None = None, transient: bool = False):
        super().__init__(message)
        self.url = url
        self.status = status
        self.transient = transient


class BadURL(FetchError):
    "An address that is not an http(s) URL."

    exit_code = 2


@dataclass(frozen=True)
class FetchResult:
    """One response. ``body`` is empty when ``not_modified`` (a 304).

    ``etag`` and ``last_modified`` are the validators to send next time; on a 304
    that omits them, the ones the caller sent are carried over.
    """

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    content_type: str | None
    charset: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool = False
    elapsed: float = field(default=0.0, compare=False)

    @property
    def is_html(self) -> bool:
        return self.content_type in _HTML_TYPES or (
            self.content_type in _VAGUE_TYPES and _sniff(self.body) == "html"
        )

    @property
    def is_feed(self) -> bool:
        return _sniff(self.body) == "feed" if (
            self.content_type in _FEED_TYPES or self.content_type in _VAGUE_TYPES
        ) else False


def _sniff(body: bytes) -> str | None:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if re.match(rb"(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:rdf)\b", head, re.S):
        return "feed"
    if re.match(rb"(<!--.*?-->\s*)*<(!doctype html|html|head|body)\b", head, re.S):
        return "html"
    return None


def _split(url: str) -> Any:
    """``urlsplit(url)``, a :class:`BadURL` for what it cannot split (``http://[::1``)."""
    try:
        parts = urlsplit(url.strip())
        parts.hostname, parts.port  # noqa: B018 - raise ValueError for a malformed host or port
    except ValueError as error:
        raise BadURL(f"{url!r} is not a valid URL ({error}); copy the address again.", url=url) from None
    return parts


# What may stay as it is in a path, query or fragment: the RFC 3986 reserved and
# unreserved characters, and "%" so that existing escapes are not escaped twice.
_SAFE = "/:@!$&'()*+,;=~-._%?#[]"


def ascii_url(url: str) -> str:
    """``url`` as a request can send it: an IDNA host and a percent-encoded
    (UTF-8) path and query, as browsers do with ``https://example.com/ünï``."""
    url = url.strip()
    if url.isascii():
        return url
    parts = _split(url)
    netloc = parts.netloc
    if not parts.netloc.isascii():
        host = parts.hostname or ""
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise BadURL(f"{url!r} has a host name that is not valid ({host!r}); copy the address again.",
                         url=url) from None
        userinfo = netloc.rpartition("@")[0]
        netloc = (quote(userinfo, safe=":%") + "@" if userinfo else "") + ascii_host + (
            f":{parts.port}" if parts.port is not None else "")
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=_SAFE), quote(parts.query, safe=_SAFE),
                       quote(parts.fragment, safe=_SAFE)))


def _check_url(url: str) -> None:
    parts = _split(url) if isinstance(url, str) else None
    if parts is None or parts.scheme.lower() not in ("http", "https"):
        raise BadURL(
            f"{url!r} is not a web address; pass a URL that starts with https:// or http://.", url=str(url)
        )
    if not parts.hostname:
        raise BadURL(f"{url!r} has no host name; pass a full URL such as https://example.com/story.", url=url)
    if re.search(r"[\s\x00-\x1f]", url.strip()):
        raise BadURL(f"{url!r} contains spaces or control characters; copy the address again.", url=url)


@lru_cache(maxsize=1)
def _opener() -> urllib.request.OpenerDirector:
    import urllib.request

    class RedirectHandler(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

        def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
            # urllib would follow a redirect to ftp://; only the web is fetched.
            if urlsplit(newurl).scheme.lower() not in ("http", "https"):
                raise FetchError(
                    f"{req.full_url} redirects to {newurl}, which is not a web address; check the URL in a browser.",
                    url=req.full_url,
                )
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(RedirectHandler())


def _status_error(url: str, code: int, reason: str) -> FetchError:
    said = f"{url} returned HTTP {code} {reason}".rstrip()
    if code in (404, 410):
        return FetchError(f"{said}; the page is gone or the URL is wrong, check it in a browser.", url=url, status=code)
    if code in (401, 402, 403):
        return FetchError(
            f"{said}; the site refuses automated access (login, paywall or bot block), "
            "save the page from a browser and add the .html file.", url=url, status=code,
        )
    if code == 429:
        return FetchError(f"{said}; the site is rate-limiting us, check less often or try later.",
                          url=url, status=code, transient=True)
    if 300 <= code < 400:
        return FetchError(f"{url} redirects more than {MAX_REDIRECTS} times or in a loop; open it in a browser and "
                          "use the address it ends on.", url=url, status=code)
    if code >= 500:
        return FetchError(f"{said}; the site is failing, try again later.", url=url, status=code, transient=True)
    return FetchError(f"{said}; check the URL.", url=url, status=code)


def _network_error(url: str, reason: Any, timeout: float) -> FetchError:
    import ssl

    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return FetchError(f"{url} did not answer within {timeout:g} s; the site is slow or down, try again later.",
                          url=url, transient=True)
    if isinstance(reason, socket.gaierror):
        return FetchError(f"{url}: host {urlsplit(url).hostname} not found (DNS); check the address and the "
                          "network connection.", url=url, transient=True)
    if isinstance(reason, ConnectionRefusedError):
        return FetchError(f"{url} refused the connection; the site is down or the port is wrong, try again later.",
                          url=url, transient=True)
    if isinstance(reason, ssl.SSLCertVerificationError):
        return FetchError(f"{url} has an invalid TLS certificate ({reason.verify_message}); check the address.",
                          url=url)
    if isinstance(reason, ConnectionError):
        return FetchError(f"{url} closed the connection early; try again later.", url=url, transient=True)
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return FetchError(f"{url} could not be fetched ({text}); check the address and the network.",
                      url=url, transient=True)


def _too_big(url: str, max_bytes: int, size: int | None = None) -> FetchError:
    limit = f"{max_bytes / 1048576:.1f} MB" if max_bytes >= 1048576 else f"{max_bytes:,} bytes"
    seen = f" ({size:,} bytes)" if size else ""
    return FetchError(f"{url} is larger than the {limit} limit{seen}; it is not a single article page or feed.",
                      url=url)


def _decoder(url: str, encoding: str | None) -> Any:
    import zlib

    encoding = (encoding or "identity").strip().lower()
    if encoding in ("identity", ""):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    raise FetchError(f"{url} sent an unsupported Content-Encoding {encoding!r}; report it to the site.", url=url)


def _read_body(response: Any, url: str, max_bytes: int, deadline: float) -> bytes:
    """The body, decompressed, refusing it as soon as it passes ``max_bytes``."""
    import zlib

    declared = response.headers.get("Content-Length")
    decoder = _decoder(url, response.headers.get("Content-Encoding"))
    if declared and declared.isdigit() and decoder is None and int(declared) > max_bytes:
        raise _too_big(url, max_bytes, int(declared))
    parts: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"{url} is sending too slowly (over the time allowed); try again later.",
                             url=url, transient=True)
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        if decoder is not None:
            try:
                # max_length bounds what one compressed chunk may expand to (a zip bomb).
                chunk = decoder.decompress(chunk, max_bytes - size + 1)
            except zlib.error:
                raise FetchError(f"{url} sent a corrupt compressed body; try again later.", url=url,
                                 transient=True) from None
            if decoder.unconsumed_tail:
                raise _too_big(url, max_bytes)
        size += len(chunk)
        if size > max_bytes:
            raise _too_big(url, max_bytes)
        parts.append(chunk)
    return b"".join(parts)


def _check_kind(result: FetchResult, expect: str | None) -> None:
    if expect is None or result.not_modified:
        return
    url, kind = result.final_url, result.content_type or "of no declared type"
    if expect == "html" and not result.is_html:
        if result.is_feed:
            raise FetchError(f"{url} is an RSS/Atom feed, not an article page; add it to the watch list as a feed.",
                             url=url)
        raise FetchError(f"{url} is {kind}, not an HTML page; pass the address of the article's web page.", url=url)
    if expect == "feed" and not result.is_feed:
        if result.is_html:
            raise FetchError(f"{url} is an HTML page, not an RSS/Atom feed; watch it as an article, or find the "
                             "feed address in the page's <link rel=\"alternate\">.", url=url)
        raise FetchError(f"{url} is {kind}, not an RSS/Atom feed; check the feed address.", url=url)


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = 10.0,
    deadline: float = 60.0,
    max_bytes: int = MAX_INPUT_BYTES,
    user_agent: str = USER_AGENT,
    expect: str | None = None,
) -> FetchResult:
    """GET ``url``, conditionally when ``etag``/``last_modified`` are given.

    ``timeout`` bounds connecting and each wait for data; ``deadline`` bounds the
    whole download. ``expect`` is ``"html"``, ``"feed"`` or None: with a value, a
    response of another kind raises :class:`FetchError`.
    """
    import http.client
    import urllib.error
    import urllib.request

    _check_url(url)
    url = ascii_url(url)
    headers = {
        "User-Agent": user_agent,
        "Accept": _ACCEPT.get(expect, "*/*"),
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    opener = _opener()
    started = time.monotonic()
    try:
        request = urllib.request.Request(url, headers=headers)
        with opener.open(request, timeout=timeout) as response:
            body = _read_body(response, url, max_bytes, started + deadline)
            status, final_url, message = response.status, response.geturl(), response.headers
    except urllib.error.HTTPError as error:
        with error:
            if error.code == 304:
                status, final_url, message, body = 304, error.geturl() or url, error.headers, b""
            else:
                # The standard phrase, not error.reason: urllib's redirect-loop
                # reason is a multi-line paragraph.
                raise _status_error(url, error.code, http.client.responses.get(error.code, "")) from None
    except urllib.error.URLError as error:
        raise _network_error(url, error.reason, timeout) from None
    except (http.client.InvalidURL, ValueError) as error:
        raise BadURL(f"{url!r} is not a valid URL ({error}); copy the address again.", url=url) from None
    except (TimeoutError, OSError, http.client.HTTPException) as error:
        raise _network_error(url, error, timeout) from None

    flat = {key.lower(): value for key, value in message.items()}
    content_type, charset = _content_type(message)
    result = FetchResult(
        url=url,
        final_url=final_url,
        status=status,
        headers=flat,
        body=body,
        content_type=content_type,
        charset=charset,
        etag=flat.get("etag") or (etag if status == 304 else None),
        last_modified=flat.get("last-modified") or (last_modified if status == 304 else None),
        not_modified=status == 304,
        elapsed=time.monotonic() - started,
    )
    _check_kind(result, expect)
    return result


def _content_type(message: Message) -> tuple[str | None, str | None]:
    # Message.get_content_type() answers text/plain when the header is missing;
    # a missing type must stay unknown so the body can be sniffed.
    if not message.get("Content-Type"):
        return None, None
    return message.get_content_type(), message.get_content_charset()
