"""The diff recovers edit scripts whose answer is known by construction.

``tests/gold`` holds articles from several beats and a generator that applies
an edit script to one of them and returns the alignment it planted. Fixed
scripts cover every edit kind on every article; a hypothesis property draws
random scripts.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.text.segmentation import segment
from gold.alignment import aligned
from gold.articles import ARTICLES
from gold.generator import OPERATIONS, build, render


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.beat)
def test_every_article_segments_into_its_own_sentences(article):
    doc = segment(render(article.headline, [list(p) for p in article.paragraphs]))
    assert doc.headline == article.headline
    assert [tuple(s.text for s in block.sentences) for block in doc.body] == list(article.paragraphs)


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.beat)
def test_each_edit_kind_is_recovered(article, operation):
    for seed in range(3):
        gold = build(article, [operation], random.Random(seed))
        assert gold.script == [operation], "the generator found no sentence to apply it to"
        assert aligned(gold.old_text, gold.new_text) == gold.expected, (operation, seed)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.beat)
def test_a_script_of_every_kind_at_once_is_recovered(article):
    for seed in range(3):
        gold = build(article, list(OPERATIONS), random.Random(seed))
        assert aligned(gold.old_text, gold.new_text) == gold.expected, (gold.script, seed)


def test_repeated_boilerplate_keeps_its_partners():
    # "Our editors' picks" twice in the health story; a sentence cut before the
    # first copy and one added between them must not make the copies swap.
    health = next(a for a in ARTICLES if a.beat == "health")
    paragraphs = [list(p) for p in health.paragraphs]
    del paragraphs[4][1]
    paragraphs[5].insert(2, "Two ferry crossings were cancelled because of high winds on the lake.")
    old_text = render(health.headline, [list(p) for p in health.paragraphs])
    links = aligned(old_text, render(health.headline, paragraphs))
    picks = [(old, new) for kind, old, new in links if kind == "unchanged" and old in ((8,), (10,))]
    assert picks == [((8,), (7,)), ((10,), (10,))]
    assert [kind for kind, _, _ in links].count("moved") == 0


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    article=st.sampled_from(ARTICLES),
    script=st.lists(st.sampled_from(OPERATIONS), min_size=1, max_size=7),
    seed=st.integers(0, 2**16),
)
def test_a_random_edit_script_is_recovered(article, script, seed):
    gold = build(article, script, random.Random(seed))
    assert aligned(gold.old_text, gold.new_text) == gold.expected


def test_the_jumping_sentence_beside_repeated_boilerplate():
    # Found by the property above: the sentence between the two "editors' picks"
    # copies jumps two paragraphs up, and the copies must not swap partners.
    health = next(a for a in ARTICLES if a.beat == "health")
    gold = build(health, ["edit", "rewrite", "move", "merge"], random.Random(1753))
    assert aligned(gold.old_text, gold.new_text) == gold.expected
