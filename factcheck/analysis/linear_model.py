"""The shipped check-worthiness model: hashed n-grams and facets, scored with numpy.

A sentence becomes a sparse vector of

* word unigrams and bigrams,
* character n-grams (3 to 5 characters, across word boundaries),
* the facets of :mod:`factcheck.analysis.candidates` and a sentence-length band,

each n-gram hashed into one of ``buckets`` columns, so the model is one weight
per column and nothing else: no vocabulary to ship, and scoring is a sum of
weights. Text is folded first (case, digits to ``0``, curly quotes and dashes to
ASCII) so that "$4 trillion" and "$7 billion" share features, and news copy's
typography looks like the debate transcripts the model learned from.

Training (``training/train_checkworthy.py``) builds the same features with
:func:`featurize` and fits scikit-learn's logistic regression on them; the
probabilities here are the same sums, so they reproduce scikit-learn's
``predict_proba`` (to the float16 rounding of the stored weights).

The weights file is an ``.npz`` with ``weights`` (float16, one per column),
``intercept`` and ``meta`` (JSON: version, feature settings, threshold).
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from factcheck.analysis.candidates import FACET_WEIGHTS

__all__ = ["FeatureSettings", "LinearModel", "WeightsError", "featurize", "fold"]

_MASK32 = np.uint64(0xFFFFFFFF)
_PRIME = np.uint64(0x01000193)  # FNV's 32-bit prime: odd, so the polynomial stays invertible
# Each feature family hashes with its own seed, so "the" as a word and "the" as
# a character trigram land in different columns.
_SEED_WORD, _SEED_BIGRAM, _SEED_CHAR = 0x9E3779B1, 0x85EBCA6B, 0xC2B2AE35

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                       "\u2014": " - ", "\u00a0": " ", "\u2026": "..."})
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?|[$%\u00a3\u20ac]")
FACETS = tuple(FACET_WEIGHTS)
# Length bands in words: fragments, short, ordinary, long sentences.
_LENGTH_BANDS = (6, 13, 26)


class WeightsError(Exception):
    """The weights file is missing, unreadable or not a check-worthiness model."""


@dataclass(frozen=True)
class FeatureSettings:
    buckets: int = 2**18
    char_min: int = 3
    char_max: int = 5

    @property
    def width(self) -> int:
        """Columns in all: the hashed buckets, then one per facet, then the length bands."""
        return self.buckets + len(FACETS) + len(_LENGTH_BANDS) + 1


# Most copy is ASCII: one C-level byte translation folds its digits (str.translate
# with a dict looks up every character in Python, ten times slower).
_ASCII_DIGITS = bytes.maketrans(b"123456789", b"000000000")


def fold(text: str) -> str:
    """Lower case, digits as 0, ASCII quotes and dashes, single spaces."""
    if text.isascii():
        text = text.lower().encode("ascii").translate(_ASCII_DIGITS).decode("ascii")
    else:
        text = _DIGIT.sub("0", text.translate(_FOLD).lower())
    return " ".join(text.split())


@lru_cache(maxsize=1 << 16)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def _mix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser: spreads the polynomial hashes over the low bits."""
    h = h & _MASK32
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & _MASK32
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & _MASK32
    h ^= h >> np.uint64(16)
    return h


def _per_row_weight(rows: np.ndarray, n: int) -> np.ndarray:
    """1/sqrt(count) for each entry: a family's features weigh the same in long and short sentences."""
    counts = np.bincount(rows, minlength=n).astype(np.float64)
    return (1.0 / np.sqrt(np.maximum(counts, 1.0)))[rows]


