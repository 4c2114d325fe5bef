"""Article pages to article text: headline, byline, dates, body paragraphs, captions.

The body comes from trafilatura, the best-kept open extractor for news pages, or
from a CSS selector the editor names when trafilatura gets a site wrong. Everything
else comes from the page's own metadata first, because publishers maintain it for
search engines and it is more reliable than any heuristic:

========== ===================================================================
field      first of
========== ===================================================================
headline   JSON-LD ``headline``; the page's single ``<h1>``; ``og:title``;
           trafilatura's title
byline     JSON-LD ``author``; ``<meta name=author>`` and kin; the visible
           byline; trafilatura's author
published  JSON-LD ``datePublished``; ``article:published_time``; a
           ``<time>`` marked as published (never a date guessed from the
           body text; a date outside 1800-2200 is ignored)
modified   JSON-LD ``dateModified``; ``article:modified_time``;
           ``og:updated_time``
canonical  ``<link rel=canonical>``; ``og:url``; JSON-LD ``url`` or
           ``mainEntityOfPage``; the URL the page was fetched from
outlet     JSON-LD ``publisher.name``; ``og:site_name``; trafilatura's site name
========== ===================================================================

The ``<h1>`` comes before ``og:title`` because Open Graph titles are written for
social cards and are often shortened; the headline readers see is the one a
correction is about.

Captions come from ``<figure>``/``<figcaption>`` in the page (trafilatura drops
them), with the credit split off so that :meth:`ExtractedArticle.to_text` can
write it in the ``((Credit))`` form :func:`factcheck.text.segmentation.segment` recognises.

trafilatura and lxml are imported inside the functions that use them: importing
trafilatura costs about 170 ms, and the CLI must start fast.
"""

from __future__ import annotations

import codecs
import copy
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from factcheck.errors import InvalidInput
from factcheck.sources.files import MAX_INPUT_BYTES

if TYPE_CHECKING:  # pragma: no cover - typing only
    from lxml.html import HtmlElement

__all__ = ["ExtractedArticle", "decode_html", "extract_article"]


@dataclass(frozen=True)
class ExtractedArticle:
    """What one article page says, as the tool stores and compares it.

    ``paragraphs`` may be empty when extraction failed: the caller decides whether
    that is acceptable (``add-revision`` refuses it without ``--force``).
    ``captions`` pairs each caption with its credit (``None`` when the page gives
    none). ``extractor`` says where the body came from: ``"trafilatura"`` or
    ``"selector"``; ``encoding`` is the character encoding the page was read in.
    """

    headline: str | None
    byline: str | None
    published: datetime | None
    modified: datetime | None
    paragraphs: list[str]
    captions: list[tuple[str, str | None]] = field(default_factory=list)
    canonical_url: str | None = None
    outlet: str | None = None
    extractor: str = "trafilatura"
    encoding: str = "utf-8"

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)

    def to_text(self) -> str:
        """Plain text that :func:`factcheck.text.segmentation.segment` reads back into roles.

        The headline, then the body paragraphs, then each credited caption as
        ``caption ((Credit))``, all separated by blank lines. Captions go last so
        that a photo swapped in or out never shifts the body's paragraph numbers.
        A caption without a credit is left out of the text: ``segment`` would
        take it for a body paragraph, and a photo change is not a text change.
        """
        blocks: list[str] = []
        if self.headline:
            blocks.append(self.headline)
        blocks.extend(self.paragraphs)
        for caption, credit in self.captions:
            if credit:
                blocks.append(f"{caption} (({credit}))")
        return "\n\n".join(blocks) + "\n"


# --------------------------------------------------------------------------- decoding

# The WHATWG Encoding Standard maps these labels to windows-1252, and browsers
# follow it: pages labelled Latin-1 routinely use curly quotes from 0x80-0x9F.
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def _codec_for(label: str | None) -> str | None:
    """The Python codec for an encoding label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, *, charset: str | None = None) -> tuple[str, str]:
    """Decode page bytes: byte-order mark, then the HTTP charset, then ``<meta
    charset>``, then UTF-8, then windows-1252 (what browsers assume for an
    undeclared Western page). Returns the text and the codec used.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    declared = _codec_for(charset)
    if declared is None:
        # Browsers look for <meta charset> in the first 1024 bytes; be generous.
        match = _META_CHARSET.search(data[:4096])
        declared = _codec_for(match.group(1).decode("ascii", "replace")) if match else None
    for codec in (declared, "utf-8"):
        if codec is None:
            continue
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    # Neither the declaration nor UTF-8 fits: the commonest real case is a
    # windows-1252 page declared (or defaulted) as UTF-8.
    return data.decode("cp1252", errors="replace"), "cp1252"


