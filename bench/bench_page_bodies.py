"""Body extraction quality: factcheck's stored body against bare ``trafilatura.extract``.

    python bench/bench_page_bodies.py                 # the pages shipped in tests/fixtures/pages
    python bench/bench_page_bodies.py --pages DIR     # any set laid out the same way

A page set is ``NAME.html`` files with the body a reader sees in ``gold/NAME.txt``
(paragraphs separated by blank lines; no headline, byline or captions). Pages
without a gold file are skipped and counted. In the shipped set, six gold bodies
were written by hand from the page (the six pages that lost their body before); the
other six (the five older fixtures and election-explainer-links, pages nothing lost)
were taken from factcheck's extraction after checking each against its page, so on
those the measure shows trafilatura's furniture more than factcheck's recall.

Both sides read the same bytes in the same run. factcheck's body is
``extract_article(...).paragraphs`` (what ``add-revision`` stores, before the
headline and captions are put around it); trafilatura's is ``trafilatura.extract``
with its defaults, the baseline the issue measured against. A page factcheck
refuses (no body found) scores 0, as a refused page stores nothing.

The measure is shingle F1: the multiset of word 4-grams (lower-cased, punctuation
stripped) of the extracted body against the gold body; precision is the share of
the extraction's shingles that are in the gold, recall the share of the gold's
that were extracted. It rewards keeping the story and punishes furniture, without
caring how either side splits paragraphs. No assertions: this prints numbers.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHINGLE = 4
_WORD = re.compile(r"[\w$%]+(?:[.,'’][\w]+)*")


def shingles(text: str) -> Counter[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def f1(extracted: str, gold: str) -> float:
    got, want = shingles(extracted), shingles(gold)
    if not got or not want:
        return 1.0 if not got and not want else 0.0
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def factcheck_body(data: bytes) -> tuple[str, str]:
    """The stored body and the path taken (``refused`` when nothing was found)."""
    from factcheck.sources.html import extract_article

    article = extract_article(data)
    if not article.paragraphs:
        return "", "refused"
    return "\n\n".join(article.paragraphs), article.extraction.get("body", "?")


def trafilatura_body(data: bytes) -> str:
    import trafilatura

    from factcheck.sources.html import decode_html

    return trafilatura.extract(decode_html(data)[0]) or ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=ROOT / "tests" / "fixtures" / "pages",
                        help="a directory of NAME.html pages with gold/NAME.txt bodies")
    args = parser.parse_args()
    if not args.pages.is_dir():
        sys.exit(f"{args.pages} is not a directory; pass --pages DIR holding NAME.html and gold/NAME.txt.")
    pages = sorted(args.pages.glob("*.html"))
    scored = [(p, args.pages / "gold" / f"{p.stem}.txt") for p in pages]
    missing = sum(not gold.exists() for _, gold in scored)
    scored = [(p, gold) for p, gold in scored if gold.exists()]
    if not scored:
        sys.exit(f"no page in {args.pages} has a gold body in {args.pages / 'gold'}; nothing to measure.")

    # Warm both up on the first page: imports and trafilatura's lazy set-up are not extraction.
    factcheck_body(scored[0][0].read_bytes()), trafilatura_body(scored[0][0].read_bytes())
    rows, times = [], {"factcheck": 0.0, "trafilatura": 0.0}
    for page, gold_file in scored:
        data, gold = page.read_bytes(), gold_file.read_text(encoding="utf-8")
        start = time.perf_counter()
        ours, path = factcheck_body(data)
        times["factcheck"] += time.perf_counter() - start
        start = time.perf_counter()
        theirs = trafilatura_body(data)
        times["trafilatura"] += time.perf_counter() - start
        rows.append((page.stem, f1(ours, gold), f1(theirs, gold), path))

    width = max(len(name) for name, *_ in rows)
    print(f"{'page':<{width}}  factcheck  trafilatura  body path")
    for name, ours, theirs, path in rows:
        print(f"{name:<{width}}  {ours:9.3f}  {theirs:11.3f}  {path}")
    print()
    for label, index in (("factcheck", 1), ("trafilatura.extract", 2)):
        scores = [row[index] for row in rows]
        print(f"{label:<20} mean F1 {statistics.fmean(scores):.3f}  median {statistics.median(scores):.3f}  "
              f"pages under 0.5: {sum(s < 0.5 for s in scores)}")
    refused = sum(row[3] == "refused" for row in rows)
    plain = sum(row[3] == "plain" for row in rows)
    print(f"factcheck refused {refused} of {len(rows)} pages; kept the plain body on {plain}")
    print(f"time: factcheck {times['factcheck'] * 1000:.0f} ms, trafilatura.extract {times['trafilatura'] * 1000:.0f} ms "
          f"(ratio {times['factcheck'] / max(times['trafilatura'], 1e-9):.2f}; factcheck runs trafilatura twice)")
    if missing:
        print(f"({missing} page(s) without a gold body skipped)")


if __name__ == "__main__":
    main()
