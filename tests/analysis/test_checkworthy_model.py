"""The shipped check-worthiness model: it loads, it scores news like a fact-checker, it fails safe."""

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from factcheck.analysis import candidates as extract_module
from factcheck.analysis import scorer as scorer_module
from factcheck.analysis.candidates import MIN_SCORE, extract_claims, facets_of, score_of
from factcheck.analysis.linear_model import FeatureSettings, LinearModel, WeightsError, featurize, fold
from factcheck.analysis.scorer import DEFAULT_WEIGHTS, ExtractSettings, FacetRule, LinearScorer, load_scorer
from factcheck.text.segmentation import segment

NEWS = Path(__file__).resolve().parents[1] / "fixtures" / "checkworthy" / "news-labels.jsonl"


def news_labels():
    rows = [json.loads(line) for line in NEWS.read_text(encoding="utf-8").splitlines()]
    return [r["text"] for r in rows], np.array([r["label"] for r in rows])


def f1(labels, predicted):
    tp = int(np.sum(predicted & (labels == 1)))
    precision, recall = tp / max(int(predicted.sum()), 1), tp / int((labels == 1).sum())
    return 2 * precision * recall / (precision + recall) if tp else 0.0


@pytest.fixture(scope="module")
def shipped():
    return LinearScorer.load()


def test_shipped_weights_are_small_and_describe_themselves(shipped):
    assert DEFAULT_WEIGHTS.stat().st_size < 1024 * 1024
    assert shipped.version.startswith("checkworthy-linear ")
    assert 0.05 <= shipped.threshold <= 0.95
    card = (DEFAULT_WEIGHTS.parent / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert shipped.version in card and "CC BY 4.0" in card and "ClaimBuster" in card and "CheckThat!" in card


def test_shipped_model_beats_the_facet_rule_on_labelled_news(shipped):
    texts, labels = news_labels()
    facets = [facets_of(t) for t in texts]
    model = f1(labels, np.array(shipped.score(texts, facets)) >= shipped.threshold)
    rule = f1(labels, np.array([score_of(f) >= MIN_SCORE for f in facets]))
    assert model >= 0.85
    assert model > rule + 0.05


def test_claims_outrank_colour_and_opinion(shipped):
    claims = [
        "Unemployment rose to 7.5 percent in March, up from 6.1 percent a year earlier.",
        "The province spent $2.3 billion on hospitals last year, the most in its history.",
        "The city has cut its police budget by 12 percent since 2019.",
        "Violent crime fell by a third in the decade after the law passed.",
    ]
    chatter = [
        "Thank you all for coming tonight.",
        "I think we need to look at this very carefully.",
        '"It was a beautiful day," she said.',
        "We will see what happens.",
    ]
    scores = shipped.score(claims + chatter, [facets_of(t) for t in claims + chatter])
    assert min(scores[:4]) > max(scores[4:])
    assert all(s >= shipped.threshold for s in scores[:4])
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_a_sentence_scores_the_same_alone_and_in_a_batch(shipped):
    texts, _ = news_labels()
    texts = texts[:40]
    facets = [facets_of(t) for t in texts]
    together = shipped.score(texts, facets)
    assert [shipped.score([t], [f])[0] for t, f in zip(texts, facets)] == together


def test_folding_makes_news_typography_look_like_transcripts(shipped):
    assert fold("\u201cWe\u2019re up 4.5%\u201d \u2014 the  Mayor") == "\"we're up 0.0%\" - the mayor"
    curly = "The mayor said \u201cwe\u2019ve doubled the budget.\u201d"
    straight = "The mayor said \"we've doubled the budget.\""
    assert shipped.score([curly], [facets_of(curly)]) == shipped.score([straight], [facets_of(curly)])


def test_features_stay_in_their_columns():
    settings = FeatureSettings(buckets=1024)
    texts = ["Sales rose 5 percent.", "", "Ça a augmenté de 5 %, dit-elle.", "x"]
    rows, cols, values = featurize(texts, [facets_of(t) for t in texts], settings)
    assert rows.min() >= 0 and rows.max() == len(texts) - 1
    assert cols.min() >= 0 and cols.max() < settings.width
    assert np.all(values > 0)
    again = featurize(texts, [facets_of(t) for t in texts], settings)
    assert all(np.array_equal(a, b) for a, b in zip((rows, cols, values), again))


def test_numpy_inference_reproduces_scikit_learn(tmp_path):
    """The training script's contract: the shipped sums are scikit-learn's probabilities."""
    pytest.importorskip("sklearn", reason="needs the train extra")
    from scipy.sparse import coo_matrix
    from sklearn.linear_model import LogisticRegression

    texts, labels = news_labels()
    facets = [facets_of(t) for t in texts]
    settings = FeatureSettings(buckets=4096)
    rows, cols, values = featurize(texts, facets, settings)
    matrix = coo_matrix((values, (rows, cols)), shape=(len(texts), settings.width)).tocsr()
    fitted = LogisticRegression(C=1.0, solver="liblinear", random_state=0).fit(matrix, labels)
    meta = {"version": "test 1", "threshold": 0.5,
            "features": {"buckets": 4096, "char_min": 3, "char_max": 5}}
    LinearModel(fitted.coef_[0], float(fitted.intercept_[0]), meta).save(tmp_path / "w.npz")
    ours = LinearModel.load(tmp_path / "w.npz").probabilities(texts, facets)
    assert np.max(np.abs(ours - fitted.predict_proba(matrix)[:, 1])) < 2e-3


def test_missing_weights_fall_back_to_the_facet_rule(tmp_path):
    scorer, warning = load_scorer(ExtractSettings(weights=tmp_path / "gone.npz"))
    assert isinstance(scorer, FacetRule)
    assert warning == ("the check-worthiness weights gone.npz cannot be used: the file does not exist; "
                       "scoring with the facet rule instead (reinstall factcheck to restore them).")


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "wrong-shape", "not-numbers", "no-meta"])
def test_damaged_weights_fall_back_with_one_line(tmp_path, damage):
    path = tmp_path / "w.npz"
    good = DEFAULT_WEIGHTS.read_bytes()
    meta = {"version": "x 1", "threshold": 0.5, "features": {"buckets": 64, "char_min": 3, "char_max": 5}}
    if damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "garbage":
        path.write_bytes(b"\x00\x01not a model" * 100)
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "wrong-shape":
        np.savez(path, weights=np.zeros(10, np.float16), intercept=0.0, meta=json.dumps(meta))
    elif damage == "not-numbers":
        width = FeatureSettings(buckets=64).width
        np.savez(path, weights=np.full(width, np.nan, np.float16), intercept=0.0, meta=json.dumps(meta))
    else:
        np.savez(path, weights=np.zeros(10, np.float16), intercept=0.0)
    with pytest.raises(WeightsError):
        LinearModel.load(path)
    scorer, warning = load_scorer(ExtractSettings(weights=path))
    assert isinstance(scorer, FacetRule)
    assert warning.startswith("the check-worthiness weights w.npz cannot be used: ") and "\n" not in warning


