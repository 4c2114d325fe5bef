"""factcheck search: the database's own full-text index (FTS5 / tsvector), kept
current by triggers on every write path, ranked, with the sentence that matched."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SEED_LEDGER

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
STORIES = ["local-fire", "court-sentencing", "politics-budget", "science-telescope", "sport-hockey",
           "business-merger", "disaster-flood", "obituary-scientist"]


def _load(run):
    for slug in STORIES:
        result = run("add-revision", slug, str(CORPUS / f"{slug}.txt"))
        assert result.exit_code == 0, result.output


def _search(run, *words):
    result = run("search", *words, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_search_finds_each_story_by_its_own_words_with_the_sentence(run):
    _load(run)
    found = _search(run, "church", "fire")
    assert found["results"][0]["kind"] == "article"
    assert found["results"][0]["article"]["slug"] == "local-fire"
    sentence = found["results"][0]["sentence"]
    assert "church" in sentence["text"].lower() or "Church" in sentence["text"]
    assert isinstance(sentence["paragraph"], int) and isinstance(sentence["sentence"], int)
    # Every story is found by a distinctive word of its own text, and it comes first.
    for slug in STORIES:
        text = (CORPUS / f"{slug}.txt").read_text(encoding="utf-8")
        words = [w.strip(".,\"'()") for w in text.split()]
        rare = max((w for w in words if w.isalpha() and len(w) > 7), key=lambda w: (text.count(w), len(w)))
        top = _search(run, rare)["results"]
        assert top and top[0]["article"]["slug"] == slug, (slug, rare)


def test_stemming_and_quoted_phrases(run):
    _load(run)
    stems = _search(run, "firefighter")  # the story says "firefighters"
    assert stems["results"][0]["article"]["slug"] == "local-fire"
    phrase = _search(run, '"Anglican Church"')
    assert [r["article"]["slug"] for r in phrase["results"]] == ["local-fire"]
    assert _search(run, '"Church Anglican"')["results"] == []


def test_claims_and_notices_are_found_and_kept_current(run):
    assert run("import", str(SEED_LEDGER)).exit_code == 0
    claims = _search(run, "Guantanamo", "captured")
    claim_hits = [r for r in claims["results"] if r["kind"] == "claim"]
    assert claim_hits and all(r["article"]["slug"] == "khadr-wikileaks" for r in claim_hits)
    assert "captured" in claim_hits[0]["sentence"]["text"]
    claim_id = claim_hits[0]["id"]

    # A reworded claim is found by its new words and no longer by the old ones.
    run("claim", "edit", str(claim_id), "Khadr was seized by U.S. troops in a firefight in 2002", "--by", "desk")
    assert claim_id in [r.get("id") for r in _search(run, "firefight")["results"] if r["kind"] == "claim"]
    assert claim_id not in [r.get("id") for r in _search(run, "captured")["results"] if r["kind"] == "claim"]

    # A new revision replaces the article's text in the index.
    run("add-revision", "khadr-wikileaks", str(Path(SEED_LEDGER).parent / "khadr-wikileaks-v2.txt"))
    run("notice", "draft", "khadr-wikileaks", "v1", "v2", "--by", "desk")
    notices = [r for r in _search(run, "misstated")["results"] if r["kind"] == "notice"]
    assert notices and notices[0]["title"] == "correction"
    assert "misstated" in notices[0]["sentence"]["text"]
    # The repeated lede (v1 paragraph 1, "U.S.") is gone from v2: only one article row.
    articles = [r for r in _search(run, "Khadr")["results"] if r["kind"] == "article"]
    assert len(articles) == 1


def test_text_output_and_nothing_found(run):
    _load(run)
    out = run("search", "Lunenburg")
    assert out.exit_code == 0 and out.output.startswith("local-fire paragraph ")
    assert run("search", "zyzzyva").output == "nothing matches 'zyzzyva'\n"


def test_bad_queries(run):
    _load(run)
    for words in (["..."], ["", " "]):
        result = run("search", *words)
        assert result.exit_code == 2
        assert result.output == "Error: give some words to search for, e.g. factcheck search Khadr age.\n"
    # FTS5 syntax typed by an editor is read as words, never as a query language.
    for odd in ['fire AND', 'NEAR(church', '"unbalanced', 'fire*', "church -fire", "OR", "o'clock"]:
        result = run("search", odd)
        assert result.exit_code == 0, (odd, result.output)
    too_long = run("search", "word " * 60)
    assert too_long.exit_code == 2 and "longer than 200 characters" in too_long.output


def test_upgrade_indexes_what_was_stored_before_0006(db_url):
    """A ledger filled before the index existed is searchable after the upgrade."""
    from alembic import command
    from sqlalchemy import text

    from factcheck.store.engine import alembic_config, ensure_schema, make_engine
    from factcheck.store.search import search

    engine = make_engine(db_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0003")
        connection.execute(text("INSERT INTO articles (id, slug, title, created_at) VALUES (1, 'ferry', 'Ferry', CURRENT_TIMESTAMP)"))
        for seq, body in [(1, "The ferry captain was cleared on Monday."), (2, "The ferry skipper was cleared on Tuesday.")]:
            connection.execute(text(
                "INSERT INTO revisions (article_id, label, seq, fetched_at, sha256, text) "
                "VALUES (1, :label, :seq, CURRENT_TIMESTAMP, :sha, :body)"
            ), {"label": f"v{seq}", "seq": seq, "sha": str(seq), "body": body})
    ensure_schema(engine)
    assert [r["article"]["slug"] for r in search(engine, "skipper")["results"]] == ["ferry"]
    assert search(engine, "captain")["results"] == []  # only the newest revision is the article's text
    engine.dispose()
