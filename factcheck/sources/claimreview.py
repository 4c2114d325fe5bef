"""Reading schema.org ClaimReview: other fact-checkers' published work.

Fact-checkers publish ClaimReview in several shapes, and all of them are read here:
a single object, a JSON list, an ``@graph``, a ``DataFeed`` whose
``dataFeedElement`` holds ``DataFeedItem``s (the feed form Google asks for), JSON
Lines (one document a line, as dumps come), and JSON-LD embedded in an HTML page
(``<script type="application/ld+json">``).

:func:`read_claimreviews` turns the bytes into :class:`Review` values and a list
of :class:`Skipped` items with the reason each one cannot be used. It stores
nothing: the caller decides, and refuses the whole import when the input as a
whole is unusable (not JSON, no ClaimReview in it, too many items).

Ratings are kept as published (``alternateName``, ``ratingValue`` on the review's
own ``worstRating``..``bestRating`` scale) and mapped to one of the ledger's
verdicts, so that a finding can say how serious a match is. A rating that says
neither a known word nor a value on its scale is an unknown rating: skipped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator

from factcheck.errors import InvalidInput

__all__ = [
    "MAX_FEED_BYTES", "MAX_REVIEWS", "Review", "ReviewFeed", "Skipped",
    "parse_claimreviews", "read_claimreviews", "verdict_for",
]

#: Largest file or download read: a national fact-checker's full feed (about
#: 30,000 reviews at ~1.5 kB) fits several times over.
MAX_FEED_BYTES = 200 * 1024 * 1024
#: Reviews one import takes. Past this the import is one long transaction that
#: holds the database for minutes; a feed that large should be split.
MAX_REVIEWS = 50_000

# Rating words fact-checkers publish (Google's ClaimReview guide, IFCN members:
# PolitiFact, Snopes, AFP, AAP, Full Fact, FactCheck.org, Washington Post) ->
# the ledger's verdict. Compared after folding case and punctuation.
_RATING_WORDS: dict[str, str] = {}
for _verdict, _words in {
    "false": "false|fake|pants on fire|pants on fire!|incorrect|wrong|untrue|not true|hoax|fabricated|"
             "four pinocchios|baseless|scam|fake news|debunked|no evidence|not real|false claim|"
             "misattributed|miscaptioned|altered|doctored|manipulated|satire|labeled satire|"
             "originated as satire|legend|lost legend|fiction|bogus|totally false|mostly fabricated",
    "mostly-false": "mostly false|three pinocchios|largely false|mainly false|mostly incorrect|exaggerated|"
                    "exaggeration|overstated|inaccurate|partly false|partially false",
    "misleading": "misleading|missing context|lacks context|needs context|distorts the facts|cherry picks|"
                  "out of context|spins the facts|half flip|flip flop|full flop|deceptive",
    "mixture": "mixture|mixed|half true|half-true|two pinocchios|partly true|partially true|"
               "mostly accurate|some truth|true but|mixed bag",
    "unproven": "unproven|unsupported|unverified|unfounded|unsubstantiated|research in progress|"
                "undetermined|no proof|uncertain|unclear|not proven|cannot be verified|disputed",
    "outdated": "outdated|out of date|no longer true",
    "mostly-true": "mostly true|one pinocchio|largely true|mostly correct|largely accurate|broadly correct",
    "true": "true|correct|accurate|correct attribution|correct attribution!|verified|geppetto checkmark|"
            "real|confirmed|legit|no flip",
}.items():
    for _word in _words.split("|"):
        _RATING_WORDS[re.sub(r"[^a-z0-9]+", " ", _word.lower()).strip()] = _verdict

# A rating value's place on its scale (0 worst .. 1 best) -> verdict, for ratings
# whose word is unknown but whose value says where they stand.
_SCALE = ((0.125, "false"), (0.375, "mostly-false"), (0.625, "mixture"), (0.875, "mostly-true"), (1.0, "true"))


@dataclass(frozen=True)
class Review:
    """One ClaimReview as the ledger keeps it."""

    url: str
    claim: str
    publisher: str | None
    rating: str | None  # the alternateName readers see
    rating_value: float | None
    best_rating: float | None
    worst_rating: float | None
    verdict: str  # the ledger's verdict the rating maps to
    reviewed: date | None
    title: str | None = None
    claim_author: str | None = None
    claim_date: date | None = None
    appearance: str | None = None

    def columns(self) -> dict[str, Any]:
        """The ``known_factchecks`` columns of this review."""
        return dict(
            url=self.url, claim_text=self.claim, title=self.title, publisher=self.publisher,
            rating=self.rating, rating_value=self.rating_value, best_rating=self.best_rating,
            worst_rating=self.worst_rating, verdict=self.verdict, reviewed=self.reviewed,
            claim_author=self.claim_author, claim_date=self.claim_date, appearance=self.appearance,
        )


@dataclass(frozen=True)
class Skipped:
    """An item that is not imported: where it was (1-based) and why."""

    position: int
    url: str | None
    reason: str

    def line(self) -> str:
        where = f"item {self.position}" + (f" ({self.url})" if self.url else "")
        return f"skipped {where}: {self.reason}"


@dataclass(frozen=True)
class ReviewFeed:
    reviews: list[Review]
    skipped: list[Skipped]


class _Unusable(Exception):
    """One review that cannot be imported; the message is the reason."""


def verdict_for(rating: str | None, value: float | None, best: float | None, worst: float | None) -> str:
    """The ledger's verdict for a published rating; :class:`_Unusable` when the
    rating is out of its own scale or says nothing the ledger can place."""
    best_v = 5.0 if best is None else best
    worst_v = 1.0 if worst is None else worst
    if value is not None:
        if best_v == worst_v:
            raise _Unusable(f"its rating scale is empty (bestRating and worstRating are both {best_v:g})")
        low, high = sorted((worst_v, best_v))
        if not low <= value <= high:
            raise _Unusable(f"ratingValue {value:g} is outside its own scale {worst_v:g}-{best_v:g}")
    if rating:
        word = re.sub(r"[^a-z0-9]+", " ", rating.lower()).strip()
        if word in _RATING_WORDS:
            return _RATING_WORDS[word]
    if value is not None:
        place = (value - worst_v) / (best_v - worst_v)
        return next(verdict for bound, verdict in _SCALE if place <= bound)
    if rating:
        raise _Unusable(f"rating {rating!r} is unknown and has no ratingValue on a scale; "
                        "give ratingValue with bestRating and worstRating")
    raise _Unusable("it has no reviewRating (alternateName or ratingValue)")


# ---------------------------------------------------------------------- reading


def read_claimreviews(data: bytes, origin: str, *, content_type: str | None = None) -> ReviewFeed:
    """The reviews in ``data`` (a file's or a download's bytes); :class:`InvalidInput`
    when the input as a whole cannot be used, so nothing of it is imported."""
    if len(data) > MAX_FEED_BYTES:
        raise InvalidInput(f"{origin} is {len(data) / 1048576:.0f} MB, over the {MAX_FEED_BYTES // 1048576} MB "
                           "limit for one import; split the feed into smaller files.")
    if not data.strip():
        raise InvalidInput(f"{origin} is empty; pass a ClaimReview JSON-LD file, feed or page.")
    if b"\x00" in data[:8192]:
        raise InvalidInput(f"{origin} looks binary (it contains NUL bytes); pass ClaimReview JSON-LD.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(f"{origin} is not valid UTF-8 (byte {error.start}); re-save it as UTF-8.") from None
    documents = _documents(text, origin, content_type)
    return parse_claimreviews(documents, origin)


def _documents(text: str, origin: str, content_type: str | None) -> list[Any]:
    """The JSON documents in ``text``: one, one per line, or the page's JSON-LD."""
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            return [json.loads(text)]
        except json.JSONDecodeError as whole:
            lines = [line for line in text.splitlines() if line.strip()]
            if len(lines) > 1 and lines[0].lstrip().startswith("{"):
                return _json_lines(lines, origin)
            raise InvalidInput(f"{origin} is not valid JSON (line {whole.lineno}, column {whole.colno}: "
                               f"{whole.msg}); fix the file or export it again.") from None
    if stripped[:1] == "<" or (content_type or "").endswith("html"):
        return _embedded_json_ld(text, origin)
    kind = f" (it is {content_type})" if content_type else ""
    raise InvalidInput(f"{origin} is not JSON-LD{kind}: expected a ClaimReview object, list, feed, JSON Lines "
                       "or an HTML page with <script type=\"application/ld+json\">.")


