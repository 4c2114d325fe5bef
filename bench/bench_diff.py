"""Time the diffing engine against difflib and, when installed, wikidiff2, in one run.

    python bench/bench_diff.py            # from the worktree root

Every tool gets the same revision pairs (800, 8,000 and 80,000 words, generated
from realistic news sentences with edits, moves, additions, removals and a
dropped paragraph). Four measures in ms: the engine and plain difflib are run
alternately and the best run of each is shown (the least disturbed by other
work on a shared machine); the others are medians.

* **engine**: the whole ``factcheck diff --format json`` job in process:
  segmentation of both texts, alignment, word operations, findings, and the
  JSON written (``factcheck.analysis.diff_json.write_json``).
* **plain difflib**: the diff most code would write: the same segmentation,
  ``SequenceMatcher`` over the two lists of sentence texts, every opcode's
  sentences written as unchanged / removed / added JSON. It pairs nothing (no
  edits, moves, splits) but is the floor a sentence diff in Python starts
  from; the target is the engine within twice its time at 80,000 words, and
  the 800-word engine diff under 1.5 ms.
* **difflib version** (``difflib_core``): the engine's alignment done the
  straightforward way with difflib, one role at a time as the engine does:

  1. ``SequenceMatcher(autojunk=False)`` over the sentence fingerprints: ``equal``
     runs are unchanged (word operations when only the text's quotes or spacing
     differ), every other opcode's sentences are left over;
  2. every left-over old sentence scored against every left-over new one with
     ``SequenceMatcher.ratio`` on fingerprints (all pairs, no index or blocking),
     pairs >= 0.6 taken best first (a tie goes to the pair nearer in place);
  3. moves: a pair whose two sentences sat in different opcodes crossed an
     unchanged run, so it is ``moved`` (same fingerprint) or ``moved-edited``;
  4. splits and merges: each still unpaired sentence against every two adjacent
     unpaired sentences of one paragraph on the other side, joined, >= 0.75;
  5. word operations for every edited, moved-edited, split and merged pair:
     ``SequenceMatcher`` on token lists made with the engine's own tokeniser.

  It computes no findings, cosmetic label or JSON, which only flatters it. At
  80,000 words it is timed once (it takes seconds).
* **wikidiff2**: Wikimedia's C++ diff (``wikidiff2_inline_json_diff``), fed the
  same sentences one per line, timed inside PHP so that PHP's start-up is left
  out. Install it with ``apt-get install php-cli php-wikidiff2`` (Debian,
  Ubuntu); without it the column says "not installed".

Then segmentation alone in words per second, ``factcheck diff A.txt B.txt``
as a fresh process against ``python -c pass``, and the accuracy figures of
``bench/diff_accuracy.py`` (which sentence moved, heavy-rewrite recall, whole
alignment, on pairs with planted edits, the engine against the difflib version).
No assertions: this prints numbers.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.analysis.diff import _TOKEN, diff_documents  # noqa: E402
from factcheck.analysis.diff_json import write_json  # noqa: E402
from factcheck.text.segmentation import fingerprint, segment  # noqa: E402

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
    """The engine's alignment done the straightforward way with difflib; see the module docstring."""
    changes: list[tuple] = []
    roles = list(dict.fromkeys(b.role for b in (*old_doc.blocks, *new_doc.blocks)))
    for role in roles:  # like the engine: a headline never pairs with a body sentence
        old = [s for b in old_doc.blocks if b.role == role for s in b.sentences]
        new = [s for b in new_doc.blocks if b.role == role for s in b.sentences]
        changes.extend(_difflib_role(old, new))
    return changes


