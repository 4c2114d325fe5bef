"""Check-worthiness: quality on dev against the facet rule, and the model's costs.

    python bench/bench_extract.py [--data DATA_DIR] [--runs 15]

DATA_DIR is the check-worthiness data (``dev.jsonl``: ``{"text", "label"}`` a
line; the project does not ship it). Without it the quality line is skipped and
said so; the timings run on the test corpus. Measured in one run, each against
a baseline of the same run:

* F1 on dev: the shipped model at its threshold, and the facet rule (>= 0.25).
* Loading the weights file (a fresh ``LinearModel.load`` each time).
* Scoring 1,000 sentences: the model against the facet rule (both given the facets).
* ``factcheck extract`` on the seed as a fresh process, against ``python -c pass``
  and ``factcheck check`` on the same file (no numpy, no model); target: under 400 ms.
* A 100,000-sentence document against a 10,000-sentence one: the time ratio
  (about 10 is linear) and the peak memory the scoring adds (bounded: batches).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_checks import article_of  # noqa: E402

from factcheck.analysis.candidates import MIN_SCORE, extract_claims, facets_of, score_of  # noqa: E402
from factcheck.analysis.linear_model import LinearModel  # noqa: E402
from factcheck.analysis.scorer import DEFAULT_WEIGHTS, FacetRule, LinearScorer  # noqa: E402
from factcheck.text.segmentation import segment  # noqa: E402

SEED = ROOT / "claims" / "khadr-wikileaks-v1.txt"
STARTUP_TARGET_MS = 400


def f1(labels: list[int], predicted: list[bool]) -> tuple[float, float, float]:
    tp = sum(p and y == 1 for p, y in zip(predicted, labels))
    precision, recall = tp / max(sum(predicted), 1), tp / max(sum(labels), 1)
    return (2 * precision * recall / (precision + recall) if tp else 0.0), precision, recall


def median_ms(work, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def quality(data: Path | None, model: LinearScorer) -> None:
    dev = data / "dev.jsonl" if data else None
    if dev is None or not dev.is_file():
        where = f"{dev} is missing" if dev else "no --data given"
        print(f"dev F1: skipped ({where}; pass the folder with the check-worthiness dev.jsonl)")
        return
    rows = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts, labels = [r["text"] for r in rows], [int(r["label"]) for r in rows]
    facets = [facets_of(t) for t in texts]
    ours = f1(labels, [p >= model.threshold for p in model.score(texts, facets)])
    rule = f1(labels, [score_of(f) >= MIN_SCORE for f in facets])
    print(f"dev F1 ({len(texts)} sentences): model {ours[0]:.3f} (P {ours[1]:.3f}, R {ours[2]:.3f}) at "
          f"{model.threshold:.2f}; facet rule {rule[0]:.3f} (P {rule[1]:.3f}, R {rule[2]:.3f}); "
          f"ratio {ours[0] / rule[0]:.2f}x")


def sentences_of(count: int) -> list[str]:
    doc = segment(article_of(count * 25))
    texts = [s.text for s in doc.sentences]
    return texts[:count]


def scoring(model: LinearScorer, runs: int) -> None:
    print(f"load weights ({DEFAULT_WEIGHTS.stat().st_size // 1024} KB): "
          f"{median_ms(lambda: LinearModel.load(DEFAULT_WEIGHTS), runs):.1f} ms")
    texts = sentences_of(1000)
    facets = [facets_of(t) for t in texts]
    rule = FacetRule()
    ours = median_ms(lambda: model.score(texts, facets), runs)
    base = median_ms(lambda: rule.score(texts, facets), runs)
    facet_ms = median_ms(lambda: [facets_of(t) for t in texts], max(3, runs // 3))
    print(f"score {len(texts)} sentences: model {ours:.1f} ms, facet rule {base:.2f} ms "
          f"(finding the facets, shared by both: {facet_ms:.1f} ms)")


def startup(runs: int) -> None:
    def fresh(cmd: list[str]) -> float:
        return median_ms(lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL), runs)

    bare = fresh([sys.executable, "-c", "pass"])
    # `check` reads and segments the same file without numpy or the model.
    check = fresh([sys.executable, "-m", "factcheck", "check", str(SEED)])
    ours = fresh([sys.executable, "-m", "factcheck", "extract", str(SEED)])
    verdict = "met" if ours < STARTUP_TARGET_MS else "MISSED"
    print(f"factcheck extract SEED, fresh process: {ours:.0f} ms; python -c pass {bare:.0f} ms, "
          f"factcheck check SEED {check:.0f} ms (extract is +{ours - check:.0f} ms over check); "
          f"target < {STARTUP_TARGET_MS} ms: {verdict}")


def long_documents(model: LinearScorer) -> None:
    results = {}
    for count in (10_000, 100_000):
        lines = [f"Item {i}: the county spent ${i % 97 + 1} million on roads in {1990 + i % 30}, officials said. "
                 f"Residents met on a Tuesday." for i in range(count // 2)]
        doc = segment("Long document\n\n" + "\n\n".join(lines))
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        start = time.perf_counter()
        claims = extract_claims(doc, scorer=model)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] - before
        tracemalloc.stop()
        results[count] = seconds
        print(f"{len(doc.sentences):>7} sentences: {seconds:.2f} s, {len(claims)} proposed, "
              f"peak memory added while extracting {peak / 1e6:.1f} MB")
    print(f"time ratio 100,000 / 10,000 sentences: {results[100_000] / results[10_000]:.1f} (10 is linear)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="the check-worthiness data folder (dev.jsonl)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--skip-long", action="store_true", help="leave out the 100,000-sentence document")
    args = parser.parse_args()
    model = LinearScorer.load()
    print(f"model: {model.version}, threshold {model.threshold:.2f}")
    quality(args.data, model)
    scoring(model, args.runs)
    startup(args.runs)
    if not args.skip_long:
        long_documents(model)


if __name__ == "__main__":
    main()