def _json_lines(lines: list[str], origin: str) -> list[Any]:
    documents = []
    for number, line in enumerate(lines, 1):
        try:
            documents.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise InvalidInput(f"{origin} line {number} is not valid JSON ({error.msg}); a JSON Lines file "
                               "needs one complete JSON document a line.") from None
    return documents


def _embedded_json_ld(text: str, origin: str) -> list[Any]:
    import lxml.html
    from lxml.etree import ParserError

    try:
        tree = lxml.html.document_fromstring(text)
    except (ParserError, ValueError):
        raise InvalidInput(f"{origin} is neither JSON nor a readable HTML page; pass ClaimReview JSON-LD.") from None
    scripts = tree.xpath('//script[translate(@type, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", '
                         '"abcdefghijklmnopqrstuvwxyz")="application/ld+json"]')
    if not scripts:
        raise InvalidInput(f"{origin} is an HTML page without JSON-LD (no <script type=\"application/ld+json\">); "
                           "pass the fact-check's own page or its ClaimReview feed.")
    documents = []
    for script in scripts:
        try:
            documents.append(json.loads(script.text_content() or ""))
        except json.JSONDecodeError:
            continue  # a broken block of the page's other markup must not hide the review
    return documents


def _nodes(value: Any, depth: int = 0) -> Iterator[Any]:
    """Every candidate review node: lists, ``@graph``, feeds and feed items unpacked."""
    if depth > 8:  # JSON-LD nests a few levels; deeper is not a feed
        return
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item, depth + 1)
        return
    if not isinstance(value, dict):
        yield value
        return
    types = _types(value)
    if "@graph" in value:
        yield from _nodes(value["@graph"], depth + 1)
    elif "DataFeed" in types or "dataFeedElement" in value:
        yield from _nodes(value.get("dataFeedElement") or [], depth + 1)
    elif "DataFeedItem" in types:
        yield from _nodes(value.get("item"), depth + 1)
    else:
        yield value


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    # "schema:ClaimReview" and "https://schema.org/ClaimReview" name the same type.
    return {str(k).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for k in kinds if k}


