"""Archive scale: ingest rate, database size, and query latency on a full archive.

    python bench/bench_archive.py [--articles 10000] [--revisions 5] [--no-checks]
                                  [--engines sqlite,postgresql]

Generates an archive of ARTICLES x REVISIONS revisions from template stories with
varied edits (numbers changed, paragraphs added, moved and cut, typos fixed), streams
it as JSON Lines into `factcheck.app.archive_import.import_archive`, and reports per engine:

* revisions ingested per second (target: 500/s on one core with checks on): the
  benchmark pins itself to one CPU (the PostgreSQL server runs on its own), and
  prints the importer's CPU time too;
* the same rate against a baseline in the same run: the first BASELINE revisions
  stored one at a time through `Ledger.add_revision` and `record_findings`, the path
  of `factcheck add-revision` (and of the import before `factcheck.store.batch`);
* database size;
* latency of `claims ARTICLE`, `diff v1 v5` and `revisions ARTICLE` on the full
  archive against the same article in an otherwise empty database, measured in the
  same run (target: within 1.5 times: indexes, not scans);
* peak memory (max RSS) after each tenth of the import, which must stay flat;
* the time of the standards report over the whole archive (no baseline: it reads
  every article by design).

PostgreSQL uses a throwaway database on FACTCHECK_TEST_POSTGRES_URL (default: the
local server) and drops it afterwards.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN = os.environ.get("FACTCHECK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

PEOPLE = ["Amara Osei", "Luis Ortega", "Mei Chen", "Priya Nair", "Tom Walsh", "Ines Duarte", "Kofi Mensah", "Sara Lind"]
PLACES = ["Riverton", "Lakeside", "Port Hale", "Elm Grove", "Northfield", "Cedar Bay"]
TEMPLATES = [
    [
        "{place} council approves {n} per cent levy increase",
        "{place} council voted {a} to {b} on Tuesday to raise the property levy by {n} per cent, the first increase in {y} years.",
        "Mayor {p1}, {age}, said the money would pay for road repairs and {k} new firefighters. \"We cannot keep patching the same potholes,\" {s1} said.",
        "Councillor {p2} voted against the motion, arguing that residents on fixed incomes could not absorb the cost.",
        "The increase takes effect on Jan. 1 and will add about ${d} a year to the average household bill.",
        "The council will hold a public meeting on the budget on March {day}.",
    ],
    [
        "Fire destroys warehouse in {place}; {k} firefighters injured",
        "A fire destroyed a warehouse in {place} early Sunday, injuring {k} firefighters, officials said.",
        "Fire chief {p1}, {age}, said crews were called at 3:12 a.m. and fought the blaze for {y} hours.",
        "The building, owned by a logistics company, held about {n} tonnes of paper products.",
        "\"It went up like a torch,\" said {p2}, who lives across the street.",
        "The cause of the fire is under investigation. Damage was estimated at ${d} million.",
    ],
    [
        "{place} Rovers win cup final {a}-{b}",
        "{place} Rovers won the regional cup on Saturday, beating Elm Grove {a}-{b} before a crowd of {n},000.",
        "Striker {p1}, {age}, scored twice in the second half, including a penalty in the {k}th minute.",
        "\"This club waited {y} years for this,\" coach {p2} said after the match.",
        "The Rovers last won the cup in 20{day}, when they beat Northfield on penalties.",
        "Their league season resumes next weekend at home.",
    ],
]


def generate(articles: int, revisions: int, seed: int = 7) -> Iterator[dict]:
    """Revision records in article order, derived from templates with varied edits."""
    rng = random.Random(seed)
    for number in range(articles):
        template = TEMPLATES[number % len(TEMPLATES)]
        values = dict(
            place=rng.choice(PLACES), n=rng.randint(2, 40), a=rng.randint(5, 9), b=rng.randint(0, 4),
            y=rng.randint(2, 15), p1=rng.choice(PEOPLE), p2=rng.choice(PEOPLE), age=rng.randint(30, 70),
            k=rng.randint(2, 60), d=rng.randint(40, 900), day=rng.randint(10, 28),
        )
        values["s1"] = values["p1"].split()[-1]
        paragraphs = [line.format(**values) for line in template]
        paragraphs[1] += f" The story is number {number} in the archive."
        for version in range(1, revisions + 1):
            if version > 1:
                edit = (number + version) % 4
                if edit == 0:
                    paragraphs.append(f"Update {version}: officials said more details would be released on day {rng.randint(1, 28)}.")
                elif edit == 1:
                    paragraphs[2] = paragraphs[2].replace(str(values["age"]), str(values["age"] + 1), 1)
                elif edit == 2 and len(paragraphs) > 4:
                    paragraphs.insert(2, paragraphs.pop(len(paragraphs) - 1))
                else:
                    paragraphs[3] = paragraphs[3].replace(" the ", " teh ", 1) if version % 2 else paragraphs[3].replace(" teh ", " the ", 1)
                    paragraphs.append(f"Reporting by staff; revision {version}.")
            stamp = f"This story was last updated at {8 + version}:{rng.randint(10, 59)} a.m."
            if version > 1 and paragraphs[-1].startswith("This story was last updated"):
                paragraphs[-1] = stamp
            else:
                paragraphs.append(stamp)
            yield {"article": f"story-{number:05d}", "label": f"v{version}", "published": f"2024-{1 + number % 12:02d}-{1 + version:02d}",
                   "text": "\n\n".join(paragraphs)}


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _median_ms(func, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _commands(ledger, slug: str) -> dict:
    """The three commands an editor runs on one article, as functions of a ledger."""
    from factcheck.analysis.diff import diff_documents
    from factcheck.text.segmentation import segment

    def diff_v1_v5() -> None:
        article = ledger.get_article(slug)
        old, new = ledger.get_revision(article, "v1"), ledger.get_revision(article, "v5")
        diff_documents(segment(old.text), segment(new.text), claims=ledger.claim_refs(old))

    def fresh(func):
        def run() -> None:
            ledger.session.expunge_all()  # a new command sees nothing cached
            func()
        return run

    return {
        "claims ARTICLE": fresh(lambda: ledger.claims_payload(slug)),
        "diff v1 v5": fresh(diff_v1_v5),
        "revisions ARTICLE": fresh(lambda: ledger.revisions_payload(slug)),
    }


def _latencies(full, empty, slug: str, runs: int = 31) -> tuple[dict[str, float], dict[str, float]]:
    """Median milliseconds of each command on the full and the empty ledger, the two
    measured alternately so that the machine's drift hits both alike."""
    on_full, on_empty = _commands(full, slug), _commands(empty, slug)
    medians: tuple[dict[str, float], dict[str, float]] = ({}, {})
    for name in on_full:
        times: tuple[list[float], list[float]] = ([], [])
        for _ in range(runs):
            for side, func in enumerate((on_full[name], on_empty[name])):
                start = time.perf_counter()
                func()
                times[side].append((time.perf_counter() - start) * 1000)
        for side in (0, 1):
            medians[side][name] = statistics.median(times[side])
    return medians


