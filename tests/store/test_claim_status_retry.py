"""`claim status` without --expect-version applies to the newest version when another
one commits between its read and its write; with --expect-version it is refused."""

from __future__ import annotations

import pytest

from conftest import CLAIMS
from factcheck.app import claims
from factcheck.errors import Conflict
from factcheck.store.ledger import Ledger


@pytest.fixture
def two_editors(run, db_url):
    assert run("add-revision", "khadr", str(CLAIMS / "khadr-wikileaks-v1.txt")).exit_code == 0
    assert run("add-claim", "khadr", "Clinton called Guantanamo a cancer",
               "--source", "https://www.example.org/cable-09PARIS123").exit_code == 0
    first, second = Ledger.open(db_url), Ledger.open(db_url)
    yield first, second
    first.close()
    second.close()


def _race(first, second, monkeypatch):
    """While ``first`` is about to write, ``second`` appends a version (once)."""
    real = Ledger.append_claim_version
    raced = []

    def append(self, claim, *args, **kwargs):
        if self is first and not raced:
            raced.append(True)
            claims.add_source(second, claim.id, _source(), note="Cable found", by="ana")
        return real(self, claim, *args, **kwargs)

    monkeypatch.setattr(Ledger, "append_claim_version", append)
    return raced


def _source():
    from factcheck.store.ledger import SourceSpec

    return SourceSpec(ref="https://example.org/cable-09PARIS170", stance="supports")


def test_without_expect_version_the_status_change_is_retried(two_editors, monkeypatch):
    first, second = two_editors
    raced = _race(first, second, monkeypatch)
    change = claims.change_status(first, 1, "checked", verdict="true", note="In the cable", by="ben")
    assert raced
    assert change.version.version == 3 and change.version.status == "checked"
    # The claim's first source and the one the other editor added meanwhile are both kept.
    assert len(change.version.evidence) == 2


def test_with_expect_version_the_same_race_is_refused(two_editors, monkeypatch):
    first, second = two_editors
    _race(first, second, monkeypatch)
    with pytest.raises(Conflict):
        claims.change_status(first, 1, "checked", verdict="true", note="In the cable", by="ben", expect_version=1)
