"""Time the diffing engine against a straightforward difflib version of the same job.

    python bench/bench_diff.py            # from the worktree root

Both sides do the same work on the same revision pairs (800, 8,000 and 80,000
words, generated from realistic news sentences with edits, moves, additions,
removals, a split and a dropped paragraph): segmentation, sentence alignment
with moves, word-level operations for edited pairs. The engine also computes its
typed findings; the difflib version does not, which only flatters difflib.

The difflib version: ``SequenceMatcher`` over sentence fingerprints, then every
unmatched old sentence scored against every unmatched new one with
``SequenceMatcher.ratio`` (>= 0.6 pairs them, which is how moves and edits are
found), then ``SequenceMatcher`` over the words of each pair. At 80,000 words it
is timed once (it takes seconds); the engine's figure is still a median.

Finally ``factcheck diff A.txt B.txt`` is timed as a fresh process against
``python -c pass``, both in this run. No assertions: this prints numbers.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.diff import diff_documents  # noqa: E402
from factcheck.text import fingerprint, segment  # noqa: E402

NAMES = [
    "Maria Lopez", "Tom Garrity", "Linda Okafor", "Jamal Pierce", "Anne Whitfield", "Ray Dube",
    "Olivia Grant", "Dana Whitford", "Mark Tessier", "Priya Sandhu", "Owen Lindqvist", "Felix Moreau",
]
_NUMBER = re.compile(r"\b\d+\b")


def sentence_pool() -> list[str]:
    """Real sentences from the seed article and the test revision pairs."""
    texts = [ROOT / "claims" / "khadr-wikileaks-v1.txt", *sorted((ROOT / "tests" / "pairs").glob("*/old.txt"))]
    pool = []
    for path in texts:
        for sentence in segment(path.read_text(encoding="utf-8")).sentences:
            if len(sentence.text.split()) >= 6:
                pool.append(sentence.text)
    return pool


def make_article(words: int, rng: random.Random, pool: list[str]) -> list[list[str]]:
    """Paragraphs of 1-4 sentences, each a pool sentence with its numbers and a name varied."""
    paragraphs, total = [], 0
    while total < words:
        paragraph = []
        for _ in range(rng.randint(1, 4)):
            sentence = _NUMBER.sub(lambda m: str(rng.randint(2, 9999)), rng.choice(pool))
            sentence = sentence.replace(" the ", f" {rng.choice(NAMES)}'s ", 1) if rng.random() < 0.9 else sentence
            paragraph.append(sentence)
            total += len(sentence.split())
        paragraphs.append(paragraph)
    return paragraphs


def revise(paragraphs: list[list[str]], rng: random.Random, pool: list[str]) -> list[list[str]]:
    """A plausible next revision: ~3% of sentences edited, ~1% each removed, added and moved."""
    new = [list(p) for p in paragraphs]
    count = sum(map(len, new))
    for _ in range(max(1, count * 3 // 100)):
        p = rng.randrange(len(new))
        if new[p]:
            s = rng.randrange(len(new[p]))
            words = new[p][s].split()
            words[rng.randrange(1, len(words))] = rng.choice(["reportedly", "42", "nearly", "Ottawa"])
            new[p][s] = " ".join(words)
    for _ in range(max(1, count // 100)):
        p = rng.randrange(len(new))
        if len(new[p]) > 1:
            new[p].pop(rng.randrange(len(new[p])))
        new[rng.randrange(len(new))].append(rng.choice(pool).replace(" the ", " a ", 1))
        source = rng.randrange(len(new))
        if new[source]:
            moved = new[source].pop(rng.randrange(len(new[source])))
            new[rng.randrange(len(new))].insert(0, moved)
    del new[rng.randrange(len(new))]  # a dropped paragraph
    return [p for p in new if p]


def render(paragraphs: list[list[str]]) -> str:
    return "Headline of the story\n\n" + "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


def engine(old_text: str, new_text: str) -> object:
    return diff_documents(segment(old_text), segment(new_text))


def difflib_version(old_text: str, new_text: str) -> list[tuple]:
    return difflib_core(segment(old_text), segment(new_text))


def difflib_core(old_doc, new_doc) -> list[tuple]:
    old, new = old_doc.all_sentences, new_doc.all_sentences
    a, b = [fingerprint(s.text) for s in old], [fingerprint(s.text) for s in new]
    changes, old_left, new_left = [], [], []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            changes.extend(("unchanged", i, j) for i, j in zip(range(i1, i2), range(j1, j2)))
        else:
            old_left.extend(range(i1, i2))
            new_left.extend(range(j1, j2))
    taken: set[int] = set()
    for i in old_left:
        best, best_j = 0.6, None
        for j in new_left:
            if j not in taken:
                ratio = SequenceMatcher(None, a[i], b[j], autojunk=False).ratio()
                if ratio >= best:
                    best, best_j = ratio, j
        if best_j is None:
            changes.append(("removed", i, None))
            continue
        taken.add(best_j)
        words = SequenceMatcher(None, old[i].text.split(), new[best_j].text.split(), autojunk=False)
        changes.append(("edited", i, best_j, [op for op in words.get_opcodes() if op[0] != "equal"]))
    changes.extend(("added", None, j) for j in new_left if j not in taken)
    return changes


def median_ms(function, *args, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def process_ms(command: list[str], repeat: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    rng = random.Random(2010)
    pool = sentence_pool()
    print(f"Python {sys.version.split()[0]}; {len(pool)} source sentences; medians in ms\n")
    print(
        f"{'words':>7} {'sentences':>9} {'engine':>9} {'difflib':>10} {'ratio':>7}  target  "
        f"{'no-seg engine':>13} {'difflib':>9} {'ratio':>7}  changes found"
    )
    cases = [(800, 300, 20), (8_000, 40, 3), (80_000, 5, 1)]
    files = {}
    for words, repeat, difflib_repeat in cases:
        old_paragraphs = make_article(words, rng, pool)
        old_text, new_text = render(old_paragraphs), render(revise(old_paragraphs, rng, pool))
        files[words] = (old_text, new_text)
        engine(old_text, new_text)  # warm up imports and caches
        ours = median_ms(engine, old_text, new_text, repeat=repeat)
        theirs = median_ms(difflib_version, old_text, new_text, repeat=difflib_repeat)
        # The same again with segmentation (shared by both, ~2/3 of the engine's
        # time at 800 words) taken out: alignment, word operations, findings.
        old_doc, new_doc = segment(old_text), segment(new_text)
        ours_core = median_ms(diff_documents, old_doc, new_doc, repeat=repeat)
        theirs_core = median_ms(difflib_core, old_doc, new_doc, repeat=difflib_repeat)
        summary = engine(old_text, new_text).summary
        found = ", ".join(f"{v} {k}" for k, v in summary.items() if v and k != "unchanged")
        target = {800: "< 3", 8_000: "< 50", 80_000: "< 2000"}[words]
        once = " (difflib timed once)" if difflib_repeat == 1 else ""
        print(
            f"{words:>7} {len(segment(old_text).sentences):>9} {ours:>9.2f} {theirs:>10.1f} "
            f"{theirs / ours:>6.0f}x  {target:<7} {ours_core:>13.2f} {theirs_core:>9.1f} "
            f"{theirs_core / ours_core:>6.0f}x  {found}{once}"
        )

    with tempfile.TemporaryDirectory() as folder:
        old_file, new_file = Path(folder, "A.txt"), Path(folder, "B.txt")
        old_file.write_text(files[800][0], encoding="utf-8")
        new_file.write_text(files[800][1], encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
        bare = process_ms([sys.executable, "-c", "pass"], 15, env)
        cli = process_ms([sys.executable, "-m", "factcheck", "diff", str(old_file), str(new_file)], 15, env)
    print(
        f"\nfresh process, 800-word pair: factcheck diff A.txt B.txt {cli:.0f} ms, "
        f"python -c pass {bare:.0f} ms: +{cli - bare:.0f} ms (target: within 150 ms)"
    )


if __name__ == "__main__":
    main()