def test_library_default_warns_once_and_still_extracts(tmp_path, monkeypatch):
    monkeypatch.setattr(scorer_module, "DEFAULT_WEIGHTS", tmp_path / "gone.npz")
    monkeypatch.setattr(scorer_module, "_default", None)
    doc = segment("Headline\n\nThe city spent $4 million on roads, up from $3 million in 2022.")
    with pytest.warns(RuntimeWarning, match="facet rule"):
        claims = extract_claims(doc)
    assert [(c.score, c.facets) for c in claims] == [(0.85, ("statistic", "comparison", "quantity", "date"))]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        extract_claims(doc)  # loaded once: no second warning


def test_empty_and_headline_only_documents_have_no_claims(shipped):
    assert extract_claims(segment(""), scorer=shipped) == []
    assert extract_claims(segment(" \n\n \n"), scorer=shipped) == []
    assert shipped.score([], []) == []


class CountingScorer:
    name, version, threshold = "counting", "1", 0.5

    def __init__(self):
        self.batches = []

    def score(self, texts, facets):
        self.batches.append(len(texts))
        return [1.0 if "percent" in t else 0.0 for t in texts]


def test_long_documents_are_scored_in_bounded_batches():
    paragraphs = [f"Item {i} of the list is here. Costs rose {i % 90} percent in year {i}."
                  for i in range(25_000)]
    doc = segment("Long list\n\n" + "\n\n".join(paragraphs))
    counting = CountingScorer()
    claims = extract_claims(doc, scorer=counting)
    assert sum(counting.batches) == 50_000
    assert max(counting.batches) <= extract_module.BATCH
    assert len(claims) == 25_000
    top = extract_claims(doc, scorer=counting, top=3)
    assert [(c.paragraph, c.sentence) for c in top] == [(0, 1), (1, 1), (2, 1)]


def test_ranking_is_by_score_then_reading_order(shipped):
    doc = segment(
        "Fire guts church\n\n"
        "The service was lovely. A fire destroyed the 200-year-old church on Sunday, officials said.\n\n"
        "Damage was estimated at $3 million, the highest for a fire in the county since 1998.\n\n"
        "Everyone hopes for the best."
    )
    claims = extract_claims(doc, scorer=shipped)
    assert claims and [c.score for c in claims] == sorted((c.score for c in claims), reverse=True)
    assert "Everyone hopes for the best." not in [c.text for c in claims]
    assert len(extract_claims(doc, scorer=shipped, top=1)) == 1
    assert extract_claims(doc, 1.01, scorer=shipped) == []
