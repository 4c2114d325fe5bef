"""The checks on a corpus of realistic articles: silent on clean copy, exact on planted defects.

Each article is checked twice, with its publication date and without one (file
mode with no --date), since both happen in a newsroom.
"""

from pathlib import Path

import pytest
import yaml

from factcheck.analysis.checks import run_checks
from factcheck.text.segmentation import segment

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))


def test_corpus_is_large_and_mostly_clean():
    articles = sorted(p.name for p in CORPUS.glob("*.txt"))
    assert articles == sorted(EXPECTED)
    assert len(articles) >= 20
    assert sum(1 for e in EXPECTED.values() if not e["findings"]) > len(articles) / 2


def _matches(finding, expected):
    return finding.check == expected["check"] and all(
        finding.data.get(key) == value for key, value in expected.get("data", {}).items()
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
def test_article_raises_exactly_what_is_planted(name, dated):
    expected = EXPECTED[name]
    doc = segment((CORPUS / name).read_text(encoding="utf-8"))
    findings = run_checks(doc, published=expected["published"] if dated else None)
    # Some defects show only against a publication date ("52 now" vs "38 in 2015").
    wanted = [e for e in expected["findings"] if dated or not e.get("dated_only")]
    described = [f"{f.check}: {f.message}" for f in findings]
    assert len(findings) == len(wanted), described
    for finding, want in zip(findings, wanted):
        assert _matches(finding, want), described
        assert finding.spans and finding.message.endswith(".")
