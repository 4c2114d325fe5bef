"""Bad ledger files: one line naming the place in the file, exit 2, nothing written."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import counts

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