def _add_claims(ledger, slug: str) -> None:
    from factcheck.app.claims import add_claim
    from factcheck.store.claims import SourceSpec

    for sentence in ledger.show_payload(slug, "v1")["blocks"][2]["sentences"][:1] + [
        s for b in ledger.show_payload(slug, "v1")["blocks"][3:6] for s in b["sentences"]
    ]:
        add_claim(ledger, slug, sentence["text"], revision_label="v1", sources=[SourceSpec("https://example.org/source")],
                  by="bench")


def _engine_urls(engine: str, tmp: Path):
    if engine == "sqlite":
        return f"sqlite:///{tmp / 'full.db'}", f"sqlite:///{tmp / 'empty.db'}", f"sqlite:///{tmp / 'baseline.db'}", None
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(PG_ADMIN)
    names = [f"factcheck_bench_{uuid.uuid4().hex[:8]}" for _ in range(3)]
    params = dict(host=admin.host, port=admin.port or 5432, user=admin.username, dbname=admin.database, autocommit=True)
    with psycopg.connect(**params) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(**params) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    urls = [admin.set(database=n).render_as_string(hide_password=False) for n in names]
    return urls[0], urls[1], urls[2], drop


def _one_at_a_time(ledger, records: list[dict], checks: bool) -> None:
    """The baseline: each revision through add_revision (and the checks through
    record_findings), 500 to a transaction as the import batches them."""
    from datetime import date

    from factcheck.analysis.checks import run_checks
    from factcheck.text.raw import RawInput

    for start in range(0, len(records), 500):
        with ledger.transaction():
            for r in records[start:start + 500]:
                published = date.fromisoformat(r["published"])
                added = ledger.add_revision(r["article"], RawInput(r["text"], "bench", r["text"].encode()),
                                            label=r["label"], published=published, force=True)
                if checks and added.created:
                    found = run_checks(added.document, published=published, label=added.revision.label)
                    ledger.record_findings(added.revision, found)
        ledger.session.expunge_all()


