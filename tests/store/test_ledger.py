"""The ledger library: revisions, claims as versioned records, and their guards."""

import subprocess
import sys

import pytest

from conftest import SEED_V1
from factcheck.app import claims
from factcheck.errors import Conflict, InvalidInput, NotFound
from factcheck.text.raw import RawInput
from factcheck.sources.files import read_input
from factcheck.store.ledger import SourceSpec

STORY = "Headline of a council story\n\n" + "\n\n".join(
    f"Paragraph {i} says the council voted {i} times on the levy this year." for i in range(12)
)


def raw(text: str, origin: str = "test.txt") -> RawInput:
    return RawInput(text, origin, text.encode())


def test_revisions_get_next_labels_and_identical_text_is_not_stored(ledger):
    first = ledger.add_revision("council", raw(STORY))
    second = ledger.add_revision("council", raw(STORY.replace("12 times", "13 times").replace("11 times", "eleven times")))
    again = ledger.add_revision("council", raw(STORY.replace("\n\n", "\n\n\n") + "  \n"))
    assert (first.revision.label, second.revision.label) == ("v1", "v2")
    assert again.created is False and again.duplicate_of == "v1"
    assert [r["label"] for r in ledger.revisions_payload("council")["revisions"]] == ["v1", "v2"]


def test_explicit_label_that_exists_is_refused(ledger):
    ledger.add_revision("council", raw(STORY), label="draft")
    with pytest.raises(InvalidInput, match="already has a revision labelled 'draft'; choose another --label"):
        ledger.add_revision("council", raw(STORY + "\n\nMore."), label="draft")


def test_automatic_label_skips_labels_taken_by_hand(ledger):
    ledger.add_revision("council", raw(STORY), label="v2")
    assert ledger.add_revision("council", raw(STORY + "\n\nOne more line.")).revision.label == "v3"


def test_a_revision_under_half_the_previous_is_refused_without_force(ledger):
    ledger.add_revision("council", raw(STORY))
    short = "Headline\n\nOnly one paragraph survived the extraction of this page."
    with pytest.raises(InvalidInput, match=r"under half of v1 .* pass --force"):
        ledger.add_revision("council", raw(short))
    assert ledger.add_revision("council", raw(short), force=True).revision.label == "v2"


@pytest.mark.parametrize("slug", ["Khadr Story", "-x", "", "a/b"])
def test_bad_slugs_are_refused(ledger, slug):
    with pytest.raises(InvalidInput, match="is not a usable article slug"):
        ledger.add_revision(slug, raw(STORY))


def test_unknown_article_and_label_list_what_exists(seeded):
    with pytest.raises(NotFound, match="no article 'khadr' in the ledger; known articles: khadr-wikileaks."):
        seeded.get_article("khadr")
    article = seeded.get_article("khadr-wikileaks")
    with pytest.raises(NotFound, match="has no revision 'v9'; its revisions are: v1"):
        seeded.get_revision(article, "v9")


def test_claim_is_anchored_to_the_sentence_that_states_it(ledger):
    ledger.add_revision("khadr", read_input(str(SEED_V1)))
    change = claims.add_claim(ledger,
        "khadr", "Khadr was 22 at the time of the meeting",
        sources=[SourceSpec("https://example.org/charge-sheet", "supports", "born Sept. 19, 1986")], by="ed",
    )
    payload = ledger.claim_payload(change.claim.id)
    assert payload["claim"]["anchor"] == {
        "revision": "v1", "paragraph": 4, "sentence": 3, "text": "Khadr, now 24, was 22 at the time of the meeting.",
    }
    assert payload["claim"]["sources"] == [
        {"kind": "url", "url": "https://example.org/charge-sheet", "stance": "supports", "excerpt": "born Sept. 19, 1986"}
    ]
    assert change.warning is None


def test_claim_that_matches_nothing_is_stored_unanchored_with_a_warning(ledger):
    ledger.add_revision("khadr", read_input(str(SEED_V1)))
    change = claims.add_claim(ledger, "khadr", "The moon is made of green cheese", by="ed")
    assert change.version.anchor_revision is None
    assert change.warning == "no sentence of v1 matches this claim; it is stored unanchored."


