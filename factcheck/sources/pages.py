"""Article input from the web: a saved HTML page or a URL becomes a revision's input.

``add-revision`` and ``watch`` both come through here, so a page read from a file,
fetched once, or fetched by the watch loop is extracted, guarded and stored the
same way. This is its own module rather than part of :mod:`factcheck.sources.files`
because ``ingest`` is the bottom layer that ``html``, ``fetch`` and ``feeds``
import for their size limit; putting page extraction there would make it import
them back.

What the caller gets is a :class:`PageInput`: the :class:`~factcheck.sources.files.RawInput`
to store (the extracted text, the origin, and the page's own bytes so the raw HTML
is kept with the revision) and the metadata the page gives for ``--url``,
``--title`` and ``--published`` when the editor did not give them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.errors import InvalidInput
from factcheck.sources.files import RawInput, decode_text, read_bytes

if TYPE_CHECKING:  # pragma: no cover - typing only
    from factcheck.sources.fetch import FetchResult
    from factcheck.sources.html import ExtractedArticle

__all__ = ["EmptyBody", "PageInput", "input_kind", "is_url", "load_input", "page_input"]

_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
# Any "scheme://" is meant as an address; only http(s) are fetched, the rest are
# refused by fetch's URL check with a message that says so.
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


class EmptyBody(InvalidInput):
    "A page whose extraction found no article body."


@dataclass(frozen=True)
class PageInput:
    """What to store, and what the page says about itself (None when it says nothing
    or the input was plain text)."""

    raw: RawInput
    url: str | None = None
    title: str | None = None
    published: date | None = None
    article: ExtractedArticle | None = None


def is_url(source: str) -> bool:
    return bool(_URL.match(source.strip()))


def input_kind(source: str, head: bytes = b"") -> str:
    """``"url"``, ``"html"`` or ``"text"``: by the address, the file's extension,
    then the first bytes (a page saved without ``.html`` still starts like one)."""
    if is_url(source):
        return "url"
    if Path(source).suffix.lower() in _HTML_SUFFIXES:
        return "html"
    return "html" if _HTML_START.match(head[:4096]) else "text"


def page_input(
    data: bytes,
    *,
    origin: str,
    url: str | None = None,
    charset: str | None = None,
    selector: str | None = None,
    force: bool = False,
) -> PageInput:
    """Extract the article from page bytes; refuse an empty body unless ``force``.

    An empty body is almost always a page the extractor does not understand (a
    JavaScript shell, a consent wall, a redesign), not a story that lost its text:
    storing it would show every sentence as removed.
    """
    from factcheck.sources.html import extract_article

    article = extract_article(data, url=url, selector=selector, charset=charset, origin=origin)
    if not article.paragraphs and not force:
        hint = "check the selector" if selector else "name the body with --selector CSS"
        raise EmptyBody(
            f"no article body found in {origin}; {hint}, or pass --force to store the headline alone."
        )
    return PageInput(
        raw=RawInput(article.to_text(), origin, data),
        url=article.canonical_url or url,
        title=article.headline,
        published=article.published.date() if article.published else None,
        article=article,
    )


def load_input(
    source: str, *, selector: str | None = None, force: bool = False, fetcher: Any = None
) -> PageInput:
    """Read ``source``: a URL (fetched), an HTML file, a text file, or ``-``."""
    if is_url(source):
        if fetcher is None:
            from factcheck.sources.fetch import fetch as fetcher
        result: FetchResult = fetcher(source, expect="html")
        return page_input(result.body, origin=source, url=result.final_url, charset=result.charset,
                          selector=selector, force=force)
    data = read_bytes(source)
    if input_kind(source, data) == "text":
        if selector:
            raise InvalidInput(f"--selector applies to HTML pages and {_name(source)} is plain text; drop --selector.")
        return PageInput(RawInput(decode_text(data, source), source, data))
    return page_input(data, origin=source, selector=selector, force=force)


def _name(source: str) -> str:
    return "standard input" if source == "-" else source
