"""factcheck export --format claimreview: JSON-LD validated against a JSON Schema
written from schema.org and Google's ClaimReview documentation."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import CLAIMS, ROOT, counts

SCHEMA = json.loads((ROOT / "tests" / "schemas" / "claimreview.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "factcheck.toml"
    path.write_text(
        '[organisation]\nname = "CBC News Standards"\nurl = "https://www.cbc.ca"\n\n'
        '[verdicts.outdated]\nname = "Out of date"\nrating = 2\n',
        encoding="utf-8",
    )
    return {"FACTCHECK_CONFIG": str(path)}


@pytest.fixture
def seeded_run(run):
    assert run("import", str(CLAIMS / "khadr-wikileaks.yaml")).exit_code == 0
    return run


def _export(run, env):
    result = run("export", "khadr-wikileaks", "--format", "claimreview", env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result


def test_seed_export_validates_and_has_every_judged_claim(seeded_run, config):
    document, result = _export(seeded_run, config)
    jsonschema.validate(document, SCHEMA)
    assert result.stderr == ""
    reviews = [node for node in document["@graph"] if node["@type"] == "ClaimReview"]
    claims = json.loads(seeded_run("claims", "khadr-wikileaks", "--format", "json").stdout)["claims"]
    judged = [c for c in claims if c["verdict"]]
    assert len(reviews) == len(judged) > 0
    first = reviews[0]
    assert first["url"] == f"https://www.cbc.ca/khadr-wikileaks#claim-{judged[0]['id']}"
    assert first["claimReviewed"] == judged[0]["text"]
    assert first["author"] == {"@type": "Organization", "name": "CBC News Standards", "url": "https://www.cbc.ca"}
    assert first["itemReviewed"]["author"]["name"] == "CBC News"
    assert first["itemReviewed"]["datePublished"] == "2010-12-02"
    assert first["itemReviewed"]["appearance"]["url"] == "https://www.cbc.ca/khadr-wikileaks"
    outdated = [r for r in reviews if r["reviewRating"]["alternateName"] == "Out of date"]
    assert outdated and outdated[0]["reviewRating"]["ratingValue"] == 2  # renamed in configuration
    true = [r for r in reviews if r["reviewRating"]["ratingValue"] == 5]
    assert true and all(r["reviewRating"]["alternateName"] == "True" for r in true)


def test_published_notices_are_corrections_on_the_news_article(seeded_run, config, db_url):
    run = seeded_run
    for label in ("v2", "v3"):
        run("add-revision", "khadr-wikileaks", str(CLAIMS / f"khadr-wikileaks-{label}.txt"), "--published", "2010-12-03")
    payload = json.loads(run("notice", "khadr-wikileaks", "v2", "v3", "--format", "json").stdout)
    notice_id = str(payload["notices"][0]["id"])
    document, _ = _export(run, config)
    assert "correction" not in document["@graph"][0]  # a draft is not published
    run("notice", "approve", notice_id, "--by", "m.tremblay")
    run("notice", "publish", notice_id)
    before = counts(db_url)
    document, _ = _export(run, config)
    jsonschema.validate(document, SCHEMA)
    news = document["@graph"][0]
    assert news["@type"] == "NewsArticle" and news["dateModified"] == "2010-12-03"
    assert news["correction"] == [{
        "@type": "CorrectionComment",
        "text": payload["notices"][0]["text"],
        "datePublished": "2010-12-03",
    }]
    assert counts(db_url) == before  # exporting writes nothing


def test_without_any_url_the_export_warns(seeded_run, tmp_path):
    document, result = _export(seeded_run, {"FACTCHECK_CONFIG": ""})
    assert document["@graph"][1]["url"].startswith("urn:factcheck:khadr-wikileaks#claim-")
    assert result.stderr.startswith("Warning: article 'khadr-wikileaks' has no URL")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)  # Google would refuse it: the schema says so too


def test_schema_rejects_what_google_requires(seeded_run, config):
    document, _ = _export(seeded_run, config)
    review = document["@graph"][1]
    for field in ("claimReviewed", "reviewRating", "url"):
        broken = json.loads(json.dumps(document))
        del broken["@graph"][1][field]
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, SCHEMA)
    broken = json.loads(json.dumps(document))
    del broken["@graph"][1]["reviewRating"]["alternateName"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)
    assert review["reviewRating"]["bestRating"] == 5 and review["reviewRating"]["worstRating"] == 1


def test_unknown_article_is_one_line(seeded_run, config, db_url):
    before = counts(db_url)
    result = seeded_run("export", "nope", "--format", "claimreview", env=config)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("Error: no article 'nope' in the ledger")
    assert counts(db_url) == before