def test_every_change_appends_a_version_and_sources_carry_forward(ledger):
    ledger.add_revision("khadr", read_input(str(SEED_V1)))
    claim_id = claims.add_claim(ledger, "khadr", "Khadr was 22 at the time of the meeting", by="a").claim.id
    claims.add_source(ledger, claim_id, SourceSpec("Charge sheet, U.S. v. Khadr"), by="a")
    claims.change_status(ledger, claim_id, "checked", verdict="true", note="Born 1986", by="b")
    claims.edit_claim(ledger, claim_id, "Khadr was 22 when Kouchner met Clinton", by="c")
    versions = ledger.claim_payload(claim_id)["versions"]
    assert [(v["version"], v["status"], v["verdict"], v["by"]) for v in versions] == [
        (1, "unverified", None, "a"),
        (2, "unverified", None, "a"),
        (3, "checked", "true", "b"),
        (4, "in-review", None, "c"),  # new wording of a checked claim goes back to review
    ]
    assert versions[0]["sources"] == []
    assert all(len(v["sources"]) == 1 for v in versions[1:])
    assert versions[3]["note"] == "Text changed after the claim was checked; back to review."


def test_status_and_verdict_rules(ledger):
    ledger.add_revision("khadr", read_input(str(SEED_V1)))
    claim_id = claims.add_claim(ledger, "khadr", "Khadr was 22 at the time of the meeting").claim.id
    with pytest.raises(InvalidInput, match="claim 1 has no source, and a verdict needs the source it rests on"):
        claims.change_status(ledger, claim_id, "checked", verdict="true", note="from memory")
    claims.add_source(ledger, claim_id, SourceSpec("U.S. State Department cable 09PARIS170"))
    with pytest.raises(InvalidInput, match="a checked claim needs a verdict"):
        claims.change_status(ledger, claim_id, "checked", note="done")
    with pytest.raises(InvalidInput, match="a verdict is set when a claim is checked, not while it is in-review"):
        claims.change_status(ledger, claim_id, "in-review", verdict="true", note="x")
    with pytest.raises(InvalidInput, match="'truthy' is not a verdict; use one of: true, mostly-true"):
        claims.change_status(ledger, claim_id, "checked", verdict="truthy", note="x")
    with pytest.raises(InvalidInput, match="'done' is not a claim status"):
        claims.change_status(ledger, claim_id, "done", note="x")
    with pytest.raises(InvalidInput, match="say why with --note"):
        claims.change_status(ledger, claim_id, "in-review", note=" ")
    change = claims.change_status(ledger, claim_id, "Checked", verdict="Mostly True", note="ok")
    assert change.version.verdict == "mostly-true"


def test_a_stale_expected_version_is_refused_naming_who_changed_it(ledger):
    ledger.add_revision("khadr", read_input(str(SEED_V1)))
    claim_id = claims.add_claim(ledger, "khadr", "Khadr was 22 at the time of the meeting", by="alice").claim.id
    claims.change_status(ledger, claim_id, "in-review", note="looking", by="bob", expect_version=1)
    before = ledger.counts()
    with pytest.raises(Conflict, match=r"claim \d+ was changed by bob at .* \(now version 2, you saw version 1\); .* --expect-version 2"):
        claims.change_status(ledger, claim_id, "checked", verdict="true", note="late", by="alice", expect_version=1)
    assert ledger.counts() == before


def test_unknown_claim(ledger):
    with pytest.raises(NotFound, match="no claim 99; list claims with factcheck claims ARTICLE."):
        ledger.get_claim(99)


def test_racing_add_revision_processes_get_distinct_labels(db_url, tmp_path):
    """Real processes, not threads: each opens its own connection, as editors do."""
    files = []
    for i in range(4):
        path = tmp_path / f"r{i}.txt"
        path.write_text(STORY.replace("levy", f"levy (take {i})"), encoding="utf-8")
        files.append(path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "factcheck", "--db", db_url, "add-revision", "race", str(p)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for p in files
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outputs
    from factcheck.store.ledger import Ledger

    ledger = Ledger.open(db_url)
    labels = [r["label"] for r in ledger.revisions_payload("race")["revisions"]]
    ledger.close()
    assert sorted(labels) == ["v1", "v2", "v3", "v4"]
