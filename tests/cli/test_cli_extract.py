"""factcheck extract: the model's ranking, its settings, and what happens when it cannot load."""

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.analysis.scorer import DEFAULT_WEIGHTS, LinearScorer

SEED = str(Path(__file__).resolve().parents[2] / "claims" / "khadr-wikileaks-v1.txt")
CORPUS = Path(__file__).resolve().parents[1] / "corpus"

STORY = """Transit fares to rise in April

Bus and subway fares will rise 5 percent on April 1, the transit commission said Tuesday, the second increase in two years.

A monthly pass will cost $156, up from $148.50.

"Nobody likes paying more," chair Maria Alvarez said.

Ridership has recovered to 91 percent of its 2019 level, according to the commission's figures.

The commission meets again next month.
"""


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, prog_name="factcheck")


@pytest.fixture
def story(tmp_path):
    path = tmp_path / "fares.txt"
    path.write_text(STORY, encoding="utf-8")
    return str(path)


def config(tmp_path, body):
    path = tmp_path / "factcheck.toml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return {"FACTCHECK_CONFIG": str(path)}


def test_json_names_the_model_and_ranks_by_score(story):
    result = run("extract", story, "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["scorer"]["name"] == "checkworthy-linear"
    assert payload["scorer"]["version"].startswith("checkworthy-linear ")
    threshold = payload["scorer"]["threshold"]
    claims = payload["claims"]
    assert all(set(c) == {"text", "score", "facets", "paragraph", "sentence"} for c in claims)
    assert [c["score"] for c in claims] == sorted((c["score"] for c in claims), reverse=True)
    assert all(c["score"] >= threshold for c in claims)
    texts = [c["text"] for c in claims]
    assert any(t.startswith("Bus and subway fares will rise 5 percent") for t in texts)
    assert "A monthly pass will cost $156, up from $148.50." in texts
    assert "The commission meets again next month." not in texts
    assert payload["revision"]["sentences"] == 5


def test_text_lists_claims_and_closes_with_a_count(story):
    result = run("extract", story)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(line.endswith("  [statistic, comparison, quantity]  paragraph 1, sentence 0: "
                             "A monthly pass will cost $156, up from $148.50.") for line in lines)
    assert all(line[:4].replace(".", "").isdigit() for line in lines[:-1])
    shipped = LinearScorer.load()
    assert lines[-1] == (f"{len(lines) - 1} of 5 sentences at or above {shipped.threshold:.2f} "
                         f"({shipped.version}).")


def test_top_keeps_the_best(story):
    everything = json.loads(run("extract", story, "--format", "json").output)["claims"]
    top = json.loads(run("extract", story, "--top", "2", "--format", "json").output)["claims"]
    assert top == everything[:2]


def test_threshold_option_and_configuration(story, tmp_path):
    low = json.loads(run("extract", story, "--threshold", "0", "--format", "json").output)
    assert len(low["claims"]) == 5 and low["scorer"]["threshold"] == 0
    env = config(tmp_path, "[extract]\nthreshold = 0.99\n")
    strict = json.loads(run("extract", story, "--format", "json", env=env).output)
    assert strict["scorer"]["threshold"] == 0.99
    assert all(c["score"] >= 0.99 for c in strict["claims"])
    overridden = json.loads(run("extract", story, "--threshold", "0", "--format", "json", env=env).output)
    assert len(overridden["claims"]) == 5


@pytest.mark.parametrize("args, message", [
    (["--threshold", "1.5"], "Error: Invalid value for '--threshold': 1.5 is not in the range 0<=x<=1."),
    (["--top", "0"], "Error: Invalid value for '--top': 0 is not in the range x>=1."),
    (["--threshold", "high"], "Error: Invalid value for '--threshold': 'high' is not a valid float range."),
])
def test_bad_options_are_one_line_exit_2(story, args, message):
    result = run("extract", story, *args)
    assert result.exit_code == 2
    assert result.output == f"{message} (see factcheck extract --help)\n"


@pytest.mark.parametrize("body, message", [
    ('[extract]\nthreshold = "high"\n', "[extract] threshold must be a number from 0 to 1, e.g. 0.5."),
    ("[extract]\nthreshold = 2\n", "[extract] threshold must be a number from 0 to 1, e.g. 0.5."),
    ("[extract]\ncutoff = 0.5\n", "[extract] has no setting 'cutoff'; use threshold, scorer or weights."),
    ('[extract]\nscorer = ""\n', '[extract] scorer must name a Python entry point, e.g. "package.module:load".'),
    ("extract = 3\n", "[extract] must be a table (threshold, scorer, weights)."),
])
def test_bad_configuration_is_one_line_exit_2(story, tmp_path, body, message):
    env = config(tmp_path, body)
    result = run("extract", story, env=env)
    assert result.exit_code == 2
    assert result.output == f"Error: {env['FACTCHECK_CONFIG']}: {message}\n"


@pytest.mark.parametrize("damage", ["missing", "corrupted"])
def test_unusable_weights_warn_once_and_use_the_facet_rule(story, tmp_path, damage):
    if damage == "corrupted":
        (tmp_path / "weights.npz").write_bytes(DEFAULT_WEIGHTS.read_bytes()[:5000])
    env = config(tmp_path, '[extract]\nweights = "weights.npz"\nthreshold = 0.99\n')
    result = run("extract", story, "--format", "json", env=env)
    assert result.exit_code == 0
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("Warning: the check-worthiness weights weights.npz cannot be used: ")
    assert result.stderr.endswith("scoring with the facet rule instead (reinstall factcheck to restore them).\n")
    payload = json.loads(result.stdout)
    # The configured 0.99 was set on the model's scale: the rule keeps its own.
    assert payload["scorer"] == {"name": "facet-rule", "version": "1", "threshold": 0.25}
    assert "A monthly pass will cost $156, up from $148.50." in [c["text"] for c in payload["claims"]]


PLUGIN = '''
class LengthScorer:
    """A stand-in for a newsroom's larger model: longer sentences score higher."""
    name = "length"
    version = "0.1"
    threshold = 0.5

    def score(self, texts, facets):
        return [min(1.0, len(t) / 100) for t in texts]


def make():
    return LengthScorer()


def broken():
    raise RuntimeError("CUDA device not found")


def not_a_scorer():
    return object()


class ShortScorer(LengthScorer):
    def score(self, texts, facets):
        return [0.9]


def short():
    return ShortScorer()
'''


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    (tmp_path / "newsroom_scorer.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))


def test_configured_entry_point_scores(story, tmp_path, plugin):
    env = config(tmp_path, '[extract]\nscorer = "newsroom_scorer:make"\n')
    payload = json.loads(run("extract", story, "--format", "json", env=env).output)
    assert payload["scorer"] == {"name": "length", "version": "0.1", "threshold": 0.5}
    assert payload["claims"][0]["text"].startswith("Bus and subway fares")
    assert payload["claims"][0]["score"] == 1.0
    assert run("extract", story, env=env).output.splitlines()[-1].endswith("at or above 0.50 (length 0.1).")


def test_scorer_returning_too_few_scores_is_refused(story, tmp_path, plugin):
    env = config(tmp_path, '[extract]\nscorer = "newsroom_scorer:short"\n')
    result = run("extract", story, env=env)
    assert result.exit_code == 2
    assert result.output == ("Error: the scorer 'length' returned 1 scores for 5 sentences; fix it or remove it "
                             "from [extract] in factcheck.toml.\n")


@pytest.mark.parametrize("reference, reason", [
    ("newsroom_scorer:broken", "(CUDA device not found); install it or remove the setting."),
    ("no_such_module:make", "(No module named 'no_such_module'); install it or remove the setting."),
    ("unregistered-name", "(no installed package offers 'unregistered-name' in the factcheck.scorers entry "
                          "points); install it or remove the setting."),
    ("newsroom_scorer:not_a_scorer", "is not a scorer (it needs name, version, threshold and score(texts, facets))."),
])
def test_broken_entry_point_is_one_line_exit_2(story, tmp_path, plugin, reference, reason):
    env = config(tmp_path, f'[extract]\nscorer = "{reference}"\n')
    result = run("extract", story, env=env)
    assert result.exit_code == 2
    joiner = " " if reason.startswith("is not") else " cannot be loaded "
    assert result.output == f"Error: the scorer {reference!r} named in [extract]{joiner}{reason}\n"


def test_story_without_body_sentences_is_refused(tmp_path):
    path = tmp_path / "stub.txt"
    path.write_text("Council to vote on budget\n\nPhoto: The council chamber. (City of Ottawa)\n")
    result = run("extract", str(path), "--format", "json")
    assert result.exit_code == 2
    assert result.output == f"Error: {path} has no sentences to check; pass the article text.\n"


def test_every_corpus_story_proposes_its_lede():
    for path in sorted(CORPUS.glob("*.txt")):
        payload = json.loads(run("extract", str(path), "--format", "json").output)
        ranked = payload["claims"]
        assert ranked, path.name
        assert any(c["paragraph"] == 0 for c in ranked), path.name
        assert len(ranked) <= payload["revision"]["sentences"]
