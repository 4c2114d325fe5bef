from pathlib import Path

from factcheck.analysis.candidates import FACET_WEIGHTS, extract_claims, facets_of, score_of
from factcheck.text.segmentation import segment

SEED = Path(__file__).resolve().parents[2] / "claims" / "khadr-wikileaks-v1.txt"


def test_facets():
    assert facets_of("Unemployment rose to 7.5 percent in March, up from 6.1 percent, the agency said.") == (
        "statistic", "comparison", "quantity", "attribution", "date")
    assert facets_of("It was the largest fire in the county's history.") == ("superlative",)
    assert facets_of("He faces four charges.") == ("count",)
    assert facets_of("Kwame Osei, 34, runs the shop.") == ("age", "quantity")
    assert facets_of("He declined to comment.") == ()


def test_years_are_dates_not_quantities():
    assert facets_of("The plant opened in 1998.") == ("date",)


def test_score_adds_weights_and_caps_at_one():
    assert score_of(("statistic", "comparison")) == 0.6
    assert score_of(tuple(FACET_WEIGHTS)) == 1.0


def test_seed_claims_skip_caption_and_keep_ages():
    doc = segment(SEED.read_text(encoding="utf-8"))
    claims = extract_claims(doc)
    texts = [c.text for c in claims]
    assert not any("Pentagon-approved" in t for t in texts)
    assert "Khadr, now 24, was 22 at the time of the meeting." in texts
    quoted = next(c for c in claims if c.text.startswith("He is described"))
    assert quoted.to_json() == {
        "text": 'He is described as "a 15-year old Muslim of Canadian origin."',
        "score": 0.7, "facets": ["age", "quantity", "quotation", "attribution"],
        "paragraph": 4, "sentence": 2,
    }


def test_low_scoring_sentences_are_not_proposed():
    doc = segment("Headline\n\nThe weather was nice. Officials met in 2019.")
    assert extract_claims(doc) == []
