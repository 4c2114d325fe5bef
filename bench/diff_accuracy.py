"""How often the diff finds what was planted: the accuracy figures of ``bench_diff.py``.

    python bench/diff_accuracy.py          # from the worktree root; also run by bench_diff.py

Revision pairs come from the gold-by-construction generator of the tests
(``tests/gold``): an edit script applied to an article, the right alignment
known because the pair is built from it. Articles are the six hand-written ones
of ``tests/gold/articles.py`` and as many more assembled from the project's own
copy (the seed article and the test revision pairs, as ``bench_diff.py`` builds
its timing texts), a different article for every case. Three figures, each for
the engine and for the difflib version of the same alignment
(``bench_diff.difflib_core``, body only):

* **which sentence moved**: one planted move (a sentence jumping at least two
  sentences still in place) with up to three other edits around it; right when
  the sentences reported moved are exactly the planted one;
* **heavy-rewrite recall**: one planted "A, B." -> "B, A." rewrite with a word
  changed, with up to three other edits (no plain edit, so that every planted
  edit is the rewrite); found when it is paired with its old sentence;
* **whole alignment**: random scripts of one to seven edits of every kind; right
  when every sentence's pairing and kind equals the planted one.

No assertions: this prints numbers. The tests hold the engine to the planted
answer on a fixed set of scripts (``tests/analysis/test_diff_gold.py``).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_diff import _difflib_role, make_article, sentence_pool  # noqa: E402
from factcheck.text.segmentation import segment  # noqa: E402
from gold.alignment import aligned  # noqa: E402
from gold.articles import ARTICLES, Article  # noqa: E402
from gold.generator import Gold, build, render  # noqa: E402

Alignment = set[tuple[str, tuple[int, ...], tuple[int, ...]]]
_OTHERS = ("edit", "rewrite", "remove", "add", "split", "merge")


def engine_alignment(old_text: str, new_text: str) -> Alignment:
    return set(aligned(old_text, new_text))


def difflib_alignment(old_text: str, new_text: str) -> Alignment:
    """The difflib version's body alignment in the same form (it aligns one role at a time)."""
    out: Alignment = set()
    for item in _difflib_role(segment(old_text).sentences, segment(new_text).sentences):
        kind, i, j = item[0], item[1], item[2]
        old_ix = () if i is None else (i if isinstance(i, tuple) else (i,))
        new_ix = () if j is None else (j if isinstance(j, tuple) else (j,))
        out.add((kind, old_ix, new_ix))
    return out


def article_from_copy(rng: random.Random, pool: list[str]) -> Article | None:
    """An article of 300-1,200 words assembled from the project's copy, or None
    when segmentation would not find exactly its sentences (the gold numbering
    counts on it)."""
    paragraphs = tuple(tuple(p) for p in make_article(rng.randint(300, 1_200), rng, pool))
    article = Article("assembled", "Headline of the story", paragraphs)
    doc = segment(render(article.headline, [list(p) for p in paragraphs]))
    if [tuple(s.text for s in b.sentences) for b in doc.body] != list(paragraphs):
        return None
    return article


def cases(count: int, script: Callable[[random.Random], list[str]], needed: str | None, seed: int) -> list[Gold]:
    """``count`` gold pairs, half on the hand-written articles, half on assembled
    ones; ``needed`` an operation the generator must have managed to apply."""
    rng, pool = random.Random(seed), sentence_pool()
    out: list[Gold] = []
    while len(out) < count:
        article = ARTICLES[len(out) % len(ARTICLES)] if len(out) % 2 else article_from_copy(rng, pool)
        if article is None:
            continue
        gold = build(article, script(rng), random.Random(rng.randrange(2**32)))
        if needed is None or needed in gold.script:
            out.append(gold)
    return out


def with_others(operation: str, others: tuple[str, ...]) -> Callable[[random.Random], list[str]]:
    return lambda rng: [operation] + [rng.choice(others) for _ in range(rng.randint(0, 3))]


def moved_right(gold: Gold, found: Alignment) -> bool:
    planted = {old for kind, old, _ in gold.expected if kind in ("moved", "moved-edited")}
    return {old for kind, old, _ in found if kind in ("moved", "moved-edited")} == planted


def rewrite_found(gold: Gold, found: Alignment) -> tuple[int, int]:
    """(planted rewrites, of them paired with their old sentence)."""
    planted = [(old, new) for kind, old, new in gold.expected if kind == "edited"]
    paired = {(old, new) for kind, old, new in found if kind in ("edited", "moved-edited")}
    return len(planted), sum(pair in paired for pair in planted)


def measure(count: int = 600) -> list[tuple[str, int, float, float]]:
    """(figure, cases, engine share, difflib-version share) for the three figures."""
    tools = (engine_alignment, difflib_alignment)
    rows = []
    moves = cases(count, with_others("move", _OTHERS), "move", seed=1)
    rows.append(("which sentence moved", len(moves),
                 *(sum(moved_right(g, tool(g.old_text, g.new_text)) for g in moves) / len(moves) for tool in tools)))
    rewrites = cases(count, with_others("rewrite", tuple(o for o in _OTHERS if o != "edit")), "rewrite", seed=2)
    shares = []
    for tool in tools:
        planted = found = 0
        for gold in rewrites:
            p, f = rewrite_found(gold, tool(gold.old_text, gold.new_text))
            planted, found = planted + p, found + f
        shares.append(found / planted)
    rows.append(("heavy-rewrite recall", len(rewrites), *shares))
    operations = ("move", *_OTHERS)
    scripts = cases(count, lambda rng: [rng.choice(operations) for _ in range(rng.randint(1, 7))], None, seed=3)
    rows.append(("whole alignment", len(scripts),
                 *(sum(tool(g.old_text, g.new_text) == set(g.expected) for g in scripts) / len(scripts) for tool in tools)))
    return rows


def report(count: int = 600) -> None:
    print(f"{'accuracy on planted edits':<28} {'cases':>6} {'engine':>8} {'difflib version':>16}")
    for figure, n, ours, theirs in measure(count):
        print(f"{figure:<28} {n:>6} {ours:>8.1%} {theirs:>16.1%}")


if __name__ == "__main__":
    report(int(sys.argv[1]) if len(sys.argv) > 1 else 600)
