"""Known fact-checks: ranking quality, match latency, import speed, cost to `check`.

    python bench/bench_match.py DATA_DIR [--db sqlite|postgresql] [--large 150000]

DATA_DIR is the CLEF CheckThat! 2022 task 2A English benchmark (``verified-claims.jsonl``,
``dev-test.jsonl``; the shared data folder's ``claimmatch/``). It is read, never copied.

Reported, all in one run:

* MAP@5 and P@1 on dev-test (held out from tuning) for plain BM25 (the database's
  first stage alone) and for factcheck's two stages, with the ratio;
* the import of the 14,231 verified claims written as ClaimReview JSON Lines;
* match latency per query (median and 95th percentile over the dev-test queries) at
  ~15,000 reviews and at ``--large`` reviews (the verified claims plus synthesised
  reviews: real claims with their names, numbers and rare words swapped for
  another's), warm (the
  postings earlier queries read kept, as ``match --file`` and the desk keep them)
  and cold (dropped before each query, as a fresh ``factcheck match``);
* ``check`` of an 800-word article with and without the known fact-checks, and the
  slowdown (in process, the candidates gathered anew each time as one revision's
  check does: the first check cold, the median of the later ones warm; and as a
  fresh ``factcheck check`` process), at both sizes;
* what ``previously-checked`` flags at both sizes: the dev-test posts each checked
  as an article (how many flagged, how many with their gold claim), and its
  findings on news copy stating none of the claims (the test corpus's stories);
* the machine's load average before and after: on a shared machine the times are
  only comparable within one run; and whether the key index counts in C (built by
  ``pip install -e .`` in the checkout) or in numpy.

The SQLite database lives in a temporary directory; ``--db postgresql`` uses a fresh
database on the server of FACTCHECK_TEST_POSTGRES_URL (default the local one).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def require(data: Path, *names: str) -> None:
    missing = [name for name in names if not (data / name).is_file()]
    if missing:
        sys.exit(f"bench_match: {data} lacks {', '.join(missing)}; pass the claimmatch data folder "
                 "(CheckThat! 2022 2A: verified-claims.jsonl and the query files).")


def as_claimreview(claim: dict, rating: str = "False") -> dict:
    return {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": claim["url"],
        "claimReviewed": claim["claim"], "name": claim.get("title"),
        "author": {"@type": "Organization", "name": claim.get("publisher") or "Snopes"},
        "reviewRating": {"@type": "Rating", "alternateName": rating},
    }


_WORD = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.%]*")
#: A word in at most this many of the real claims is one of a claim's specifics.
_RARE_IN = 2


def _specifics(text: str, rare: set[str]) -> list[str]:
    """The words that make a claim its own: names (capitalised after the first
    word), numbers, and words few other claims use."""
    words = _WORD.findall(text)
    return [w for n, w in enumerate(words)
            if w[0].isdigit() or (n and w[0].isupper()) or w.lower() in rare]


def synthesised(claims: list[dict], count: int, seed: int = 7, first: int = 0) -> list[dict]:
    """``count`` reviews that read like claims: each is a real claim (and its
    title) with its specifics, the names, numbers and rare words, swapped for
    another claim's, as the next fact-check of the same story about someone else
    would read ("Senator X voted to cut Y"). Their lengths, their wording and the
    words they share with news copy are a real collection's, so are the key lists
    and postings a check and a query meet. The vocabulary does not grow (a real
    collection's would), but what it lacks are rare words news copy seldom meets:
    at 14,231 reviews, half of them synthesised, an 800-word article meets 12,543
    key-list values, against 12,692 with the real claims alone (the README has the
    other sizes). An earlier version finished the start of
    one claim with a run of another's words: word salad ("The United States was
    The"), which news copy stated by chance: 67 findings on 51 news stories at
    150,000 reviews, against none at the real 14,231."""
    documents: dict[str, int] = {}
    for claim in claims:
        for word in {w.lower() for w in _WORD.findall(claim["claim"])}:
            documents[word] = documents.get(word, 0) + 1
    rare = {word for word, n in documents.items() if n <= _RARE_IN}
    rng = random.Random(seed)
    out = []
    for n in range(count):
        a, b = rng.choice(claims), rng.choice(claims)
        # In order, as far as the other claim has them: the rest stay.
        swap = dict(zip(dict.fromkeys(_specifics(a["claim"], rare)), dict.fromkeys(_specifics(b["claim"], rare))))

        def swapped(text: str) -> str:
            return _WORD.sub(lambda m: swap.get(m.group(0), m.group(0)), text)

        out.append({"url": f"https://factcheck.example/review/{first + n}", "claim": swapped(a["claim"]),
                    "title": swapped(a.get("title") or ""), "publisher": "Example"})
    return out


def import_synthesised(ledger, claims: list[dict], count: int, workdir: Path) -> tuple[int, float]:
    """Import ``count`` :func:`synthesised` reviews (in feeds of the most one
    import takes): how many were added, and the seconds the imports took."""
    from factcheck.app.known_factchecks import import_claimreviews
    from factcheck.sources.claimreview import MAX_REVIEWS

    feed = workdir / "synthesised.jsonl"
    added, seconds = 0, 0.0
    for start in range(0, count, MAX_REVIEWS):
        write_feed(feed, synthesised(claims, min(MAX_REVIEWS, count - start), seed=start, first=start))
        started = time.perf_counter()
        added += import_claimreviews(ledger, str(feed)).added
        seconds += time.perf_counter() - started
    return added, seconds


def write_feed(path: Path, claims: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for claim in claims:
            handle.write(json.dumps(as_claimreview(claim)) + "\n")


def average_precision(ranked: list[str], gold: set[str], k: int = 5) -> float:
    hits, total = 0, 0.0
    for i, url in enumerate(ranked[:k], 1):
        if url in gold:
            hits += 1
            total += hits / i
    return total / min(len(gold), k) if gold else 0.0


def evaluate(ranked_lists: list[list[str]], queries: list[dict]) -> tuple[float, float]:
    aps = [average_precision(r, set(q["gold"])) for r, q in zip(ranked_lists, queries)]
    p1 = [1.0 if r and r[0] in set(q["gold"]) else 0.0 for r, q in zip(ranked_lists, queries)]
    return statistics.fmean(aps), statistics.fmean(p1)


def open_database(kind: str, workdir: Path):
    from factcheck.store.ledger import Ledger

    if kind == "sqlite":
        return Ledger.open(f"sqlite:///{workdir / 'bench.db'}"), None
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(os.environ.get("FACTCHECK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    name = f"factcheck_bench_{uuid.uuid4().hex[:10]}"
    params = dict(host=admin.host, port=admin.port or 5432, user=admin.username, dbname=admin.database,
                  autocommit=True)
    with psycopg.connect(**params) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(**params) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return Ledger.open(admin.set(database=name).render_as_string(hide_password=False)), drop


def forget() -> None:
    """Drop what this process keeps between queries and checks: the postings, key
    lists and reviews read, the judged claims, and the re-ranker's per-text caches
    (whichever of them the commit measured has)."""
    from factcheck.analysis import claim_matching
    from factcheck.app import known_factchecks
    from factcheck.store.known_factchecks import drop_caches

    drop_caches()
    getattr(known_factchecks, "drop_judged_cache", lambda: None)()
    for name in ("content_stems", "text_profile", "_indexed", "_stated"):
        if hasattr(claim_matching, name):
            getattr(claim_matching, name).cache_clear()
    getattr(claim_matching, "_TOKEN_STEMS", {}).clear()


def rankings(ledger, queries: list[dict], cold: bool = False) -> tuple[list[list[str]], list[list[str]], list[float]]:
    """Per query: the BM25 order, factcheck's order, and the seconds `match` took.
    ``cold``: what the process keeps (:func:`forget`) dropped before each query, as
    for the first query of a fresh ``factcheck match``; else kept from the queries
    before (as in the desk, or ``match --file``)."""
    from factcheck.analysis.claim_matching import rerank
    from factcheck.app.known_factchecks import Matcher

    forget()
    matcher = Matcher(ledger)
    baseline, ranked, seconds = [], [], []
    for query in queries:
        if cold:
            forget()
        started = time.perf_counter()
        candidates = matcher.candidates(query["query"])
        matches = rerank(query["query"], candidates, limit=5)
        seconds.append(time.perf_counter() - started)
        baseline.append([c.url for c in candidates[:5]])
        ranked.append([m.candidate.url for m in matches])
    return baseline, ranked, seconds


def latency(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def check_cost(ledger, rounds: int = 101, first_seed: int = 0) -> tuple[float, float, float, float, float]:
    """Median seconds of the checks on an 800-word article, without and with the
    known fact-checks (gathering the candidates included), the seconds of the
    first check with them and of the second (which reads the key table whole and,
    in a large collection, indexes it), and the median of each round's ratio of the two (the
    machine's speed drifts within a run when it is shared: the two checks of a
    round ran milliseconds apart). The first reads the key lists and reviews
    cold, the later ones keep what an earlier one read (as a long-running watch, desk or archive import
    does). Every run is of an article not checked before in the process (the
    checks memoise what they find per sentence: a second run of one text was 1.5
    ms faster, and a version of this script that checked each text twice, without
    then with, measured that instead of the known fact-checks; and what they keep
    per sentence is dropped before each, :func:`forget_sentences`), and the two kinds
    alternate which goes first. ``first_seed`` picks the articles: each call its own."""
    from bench_checks import article_of, clear_cache
    from factcheck.analysis.checks import run_checks
    from factcheck.app.known_factchecks import KnownClaims
    from factcheck.text.segmentation import segment

    def plain(doc) -> None:
        run_checks(doc)

    def known(doc) -> None:
        run_checks(doc, known=KnownClaims(ledger).for_document(doc, article=None))

    forget()
    times: dict = {plain: [], known: []}
    for n in range(rounds):
        for number, run in enumerate((plain, known) if n % 2 else (known, plain)):
            doc = segment(article_of(800, seed=first_seed + 2 * n + number))
            clear_cache()
            forget_sentences()
            started = time.perf_counter()
            run(doc)
            times[run].append(time.perf_counter() - started)
    ratios = [with_known / without for with_known, without in zip(times[known][1:], times[plain][1:])]
    return (statistics.median(times[plain]), statistics.median(times[known][1:]), times[known][0],
            times[known][1], statistics.median(ratios))


def forget_sentences() -> None:
    """Drop what the checks keep per sentence text (the names a sentence holds, its
    stems): the benchmark's articles are assembled from the test corpus's stories,
    70 variants of each, so their sentences recur from article to article, where a
    new article's would not. (Kept, the checks of the 150,000-review run took 4.4
    ms without known fact-checks after the 14,231-review run had met the same
    sentences, 4.9 in a process of its own.) What is kept per word stays."""
    from factcheck.analysis import claim_matching
    from factcheck.text import people

    for memo in (getattr(people, "_sentence_candidates", None), getattr(claim_matching, "content_stems", None),
                 getattr(claim_matching, "text_profile", None)):
        if memo is not None:
            memo.cache_clear()


def check_quality(ledger, queries: list[dict]) -> str:
    """What ``previously-checked`` flags, as a check of each post would: of the
    posts (each checked as an article), how many it flags and how many of those
    with their gold claim; and its findings on news copy that states none of the
    claims (the test corpus's stories, and 30 articles assembled from them)."""
    from bench_checks import _bodies, article_of
    from factcheck.analysis.checks import run_checks
    from factcheck.app.known_factchecks import KnownClaims
    from factcheck.text.segmentation import segment

    known = KnownClaims(ledger)

    def flagged(text: str) -> set[str]:
        doc = segment(text)
        findings = run_checks(doc, known=known.for_document(doc, article=None), only=["previously-checked"])
        return {f.data["url"] for f in findings}

    flags = [flagged(q["query"]) for q in queries]
    posts = sum(1 for found in flags if found)
    right = sum(1 for found, q in zip(flags, queries) if found & set(q["gold"]))
    news = [*_bodies(), *(article_of(800, seed=n) for n in range(30))]
    wrong = sum(len(flagged(text)) for text in news)
    return (f"previously-checked on the {len(queries)} posts: {posts} flagged, {right} with their checked claim "
            f"(precision {right / max(posts, 1):.3f}); on {len(news)} news stories: {wrong} findings")


def command_cost(ledger_url: str, workdir: Path, rounds: int = 7) -> tuple[float, float]:
    """Median wall seconds of ``factcheck check ARTICLE`` (a fresh process, as an
    editor runs it) on an 800-word article: in a ledger without known fact-checks,
    and in ``ledger_url``, measured alternately."""
    import subprocess

    from bench_checks import article_of

    story = workdir / "story.txt"
    story.write_text(article_of(800, seed=3), encoding="utf-8")
    empty = f"sqlite:///{workdir / 'empty.db'}"
    command = [sys.executable, "-m", "factcheck", "--db"]
    for url in (empty, ledger_url):
        subprocess.run([*command, url, "add-revision", "bench-story", str(story)], check=True,
                       capture_output=True, cwd=ROOT)
    plain, known = [], []
    for _ in range(rounds):
        for url, times in ((empty, plain), (ledger_url, known)):
            started = time.perf_counter()
            subprocess.run([*command, url, "check", "bench-story"], check=True, capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - started)
    return statistics.median(plain), statistics.median(known)


def report_check(ledger, url: str, workdir: Path, size: int, first_seed: int) -> None:
    plain, known, first, second, ratio = check_cost(ledger, first_seed=first_seed)
    print(f"checks in process, 800 words, {size:,} reviews: {plain * 1000:.1f} ms without, "
          f"{known * 1000:.1f} ms with known fact-checks, warm (+{(known / plain - 1) * 100:.0f} %; "
          f"round by round +{(ratio - 1) * 100:.0f} %; the first, cold: {first * 1000:.1f} ms, "
          f"+{(first / plain - 1) * 100:.0f} %; the second, reading the key table whole: "
          f"{second * 1000:.0f} ms)")
    plain, known = command_cost(url, workdir)
    print(f"factcheck check ARTICLE, 800 words, {size:,} reviews: {plain * 1000:.0f} ms without, "
          f"{known * 1000:.0f} ms with (+{(known / plain - 1) * 100:.0f} %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="the claimmatch data folder")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--large", type=int, default=150_000, help="reviews in the large collection")
    args = parser.parse_args()
    require(args.data, "verified-claims.jsonl", "dev-test.jsonl")
    claims = load_jsonl(args.data / "verified-claims.jsonl")
    queries = load_jsonl(args.data / "dev-test.jsonl")
    from factcheck.app.known_factchecks import import_claimreviews

    print(f"[{args.db}] load average {' '.join(f'{n:.1f}' for n in os.getloadavg())} at start")
    from factcheck.store import claim_key_index

    # Run from the checkout: the C count is there after `pip install -e .`, not after `pip install .`.
    print(f"[{args.db}] the key index counts in "
          f"{'C' if claim_key_index._key_meeting is not None else 'numpy (the C count is not built here)'}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        ledger, drop = open_database(args.db, workdir)
        try:
            feed = workdir / "verified.jsonl"
            write_feed(feed, claims)
            started = time.perf_counter()
            report = import_claimreviews(ledger, str(feed))
            print(f"[{args.db}] import of {report.added:,} reviews: {time.perf_counter() - started:.1f} s")

            cold = rankings(ledger, queries, cold=True)[2]
            baseline, ranked, seconds = rankings(ledger, queries)
            base_map, base_p1 = evaluate(baseline, queries)
            our_map, our_p1 = evaluate(ranked, queries)
            print(f"dev-test ({len(queries)} queries)  BM25: MAP@5 {base_map:.3f}  P@1 {base_p1:.3f}")
            print(f"dev-test ({len(queries)} queries)  factcheck: MAP@5 {our_map:.3f}  P@1 {our_p1:.3f}  "
                  f"(MAP@5 x{our_map / base_map:.3f} of BM25)")
            print(f"match at {report.added:,} reviews: {latency(seconds)} per query, warm; cold: "
                  f"{latency(cold)}")
            url = ledger.engine.url.render_as_string(hide_password=False)
            print(f"{report.added:,} reviews: {check_quality(ledger, queries)}")
            report_check(ledger, url, workdir, report.added, first_seed=0)

            extra = max(0, args.large - len(claims))
            if extra:
                total, importing = import_synthesised(ledger, claims, extra, workdir)
                size = report.added + total
                print(f"import of {total:,} synthesised reviews more: {importing:.1f} s")
                cold = rankings(ledger, queries, cold=True)[2]
                baseline_big, ranked_big, seconds_big = rankings(ledger, queries)
                base_map, base_p1 = evaluate(baseline_big, queries)
                big_map, big_p1 = evaluate(ranked_big, queries)
                print(f"match at {size:,} reviews: {latency(seconds_big)} per query, warm; cold: "
                      f"{latency(cold)} "
                      f"(among the synthesised: MAP@5 {big_map:.3f}, P@1 {big_p1:.3f}; BM25 {base_map:.3f}, "
                      f"{base_p1:.3f})")
                print(f"{size:,} reviews: {check_quality(ledger, queries)}")
                report_check(ledger, url, workdir, size, first_seed=1000)
        finally:
            ledger.close()
            if drop:
                drop()
    print(f"[{args.db}] load average {' '.join(f'{n:.1f}' for n in os.getloadavg())} at the end")


if __name__ == "__main__":
    main()
