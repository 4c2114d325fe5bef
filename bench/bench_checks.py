"""Speed of all checks plus claim extraction, in process.

Three measurements: one 800-word article (median of many runs; the target is
under 10 ms), 100 articles as one batch (articles per second), and one
20,000-word article, with its time per word against the 800-word case to show
that the checks stay near-linear in article length.

Articles are assembled from the test corpus, with the figures and names of each
copy changed so that a long article is not one article repeated.

    python bench/bench_checks.py

Each timed run starts with the memo of ``factcheck.text.dates`` cleared (when the code
has one), so the figures are the work on an article seen for the first time, not
a cache hit. On a shared machine, compare two commits by running this script on
each back to back and read the medians together.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.analysis.checks import run_checks  # noqa: E402
from factcheck.analysis.candidates import extract_claims  # noqa: E402
from factcheck.text.segmentation import segment  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"


def _variant(text: str, n: int) -> str:
    """A copy with other figures and surnames: numbers shifted, capitalised words suffixed."""
    if n == 0:
        return text
    text = re.sub(r"\b\d{1,3}\b", lambda m: str(int(m.group(0)) + n % 7), text)
    return re.sub(r"\b([A-Z][a-z]{3,})\b", lambda m: f"{m.group(1)}{'abcdefghij'[n % 10]}", text)


def _bodies() -> list[str]:
    bodies = []
    for path in sorted(CORPUS.glob("*.txt")):
        paragraphs = path.read_text(encoding="utf-8").split("\n\n")
        bodies.append("\n\n".join(paragraphs[2:]))  # drop section label and headline
    return bodies


def article_of(words: int, seed: int = 0) -> str:
    bodies, pieces, count, n = _bodies(), ["Section", "A headline for the benchmark article"], 0, seed
    while count < words:
        body = _variant(bodies[n % len(bodies)], n // len(bodies) + seed)
        pieces.append(body)
        count += len(body.split())
        n += 1
    return "\n\n".join(pieces)


try:  # older commits have no memo; the bench runs on them too, for before/after
    from factcheck.text.dates import clear_cache  # noqa: E402
except ImportError:  # pragma: no cover
    def clear_cache() -> None:
        pass


def process(raw: str) -> int:
    clear_cache()  # measure the work, not the memo (see the module docstring)
    doc = segment(raw)
    return len(run_checks(doc)) + len(extract_claims(doc))


def median_ms(raw: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        process(raw)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    short = article_of(800)
    short_words = len(short.split())
    process(short)  # warm up: imports and compiled patterns
    short_ms = median_ms(short, 200)
    print(f"800-word article ({short_words} words): median {short_ms:.2f} ms "
          f"(target < 10 ms) {'OK' if short_ms < 10 else 'OVER TARGET'}")

    batch = [article_of(800, seed=i) for i in range(100)]
    start = time.perf_counter()
    for raw in batch:
        process(raw)
    elapsed = time.perf_counter() - start
    print(f"100 articles as one batch: {elapsed:.2f} s, {100 / elapsed:.0f} articles/s")

    long = article_of(20_000)
    long_words = len(long.split())
    long_ms = median_ms(long, 5)
    ratio = (long_ms / long_words) / (short_ms / short_words)
    print(f"20,000-word article ({long_words} words): median {long_ms:.1f} ms; "
          f"time per word {ratio:.2f}x the 800-word case")


if __name__ == "__main__":
    main()
