"""Ledger files: import and export round-trip, and malformed files are refused whole."""

import json
import pytest
import yaml
from conftest import SEED_LEDGER, counts
from factcheck.errors import InvalidInput
from factcheck.app.ledger_files import load_ledger
from factcheck.store.ledger_file import export_article, import_document
from conftest import counts

def _resolved_seed() -> dict:
    """The shipped ledger with its file: references read in, as export writes it."""
    document = load_ledger(str(SEED_LEDGER))
    for rev in document["revisions"]:
        from factcheck.text.segmentation import segment

        rev["text"] = segment((SEED_LEDGER.parent / rev.pop("file")).read_text(encoding="utf-8")).text
        rev.setdefault("origin", "khadr-wikileaks-v1.txt")
        rev.setdefault("title", "France wanted 'assistance' on Khadr: WikiLeaks")
    return document


def test_export_of_a_version_1_import_holds_everything_the_file_said(seeded):
    exported = export_article(seeded, "khadr-wikileaks")
    seed = json.loads(json.dumps(_resolved_seed(), default=str))
    assert exported["factcheck-ledger"] == 2
    assert exported["article"] == seed["article"]
    (revision,) = exported["revisions"]
    assert {k: v for k, v in revision.items() if k != "fetched"} == seed["revisions"][0]
    assert [c["versions"] for c in exported["claims"]] == [c["versions"] for c in seed["claims"]]
    # A version-1 file has no anchors table: each claim stands where its last version does.
    assert [c["anchors"] for c in exported["claims"]] == [[c["versions"][-1]["anchor"]] for c in seed["claims"]]
    assert exported["findings"] == [] and exported["notices"] == []


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
    (lambda d: d.update({"factcheck-ledger": 3}), "factcheck-ledger: expected 2 (the ledger format version; 1 is read too)"),
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


# ---------------------------------------------------------------------- bad input
# Bad ledger files: one line naming the place in the file, exit 2, nothing written.

CLAIM = {"text": "The council passed the budget.", "status": "unverified", "by": "a.editor",
         "at": "2026-03-12T10:00:00Z", "sources": []}


def ledger(**changes):
    document = {
        "factcheck-ledger": 1,
        "article": {"slug": "council", "title": "Council passes budget", "outlet": "Courier"},
        "revisions": [{"label": "v1", "published": "2026-03-12", "text": "The council passed the budget on Monday."}],
        "claims": [{"versions": [dict(CLAIM)]}],
    }
    for path, value in changes.items():
        target = document
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        last = keys[-1]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return document


def write(tmp_path, document, name="ledger.yaml"):
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else yaml.safe_dump(document), encoding="utf-8")
    return path


