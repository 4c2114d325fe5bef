"""duplicate-paragraph: a body paragraph that repeats another one.

The typical case is a lede pasted twice during an edit, once reworded by the copy
desk ("the United States" / "the U.S."). Paragraphs are compared on their
fingerprints (quotes, spacing and case folded) after expanding the abbreviations
news copy uses, so the two spellings of one sentence score as equal.
"""

from __future__ import annotations

import re
import zlib

from rapidfuzz import fuzz

from factcheck.analysis.checks import CheckContext
from factcheck.analysis.findings import Finding, Span
from factcheck.text.segmentation import Block, Document, fingerprint

CHECK_ID = "duplicate-paragraph"

#: Similarity (0-100, rapidfuzz ratio on expanded fingerprints) from which two
#: paragraphs count as one repeated. Measured on the corpus: rewordings of a lede
#: score 90+, distinct paragraphs on the same subject stay under 75.
THRESHOLD = 88.0
#: Short paragraphs ("He declined to comment.") legitimately recur.
MIN_WORDS = 8

# Abbreviation -> the words it stands for, as fingerprints (lower case) spell them.
_ABBREVIATIONS = {
    # Not "us" or "un": after case folding they are ordinary words.
    "u.s.": "united states", "u.s.a.": "united states",
    "u.k.": "united kingdom", "uk": "united kingdom", "u.n.": "united nations",
    "e.u.": "european union", "eu": "european union",
    "d.c.": "district of columbia", "dept.": "department", "gov.": "governor",
    "sen.": "senator", "rep.": "representative", "gen.": "general", "lt.": "lieutenant",
    "sgt.": "sergeant", "st.": "saint", "mt.": "mount", "ft.": "fort", "corp.": "corporation",
    "inc.": "incorporated", "co.": "company", "univ.": "university", "govt.": "government",
    "int'l": "international", "nat'l": "national", "&": "and", "pct.": "percent",
    "%": " percent", "no.": "number",
}
_TOKEN = re.compile(r"[\w.'&%]+|[^\w\s]")


#: token -> the word it stands for in an expanded fingerprint ("" to drop it). A
#: paragraph has a few hundred tokens from a vocabulary shared across paragraphs
#: and revisions; one dict look-up replaces the per-token string work.
_WORDS: dict[str, str] = {}
_WORDS_LIMIT = 50_000


def _expand(token: str) -> str:
    stripped = token.rstrip(".") if token.lower() not in _ABBREVIATIONS else token
    expansion = _ABBREVIATIONS.get(token) or _ABBREVIATIONS.get(stripped)
    if expansion:
        return expansion
    if any(ch.isalnum() for ch in stripped):
        return stripped.strip("'")
    return ""


def expanded_fingerprint(text: str) -> str:
    """A fingerprint in which abbreviations are spelled out and punctuation dropped."""
    words = []
    cache = _WORDS
    for token in _TOKEN.findall(fingerprint(text)):
        word = cache.get(token)
        if word is None:
            if len(cache) >= _WORDS_LIMIT:
                cache.clear()
            word = cache[token] = _expand(token)
        if word:
            words.append(word)
    return " ".join(words)


def _span(block: Block) -> Span:
    return Span(block.number, 0, block.text)


#: How many word trigrams of each paragraph represent it in the candidate index.
SKETCH_SIZE = 4


def _sketch(key: str) -> set[int]:
    """The paragraph's few lowest-hashed word trigrams: near-copies share some of them.

    Two paragraphs 88% alike share most trigrams, so their smallest hashes
    coincide; comparing only paragraphs that share one keeps the check linear in
    the article's length instead of scoring every pair.
    """
    # Words as CRC-32s, not str hashes: Python salts those per process, and the
    # sketch (so which pairs are compared, and what is found) changed from run to run.
    words = [zlib.crc32(word.encode()) for word in key.split()]
    grams = {hash(tuple(words[i:i + 3])) for i in range(max(1, len(words) - 2))}
    return set(sorted(grams)[:SKETCH_SIZE])


#: Paragraphs kept per sketch hash. Templated copy (results tables, "X scored for
#: Y") shares trigrams across hundreds of paragraphs; without a bound each of them
#: would be a candidate for every later one, quadratic in the article. A repeat
#: is compared with the earliest paragraphs that share its hashes.
BUCKET_LIMIT = 32


def check(doc: Document, ctx: CheckContext) -> list[Finding]:
    candidates = [b for b in doc.body if len(b.text.split()) >= MIN_WORDS]
    if len(candidates) < 2:
        return []
    keys = [expanded_fingerprint(b.text) for b in candidates]
    index: dict[int, list[int]] = {}
    first_with_key: dict[str, int] = {}
    findings: list[Finding] = []
    for later, key in enumerate(keys):
        sketch = _sketch(key)  # once per paragraph, not twice
        candidate_ids = {i for h in sketch for i in index.get(h, ())}
        if key in first_with_key:  # a word-for-word repeat is found past the bucket bound too
            candidate_ids.add(first_with_key[key])
        first_with_key.setdefault(key, later)
        earlier_ids = sorted(candidate_ids)
        for h in sketch:
            bucket = index.setdefault(h, [])
            if len(bucket) < BUCKET_LIMIT:
                bucket.append(later)
        for earlier in earlier_ids:
            score = fuzz.ratio(keys[earlier], key, score_cutoff=THRESHOLD)
            if not score:
                continue
            first, second = candidates[earlier], candidates[later]
            identical = fingerprint(first.text) == fingerprint(second.text)
            if identical:
                how = "word for word"
            elif score >= 99.5:
                how = "word for word except for abbreviations"
            else:
                how = f"almost word for word ({score:.0f}% alike)"
            findings.append(
                Finding(
                    CHECK_ID,
                    "warning",
                    f"Paragraph {second.number} repeats paragraph {first.number} {how}; "
                    "one of them is probably left over from an edit.",
                    (_span(first), _span(second)),
                    {"paragraphs": [first.number, second.number], "similarity": round(score / 100, 3)},
                )
            )
            break  # a paragraph is reported once, against the first one it repeats
    return findings
