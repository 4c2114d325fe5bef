"""Ledger files: import and export round-trip, and malformed files are refused whole."""

import json

import pytest
import yaml

from conftest import SEED_LEDGER, counts
from factcheck.errors import InvalidInput
from factcheck.store.ledger_file import export_article, import_document, load_yaml


def _resolved_seed() -> dict:
    """The shipped ledger with its file: references read in, as export writes it."""
    document = load_yaml(str(SEED_LEDGER))
    for rev in document["revisions"]:
        from factcheck.text.segmentation import segment

        rev["text"] = segment((SEED_LEDGER.parent / rev.pop("file")).read_text(encoding="utf-8")).text
        rev.setdefault("origin", "khadr-wikileaks-v1.txt")
        rev.setdefault("title", "France wanted 'assistance' on Khadr: WikiLeaks")
    return document


def test_export_of_an_import_gives_the_same_ledger_back(seeded):
    exported = export_article(seeded, "khadr-wikileaks")
    assert exported == json.loads(json.dumps(_resolved_seed(), default=str))


def test_round_trip_through_yaml_and_a_second_database(seeded, tmp_path):
    from click.testing import CliRunner

    from factcheck.cli import cli

    runner = CliRunner()
    second = f"sqlite:///{tmp_path / 'second.db'}"
    first = export_article(seeded, "khadr-wikileaks")
    path = tmp_path / "ledger.yaml"
    result = runner.invoke(cli, ["--db", str(seeded.engine.url.render_as_string(hide_password=False)), "export", "khadr-wikileaks"])
    path.write_text(result.stdout, encoding="utf-8")
    assert runner.invoke(cli, ["--db", second, "import", str(path)]).exit_code == 0
    again = runner.invoke(cli, ["--db", second, "export", "khadr-wikileaks", "--format", "json"])
    assert json.loads(again.stdout) == first


def _seed_with(mutate) -> dict:
    document = _resolved_seed()
    mutate(document)
    return document


BROKEN = [
    (lambda d: d.update({"factcheck-ledger": 2}), "factcheck-ledger: expected 1 (the ledger format version)"),
    (lambda d: d.pop("article"), "article: expected a mapping"),
    (lambda d: d.update({"revisions": []}), "revisions: a ledger needs at least one revision (a list)"),
    (lambda d: d["revisions"][0].pop("text"), "revisions[0]: a revision needs text: or file:"),
    (lambda d: d["claims"][2]["versions"][0].update({"status": "checkd"}),
     "claims[2].versions[0].status: 'checkd' is not one of unverified, in-review, checked, corrected, withdrawn"),
    (lambda d: d["claims"][0]["versions"][2].update({"verdict": "yes"}), "claims[0].versions[2].verdict: 'yes' is not one of"),
    (lambda d: d["claims"][0]["versions"][0]["anchor"].update({"revision": "v9"}),
     "claims[0].versions[0].anchor.revision: 'v9' is not a revision of this ledger"),
    (lambda d: d["claims"][0]["versions"][0]["anchor"].update({"paragraph": 99}),
     "claim anchor v1 paragraph 99 sentence 0 does not exist in that revision"),
    (lambda d: d["claims"][0]["versions"][1]["sources"][0].update({"stance": "maybe"}),
     "claims[0].versions[1].sources[0].stance: 'maybe' is not one of supports, refutes, context"),
    (lambda d: d["claims"][1]["versions"][0].update({"at": "last tuesday"}),
     "claims[1].versions[0].at: 'last tuesday' is not a time"),
]


@pytest.mark.parametrize("mutate, message", BROKEN)
def test_schema_violations_are_named_and_nothing_is_written(ledger, db_url, mutate, message):
    before = counts(db_url)
    with pytest.raises(InvalidInput) as error:
        import_document(ledger, _seed_with(mutate), origin="bad.yaml")
    assert message in str(error.value)
    assert counts(db_url) == before


def test_malformed_yaml_names_the_line(run_sqlite, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("factcheck-ledger: 1\narticle: {slug: x\nrevisions: [\n", encoding="utf-8")
    result = run_sqlite("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path} is not valid YAML at line ")
    not_a_ledger = tmp_path / "list.yaml"
    not_a_ledger.write_text("- a\n- b\n", encoding="utf-8")
    assert run_sqlite("import", str(not_a_ledger)).stderr == (
        f"Error: {not_a_ledger} is not a factcheck ledger (expected a mapping with factcheck-ledger: 1).\n"
    )


def test_yaml_export_is_readable_with_literal_text_blocks(seeded):
    from factcheck.store.ledger_file import dump_yaml

    text = dump_yaml(export_article(seeded, "khadr-wikileaks"))
    assert "  text: |-\n    Canada\n" in text
    assert "&id" not in text
    assert yaml.safe_load(text)["article"]["slug"] == "khadr-wikileaks"


def test_a_time_with_an_offset_is_kept_as_the_same_instant_on_both_engines(ledger):
    document = _resolved_seed()
    document["claims"][0]["versions"][0]["at"] = "2010-12-02T10:00:00-05:00"
    import_document(ledger, document)
    exported = export_article(ledger, "khadr-wikileaks")
    assert exported["claims"][0]["versions"][0]["at"] == "2010-12-02T15:00:00Z"
