"""One use case for a new revision: its text is segmented once and it is diffed once
against its predecessor, however many things (claims, checks, notices, the watch
line) read the comparison."""

from __future__ import annotations

import sys

import pytest

from conftest import SEED_LEDGER

MARKER = "Ottawa's lawyers did not return calls on Tuesday evening."


def _counting(monkeypatch: pytest.MonkeyPatch, module: str, name: str) -> list[tuple]:
    """Count calls of ``module.name`` wherever factcheck's modules hold it (a module
    that imported the function by name keeps its own reference)."""
    original = getattr(sys.modules[module], name)
    calls: list[tuple] = []

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    for loaded in list(sys.modules.values()):
        if getattr(loaded, "__name__", "").startswith("factcheck") and getattr(loaded, name, None) is original:
            monkeypatch.setattr(loaded, name, counted)
    return calls


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch):
    import factcheck.analysis.diff  # noqa: F401  (loaded so that its references are patched)
    import factcheck.app.notice_workflow  # noqa: F401
    import factcheck.app.revisions  # noqa: F401
    import factcheck.store.claim_following  # noqa: F401

    segments = _counting(monkeypatch, "factcheck.text.segmentation", "segment")
    diffs = _counting(monkeypatch, "factcheck.analysis.diff", "diff_documents")
    return segments, diffs


def _next_text(ledger) -> str:
    article = ledger.get_article("khadr-wikileaks")
    current = ledger.get_revision(article)
    # An edit a claim stands in (22 -> 23), and news: claims follow, checks run, notices are drafted.
    return current.text.replace("was 22 at the time", "was 23 at the time") + "\n\n" + MARKER + "\n"


def test_a_new_revision_is_segmented_once_and_diffed_once(seeded, counted):
    from factcheck.app.revisions import receive_revision
    from factcheck.notices.templating import Templates
    from factcheck.text.raw import RawInput

    segments, diffs = counted
    text = _next_text(seeded)
    previous_text = seeded.get_revision(seeded.get_article("khadr-wikileaks")).text
    before = len(segments)
    comparison = receive_revision(seeded, "khadr-wikileaks", RawInput(text, "next.txt", text.encode()),
                                  check=True, templates=Templates(None))
    assert comparison.created and comparison.diff is not None
    new_text_segmented = [args for args in segments[before:] if MARKER in args[0]]
    assert len(new_text_segmented) == 1
    # ... and its predecessor once too (the collapse guard, the claims' anchors and the diff share it).
    assert [args[0] for args in segments[before:]].count(previous_text) == 1
    assert len(diffs) == 1
    # Everything the new revision caused read that one diff.
    assert comparison.claim_changes, "a claim stood in the edited sentence"
    assert comparison.notices and comparison.findings is not None
    assert comparison.diff.summary["added"] >= 1


def test_add_revision_on_the_command_line_goes_through_it(run, seeded, counted, tmp_path):
    segments, diffs = counted
    path = tmp_path / "next.txt"
    path.write_text(_next_text(seeded), encoding="utf-8")
    seeded.close()
    result = run("add-revision", "khadr-wikileaks", str(path))
    assert result.exit_code == 0, result.output
    assert ": stored v" in result.stdout and "claim #" in result.stdout
    assert len([args for args in segments if MARKER in args[0]]) == 1
    assert len(diffs) == 1



def _texts(ledger, *labels):
    article = ledger.get_article("khadr-wikileaks")
    return [ledger.get_revision(article, label).text for label in labels]


def test_check_on_a_stored_revision_goes_through_it(run, seeded, counted):
    segments, diffs = counted
    (v1,) = _texts(seeded, "v1")
    seeded.close()
    result = run("check", "khadr-wikileaks", "v1", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [args[0] for args in segments].count(v1) == 1
    assert diffs == []


@pytest.mark.parametrize("command", [["notice"], ["diff", "--article"]], ids=["notice", "diff"])
def test_notice_and_diff_on_two_stored_revisions_go_through_it(run, seeded, counted, command):
    from factcheck.app.revisions import receive_revision
    from factcheck.text.raw import RawInput

    segments, diffs = counted
    text = _next_text(seeded)
    receive_revision(seeded, "khadr-wikileaks", RawInput(text, "next.txt", text.encode()), label="v2")
    v1, v2 = _texts(seeded, "v1", "v2")
    seeded.close()
    segments.clear()
    diffs.clear()
    result = run(*command, "khadr-wikileaks", "v1", "v2", "--format", "json")
    assert result.exit_code == 0, result.output
    # The age 22 -> 23 in a claim's sentence: a correction, and a changed claim in the diff.
    assert ('"correction"' if command == ["notice"] else '"claim-changed"') in result.stdout
    seen = [args[0] for args in segments]
    assert (seen.count(v1), seen.count(v2)) == (1, 1)
    assert len(diffs) == 1


COUNCIL_V1 = ("Council approves transit levy\n\n"
              "Halifax regional council voted 11 to 5 on Tuesday to add a transit levy to property tax bills.\n\n"
              "The levy, about $48 a year for an average home, pays for four new bus routes.\n")
COUNCIL_V2 = COUNCIL_V1.replace("11 to 5", "12 to 4") + (
    "\nCouncillor Lisa Blackburn said the routes would start running in September.\n")
HARBOUR = ("Ferry service cut for repairs\n\n"
           "The Woodside ferry will not run for three weeks while its dock is rebuilt, Halifax Transit said Monday.\n\n"
           "Riders are asked to take the 60 bus, which will run every 15 minutes during rush hour.\n")


def test_import_archive_segments_each_stored_revision_once_and_diffs_the_followed_ones_once(
        run, seeded, counted, tmp_path):
    """An article with claims goes through the use case (one diff against its
    predecessor); the bulk path for articles without claims segments each text once
    and has nothing to diff."""
    import json

    segments, diffs = counted
    followed = _next_text(seeded)
    seeded.close()
    archive = tmp_path / "archive.jsonl"
    records = [
        {"article": "council-transit-levy", "label": "v1", "text": COUNCIL_V1},
        {"article": "council-transit-levy", "label": "v2", "text": COUNCIL_V2},
        {"article": "khadr-wikileaks", "label": "v2", "text": followed},
        {"article": "woodside-ferry", "text": HARBOUR},
    ]
    archive.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run("import-archive", str(archive), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == 4
    seen = [args[0] for args in segments]
    for text in (COUNCIL_V1, COUNCIL_V2, followed, HARBOUR):
        assert seen.count(text) == 1, text[:40]
    assert len(diffs) == 1
    claims = json.loads(run("claims", "khadr-wikileaks", "--format", "json").stdout)["claims"]
    assert any((c["anchor"] or {}).get("revision") == "v2" for c in claims), "the claims followed the new revision"