def _difflib_role(old, new) -> list[tuple]:
    a, b = [fingerprint(s.text) for s in old], [fingerprint(s.text) for s in new]
    changes, old_left, new_left = [], [], []
    block_of: dict[tuple[str, int], int] = {}  # which non-equal opcode a sentence was in
    for number, (tag, i1, i2, j1, j2) in enumerate(SequenceMatcher(None, a, b, autojunk=False).get_opcodes()):
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                # Same fingerprint, different text (quotes, spacing): the engine
                # reports a cosmetic edit with its word operations.
                same = old[i].text == new[j].text
                changes.append(("unchanged", i, j) if same else ("edited", i, j, _word_ops(old[i].text, new[j].text)))
        else:
            old_left.extend(range(i1, i2))
            new_left.extend(range(j1, j2))
            block_of.update({("old", i): number for i in range(i1, i2)})
            block_of.update({("new", j): number for j in range(j1, j2)})
    # Every unmatched old sentence against every unmatched new one; best pairs
    # first (on a tie the nearer in place), as the engine pairs them.
    n_old, n_new = max(len(a), 1), max(len(b), 1)
    scored = []
    for i in old_left:
        for j in new_left:
            ratio = SequenceMatcher(None, a[i], b[j], autojunk=False).ratio()
            if ratio >= 0.6:
                scored.append((-ratio, abs(i / n_old - j / n_new), i, j))
    scored.sort()
    old_pair: dict[int, int] = {}
    new_pair: dict[int, int] = {}
    for _, _, i, j in scored:
        if i not in old_pair and j not in new_pair:
            old_pair[i], new_pair[j] = j, i
    # Splits and merges: a leftover sentence against every two adjacent leftover
    # sentences of one paragraph on the other side, joined.
    old_free = [i for i in old_left if i not in old_pair]
    new_free = [j for j in new_left if j not in new_pair]
    old_joined, new_joined = _joins(old_free, new_free, a, b, new), _joins(new_free, old_free, b, a, old)
    for i, first in old_joined.items():
        changes.append(("split", i, (first, first + 1), _word_ops(old[i].text, new[first].text + " " + new[first + 1].text)))
    for j, first in new_joined.items():
        if first not in old_joined and first + 1 not in old_joined:
            changes.append(("merge", (first, first + 1), j, _word_ops(old[first].text + " " + old[first + 1].text, new[j].text)))
    in_split_old = {k for f in new_joined.values() for k in (f, f + 1)} | set(old_joined)
    in_split_new = {k for f in old_joined.values() for k in (f, f + 1)} | set(new_joined)
    for i, j in old_pair.items():
        moved = block_of[("old", i)] != block_of[("new", j)]  # crossed an unchanged run
        if a[i] == b[j]:
            changes.append(("moved", i, j))
        else:
            ops = _word_ops(old[i].text, new[j].text)
            changes.append(("moved-edited" if moved else "edited", i, j, ops))
    changes.extend(("removed", i, None) for i in old_free if i not in in_split_old)
    changes.extend(("added", None, j) for j in new_free if j not in in_split_new)
    return changes


def _joins(singles, free, one_fp, two_fp, two) -> dict[int, int]:
    """Each single sentence joined with the first two adjacent free ones of one paragraph
    that match it at 0.75 or better (all candidates scored, no index)."""
    free_set, out, used = set(free), {}, set()
    firsts = [k for k in free if k + 1 in free_set and two[k].paragraph == two[k + 1].paragraph]
    for single in singles:
        for first in firsts:
            if first in used or first + 1 in used:
                continue
            text = two_fp[first] + " " + two_fp[first + 1]
            if SequenceMatcher(None, one_fp[single], text, autojunk=False).ratio() >= 0.75:
                out[single] = first
                used.update((first, first + 1))
                break
    return out


def _word_ops(old: str, new: str) -> list[tuple]:
    """Word-level operations on the engine's own tokens (words and punctuation)."""
    matcher = SequenceMatcher(None, _TOKEN.findall(old), _TOKEN.findall(new), autojunk=False)
    return matcher.get_opcodes()


def plain_difflib(old_text: str, new_text: str) -> str:
    """The plain sentence diff (see the module docstring): pairs nothing."""
    old, new = segment(old_text).all_sentences, segment(new_text).all_sentences
    out = []

    def side(sentence) -> dict:
        return {"paragraph": sentence.paragraph, "sentence": sentence.index, "text": sentence.text}

    matcher = SequenceMatcher(None, [s.text for s in old], [s.text for s in new])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend({"kind": "unchanged", "old": side(a), "new": side(b)} for a, b in zip(old[i1:i2], new[j1:j2]))
            continue
        out.extend({"kind": "removed", "old": side(a), "new": None} for a in old[i1:i2])
        out.extend({"kind": "added", "old": None, "new": side(b)} for b in new[j1:j2])
    return json.dumps({"changes": out}, ensure_ascii=False)


def engine_json(old_text: str, new_text: str) -> str:
    out = io.StringIO()
    write_json(diff_documents(segment(old_text), segment(new_text)), out)
    return out.getvalue()


