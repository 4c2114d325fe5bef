"""Articles and their revisions: validating and segmenting a revision before any
database work (:func:`prepare_revision`), storing it (:meth:`Revisions.add_revision`:
identical text stores nothing, a collapsed body is refused without ``force``), and
finding one by label.

Storing a revision diffs nothing and moves no claim: the use case that receives it
(:func:`factcheck.app.revisions.receive_revision`) diffs it once against the
predecessor this module hands back, and makes the claims anchored there follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from factcheck.errors import InvalidInput, NotFound
from factcheck.store.lookup import listing as _listing
from factcheck.store.lookup import no_article, no_revision, no_revisions
from factcheck.store.models import Article, Revision
from factcheck.store.unit_of_work import UnitOfWork
from factcheck.text.raw import RawInput, describe_origin
from factcheck.text.segmentation import Document, segment, sha256_of

__all__ = [
    "Revisions", "AddedRevision", "PreparedRevision", "prepare_revision", "check_slug", "label_taken", "next_label",
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,199}$")


@dataclass
class AddedRevision:
    revision: Revision
    created: bool
    duplicate_of: str | None = None
    document: Document | None = None  # the segmented text, so callers need not segment again
    previous: Revision | None = None  # the revision before it, and its segmented text
    previous_document: Document | None = None
    #: Whether claims are anchored in ``previous``: they must follow into this one.
    claims_to_follow: bool = False


@dataclass(frozen=True)
class PreparedRevision:
    """A revision validated, segmented and hashed: all of storing it that needs no
    database, shared by ``add_revision`` and the archive's bulk path."""

    slug: str
    raw: RawInput
    doc: Document
    digest: str
    label: str | None
    published: date | None
    url: str | None
    title: str  # the given title, else the text's headline

    def row(self, seq: int, label: str) -> dict[str, Any]:
        """The ``revisions`` columns of this revision stored as ``label``, ``seq``."""
        return dict(
            label=label, seq=seq, published=self.published, url=self.url, title=self.title,
            origin=self.raw.origin if self.raw.origin != "-" else "stdin",
            sha256=self.digest, raw=self.raw.raw, text=self.doc.text,
            byline=self.raw.byline, extraction=self.raw.extraction,
        )


def prepare_revision(
    slug: str,
    raw: RawInput,
    *,
    label: str | None = None,
    published: date | None = None,
    url: str | None = None,
    title: str | None = None,
) -> PreparedRevision:
    """Validate and segment a revision before any database work; one-line refusals."""
    check_slug(slug)
    if label is not None and not re.match(r"^[\w.-]{1,50}$", label):
        raise InvalidInput(f"'{label}' is not a usable label; use letters, digits, '.', '-' or '_' (e.g. v2).")
    from factcheck.text.dates import check_publication_date
    from factcheck.text.raw import check_text

    check_publication_date(published, "the publication date")
    if url is not None and not re.match(r"https?://[^\s/]+", url):
        raise InvalidInput(f"'{url[:80]}' is not a web address; give the article's http(s) URL.")
    doc = segment(check_text(raw.text, describe_origin(raw.origin)))
    if not doc.sentences:
        raise InvalidInput(f"{describe_origin(raw.origin)} has no article sentences; pass the article text.")
    return PreparedRevision(slug, raw, doc, sha256_of(doc.text), label, published, url, title or doc.headline)