_LOOKS_LIKE_HTML = re.compile(
    r"<(?:!doctype\s+html|html|head|body|article|main|div|p|h1|meta|title|section|span)\b", re.I
)
_LOOKS_LIKE_FEED = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.I | re.S)


def _refuse_non_html(data: bytes, text: str, where: str) -> None:
    if len(data) > MAX_INPUT_BYTES:
        raise InvalidInput(
            f"{where} is {len(data) / 1048576:.1f} MB, over the {MAX_INPUT_BYTES // 1048576} MB "
            "limit for one article page; pass the article page, not an archive."
        )
    if not text.strip():
        raise InvalidInput(f"{where} is empty; pass the HTML of the article page.")
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InvalidInput(f"{where} looks binary (it contains NUL bytes), not HTML; pass the article page.")
    head = text[:4096]
    if _LOOKS_LIKE_FEED.match(head):
        raise InvalidInput(
            f"{where} is an RSS/Atom feed, not an article page; watch the feed or pass one of its articles."
        )
    if not head.lstrip().startswith("<") or not _LOOKS_LIKE_HTML.search(text[:65536]):
        kind = "JSON" if head.lstrip()[:1] in "{[" else "PDF" if head.startswith("%PDF") else "not HTML"
        raise InvalidInput(
            f"{where} is {kind}, not an HTML page; pass the article's web page or its saved .html file."
        )


def _parse(text: str, where: str) -> HtmlElement:
    from lxml import etree
    from lxml.html import document_fromstring

    # lxml refuses str input that still carries an XML encoding declaration
    # (XHTML pages); the text is already decoded, so the declaration is moot.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    try:
        return document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise InvalidInput(f"{where} could not be parsed as HTML ({error}); pass the article page.") from None


# --------------------------------------------------------------------------- text helpers

_WS = re.compile(r"\s+")


