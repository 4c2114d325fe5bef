"""Structured data for search engines and fact-check aggregators: schema.org JSON-LD.

:func:`claimreview_document` gives one JSON-LD document (``@graph``) holding

* the article as a ``NewsArticle`` whose published notices are its ``correction``
  (``CorrectionComment`` with ``text`` and ``datePublished``), and
* one ``ClaimReview`` per claim with a verdict: ``claimReviewed``, ``reviewRating``
  (``ratingValue`` on the 1-5 scale of :mod:`factcheck.vocabulary`, renamed in the
  configuration, with ``bestRating`` 5, ``worstRating`` 1 and the reader-facing
  ``alternateName`` Google requires), ``itemReviewed`` as a ``Claim`` (``author``,
  ``datePublished``, ``appearance``), ``url``, ``author`` and ``datePublished``.

Google requires ``claimReviewed``, ``reviewRating`` and ``url`` on a ClaimReview
and ``alternateName`` on its rating; its ``url`` must be the page of the fact check
plus an optional fragment, so each review points at the article with ``#claim-ID``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from factcheck.store import records

if TYPE_CHECKING:
    from factcheck.config import Config
    from factcheck.store.ledger import Ledger
    from factcheck.store.models import Article, Claim

__all__ = ["claimreview_document", "article_url"]


def article_url(article: "Article", config: "Config") -> tuple[str, str | None]:
    """The article's page: its URL, else the newest revision's, else one under the
    organisation's site; a ``urn:`` (and a warning) when nothing says where it is."""
    if article.url:
        return article.url, None
    for revision in reversed(article.revisions):
        if revision.url:
            return revision.url, None
    if config.organisation_url:
        return f"{config.organisation_url.rstrip('/')}/{article.slug}", None
    return f"urn:factcheck:{article.slug}", (
        f"article '{article.slug}' has no URL and the configuration no [organisation] url; the ClaimReview url "
        "is a placeholder that Google will not accept. Add the URL with add-revision --url or in the config."
    )


def _organisation(config: "Config") -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "Organization", "name": config.organisation_name}
    if config.organisation_url:
        out["url"] = config.organisation_url
    return out


def _verdict_since(claim: "Claim") -> Any:
    """When the claim's current verdict was given: the first version of the run of
    versions that carry it (later versions only moved the anchor)."""
    versions = claim.versions
    i = len(versions) - 1
    while i > 0 and versions[i - 1].verdict == versions[i].verdict:
        i -= 1
    return versions[i].at


def _first_appearance(claim: "Claim") -> Any:
    for version in claim.versions:
        if version.anchor_revision is not None:
            return version.anchor_revision
    return None


def claimreview_document(ledger: "Ledger", slug: str, config: "Config") -> tuple[dict[str, Any], list[str]]:
    """The JSON-LD document for ``slug`` and any warnings about it."""
    from factcheck.app.notice_workflow import notices_of

    article = ledger.get_article(slug)
    url, warning = article_url(article, config)
    warnings = [warning] if warning else []
    organisation = _organisation(config)
    revisions = article.revisions
    published = [r.published for r in revisions if r.published]

    news: dict[str, Any] = {"@type": "NewsArticle", "@id": url, "url": url, "headline": article.title or article.slug}
    if published:
        news["datePublished"] = min(published).isoformat()
        news["dateModified"] = max(published).isoformat()
    news["publisher"] = organisation
    corrections = []
    for notice in notices_of(ledger, slug, states=("published",)):
        current = notice.current
        published_at = next((v.at for v in reversed(notice.versions) if v.state == "published"), current.at)
        corrections.append({
            "@type": "CorrectionComment",
            "text": current.text,
            "datePublished": records.day(current.dated) or records.when(published_at),
        })
    if corrections:
        news["correction"] = corrections

    graph: list[dict[str, Any]] = [news]
    for claim in ledger.claims_of(article):
        current = claim.current
        if not current.verdict:
            continue
        rating = config.ratings[current.verdict]
        appeared = _first_appearance(claim)
        item: dict[str, Any] = {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": article.outlet or config.organisation_name},
            "appearance": {"@type": "NewsArticle", "url": url, "headline": article.title or article.slug},
        }
        if appeared is not None and appeared.published:
            item["datePublished"] = appeared.published.isoformat()
        review: dict[str, Any] = {
            "@type": "ClaimReview",
            "url": f"{url}#claim-{claim.id}",
            "claimReviewed": current.text,
            "itemReviewed": item,
            "author": organisation,
            "datePublished": records.when(_verdict_since(claim))[:10],  # type: ignore[index]
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": rating.value,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": rating.alternate_name,
            },
        }
        graph.append(review)
    return {"@context": "https://schema.org", "@graph": graph}, warnings
