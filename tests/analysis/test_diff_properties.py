"""Properties of the alignment that must hold for any article (hypothesis)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.analysis.diff import diff_documents
from factcheck.text.segmentation import segment

WORDS = (
    "council budget river police mayor storm court witness vote bridge school hospital "
    "judge report market flood tax union strike crowd museum station harbour airport "
    "minister contract pension election ferry library doctor farmer"
).split()

sentence = st.lists(st.sampled_from(WORDS), min_size=4, max_size=12).map(
    lambda words: " ".join([words[0].capitalize(), *words[1:]]) + "."
)
paragraph = st.lists(sentence, min_size=1, max_size=4)
article = st.lists(paragraph, min_size=1, max_size=8)


def render(paragraphs: list[list[str]]) -> str:
    # A dateline-free body only: the first line must not read as a headline.
    return "\n\n".join(" ".join(p) for p in paragraphs)


def locations(sentences):
    return Counter((s.role, s.paragraph, s.index) for s in sentences)


@settings(max_examples=150, deadline=None)
@given(article)
def test_a_text_diffed_with_itself_is_unchanged(paragraphs):
    doc = segment(render(paragraphs))
    result = diff_documents(doc, doc)
    assert {c.kind for c in result.changes} == {"unchanged"}
    assert result.is_identical and result.findings == []


@st.composite
def revision_pair(draw):
    old = draw(article)
    new = [list(p) for p in old]
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(["delete", "insert", "edit", "move", "split-paragraph"]))
        p = draw(st.integers(0, len(new) - 1))
        if not new[p]:
            continue
        s = draw(st.integers(0, len(new[p]) - 1))
        if action == "delete":
            new[p].pop(s)
        elif action == "insert":
            new[p].insert(s, draw(sentence))
        elif action == "edit":
            words = new[p][s].rstrip(".").split()
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
            new[p][s] = " ".join([words[0].capitalize(), *words[1:]]) + "."
        elif action == "move":
            moved = new[p].pop(s)
            target = draw(st.integers(0, len(new) - 1))
            new[target].insert(draw(st.integers(0, len(new[target]))), moved)
        else:
            new.insert(p + 1, new[p][s:])
            del new[p][s:]
    new = [p for p in new if p] or [[draw(sentence)]]
    return old, new


@settings(max_examples=200, deadline=None)
@given(revision_pair())
def test_every_sentence_of_both_sides_appears_exactly_once(pair):
    old, new = (segment(render(p)) for p in pair)
    result = diff_documents(old, new)
    assert locations(s for c in result.changes for s in c.old) == locations(old.all_sentences)
    assert locations(s for c in result.changes for s in c.new) == locations(new.all_sentences)


@settings(max_examples=200, deadline=None)
@given(revision_pair())
def test_swapping_sides_swaps_added_and_removed(pair):
    old, new = (segment(render(p)) for p in pair)
    forward, backward = diff_documents(old, new).summary, diff_documents(new, old).summary
    assert forward["added"] == backward["removed"]
    assert forward["removed"] == backward["added"]
    assert forward["split"] == backward["merge"] and forward["merge"] == backward["split"]


@settings(max_examples=150, deadline=None)
@given(article, st.randoms(use_true_random=False))
def test_shuffling_paragraphs_yields_moves_only(paragraphs, random):
    shuffled = list(paragraphs)
    random.shuffle(shuffled)
    result = diff_documents(segment(render(paragraphs)), segment(render(shuffled)))
    assert {c.kind for c in result.changes} <= {"unchanged", "moved"}
    if [" ".join(p) for p in shuffled] != [" ".join(p) for p in paragraphs]:
        assert result.summary["moved"] > 0 or len({" ".join(p) for p in paragraphs}) < len(paragraphs)