def parse_claimreviews(documents: list[Any], origin: str) -> ReviewFeed:
    """The reviews among ``documents`` (parsed JSON), one per ``url`` (the last wins)."""
    nodes = [node for node in _nodes(documents) if isinstance(node, dict) and "ClaimReview" in _types(node)]
    if len(nodes) > MAX_REVIEWS:
        raise InvalidInput(f"{origin} holds {len(nodes):,} ClaimReviews, more than the {MAX_REVIEWS:,} one import "
                           "takes; split it into smaller files and import each.")
    if not nodes:
        raise InvalidInput(f"{origin} holds no ClaimReview (no object with \"@type\": \"ClaimReview\"); "
                           "pass a fact-checker's ClaimReview JSON-LD, feed or page.")
    by_url: dict[str, tuple[int, Review]] = {}
    skipped: list[Skipped] = []
    for position, node in enumerate(nodes, 1):
        url = _url(node)
        try:
            review = _review(node, url)
        except _Unusable as reason:
            skipped.append(Skipped(position, url, str(reason)))
            continue
        if review.url in by_url:
            earlier = by_url[review.url][0]
            skipped.append(Skipped(earlier, review.url, f"the same url comes again at item {position}, "
                                                        "which is kept"))
        by_url[review.url] = (position, review)
    skipped.sort(key=lambda s: s.position)
    return ReviewFeed([review for _, review in by_url.values()], skipped)


# ---------------------------------------------------------------------- one review


def _text(value: Any, limit: int = 5000) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return None
    cleaned = " ".join(str(value).split())
    cleaned = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", cleaned)
    return cleaned[:limit] or None


def _url(node: dict[str, Any]) -> str | None:
    for key in ("url", "@id"):
        value = node.get(key)
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str)), None)
        if isinstance(value, str) and re.match(r"https?://\S+$", value.strip()):
            return value.strip()
    return None


def _number(value: Any, what: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _Unusable(f"{what} {value!r} is not a number")
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise _Unusable(f"{what} {value!r} is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise _Unusable(f"{what} {value!r} is not a number")
    return number


def _day(value: Any) -> date | None:
    text = _text(value)
    if not text:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _appearance(item: dict[str, Any]) -> str | None:
    for key in ("appearance", "firstAppearance"):
        value = item.get(key)
        for candidate in value if isinstance(value, list) else [value]:
            if isinstance(candidate, str) and candidate.strip():
                return candidate.strip()
            if isinstance(candidate, dict):
                link = _url(candidate)
                if link:
                    return link
    return None


def _review(node: dict[str, Any], url: str | None) -> Review:
    if url is None:
        raise _Unusable("it has no url (the fact-check's page, which identifies the review)")
    claim = _text(node.get("claimReviewed"))
    if not claim:
        raise _Unusable("it has no claimReviewed (the text of the claim that was checked)")
    rating = node.get("reviewRating")
    if isinstance(rating, list):
        rating = next((r for r in rating if isinstance(r, dict)), None)
    if not isinstance(rating, dict):
        rating = {}
    name = _text(rating.get("alternateName")) or _text(rating.get("name"))
    value = _number(rating.get("ratingValue"), "ratingValue")
    best = _number(rating.get("bestRating"), "bestRating")
    worst = _number(rating.get("worstRating"), "worstRating")
    verdict = verdict_for(name, value, best, worst)
    item = node.get("itemReviewed")
    if isinstance(item, list):
        item = next((i for i in item if isinstance(i, dict)), None)
    item = item if isinstance(item, dict) else {}
    publisher = _text(node.get("author")) or _text(node.get("publisher"))
    if publisher is None:
        from urllib.parse import urlsplit

        publisher = urlsplit(url).hostname
    return Review(
        url=url[:2000], claim=claim, publisher=publisher and publisher[:200], rating=name and name[:200],
        rating_value=value, best_rating=best, worst_rating=worst, verdict=verdict,
        reviewed=_day(node.get("datePublished")),
        title=_text(node.get("name")) or _text(node.get("headline")),
        claim_author=_text(item.get("author"), 200), claim_date=_day(item.get("datePublished")),
        appearance=_appearance(item),
    )
