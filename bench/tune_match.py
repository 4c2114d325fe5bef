"""Tune the re-ranker's weights on the CheckThat! 2022 2A train and dev queries.

    python bench/tune_match.py DATA_DIR [--trials 400] [--seed 3] [--large 150000]

The first stage (BM25 over the postings) runs once per query; the features of every
candidate are computed once; then a random search over the weights keeps the best
MAP@5 over train + dev, averaged over two collections: the 14,231 verified claims,
and with ``--large`` that many reviews, the verified claims and reviews synthesised
as ``bench_match.py`` synthesises them (each real claim then has near twins that
differ in a name or a number; weights tuned on the real claims alone ranked below
BM25 there). ``--large 0`` tunes on the verified claims alone. dev-test is not read:
``bench_match.py`` reports it. Copy the printed weights into
``factcheck.analysis.claim_matching.WEIGHTS``.
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

from bench_match import average_precision, import_synthesised, load_jsonl, require, write_feed  # noqa: E402


def candidate_table(ledger, queries: list[dict]) -> list[tuple[set[str], list[tuple[str, dict[str, float]]]]]:
    """Per query: its gold urls, and each first-stage candidate's url and features."""
    from factcheck.analysis.claim_matching import features, rarity
    from factcheck.app.known_factchecks import Matcher

    matcher = Matcher(ledger)
    table = []
    for query in queries:
        candidates = matcher.candidates(query["query"])
        idf = rarity(candidates)
        best = max((c.lexical for c in candidates), default=0.0)
        table.append((set(query["gold"]), [(c.url, features(query["query"], c, idf, best)) for c in candidates]))
    return table


def mean_average_precision(table, weights: dict[str, float], conflict: float) -> float:
    aps = []
    for gold, rows in table:
        ranked = sorted(rows, key=lambda r: -(sum(w * r[1][k] for k, w in weights.items())
                                              - conflict * r[1]["conflict"]))
        aps.append(average_precision([url for url, _ in ranked], gold))
    return statistics.fmean(aps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--trials", type=int, default=400)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--large", type=int, default=150_000, help="reviews in the second collection (0: none)")
    args = parser.parse_args()
    require(args.data, "verified-claims.jsonl", "train.jsonl", "dev.jsonl")
    from factcheck.analysis.claim_matching import NUMBER_CONFLICT, WEIGHTS
    from factcheck.app.known_factchecks import import_claimreviews
    from factcheck.store.ledger import Ledger

    claims = load_jsonl(args.data / "verified-claims.jsonl")
    queries = load_jsonl(args.data / "train.jsonl") + load_jsonl(args.data / "dev.jsonl")
    tables = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        ledger = Ledger.open(f"sqlite:///{workdir / 'tune.db'}")
        write_feed(workdir / "verified.jsonl", claims)
        import_claimreviews(ledger, str(workdir / "verified.jsonl"))
        tables[len(claims)] = candidate_table(ledger, queries)
        if args.large > len(claims):
            added, _ = import_synthesised(ledger, claims, args.large - len(claims), workdir)
            tables[len(claims) + added] = candidate_table(ledger, queries)
        ledger.close()
    for size, table in tables.items():
        recall = statistics.fmean(any(url in gold for url, _ in rows) for gold, rows in table)
        print(f"{len(queries)} queries, {size:,} reviews: first stage recall@30 {recall:.3f}")

    def score(weights: dict[str, float], conflict: float) -> float:
        return statistics.fmean(mean_average_precision(table, weights, conflict) for table in tables.values())

    def each(weights: dict[str, float], conflict: float) -> str:
        return ", ".join(f"{size:,}: {mean_average_precision(table, weights, conflict):.4f}"
                         for size, table in tables.items())

    rng = random.Random(args.seed)
    best_weights, best_conflict = dict(WEIGHTS), NUMBER_CONFLICT
    best = score(best_weights, best_conflict)
    lexical_only = {k: (1.0 if k == "lexical" else 0.0) for k in WEIGHTS}
    print(f"BM25 order MAP@5 {each(lexical_only, 0.0)}; current weights {each(best_weights, best_conflict)}")
    for trial in range(args.trials):
        weights = {k: max(0.0, v + rng.gauss(0, 0.08)) for k, v in best_weights.items()}
        conflict = max(0.0, best_conflict + rng.gauss(0, 0.05))
        value = score(weights, conflict)
        if value > best:
            best, best_weights, best_conflict = value, weights, conflict
            print(f"trial {trial}: MAP@5 {best:.4f} ({each(weights, conflict)})")
    total = sum(best_weights.values())
    print("WEIGHTS = {" + ", ".join(f'"{k}": {v / total:.3f}' for k, v in best_weights.items()) + "}")
    print(f"NUMBER_CONFLICT = {best_conflict / total:.3f}")


if __name__ == "__main__":
    main()