class Revisions(UnitOfWork):
    """The ledger's articles and revisions (a part of :class:`~factcheck.store.ledger.Ledger`,
    which also gives the claims that adding a revision makes follow)."""

    def article_slugs(self) -> list[str]:
        return list(self.session.scalars(select(Article.slug).order_by(Article.slug)))

    def get_article(self, slug: str) -> Article:
        article = self.session.scalar(select(Article).where(Article.slug == slug))
        if article is None:
            raise no_article(slug, self.article_slugs())
        return article

    def resolve_article(self, slug: str | None) -> Article:
        """``slug``'s article; without one, the only article in the ledger."""
        if slug:
            return self.get_article(slug)
        known = self.article_slugs()
        if len(known) == 1:
            return self.get_article(known[0])
        if not known:
            raise NotFound("the ledger holds no articles; add one with factcheck add-revision SLUG FILE.")
        raise InvalidInput(f"the ledger holds several articles ({_listing(known)}); name one with --article SLUG.")

    def get_revision(self, article: Article, label: str | None = None) -> Revision:
        """The revision ``label`` of ``article``; without a label, the latest."""
        query = select(Revision).where(Revision.article_id == article.id)
        if label is None:
            revision = self.session.scalar(query.order_by(Revision.seq.desc()).limit(1))
            if revision is None:
                raise no_revisions(article.slug)
            return revision
        revision = self.session.scalar(query.where(Revision.label == label))
        if revision is None:
            labels = list(self.session.scalars(select(Revision.label).where(Revision.article_id == article.id).order_by(Revision.seq)))
            raise no_revision(article.slug, label, labels)
        return revision

    def add_revision(
        self,
        slug: str,
        raw: RawInput,
        *,
        label: str | None = None,
        published: date | None = None,
        url: str | None = None,
        title: str | None = None,
        outlet: str | None = None,
        force: bool = False,
        prepared: PreparedRevision | None = None,
    ) -> AddedRevision:
        """Store a revision (creating the article on first use).

        Text identical after normalisation to a stored revision stores nothing. A
        body under half the length of the previous revision is refused without
        ``force``: it is far more often a broken extraction than a real edit.

        The new text is segmented once (``prepared``, when the caller already did)
        and the previous revision once; both come back, with whether claims are
        anchored in the previous one, for the caller to diff and to make those
        claims follow in the same transaction (the article stays locked until it
        commits, so that a claim added meanwhile follows too).
        """
        if prepared is None:
            prepared = prepare_revision(slug, raw, label=label, published=published, url=url, title=title)
        doc, digest = prepared.doc, prepared.digest
        label, url = prepared.label, prepared.url

        def store() -> AddedRevision:
            with self.transaction() as session:
                article = session.scalar(select(Article).where(Article.slug == slug))
                if article is None:
                    article = Article(slug=slug, title=prepared.title, url=url, outlet=outlet)
                    session.add(article)
                    session.flush()
                else:
                    self.lock_articles(article.id)  # claims added meanwhile must follow too
                # One look at the article's revisions (a handful of short rows, not
                # their texts) answers "stored already?", "which label?", "after what?".
                known = session.execute(
                    select(Revision.id, Revision.seq, Revision.label, Revision.sha256)
                    .where(Revision.article_id == article.id).order_by(Revision.seq)
                ).all()
                same = next((row for row in known if row.sha256 == digest), None)
                if same is not None:
                    return AddedRevision(session.get(Revision, same.id), created=False, duplicate_of=same.label)
                previous_id = known[-1].id if known else None
                previous = session.get(Revision, previous_id) if previous_id is not None else None
                previous_doc = segment(previous.text) if previous is not None else None
                if previous is not None and not force:
                    _refuse_collapse(doc, previous_doc, previous.label)
                labels = {row.label for row in known}
                seq = (known[-1].seq if known else 0) + 1
                if label is not None and label in labels:
                    raise label_taken(slug, label)
                revision = Revision(article=article, **prepared.row(seq, label or next_label(seq, labels)))
                session.add(revision)
                session.flush()
                from factcheck.store.claim_following import has_claims_to_follow

                return AddedRevision(revision, created=True, document=doc, previous=previous,
                                     previous_document=previous_doc,
                                     claims_to_follow=has_claims_to_follow(self, previous_id))

        # Another writer may take this label or sequence number (or create the
        # article) between our read and our write: read again.
        return self.retrying(
            store, gave_up=f"other writers kept adding revisions to '{slug}' at the same time; run the command again."
        )

    # The listings read through SQLAlchemy Core (factcheck.store.listings): the CLI uses that
    # path without the ORM to start fast; the ledger offers the same payloads.

    def revisions_payload(self, slug: str) -> dict[str, Any]:
        return self._reader().revisions_payload(slug)

    def show_payload(self, slug: str, label: str | None) -> dict[str, Any]:
        return self._reader().show_payload(slug, label)


# ---------------------------------------------------------------------- helpers


def check_slug(slug: str) -> None:
    if not _SLUG.match(slug):
        raise InvalidInput(
            f"'{slug}' is not a usable article slug; use lower-case letters, digits and '-' (e.g. khadr-wikileaks)."
        )


def label_taken(slug: str, label: str, fix: str = "choose another --label") -> InvalidInput:
    return InvalidInput(f"article '{slug}' already has a revision labelled '{label}'; {fix}.")


def next_label(seq: int, taken: set[str]) -> str:
    n = seq
    while f"v{n}" in taken:
        n += 1
    return f"v{n}"


def _refuse_collapse(new: Document, previous: Document, previous_label: str) -> None:
    new_words, old_words = new.word_count(), previous.word_count()
    if old_words >= 40 and new_words * 2 < old_words:
        raise InvalidInput(
            f"the new text has {new_words} words, under half of {previous_label} ({old_words}); extraction may "
            "have failed. Check the input, or pass --force to store it anyway."
        )