def _clean(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def _element_text(element: Any) -> str:
    return _clean(" ".join(element.itertext()))


def _same(a: str, b: str) -> bool:
    return _clean(a).casefold() == _clean(b).casefold()


# --------------------------------------------------------------------------- metadata


def _parse_date(value: Any) -> datetime | None:
    """ISO 8601 (what JSON-LD and Open Graph use) or RFC 2822; None if neither."""
    from email.utils import parsedate_to_datetime

    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return parsed if _plausible(parsed) else None


def _plausible(moment: datetime | None) -> bool:
    "A date a page may declare as its publication: not year 1 or 9999 (template defaults, typos)."
    from factcheck.text.dates import check_publication_date
    from factcheck.errors import InvalidInput

    try:
        check_publication_date(moment.date() if moment else None, "the page's date")
    except InvalidInput:
        return False
    return moment is not None


def _join_names(names: Iterable[str]) -> str | None:
    unique: list[str] = []
    for name in names:
        name = re.sub(r"^by\s+", "", _clean(name), flags=re.I)
        if name and not name.startswith(("http://", "https://")) and name not in unique:
            unique.append(name)
    if not unique:
        return None
    if len(unique) == 1:
        return unique[0]
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def _names(value: Any) -> Iterator[str]:
    """Names from a JSON-LD author/publisher value: a string, an object, or a list."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        if isinstance(value.get("name"), str):
            yield value["name"]
    elif isinstance(value, list):
        for item in value:
            yield from _names(item)


def _json_ld_nodes(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    import json

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            # strict=False: publishers leave raw newlines inside JSON strings.
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue  # a broken JSON-LD block is the publisher's bug, not a reason to fail
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(reversed(node))
            elif isinstance(node, dict):
                yield node
                if "@graph" in node:
                    stack.append(node["@graph"])


def _article_node(tree: HtmlElement) -> dict[str, Any]:
    """The page's JSON-LD article object, preferring a NewsArticle type."""
    best: tuple[int, dict[str, Any]] | None = None
    for node in _json_ld_nodes(tree):
        types = node.get("@type")
        types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
        rank = 0
        for kind in types:
            if not isinstance(kind, str):
                continue
            if kind.endswith("NewsArticle"):
                rank = max(rank, 3)
            elif kind in ("Article", "Report", "BlogPosting", "LiveBlogPosting"):
                rank = max(rank, 2)
        if rank and (best is None or rank > best[0]):
            best = (rank, node)
    return best[1] if best else {}


def _meta(tree: HtmlElement, *keys: str) -> str | None:
    """The first non-empty ``<meta property|name=key content>`` among ``keys``."""
    for key in keys:
        for element in tree.xpath(
            "//meta[translate(@property, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')=$k"
            " or translate(@name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')=$k]",
            k=key,
        ):
            content = _clean(element.get("content"))
            if content:
                return content
    return None


def _first(*values: Any) -> Any:
    for value in values:
        if value:
            return value
    return None


def _url_of(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _first(value.get("@id"), value.get("url"))
    return None


def _visible_headline(tree: HtmlElement) -> str | None:
    headings = [h for h in tree.xpath("//h1") if _element_text(h)]
    return _element_text(headings[0]) if len(headings) == 1 else None


def _title_headline(tree: HtmlElement) -> str | None:
    """The ``<title>`` without the site name: its longest part around " | " or " - "."""
    title = _clean(_first(*tree.xpath("//title/text()")))
    parts = [p for p in re.split(r"\s+[|\-\u2013\u2014:]\s+", title) if p]
    return max(parts, key=len) if parts else None


def _visible_byline(tree: HtmlElement) -> str | None:
    authors = [_element_text(a) for a in tree.xpath('//a[@rel="author"] | //*[@itemprop="author"]')]
    if authors:
        return _join_names(authors)
    for element in tree.xpath(
        '//*[contains(concat(" ", normalize-space(@class), " "), " byline ")'
        ' or contains(@class, "byline__name") or contains(@class, "author-name")]'
    ):
        text = _element_text(element)
        if text and len(text.split()) <= 12:
            # "By Priya Natarajan · Interior Daily News · Posted: ..." -> the name part.
            return _join_names([re.split(r"\s+[·|•]\s+|\s+\u2014\s+|,\s+(?=Posted|Updated|Published)", text)[0]])
    return None


def _visible_time(tree: HtmlElement, *classes: str) -> datetime | None:
    for element in tree.xpath("//time[@datetime]"):
        marks = f"{element.get('class', '')} {element.get('itemprop', '')} {' '.join(element.keys())}".lower()
        if any(c in marks for c in classes):
            return _parse_date(element.get("datetime"))
    return None


@dataclass
class _Metadata:
    headline: str | None
    byline: str | None
    published: datetime | None
    modified: datetime | None
    canonical_url: str | None
    outlet: str | None


def _resolved(base: str | None, link: str | None) -> str | None:
    from factcheck.sources.fetch import resolve_url

    return resolve_url(base, link)


def _page_metadata(tree: HtmlElement, url: str | None) -> _Metadata:
    node = _article_node(tree)
    canonical = _first(
        _resolved(url, _clean(_first(*tree.xpath('//link[@rel="canonical"]/@href')))),
        _resolved(url, _meta(tree, "og:url")),
        _resolved(url, _url_of(node.get("url"))),
        _resolved(url, _url_of(node.get("mainEntityOfPage"))),
    )
    return _Metadata(
        headline=_first(_clean(node.get("headline") if isinstance(node.get("headline"), str) else ""),
                        _visible_headline(tree), _meta(tree, "og:title"), _title_headline(tree)),
        byline=_first(
            _join_names(_names(node.get("author"))),
            _join_names(filter(None, [_meta(tree, "author", "byl", "parsely-author", "sailthru.author", "dc.creator")])),
            _join_names(filter(None, [_meta(tree, "article:author")])),
            _visible_byline(tree),
        ),
        published=_first(
            _parse_date(node.get("datePublished")),
            _parse_date(_meta(tree, "article:published_time", "datepublished", "pubdate")),
            _visible_time(tree, "publish", "pubdate", "datepublished"),
        ),
        modified=_first(
            _parse_date(node.get("dateModified")),
            _parse_date(_meta(tree, "article:modified_time", "og:updated_time", "datemodified")),
            _visible_time(tree, "update", "modified"),
        ),
        canonical_url=canonical or url,
        outlet=_first(_join_names(_names(node.get("publisher"))), _meta(tree, "og:site_name")),
    )


# --------------------------------------------------------------------------- noise

# Boxes that sit inside or beside the story on news sites and must never reach the
# body: related links, share bars, newsletter and subscription promos, comments.
# Matched on class and id; "share" and "comment" are deliberately loose.
_NOISE_NAME = re.compile(
    r"related|share|social|newsletter|subscribe|signup|sign-up|promo|comment|disqus|"
    r"read-?more|recommend|most-?read|trending|outbrain|taboola|advert|sponsor|breadcrumb|tags",
    re.I,
)
_NOISE_TAGS = ("aside", "nav", "footer", "form", "button", "script", "style", "noscript", "iframe", "template")
# Lines that are furniture whatever markup they sit in.
_NOISE_LINE = re.compile(
    r"^(?:read more\b|related\s*:|see also\s*:|sign up\b|subscribe\b|share (?:this|on)\b|"
    r"advertisement$|click here\b|follow us\b|\(?story continues below\b)",
    re.I,
)


def _is_noise_container(element: Any) -> bool:
    if not isinstance(element.tag, str):
        return False
    if element.tag in _NOISE_TAGS:
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(names.strip()) and bool(_NOISE_NAME.search(names))


def _noise_judge(root: Any) -> Any:
    """A test for noise boxes within ``root``.

    A container that holds most of the paragraphs is not noise, whatever its
    class says ("story shareable", "has-comments"): sparing it keeps the body
    from vanishing.
    """
    paragraph_count = max(len(root.xpath(".//p")), 1)

    def is_noise(element: Any) -> bool:
        if not _is_noise_container(element):
            return False
        return element.tag in _NOISE_TAGS or len(element.xpath(".//p")) * 2 <= paragraph_count

    return is_noise


def _noise_texts(tree: HtmlElement) -> set[str]:
    """Texts of blocks inside noise boxes, to strike from an extracted body."""
    is_noise = _noise_judge(tree)
    texts: set[str] = set()
    for element in tree.iter():
        if element.tag in ("script", "style", "template") or not is_noise(element):
            continue
        for block in element.iter("p", "li", "a", "h2", "h3", "h4", "span", "div"):
            text = _element_text(block).casefold()
            if text:
                texts.add(text)
    return texts


# --------------------------------------------------------------------------- captions

_CREDIT_CLASS = re.compile(r"credit|copyright|photographer|byline|source|attribution", re.I)
# "(AP Photo/Evan Vucci)", "(Reuters)", "(Getty Images)" at the end of a caption.
_TRAILING_CREDIT = re.compile(
    r"\s*\(((?:AP|CP|AFP|Reuters|Getty|Photo|Image|Credit)[^()]{0,78}|"
    r"[^()]{1,60}(?:Photo|Press|Images|Pictures|Reuters|AFP))\)\s*$"
)
_LABELLED_CREDIT = re.compile(r"\s*(?:photo|photograph|image|credit)s?\s*(?:by|:)\s*([^.]{2,80})\.?\s*$", re.I)


def _tidy_credit(credit: str) -> str | None:
    # segment() reads credits as "((...))" with no parentheses inside.
    credit = _clean(re.sub(r"^(?:photo|photograph|image|credit)s?\s*(?:by|:)\s*", "", credit.strip(" ()"), flags=re.I))
    credit = credit.replace("(", "").replace(")", "")
    return credit[:80] or None


def _split_caption(figcaption: Any) -> tuple[str, str | None]:
    """A figcaption as (caption, credit): a marked-up credit element first, else a
    credit written at the end of the caption text."""
    caption = _element_text(figcaption)
    for element in figcaption.iterdescendants():
        marks = f"{element.get('class', '')} {element.get('itemprop', '')}"
        if element.tag in ("cite", "small") or _CREDIT_CLASS.search(marks):
            credit_text = _element_text(element)
            return _clean(caption.replace(credit_text, "", 1)), _tidy_credit(credit_text)
    for pattern in (_TRAILING_CREDIT, _LABELLED_CREDIT):
        match = pattern.search(caption)
        if match and match.start() > 0:
            return caption[: match.start()].rstrip(), _tidy_credit(match.group(1))
    return caption, None


def _captions(tree: HtmlElement, scope: list[Any] | None) -> list[tuple[str, str | None]]:
    """Captions of the story's figures, not of thumbnails in promos or sidebars."""
    roots = scope or tree.xpath("//article") or [tree]
    is_noise = _noise_judge(tree)
    seen: set[str] = set()
    captions: list[tuple[str, str | None]] = []
    for root in roots:
        for figcaption in root.xpath(".//figure//figcaption"):
            if any(is_noise(a) for a in figcaption.iterancestors()):
                continue
            caption, credit = _split_caption(figcaption)
            if caption and caption not in seen:
                seen.add(caption)
                captions.append((caption, credit))
    return captions


# --------------------------------------------------------------------------- body

_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "blockquote", "pre", "dd", "dt", "dl", "table", "tr", "td", "th", "header", "figure", "hr",
}


def _paragraphs_of(element: Any) -> list[str]:
    """Paragraph texts of an element: block elements and ``<br><br>`` runs split them."""
    pieces: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "br":
            pieces.append("\n")
        elif tag in _BLOCK_TAGS:
            pieces.append("\n\n")
        if tag and tag not in _NOISE_TAGS:
            pieces.append(node.text or "")
            for child in node:
                walk(child)
        if tag in _BLOCK_TAGS:
            pieces.append("\n\n")
        pieces.append(node.tail or "")

    walk(element)
    pieces.pop()  # the element's own tail lies outside it
    text = "".join(pieces)
    return [p for p in (_clean(chunk) for chunk in re.split(r"\n\s*\n", text)) if p]


def _selected(tree: HtmlElement, selector: str, where: str) -> list[Any]:
    try:
        from lxml.cssselect import CSSSelector, SelectorError
    except ImportError:
        raise InvalidInput("--selector needs the cssselect package; install it with: pip install cssselect") from None
    try:
        matcher = CSSSelector(selector)
    except SelectorError as error:
        raise InvalidInput(f"--selector {selector!r} is not a valid CSS selector ({error}); fix it and retry.") from None
    found = matcher(tree)
    if not found:
        raise InvalidInput(
            f"--selector {selector!r} matches nothing in {where}; check it with the browser's inspector."
        )
    # A selector that matches both a container and its children would repeat text.
    return [e for e in found if not any(a in found for a in e.iterancestors())]


def _selector_body(tree: HtmlElement, selector: str, where: str) -> tuple[list[str], list[Any]]:
    roots = _selected(tree, selector, where)
    paragraphs: list[str] = []
    for root in roots:
        root = copy.deepcopy(root)
        is_noise = _noise_judge(root)
        # Figures become captions and promo boxes are never body, even inside the selection.
        doomed = [e for e in root.iter() if e is not root and (e.tag == "figure" or is_noise(e))]
        for element in doomed:
            if element.getparent() is not None:
                element.drop_tree()
        # A block that is nothing but one link is navigation: a section label, "Read more".
        link_texts = {_element_text(a) for a in root.iter("a")}
        paragraphs.extend(p for p in _paragraphs_of(root) if p not in link_texts)
    return paragraphs, roots


def _trafilatura_body(tree: HtmlElement, url: str | None) -> tuple[list[str], Any]:
    import trafilatura

    # trafilatura cleans the tree it is given in place; ours is still needed.
    document = trafilatura.bare_extraction(
        copy.deepcopy(tree),
        url=url,
        include_comments=False,
        include_tables=False,  # linearised tables make noisy paragraphs; --selector can include them
        include_images=False,
        favor_precision=True,  # a missing sentence is better than a share bar in the body
        with_metadata=True,
    )
    if document is None or document.body is None:
        return [], document
    paragraphs: list[str] = []
    for element in document.body:
        if element.tag == "list":
            paragraphs.extend(t for t in (_element_text(item) for item in element.iter("item")) if t)
        elif element.tag in ("p", "head", "quote", "code"):
            paragraphs.append(_element_text(element))
    return [p for p in paragraphs if p], document


# "By Tom Lindqvist, Staff Writer": a byline printed as a line of the body.
_BYLINE_LINE = re.compile(r"^by\s+([^,]{2,60}?)\s*(?:,.*)?$", re.I)


def _byline_line(paragraphs: list[str]) -> tuple[int, str] | None:
    """Index and names of a byline among the first lines of a body, if there is one."""
    for index, paragraph in enumerate(paragraphs[:3]):
        match = _BYLINE_LINE.match(paragraph)
        if match and len(paragraph.split()) <= 12 and not _TERMINAL_SENTENCE.search(paragraph):
            return index, re.sub(r"\s+(?:and|&)\s+", " and ", match.group(1))
    return None


_TERMINAL_SENTENCE = re.compile(r"[.!?][\"'\u201d\u2019]?$")


def _strip_furniture(
    paragraphs: list[str], *, headline: str | None, byline: str | None,
    captions: list[tuple[str, str | None]], noise: set[str],
) -> list[str]:
    furniture = {c.casefold() for c, _ in captions}
    furniture.update(f"{c} {r}".casefold() for c, r in captions if r)
    if headline:
        furniture.add(_clean(headline).casefold())
    kept: list[str] = []
    for paragraph in paragraphs:
        folded = paragraph.casefold()
        if folded in furniture or folded in noise or _NOISE_LINE.match(paragraph):
            continue
        if byline and len(paragraph.split()) <= 15 and folded.startswith("by ") and byline.split()[0].casefold() in folded:
            continue
        kept.append(paragraph)
    return kept


def extract_article(
    html: str | bytes,
    *,
    url: str | None = None,
    selector: str | None = None,
    charset: str | None = None,
    origin: str | None = None,
) -> ExtractedArticle:
    """Extract an article from its page.

    ``html`` is the page as bytes (decoded by ``charset`` from the HTTP header,
    then ``<meta charset>``, then UTF-8) or as text. ``url`` is where it came
    from, used to resolve relative links. ``selector`` is a CSS selector for the
    body, for sites where automatic extraction fails. ``origin`` names the input
    in error messages (a file path); it defaults to the URL.

    Raises :class:`~factcheck.errors.InvalidInput` for input that is not an HTML
    page, and for a selector that is invalid or matches nothing.
    """
    where = origin or url or "the page"
    if isinstance(html, bytes):
        data = html
        text, encoding = decode_html(html, charset=charset)
    else:
        data = html.encode("utf-8", errors="replace")
        text, encoding = html, "utf-8"
    _refuse_non_html(data, text, where)
    tree = _parse(text, where)

    meta = _page_metadata(tree, url)
    scope: list[Any] | None = None
    if selector:
        paragraphs, scope = _selector_body(tree, selector, where)
        fallback = None
        extractor = "selector"
    else:
        paragraphs, fallback = _trafilatura_body(tree, url)
        extractor = "trafilatura"

    headline = _first(meta.headline, _clean(getattr(fallback, "title", None)))
    byline = _first(meta.byline, _join_names((getattr(fallback, "author", None) or "").split(";")))
    printed_byline = _byline_line(paragraphs)
    if printed_byline:
        index, names = printed_byline
        del paragraphs[index]
        byline = byline or names
    captions = _captions(tree, scope)
    paragraphs = _strip_furniture(
        paragraphs, headline=headline, byline=byline, captions=captions,
        noise=set() if selector else _noise_texts(tree),
    )
    return ExtractedArticle(
        headline=headline,
        byline=byline,
        # Only a date the page declares (JSON-LD, meta tags, a <time> marked as
        # published). Not trafilatura's: it guesses from the body text, and "since
        # 2002" became a publication date of 2002-01-01.
        published=meta.published,
        modified=meta.modified,
        paragraphs=paragraphs,
        captions=captions,
        canonical_url=meta.canonical_url or _resolved(None, _first(getattr(fallback, "url", None))),
        outlet=_first(meta.outlet, _clean(getattr(fallback, "sitename", None))),
        extractor=extractor,
        encoding=encoding,
    )
