"""Tune the re-ranker's weights on the CheckThat! 2022 2A train and dev queries.

    python bench/tune_match.py DATA_DIR [--trials 400]

The first stage (SQLite FTS5 BM25) runs once per query; the features of every
candidate are computed once; then a random search over the weights keeps the best
MAP@5 over train + dev. dev-test is not read: ``bench_match.py`` reports it. Copy the
printed weights into ``factcheck.analysis.claim_matching.WEIGHTS``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_match import average_precision, load_jsonl, require, write_feed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--trials", type=int, default=400)
    args = parser.parse_args()
    require(args.data, "verified-claims.jsonl", "train.jsonl", "dev.jsonl")
    from factcheck.analysis.claim_matching import NUMBER_CONFLICT, WEIGHTS, features, rarity
    from factcheck.app.known_factchecks import Matcher, import_claimreviews
    from factcheck.store.ledger import Ledger

    queries = load_jsonl(args.data / "train.jsonl") + load_jsonl(args.data / "dev.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Ledger.open(f"sqlite:///{Path(tmp) / 'tune.db'}")
        write_feed(Path(tmp) / "verified.jsonl", load_jsonl(args.data / "verified-claims.jsonl"))
        import_claimreviews(ledger, str(Path(tmp) / "verified.jsonl"))
        matcher = Matcher(ledger)
        table = []  # per query: (gold, [(url, features)])
        recall = 0
        for query in queries:
            candidates = matcher.candidates(query["query"])
            idf = rarity(candidates)
            best = max((c.lexical for c in candidates), default=0.0)
            rows = [(c.url, features(query["query"], c, idf, best)) for c in candidates]
            gold = set(query["gold"])
            recall += any(url in gold for url, _ in rows)
            table.append((gold, rows))
        ledger.close()
    print(f"{len(queries)} queries; first stage recall@30 {recall / len(queries):.3f}")

    def score(weights: dict[str, float], conflict: float) -> float:
        aps = []
        for gold, rows in table:
            ranked = sorted(rows, key=lambda r: -(sum(w * r[1][k] for k, w in weights.items())
                                                  - conflict * r[1]["conflict"]))
            aps.append(average_precision([url for url, _ in ranked], gold))
        return statistics.fmean(aps)

    rng = random.Random(1)
    best_weights, best_conflict = dict(WEIGHTS), NUMBER_CONFLICT
    best = score(best_weights, best_conflict)
    lexical_only = score({k: (1.0 if k == "lexical" else 0.0) for k in WEIGHTS}, 0.0)
    print(f"BM25 order MAP@5 {lexical_only:.4f}; current weights {best:.4f}")
    for trial in range(args.trials):
        weights = {k: max(0.0, v + rng.gauss(0, 0.08)) for k, v in best_weights.items()}
        conflict = max(0.0, best_conflict + rng.gauss(0, 0.05))
        value = score(weights, conflict)
        if value > best:
            best, best_weights, best_conflict = value, weights, conflict
            print(f"trial {trial}: MAP@5 {best:.4f}")
    total = sum(best_weights.values())
    print("WEIGHTS = {" + ", ".join(f'"{k}": {v / total:.3f}' for k, v in best_weights.items()) + "}")
    print(f"NUMBER_CONFLICT = {best_conflict / total:.3f}")


if __name__ == "__main__":
    main()
