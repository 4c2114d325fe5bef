"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds into entries: title, link, dates, id.

Parsed with the standard library's ElementTree rather than feedparser: the tool
needs four fields from well-known elements, and feedparser's tolerance for broken
feeds would hide the errors an editor should see. ElementTree does not fetch
external entities, and expat (2.4+) limits entity expansion, but a feed has no
business declaring entities at all, so a feed with an internal DTD subset or an
``<!ENTITY>`` declaration is refused before it is parsed ("billion laughs").
A bare ``<!DOCTYPE rss PUBLIC ...>`` line, as old RSS 0.91 feeds carry, is allowed.
The XML modules load on the first parse, not at import (about 10 ms).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Iterator

from factcheck.errors import InvalidInput
from factcheck.sources.files import MAX_INPUT_BYTES

if TYPE_CHECKING:  # pragma: no cover - typing only
    import xml.etree.ElementTree as ET

__all__ = ["Feed", "FeedEntry", "FeedError", "parse_feed"]

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


class FeedError(InvalidInput):
    "A feed that cannot be read: malformed XML, not a feed, or unsafe."


@dataclass(frozen=True)
class FeedEntry:
    """One story in a feed. ``id`` is the feed's own identifier (RSS ``guid``,
    Atom ``id``), else the link: it is what tells a new entry from a seen one."""

    title: str | None
    link: str | None
    published: datetime | None
    id: str
    updated: datetime | None = None


@dataclass(frozen=True)
class Feed:
    title: str | None
    link: str | None
    kind: str  # "rss", "rdf" or "atom"
    entries: list[FeedEntry] = field(default_factory=list)
    #: One line per entry that was skipped (a link no URL parser accepts).
    problems: list[str] = field(default_factory=list)


class _StopAtRoot(Exception):
    pass


class _UnsafeDeclaration(Exception):
    pass


def _refuse_declarations(data: bytes, where: str) -> None:
    """Scan the prolog (everything before the root element) for DTD declarations."""
    from xml.parsers import expat

    parser = expat.ParserCreate()

    def doctype(name: str, system_id: str | None, public_id: str | None, has_internal_subset: int) -> None:
        if has_internal_subset:
            raise _UnsafeDeclaration

    def entity(*args: object) -> None:
        raise _UnsafeDeclaration

    def root(name: str, attributes: dict[str, str]) -> None:
        raise _StopAtRoot

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.StartElementHandler = root
    try:
        parser.Parse(data, True)
    except _StopAtRoot:
        return
    except _UnsafeDeclaration:
        raise FeedError(
            f"{where} declares a DTD or entities, which feeds never need and which can be used to "
            "exhaust memory; refused, check the feed address."
        ) from None
    except expat.ExpatError as error:
        raise _malformed(where, expat.ErrorString(error.code), error.lineno, error.offset) from None
    raise FeedError(f"{where} has no XML elements; check the feed address.")


def _malformed(where: str, problem: str, line: int, column: int) -> FeedError:
    return FeedError(
        f"{where} is not well-formed XML ({problem} at line {line}, column {column + 1}); "
        "the feed is broken at the source, try again later or tell the publisher."
    )


_WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]+>")


def _text(element: ET.Element | None, *, markup: bool = False) -> str | None:
    """The element's text, white space collapsed; ``markup`` strips escaped HTML."""
    if element is None:
        return None
    text = "".join(element.itertext())
    if markup:
        text = html.unescape(_TAG.sub("", text))
    text = _WS.sub(" ", text).strip()
    return text or None


def _date(value: str | None) -> datetime | None:
    """RFC 822 (RSS) or ISO 8601 (Atom, Dublin Core); None for anything else."""
    from email.utils import parsedate_to_datetime

    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        try:
            parsed = datetime.fromisoformat(value.replace("z", "Z"))
        except ValueError:
            return None
    # Year 1 or 9999 is a CMS default, not a date: it is dropped (and would
    # overflow when converted to UTC).
    from factcheck.text.dates import EARLIEST_YEAR, LATEST_YEAR

    return parsed if EARLIEST_YEAR <= parsed.year <= LATEST_YEAR else None


class _BadLink(ValueError):
    def __init__(self, link: str) -> None:
        super().__init__(link)
        self.link = link


def _join(base: str | None, link: str | None) -> str | None:
    """``link`` resolved against ``base``; :class:`_BadLink` when it is not a URL."""
    from factcheck.sources.fetch import resolve_url

    joined = resolve_url(base, link)
    if link and joined is None:
        raise _BadLink(link)
    return joined


def _safe_join(base: str | None, link: str | None) -> str | None:
    "A feed-level link or base: a malformed one is ignored (entries carry their own)."
    try:
        return _join(base, link)
    except _BadLink:
        return None


def _skipped(where: str, title: str | None, link: str) -> str:
    named = f"entry {title!r}" if title else "an entry"
    return (f"{where}: {named} has a malformed link {link!r}; skipped it, the feed is broken at the source "
            "(tell the publisher).")