_WIKIDIFF2 = r"""
$a = file_get_contents($argv[1]); $b = file_get_contents($argv[2]); $n = (int)$argv[3];
wikidiff2_inline_json_diff($a, $b, 2);
$times = [];
for ($k = 0; $k < $n; $k++) {
    $t = hrtime(true); wikidiff2_inline_json_diff($a, $b, 2); $times[] = (hrtime(true) - $t) / 1e6;
}
sort($times); echo $times[intdiv(count($times), 2)];
"""


def wikidiff2_ms(old_text: str, new_text: str, repeat: int) -> float | None:
    """Median ms of wikidiff2 on the two texts, a sentence a line; None when absent."""
    php = shutil.which("php")
    if not php:
        return None
    probe = subprocess.run([php, "-r", "echo function_exists('wikidiff2_inline_json_diff') ? 1 : 0;"],
                           capture_output=True, text=True, check=False)
    if probe.stdout.strip() != "1":
        return None
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, text in (("old.txt", old_text), ("new.txt", new_text)):
            path = Path(folder, name)
            path.write_text("\n".join(s.text for s in segment(text).all_sentences) + "\n", encoding="utf-8")
            paths.append(str(path))
        done = subprocess.run([php, "-r", _WIKIDIFF2, "--", *paths, str(repeat)],
                              capture_output=True, text=True, check=False)
    try:
        return float(done.stdout.strip())
    except ValueError:
        return None


def paired_best_ms(first, second, *args, repeat: int) -> tuple[float, float]:
    """Best times of two functions run alternately: on a shared machine both see
    the same load, and the best of many runs is the least disturbed by it."""
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for k, function in enumerate((first, second)):
            start = time.perf_counter()
            function(*args)
            best[k] = min(best[k], time.perf_counter() - start)
    return best[0] * 1000, best[1] * 1000


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
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Python {sys.version.split()[0]}; {len(pool)} source sentences; load average {load:.1f}; ms\n")
    have_wikidiff2 = wikidiff2_ms("A.\n", "B.\n", 1) is not None
    if not have_wikidiff2:
        print("wikidiff2: not installed (apt-get install php-cli php-wikidiff2), column skipped\n")
    print(
        f"{'words':>7} {'sentences':>9} {'engine':>9} {'plain difflib':>13} {'ratio':>6} {'target':>7}  "
        f"{'difflib version':>15} {'ratio':>6}  {'wikidiff2':>9} {'ratio':>6}  changes found"
    )
    cases = [(800, 400, 20), (8_000, 60, 3), (80_000, 11, 1)]
    files = {}
    for words, repeat, difflib_repeat in cases:
        old_paragraphs = make_article(words, rng, pool)
        old_text, new_text = render(old_paragraphs), render(revise(old_paragraphs, rng, pool))
        files[words] = (old_text, new_text)
        engine_json(old_text, new_text)  # warm up imports and caches
        ours, plain = paired_best_ms(engine_json, plain_difflib, old_text, new_text, repeat=repeat)
        theirs = median_ms(difflib_version, old_text, new_text, repeat=difflib_repeat)
        wiki = wikidiff2_ms(old_text, new_text, repeat) if have_wikidiff2 else None
        summary = engine(old_text, new_text).summary
        found = ", ".join(f"{v} {k}" for k, v in summary.items() if v and k != "unchanged")
        target = {800: "< 1.5", 8_000: "< 2x", 80_000: "< 2x"}[words]
        wiki_cells = f"{wiki:>9.2f} {ours / wiki:>5.1f}x" if wiki else f"{'-':>9} {'':>6}"
        once = " (difflib version timed once)" if difflib_repeat == 1 else ""
        print(
            f"{words:>7} {len(segment(old_text).sentences):>9} {ours:>9.2f} {plain:>13.2f} {ours / plain:>5.2f}x "
            f"{target:>7}  {theirs:>15.1f} {theirs / ours:>5.0f}x  {wiki_cells}  {found}{once}"
        )

    text = files[80_000][0]
    words = len(text.split())
    seconds = min(median_ms(segment, text, repeat=1) for _ in range(15)) / 1000  # the best of 15
    print(f"\nsegmentation alone, {words:,} words: {seconds * 1000:.1f} ms, {words / seconds:,.0f} words per second")

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

    from diff_accuracy import report

    print()
    report()


if __name__ == "__main__":
    main()