def _char_features(folded: Sequence[str], settings: FeatureSettings) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the character n-grams of all sentences, in one pass over their text."""
    # NUL separates sentences (fold() leaves none); a window holding one spans two sentences.
    joined = "\x00".join(f" {t} " for t in folded)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    seps = np.concatenate(([0], np.cumsum(codes == 0)))
    rows_out, cols_out = [], []
    for n in range(settings.char_min, settings.char_max + 1):
        m = len(codes) - n + 1
        if m <= 0:
            continue
        h = np.full(m, _SEED_CHAR + n, dtype=np.uint64)
        for k in range(n):
            h = (h * _PRIME + codes[k:k + m]) & _MASK32
        inside = seps[n:n + m] == seps[:m]
        rows_out.append(seps[:m][inside])
        cols_out.append(_mix(h[inside]) % np.uint64(settings.buckets))
    if not rows_out:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(rows_out).astype(np.int64), np.concatenate(cols_out).astype(np.int64)


def _word_features(folded: Sequence[str], settings: FeatureSettings) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Rows and columns of word unigrams and bigrams, and each sentence's word count."""
    hashes: list[int] = []
    lengths = []
    for text in folded:
        words = _WORD.findall(text)
        lengths.append(len(words))
        hashes.extend(map(_word_hash, words))
    h = np.asarray(hashes, dtype=np.uint64)
    r = np.repeat(np.arange(len(folded), dtype=np.int64), lengths)
    buckets = np.uint64(settings.buckets)
    uni = _mix(h ^ np.uint64(_SEED_WORD)) % buckets
    same = r[1:] == r[:-1]
    bi = _mix(((h[:-1] * _PRIME) ^ h[1:] ^ np.uint64(_SEED_BIGRAM)))[same] % buckets
    return (np.concatenate((r, r[1:][same])), np.concatenate((uni, bi)).astype(np.int64), lengths)


def featurize(texts: Sequence[str], facets: Sequence[Sequence[str]],
              settings: FeatureSettings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sparse features of ``texts`` as (rows, columns, values); repeated (row, column) pairs add up.

    The same triples feed scikit-learn in training (as a COO matrix) and the
    weighted sums here, which is what keeps the two in agreement.
    """
    n = len(texts)
    folded = [fold(t) for t in texts]
    word_rows, word_cols, lengths = _word_features(folded, settings)
    char_rows, char_cols = _char_features(folded, settings)
    facet_index = {name: settings.buckets + i for i, name in enumerate(FACETS)}
    extra_rows, extra_cols = [], []
    band_base = settings.buckets + len(FACETS)
    for row, (names, length) in enumerate(zip(facets, lengths)):
        for name in names:
            extra_rows.append(row)
            extra_cols.append(facet_index[name])
        extra_rows.append(row)
        extra_cols.append(band_base + sum(length >= b for b in _LENGTH_BANDS))
    rows = np.concatenate((word_rows, char_rows, np.asarray(extra_rows, dtype=np.int64)))
    cols = np.concatenate((word_cols, char_cols, np.asarray(extra_cols, dtype=np.int64)))
    values = np.concatenate((_per_row_weight(word_rows, n), _per_row_weight(char_rows, n),
                             np.ones(len(extra_rows))))
    return rows, cols, values


class LinearModel:
    """Logistic regression over :func:`featurize`: ``probabilities`` is all it does."""

    def __init__(self, weights: np.ndarray, intercept: float, meta: dict[str, Any]) -> None:
        self.settings = FeatureSettings(**meta["features"])
        if weights.shape != (self.settings.width,):
            raise WeightsError(f"it holds {weights.shape[0] if weights.ndim == 1 else weights.shape} weights, "
                               f"the features need {self.settings.width}")
        if not np.isfinite(weights).all() or not np.isfinite(intercept):
            raise WeightsError("it holds weights that are not numbers")
        self.weights = weights.astype(np.float64)
        self.intercept = float(intercept)
        self.meta = meta
        self.version = str(meta["version"])
        self.threshold = float(meta["threshold"])

    @classmethod
    def load(cls, path: Path) -> "LinearModel":
        try:
            with np.load(path, allow_pickle=False) as data:
                weights, intercept, meta_text = data["weights"], data["intercept"], data["meta"]
                meta = json.loads(str(meta_text))
                return cls(weights, float(intercept), meta)
        except FileNotFoundError:
            raise WeightsError("the file does not exist") from None
        except WeightsError:
            raise
        except Exception as error:  # a damaged zip, JSON or array: all mean "reinstall"
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise WeightsError(f"it cannot be read ({reason})") from None

    def save(self, path: Path) -> None:
        np.savez_compressed(path, weights=self.weights.astype(np.float16),
                            intercept=np.float64(self.intercept), meta=np.str_(json.dumps(self.meta, sort_keys=True)))

    def probabilities(self, texts: Sequence[str], facets: Sequence[Sequence[str]]) -> np.ndarray:
        if not texts:
            return np.zeros(0)
        rows, cols, values = featurize(texts, facets, self.settings)
        logits = self.intercept + np.bincount(rows, weights=values * self.weights[cols], minlength=len(texts))
        return 1.0 / (1.0 + np.exp(-logits))
