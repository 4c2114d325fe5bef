"""Speed of drafting correction notices, in process.

The target (issue 12): drafting the notices for an 800-word pair of revisions stays
under 20 ms. Drafting works on a diff the tool has already made, so the script times

* the drafting (``draft_notices`` on a ready diff): classification, the sentence
  parse of every edited sentence, the wording, the templates;
* the baseline, measured in the same run on the same pair: the diff itself
  (``diff_documents``), which every drafting needs first; the ratio says what the
  notices add to it;

for two 800-word pairs: a typical one (the edits of a handful of stories of the
notice corpus) and the worst case (every sentence's numbers and names changed),
then one 50,000-word pair once.

The pairs are built from ``tests/notice_pairs``: each story's old and new body side
by side, so the edits are real copy-desk edits.

    python bench/bench_notices.py [--runs N]

On a shared machine read the medians; run it twice to see the spread.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.analysis.diff import diff_documents  # noqa: E402
from factcheck.notices.draft import _default_templates, draft_notices  # noqa: E402
from factcheck.text.segmentation import segment  # noqa: E402

PAIRS = ROOT / "tests" / "notice_pairs"
TARGET_MS = 20.0


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n\n", 2)[-1].strip()


def pair_of(words: int, edited_every: int = 3) -> tuple[str, str]:
    """An old and a new revision of about ``words`` words: the corpus bodies one after
    another, every ``edited_every``-th story in its corrected form."""
    names = sorted(p.name for p in PAIRS.iterdir() if p.is_dir())
    old, new, count, n = [], [], 0, 0
    while count < words:
        name = names[n % len(names)]
        before = _body(PAIRS / name / "old.txt")
        after = _body(PAIRS / name / "new.txt") if n % edited_every == 0 else before
        old.append(before)
        new.append(after)
        count += len(before.split())
        n += 1
    headline = "A headline for the benchmark article"
    return "\n\n".join([headline, *old]), "\n\n".join([headline, *new])


def rewrite_every_fact(text: str) -> str:
    rnd = random.Random(1)
    text = re.sub(r"\d+", lambda m: str(int(m.group()) + rnd.randint(1, 3)), text)
    return re.sub(r"\b([A-Z][a-z]{4,})\b", lambda m: m.group(1)[:-1] + "y" if rnd.random() < 0.5 else m.group(1), text)


def median_ms(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(label: str, old: str, new: str, runs: int) -> float:
    old_doc, new_doc = segment(old), segment(new)
    result = diff_documents(old_doc, new_doc)
    drafting = draft_notices(result, old_doc, new_doc)  # warm: imports, compiled regexes
    diff_ms = median_ms(lambda: diff_documents(old_doc, new_doc), runs)
    draft_ms = median_ms(lambda: draft_notices(result, old_doc, new_doc), runs)
    edited = sum(c.kind != "unchanged" for c in result.changes)
    print(f"{label}: {len(old.split())} words, {edited} changed sentences, "
          f"notices {[n.kind for n in drafting.notices]}")
    print(f"  drafting   {draft_ms:7.2f} ms (median of {runs})  target < {TARGET_MS:.0f} ms: "
          f"{'ok' if draft_ms < TARGET_MS else 'OVER'}")
    print(f"  baseline   {diff_ms:7.2f} ms  the diff of the same pair")
    print(f"  ratio      {draft_ms / diff_ms:7.2f}  drafting / diff")
    return draft_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    _default_templates()  # compiled once per process, as in the CLI and the desk
    typical = measure("typical 800-word pair", *pair_of(800), args.runs)
    old, _ = pair_of(800)
    worst = measure("every fact changed, 800 words", old, rewrite_every_fact(old), args.runs)
    big_old, big_new = pair_of(50_000, edited_every=40)
    start = time.perf_counter()
    old_doc, new_doc = segment(big_old), segment(big_new)
    result = diff_documents(old_doc, new_doc)
    diffed = time.perf_counter()
    drafting = draft_notices(result, old_doc, new_doc)
    done = time.perf_counter()
    print(f"50,000-word pair ({len(big_old.split())} words): diff {(diffed - start) * 1000:.0f} ms, "
          f"drafting {(done - diffed) * 1000:.0f} ms, notices {[n.kind for n in drafting.notices]}")
    return 0 if typical < TARGET_MS and worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
