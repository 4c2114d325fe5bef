"""What the desk's buttons do that is more than one ledger call: the same use cases
as ``factcheck add-revision``, ``check`` and ``notice draft``, signed by the
signed-in user."""

from __future__ import annotations

from typing import Any

from factcheck.errors import InvalidInput

__all__ = ["add_revision", "run_checks", "draft_notices"]


def add_revision(ledger: Any, slug: str, text: str, *, by: str, label: str | None = None) -> Any:
    from factcheck.text.raw import RawInput
    from factcheck.sources.files import decode_text
    from factcheck.store.revisions import check_slug

    check_slug(slug)
    data = text.replace("\r\n", "\n").encode("utf-8")
    if not text.strip():
        raise InvalidInput("the revision is empty; paste the article's text.")
    raw = RawInput(decode_text(data, "the pasted text"), "desk", data)
    from factcheck.app.revisions import receive_revision

    return receive_revision(ledger, slug, raw, label=label or None, by=by)


def run_checks(ledger: Any, slug: str) -> list[Any]:
    """Run the automated checks on the newest revision and store the findings."""
    from factcheck.app.revisions import check_stored

    return check_stored(ledger, slug).findings


def draft_notices(ledger: Any, slug: str, old: str, new: str, *, by: str) -> list[Any]:
    from factcheck.app.revisions import draft_stored
    from factcheck.config import load_config
    from factcheck.notices.templating import Templates

    return draft_stored(ledger, slug, old, new, Templates(load_config().templates), by=by).notices