def _baseline_rate(url: str, records: list[dict], checks: bool) -> float:
    from factcheck.store.ledger import Ledger

    ledger = Ledger.open(url)
    try:
        start = time.perf_counter()
        _one_at_a_time(ledger, records, checks)
        return len(records) / (time.perf_counter() - start)
    finally:
        ledger.close()


def _size_mb(ledger, url: str, tmp: Path) -> float:
    if url.startswith("sqlite"):
        return sum(p.stat().st_size for p in tmp.glob("full.db*")) / 1048576
    from sqlalchemy import text

    return ledger.session.execute(text("SELECT pg_database_size(current_database())")).scalar_one() / 1048576


def bench_engine(engine: str, args: argparse.Namespace) -> dict:
    from datetime import date

    from factcheck.app.archive_import import import_archive
    from factcheck.store.ledger import Ledger
    from factcheck.store.report import standards_report

    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        full_url, empty_url, baseline_url, cleanup = _engine_urls(engine, tmp)
        try:
            archive = tmp / "archive.jsonl"
            with archive.open("w", encoding="utf-8") as handle:
                for record in generate(args.articles, args.revisions):
                    handle.write(json.dumps(record) + "\n")
            target = "story-00001"
            # The same article alone, for the baseline latency.
            single = tmp / "single.jsonl"
            single.write_text("".join(json.dumps(r) + "\n" for r in generate(2, args.revisions) if r["article"] == target))
            empty = Ledger.open(empty_url)
            import_archive(empty, str(single), checks=not args.no_checks)
            _add_claims(empty, target)

            ledger = Ledger.open(full_url)
            total = args.articles * args.revisions
            rss: list[float] = []
            done = {"bytes": 0}
            size = archive.stat().st_size
            marks = iter([size * (i + 1) / 10 for i in range(10)])
            next_mark = [next(marks)]

            def progress(n: int) -> None:
                done["bytes"] += n
                while next_mark[0] is not None and done["bytes"] >= next_mark[0]:
                    rss.append(max_rss_mb())
                    next_mark[0] = next(marks, None)

            start, cpu = time.perf_counter(), time.process_time()
            summary = import_archive(ledger, str(archive), batch_size=500, checks=not args.no_checks, progress=progress)
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            assert summary.stored == total, summary.line()
            _add_claims(ledger, target)
            result = {
                "engine": engine,
                "revisions": total,
                "seconds": round(elapsed, 1),
                "revisions_per_second": round(total / elapsed, 1),
                "importer_cpu_seconds": round(cpu, 1),
                "database_mb": round(_size_mb(ledger, full_url, tmp), 1),
                "rss_mb_by_tenth": [round(x) for x in rss],
                "latency_ms": _latencies(ledger, empty, target),
                # The standards report reads the whole archive: an absolute figure, no baseline.
                "report_ms": _median_ms(lambda: standards_report(ledger, date(2000, 1, 1)), runs=5),
            }
            ledger.close()
            empty.close()
            head = list(itertools.islice(generate(args.articles, args.revisions), args.baseline))
            result["baseline_revisions"] = len(head)
            result["baseline_per_second"] = round(_baseline_rate(baseline_url, head, not args.no_checks), 1)
            return result
        finally:
            if cleanup:
                cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--revisions", type=int, default=5)
    parser.add_argument("--no-checks", action="store_true")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--baseline", type=int, default=2000, metavar="N",
                        help="revisions stored one at a time for the same-run baseline")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # "on one core"
    print(f"archive: {args.articles} articles x {args.revisions} revisions, checks {'off' if args.no_checks else 'on'}")
    for engine in args.engines.split(","):
        r = bench_engine(engine, args)
        print(f"\n{engine}: {r['revisions']} revisions in {r['seconds']} s = {r['revisions_per_second']} revisions/s "
              f"(target 500/s; importer CPU {r['importer_cpu_seconds']} s); database {r['database_mb']} MB")
        print(f"  baseline, one at a time through add_revision ({r['baseline_revisions']} revisions): "
              f"{r['baseline_per_second']} revisions/s; bulk import {r['revisions_per_second'] / r['baseline_per_second']:.1f}x")
        print(f"  max RSS by tenth of the import (MB): {r['rss_mb_by_tenth']}")
        full_ms, empty_ms = r["latency_ms"]
        for name, full in full_ms.items():
            empty = empty_ms[name]
            print(f"  {name:<18} full {full:7.2f} ms   empty {empty:7.2f} ms   ratio {full / empty:4.2f} (target <= 1.5)")
        print(f"  report --since 2000-01-01 over the whole archive: {r['report_ms']:.0f} ms")


if __name__ == "__main__":
    main()