CASES = [
    (ledger(claims=5), "claims: expected a list"),
    (ledger(**{"claims.0.versions.0.sources": 5}), "claims[0].versions[0].sources: expected a list"),
    (ledger(**{"claims.0.versions": 5}), "claims[0].versions: a claim needs at least one version (a list)"),
    (ledger(**{"article.outlet": [1]}), "article.outlet: expected text, not a list"),
    (ledger(**{"article.title": 7}), "article.title: expected text, not the number 7"),
    (ledger(**{"revisions.0.url": {"a": 1}}), "revisions[0].url: expected text, not a mapping"),
    (ledger(**{"revisions.0.origin": 3}), "revisions[0].origin: expected text, not the number 3"),
    (ledger(**{"claims.0.versions.0.note": [1]}), "claims[0].versions[0].note: expected text, not a list"),
    (ledger(**{"claims.0.versions.0.by": 5}), "claims[0].versions[0].by: expected non-empty text"),
    (ledger(**{"claims.0.versions.0.sources": [{"citation": 5}]}),
     "claims[0].versions[0].sources[0].citation: expected text, not the number 5"),
    (ledger(**{"claims.0.versions.0.sources": [{"url": "https://x.example", "title": [1], "excerpt": "e"}]}),
     "claims[0].versions[0].sources[0].title: expected text, not a list"),
    (ledger(**{"claims.0.versions.0.sources": [{"url": "https://x.example", "excerpt": 1.5}]}),
     "claims[0].versions[0].sources[0].excerpt: expected text, not the number 1.5"),
    (ledger(**{"revisions.0.label": 5}), "revisions[0].label: expected non-empty text"),
    (ledger(**{"revisions.0.published": "9999-12-31"}),
     "revisions[0].published: 9999-12-31 is not a plausible publication date; give a date between 1800 and 2200."),
    (ledger(**{"revisions.0.published": 12345}), "revisions[0].published: expected a date (YYYY-MM-DD), not the number 12345"),
    (ledger(**{"claims.0.versions.0.text": "The council\x07 passed it."}),
     "claims[0].versions[0].text contains the control character U+0007; remove it and try again."),
    (ledger(**{"claims.0.versions.0.note": "bad\x7fnote"}),
     "claims[0].versions[0].note contains the control character U+007F"),
    (ledger(**{"claims.0.versions.0.status": "checked"}),
     "claims[0].versions[0].verdict: a checked claim needs a verdict (true, "),
    (ledger(**{"revisions.0.file": "v1.txt"}), "revisions[0]: a revision has text: and file:; give one of them"),
    (ledger(**{"revisions.0": {"label": "v1", "file": "/etc/passwd"}}),
     "revisions[0].file: '/etc/passwd' is outside the ledger's folder"),
    (ledger(**{"revisions.0": {"label": "v1", "file": "../x"}}), "revisions[0].file: '../x' is outside the ledger's folder"),
    ("factcheck-ledger: 1\narticle: {slug: x}\nrevisions:\n- {label: v1, published: 2010-02-30, text: a}\n",
     "has a date that is not a valid date (day is out of range for month); write it as YYYY-MM-DD"),
    ("factcheck-ledger: 1\nclaims: " + "[" * 5000 + "]" * 5000 + "\n", "is nested too deeply to be a ledger"),
]


@pytest.mark.parametrize("document, message", CASES)
def test_a_bad_ledger_is_one_line_naming_the_place(run, db_url, tmp_path, document, message):
    path = write(tmp_path, document)
    before = counts(db_url)
    result = run("import", str(path))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr
    if not isinstance(document, str):
        assert f"{path}: " in result.stderr
    assert "Traceback" not in result.output
    assert counts(db_url) == before


def test_a_json_ledger_is_read_as_json(run_sqlite, tmp_path):
    bad = tmp_path / "ledger.json"
    bad.write_text('{"factcheck-ledger": 1, "article": {"slug": "x"}, \t"revisions": [', encoding="utf-8")
    result = run_sqlite("import", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {bad} is not valid JSON at line 1")
    assert "YAML" not in result.stderr
    deep = tmp_path / "deep.json"
    deep.write_text('{"claims": ' + "[" * 100000 + "]" * 100000 + "}", encoding="utf-8")
    assert run_sqlite("import", str(deep)).stderr == f"Error: {deep} is nested too deeply to be a ledger; fix the file and import again.\n"
    good = tmp_path / "good.json"
    good.write_text(json.dumps(ledger()), encoding="utf-8")
    assert run_sqlite("import", str(good)).exit_code == 0
    with_del = tmp_path / "del.json"
    with_del.write_text(json.dumps(ledger(**{"article.slug": "other", "claims.0.versions.0.text": "a\x7fb"})),
                        encoding="utf-8")
    result = run_sqlite("import", str(with_del))
    assert result.exit_code == 2 and "contains the control character U+007F" in result.stderr


def test_a_good_ledger_still_imports(run, db_url, tmp_path):
    (tmp_path / "v1.txt").write_text("The council passed the budget on Monday.\n", encoding="utf-8")
    path = write(tmp_path, ledger(**{"revisions.0": {"label": "v1", "file": "v1.txt", "published": "2026-03-12"}}))
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert counts(db_url)["revisions"] == 1
