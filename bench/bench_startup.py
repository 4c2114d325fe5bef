"""Start-up cost of the CLI, against bare Python in the same run.

    python bench/bench_startup.py [--runs 15]

Targets: `factcheck --help` within 80 ms of `python -c pass`; a ledger listing
(`factcheck claims ARTICLE` on the seed ledger) within 350 ms of it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_ms(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, FACTCHECK_DATABASE_URL=f"sqlite:///{tmp}/bench.db")
        py = sys.executable
        subprocess.run([py, "-m", "factcheck", "import", str(ROOT / "claims" / "khadr-wikileaks.yaml")],
                       check=True, stdout=subprocess.DEVNULL, env=env)
        cases = {
            "python -c pass": [py, "-c", "pass"],
            "factcheck --help": [py, "-m", "factcheck", "--help"],
            "factcheck claims ARTICLE": [py, "-m", "factcheck", "claims", "khadr-wikileaks"],
            "factcheck claim show ID": [py, "-m", "factcheck", "claim", "show", "7"],
        }
        results = {name: median_ms(cmd, args.runs, env) for name, cmd in cases.items()}
    base = results["python -c pass"]
    targets = {"factcheck --help": 80, "factcheck claims ARTICLE": 350}
    print(f"{'command':<28} {'median ms':>10} {'over bare':>10}  target")
    for name, ms in results.items():
        over = ms - base
        target = targets.get(name)
        verdict = "" if target is None else f"<= +{target} ms: {'met' if over <= target else 'MISSED'}"
        print(f"{name:<28} {ms:>10.1f} {over:>+10.1f}  {verdict}")


if __name__ == "__main__":
    main()