def _rss_items(items: list[ET.Element], base: str | None, where: str, problems: list[str]) -> Iterator[FeedEntry]:
    for item in items:
        title = _text(item.find("title")) or _text(item.find(f"{RSS1}title"))
        try:
            link = _join(base, _text(item.find("link")) or _text(item.find(f"{RSS1}link")) or item.get(f"{RDF}about"))
        except _BadLink as bad:
            problems.append(_skipped(where, html.unescape(title) if title else None, bad.link))
            continue
        guid = _text(item.find("guid"))
        published = _date(_text(item.find("pubDate"))) or _date(_text(item.find(f"{DC}date")))
        yield FeedEntry(
            title=html.unescape(title) if title else None,
            link=link,
            published=published,
            id=guid or link or title or "",
        )


def _atom_link(element: ET.Element, base: str | None) -> str | None:
    candidates = [
        link for link in element.findall(f"{ATOM}link") + element.findall("link")
        if link.get("rel", "alternate") == "alternate" and link.get("href")
    ]
    candidates.sort(key=lambda link: link.get("type", "text/html") != "text/html")
    return _join(base, candidates[0].get("href")) if candidates else None


def _atom(root: ET.Element, base: str | None, where: str) -> Feed:
    def find(element: ET.Element, name: str) -> ET.Element | None:
        found = element.find(f"{ATOM}{name}")
        return found if found is not None else element.find(name)

    def title_of(element: ET.Element) -> str | None:
        title = find(element, "title")
        return _text(title, markup=title is not None and title.get("type") == "html")

    base = _safe_join(base, root.get(XML_BASE)) or base
    entries = []
    problems: list[str] = []
    for entry in root.findall(f"{ATOM}entry") + root.findall("entry"):
        try:
            entry_base = _join(base, entry.get(XML_BASE)) or base
            link = _atom_link(entry, entry_base)
        except _BadLink as bad:
            problems.append(_skipped(where, title_of(entry), bad.link))
            continue
        updated = _date(_text(find(entry, "updated")))
        entries.append(FeedEntry(
            title=title_of(entry),
            link=link,
            published=_date(_text(find(entry, "published"))) or updated,
            id=_text(find(entry, "id")) or link or title_of(entry) or "",
            updated=updated,
        ))
    try:
        feed_link = _atom_link(root, base)
    except _BadLink:
        feed_link = None
    return Feed(title=title_of(root), link=feed_link, kind="atom", entries=entries, problems=problems)


def parse_feed(data: bytes, *, url: str | None = None, origin: str | None = None) -> Feed:
    """Parse an RSS or Atom feed. ``url`` is where it came from: relative links
    resolve against it. ``origin`` names the feed in errors (defaults to ``url``).

    Raises :class:`FeedError` with one line for malformed XML, unsafe
    declarations, HTML pages and XML documents that are not feeds.
    """
    where = origin or url or "the feed"
    if len(data) > MAX_INPUT_BYTES:
        raise FeedError(f"{where} is over the {MAX_INPUT_BYTES // 1048576} MB limit; check the feed address.")
    if not data.strip():
        raise FeedError(f"{where} is empty; check the feed address.")
    if re.match(rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)\b", data[:2048], re.I | re.S):
        raise FeedError(
            f"{where} is an HTML page, not an RSS/Atom feed; find the feed address in the page's "
            '<link rel="alternate">.'
        )
    import xml.etree.ElementTree as ET

    _refuse_declarations(data, where)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        line, column = error.position
        problem = re.sub(r": line \d+, column \d+$", "", str(error))
        if problem == "undefined entity":
            # Name it: "&nbsp;" in a feed is the usual culprit, and says what to report.
            lines = data.splitlines()
            found = re.match(rb"&[\w.#-]{1,32};", lines[line - 1][column:]) if 0 < line <= len(lines) else None
            problem += f" {found.group().decode('ascii', 'replace')}" if found else ""
        raise _malformed(where, problem, line, column) from None

    if root.tag == "rss":
        channel = root.find("channel")
        if channel is None:
            raise FeedError(f"{where} is an RSS document without a <channel>; the feed is broken at the source.")
        link = _text(channel.find("link"))
        base = url or _safe_join(None, link)
        problems: list[str] = []
        return Feed(
            title=_text(channel.find("title")),
            link=_safe_join(url, link),
            kind="rss",
            entries=list(_rss_items(channel.findall("item"), base, where, problems)),
            problems=problems,
        )
    if root.tag == f"{RDF}RDF":
        channel = root.find(f"{RSS1}channel")
        link = _text(channel.find(f"{RSS1}link")) if channel is not None else None
        problems = []
        return Feed(
            title=_text(channel.find(f"{RSS1}title")) if channel is not None else None,
            link=_safe_join(url, link),
            kind="rdf",
            entries=list(_rss_items(root.findall(f"{RSS1}item"), url or _safe_join(None, link), where, problems)),
            problems=problems,
        )
    if root.tag in (f"{ATOM}feed", "feed"):
        return _atom(root, url, where)
    name = root.tag.rsplit("}", 1)[-1]
    raise FeedError(f"{where} is XML but not an RSS or Atom feed (its root element is <{name}>); check the feed address.")
