"""Has this claim been checked before? Ranking known claims against a sentence.

Two stages, as retrieval systems for fact-checked claims do (CLEF CheckThat!
task 2A): a lexical first stage picks a few dozen candidates (BM25 over the
imported reviews' postings, :class:`CandidateIndex` for the smaller sets kept in
memory), then :func:`rerank` scores each candidate against the sentence. Its
features (:func:`features`) are what could tell a restatement from a sentence that
only shares the topic:

* how much of the known claim the sentence states (``claim_cover``) and how much
  of the sentence is about the claim (``query_cover``), over stemmed content words
  weighted by how rare they are among the candidates;
* rapidfuzz token-set and token-sort similarity of the content words (word order
  and repeated words aside);
* the claim's numbers (a "$1" claim is not a "$5" one) and names;
* the first stage's own BM25, relative to the best candidate.

The weights (:data:`WEIGHTS`) were tuned on the CheckThat! 2022 2A train and dev
queries against the verified claims and against 150,000 reviews with their near
twins (``bench/tune_match.py``; ``bench/bench_match.py`` reports the held-out
dev-test): two of the features carry the ranking, the first stage's BM25 and
``query_cover``. Whether a sentence *states* a claim is :func:`statement_score`
(numbers that contradict the claim count against it), and :data:`MATCH_THRESHOLD`
keeps the paraphrases of a claim and drops sentences on its topic; which sentences
need scoring at all, :func:`could_state` bounds by counting shared stems
(:func:`_statement_bound`), so that the check of an article scores the few
sentences that could. No storage here: candidates come in, scores go out.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from itertools import chain
from typing import Any, Callable, Iterable, Sequence

from rapidfuzz import fuzz

__all__ = [
    "Candidate", "CandidateIndex", "MATCH_THRESHOLD", "Match", "clean_query", "content_words", "query_words",
    "content_stems", "could_state", "rerank", "search_stems", "searchable", "statement_score", "stem", "text_profile",
]

#: Score (0-1) from which a sentence counts as stating a known claim.
MATCH_THRESHOLD = 0.55

# Function words, and the words every claim and tweet is full of ("says", "video").
_STOPWORDS = frozenset("""
a about above after again against all also am an and any are aren as at be because been before being
below between both but by can cannot could couldn did didn do does doesn doing don down during each
few for from further had hadn has hasn have haven having he her here hers herself him himself his how
i if in into is isn it its itself just let ll me more most mustn my myself no nor not now of off on
once only or other ought our ours ourselves out over own re same shan she should shouldn so some such
than that the their theirs them themselves then there these they this those through to too under until
up very was wasn we were weren what when where which while who whom why will with won would wouldn
you your yours yourself yourselves s t d m ve y via rt amp get got one says said say saying claim
claims claimed shows show showing shown image photo photograph picture video footage viral post posted
posts tweet online people like will just new
""".split())

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.I)
_HANDLE = re.compile(r"@\w+")
# How embedded tweets end: "— Jane Doe (@jdoe) February 25, 2016".
_EMBED_TRAILER = re.compile(r"\s[—–-]+\s[^—–]{0,80}\(@\w+\)\s*\w*\.? ?\d{0,2},? ?\d{4}\s*$")
_TAG = re.compile(r"[#@](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Numbers (with their separators) and words of two letters or more, apart, in
# folded text (ASCII: see _fold).
# Ungrouped: findall then returns the tokens themselves, 40 % faster than a pair
# of groups per token (a number starts with a digit, a word with a letter).
_NUMBER_OR_WORD = re.compile(r"[A-Za-z]{2,}|[0-9]+(?:[.,][0-9]+)*")
_NAME = re.compile(r"\b[A-Z][a-zA-Z'’.-]+")


def clean_query(text: str) -> str:
    """A sentence or post without what no claim contains: links, handles, the
    signature line of an embedded tweet."""
    # News copy has none of them: each pattern runs only where it could match.
    if "(@" in text:
        text = _EMBED_TRAILER.sub("", text)
    if _may_link(text):
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _HANDLE.sub(" ", text)
    return _split_tags(text)


def _is_clean(text: str) -> bool:
    """Whether :func:`clean_query` leaves ``text`` as it is (nothing it removes or splits)."""
    return "@" not in text and "#" not in text and not _may_link(text)


def _may_link(text: str) -> bool:
    """Whether ``text`` may hold a link :data:`_URL` removes (cheaper than asking it)."""
    if "://" in text:
        return True
    lower = text.lower()
    return "www." in lower or "pic.twitter.com/" in lower


def _split_tags(text: str) -> str:
    # "#AustralianFires" is two words, "@JoeBiden" too.
    if "#" not in text and "@" not in text:
        return text
    return _TAG.sub(lambda m: _CAMEL.sub(" ", m.group(1)), text)


def searchable(text: str) -> str:
    """What the first stage searches for: links dropped, but handles and the
    signature of an embedded post kept as words. Who posted is often who the
    claim is about ("— OREO Cookie (@Oreo)" for a review of an Oreo claim): on
    the CheckThat! train and dev queries BM25 finds the checked claim among its
    first 30 for 95 % of the posts with them, 91 % without."""
    return _split_tags(_URL.sub(" ", text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stem (plural, -ing, -ed, final e): enough to match "levels"
    and "level", "contains" and "contained", without a stemmer's whole rule set."""
    size = len(word)
    if size <= 3 or word[0].isdigit():
        return word
    # Each suffix needs three letters left before it. By the last letter first: a
    # new article's words miss the cache, a few hundred of them per check.
    last = word[-1]
    if last == "s":
        if word.endswith("ies") and size >= 6:
            word = word[:-3] + "y"
        elif word.endswith("sses") and size >= 7:
            word = word[:-4] + "ss"
        elif not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    elif last == "d":
        if word.endswith("ied") and size >= 6:
            word = word[:-3] + "y"
        elif word.endswith("ed") and size >= 5:
            word = word[:-2]
    elif last == "g" and word.endswith("ing") and size >= 6:
        word = word[:-3]
    if word.endswith("e") and len(word) >= 4:
        word = word[:-1]
    return word


def _fold(text: str) -> str:
    text = text.replace("’", "'").replace("'s ", " ").lower()
    # Most copy is ASCII: the Unicode decomposition is for the rest.
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def content_words(text: str) -> list[str]:
    """The lower-case content words of ``text`` in order (numbers without their
    thousands separators), stop words dropped."""
    return [token.replace(",", "") if token[0].isdigit() else token for token in _NUMBER_OR_WORD.findall(_fold(text))
            if token[0].isdigit() or token not in _STOPWORDS]


def _search_words(text: str) -> list[str]:
    words = (w.replace(".", "") for w in content_words(searchable(text)))
    return [w for w in words if w.isalnum() and w.isascii()]


def search_stems(text: str) -> list[str]:
    """The stems the first stage indexes a known claim (or its title) under, in
    order and repeated as often as they occur: :func:`query_words`' words, stemmed."""
    return [stem(w) for w in _search_words(text)]


def query_words(text: str, limit: int = 32) -> list[str]:
    """Words for the first stage's full-text query: content words, each once, letters
    and digits only, at most ``limit`` (the longest first: they are the rarer)."""
    words = list(dict.fromkeys(_search_words(text)))
    if len(words) > limit:
        keep = set(sorted(words, key=len, reverse=True)[:limit])
        words = [w for w in words if w in keep]
    return words


@dataclass(frozen=True)
class Candidate:
    """A known claim: an imported review (``url``...) or a judged claim of the
    ledger (``claim``, ``article``)."""

    text: str
    url: str | None = None
    publisher: str | None = None
    rating: str | None = None
    verdict: str | None = None
    lexical: float = 0.0
    title: str | None = None
    claim: int | None = None
    article: str | None = None

    @property
    def identity(self) -> tuple[str, object]:
        return ("claim", self.claim) if self.claim is not None else ("url", self.url or self.text)

    # What the check derives of a candidate's text is kept with it: the same
    # candidates, made once, are met article after article. (Not
    # functools.cached_property: its lock cost more than the lookup it saves.)
    def _keep(self, name: str, value: Any) -> Any:
        object.__setattr__(self, name, value)  # frozen: its fields, not this
        return value

    @property
    def stated(self) -> "_Stated":
        """What :class:`CandidateIndex` counts of the claim."""
        found = self.__dict__.get("_stated")
        return found if found is not None else self._keep("_stated", _stated(self.text, self.title))

    @property
    def profile(self) -> "_Profile":
        """The claim's :func:`text_profile`."""
        found = self.__dict__.get("_profile")
        return found if found is not None else self._keep("_profile", text_profile(self.text))

    @property
    def joined_profile(self) -> "_Profile":
        """The :func:`text_profile` of claim and title together."""
        found = self.__dict__.get("_joined")
        return found if found is not None else self._keep("_joined", text_profile(_with_title(self.text, self.title)))

    def scored(self, lexical: float) -> "Candidate":
        """This candidate with ``lexical`` as its first-stage score, keeping what
        was derived of its text."""
        # The copies are remade check after check: what ranking asks of them is
        # derived once, on this candidate, and handed on.
        derived = {"_profile": self.profile, "_joined": self.joined_profile}
        derived.update((name, value) for name, value in self.__dict__.items() if name.startswith("_"))
        copy = replace(self, lexical=lexical)
        copy.__dict__.update(derived)
        return copy


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    score: float


@dataclass(frozen=True)
class _Profile:
    """What re-ranking needs of one text, computed once."""

    stems: tuple[str, ...]
    numbers: frozenset[str]
    names: frozenset[str]
    joined: str


@lru_cache(maxsize=65536)
def content_stems(text: str) -> tuple[str, ...]:
    """The distinct stems of ``text``'s content words, in order (links, handles and
    an embedded post's signature left out): all that the check asks of most
    sentences, the ones that say too little of any known claim to be scored.
    (``map(stem, content_words(clean_query(text)))``, each once; a token's stem,
    or that it is a stop word, is looked up once: a quarter faster.)"""
    tokens = _NUMBER_OR_WORD.findall(_fold(clean_query(text)))
    # All in C where every token was met before (nearly all, once a process has
    # checked a story or two).
    stems = dict.fromkeys(map(_TOKEN_STEMS.get, tokens))
    if None in stems:
        stems = dict.fromkeys(map(_token_stem, tokens))
    stems.pop("", None)  # the stop words
    return tuple(stems)  # type: ignore[arg-type]


#: Token -> its stem as content_stems takes it ("" for a stop word): the tokens of
#: news copy and claims, some ten thousand; emptied past :data:`_TOKENS_HELD`.
_TOKEN_STEMS: dict[str, str] = {}
_TOKENS_HELD = 200_000


def _token_stem(token: str) -> str:
    found = _TOKEN_STEMS.get(token)
    if found is not None:
        return found
    if len(_TOKEN_STEMS) >= _TOKENS_HELD:
        _TOKEN_STEMS.clear()
    if token[0].isdigit():
        found = token.replace(",", "")
    else:
        found = "" if token in _STOPWORDS else stem(token)
    _TOKEN_STEMS[token] = found
    return found


@lru_cache(maxsize=65536)
def text_profile(text: str) -> _Profile:
    """What re-ranking weighs of ``text``: its distinct stems in order, numbers, names."""
    stems = content_stems(text)
    numbers = frozenset(w for w in content_words(clean_query(text)) if w[0].isdigit())
    # Capitalised words after the first are names (or name-like: "Medicare").
    tokens = _NAME.findall(text)
    first = text.lstrip()[:1].isupper()
    folded = (_fold(t).strip("'.-") for t in tokens[1 if first else 0:])
    names = frozenset(stem(t) for t in folded if t not in _STOPWORDS)
    return _Profile(stems, numbers, names, " ".join(stems))


#: Feature weights of :func:`rerank`, from ``bench/tune_match.py`` (random search
#: from the weights before, seed 3, 400 trials, on the train and dev queries: MAP@5
#: averaged over the 14,231 verified claims and 150,000 reviews with synthesised
#: near twins, 0.8596 and 0.7497 against 0.8582 and 0.6941 for the weights before
#: and 0.8572 and 0.7420 for the first stage's order). The first stage's BM25 and
#: how much of the sentence the claim and its title account for carry the ranking.
#: The weights before, tuned on the verified claims alone, also weighed word pairs,
#: names, the title, token-set similarity and contradicting numbers a little; among
#: near twins they ranked below BM25's order (dev-test at 150,000: 0.728 against
#: 0.758), and at 14,231 they gave dev-test 0.887 where these give 0.884. (A pairwise
#: logistic regression over these features and three more did no better: 0.917 on
#: dev against BM25's 0.912 there; see the README.)
WEIGHTS = {
    "claim_cover": 0.0,
    "query_cover": 0.222,
    "token_set": 0.0,
    "pairs": 0.0,
    "token_sort": 0.0,
    "title_cover": 0.0,
    "numbers": 0.0,
    "names": 0.0,
    "lexical": 0.778,
}
#: Subtracted when the claim gives numbers and the sentence gives others, none
#: shared (nothing since the tuning over near twins: :func:`statement_score` still
#: counts them against the claim).
NUMBER_CONFLICT = 0.0


def _weights(stems: Iterable[str], idf: dict[str, float]) -> dict[str, float]:
    return {s: idf.get(s, 1.0) for s in stems}


def _cover(part: Sequence[str], whole: set[str], weight: dict[str, float]) -> float:
    total = sum(weight.get(s, 1.0) for s in part)
    if not total:
        return 0.0
    return sum(weight.get(s, 1.0) for s in part if s in whole) / total


class _Compared:
    """A query and a candidate, with what several features share, each part
    computed when a feature first asks for it."""

    def __init__(self, query: str, candidate: Candidate, idf: dict[str, float], best_lexical: float) -> None:
        self.candidate, self.idf, self.best_lexical = candidate, idf, best_lexical
        self.q, self.c = text_profile(query), candidate.profile

    @cached_property
    def q_set(self) -> set[str]:
        return set(self.q.stems)

    @cached_property
    def both(self) -> _Profile:
        return self.candidate.joined_profile

    @cached_property
    def weight(self) -> dict[str, float]:
        return _weights((*self.q.stems, *self.c.stems), self.idf)


#: Each re-ranking feature of a query and a candidate, from 0 to 1.
_FEATURES: dict[str, Callable[[_Compared], float]] = {
    "claim_cover": lambda p: _cover(p.c.stems, p.q_set, p.weight),
    "query_cover": lambda p: _cover(p.q.stems, set(p.both.stems), p.weight),
    "token_set": lambda p: fuzz.token_set_ratio(p.q.joined, p.both.joined) / 100.0,
    "pairs": lambda p: _pairs(p.q, p.c),
    "token_sort": lambda p: fuzz.token_sort_ratio(p.q.joined, p.c.joined) / 100.0,
    "title_cover": lambda p: (_cover(text_profile(p.candidate.title).stems, p.q_set, p.weight)
                              if p.candidate.title else 0.0),
    "numbers": lambda p: len(p.c.numbers & p.q.numbers) / len(p.c.numbers) if p.c.numbers else 0.0,
    "names": lambda p: len(p.c.names & p.q_set) / len(p.c.names) if p.c.names else 0.0,
    "lexical": lambda p: p.candidate.lexical / p.best_lexical if p.best_lexical > 0 else 0.0,
    "conflict": lambda p: _conflict(p.q, p.c),
}


def features(query: str, candidate: Candidate, idf: dict[str, float], best_lexical: float,
             names: Iterable[str] = tuple(_FEATURES)) -> dict[str, float]:
    """The re-ranking features ``names`` (all of them unless told) of ``candidate``
    for ``query``, each from 0 to 1."""
    compared = _Compared(query, candidate, idf, best_lexical)
    return {name: _FEATURES[name](compared) for name in names}


def _pairs(q: _Profile, c: _Profile) -> float:
    """The share of the claim's word pairs (consecutive stems) the query says too."""
    c_pairs = set(zip(c.stems, c.stems[1:]))
    return len(c_pairs & set(zip(q.stems, q.stems[1:]))) / len(c_pairs) if c_pairs else 0.0


def _conflict(q: _Profile, c: _Profile) -> float:
    """1 when the claim gives numbers and the query others, none shared."""
    return 1.0 if c.numbers and q.numbers and not c.numbers & q.numbers else 0.0


def score_of(values: dict[str, float], weights: dict[str, float] = WEIGHTS) -> float:
    """The weighted features ``values`` as one score from 0 to 1 (a feature left
    out of ``values`` counts as 0: only :func:`weighed` ones need computing)."""
    total = (sum(weights[name] * values.get(name, 0.0) for name in weights)
             - NUMBER_CONFLICT * values.get("conflict", 0.0))
    return max(0.0, min(1.0, total / sum(weights.values())))


def weighed(weights: dict[str, float]) -> tuple[str, ...]:
    """The features that count towards :func:`score_of` with ``weights``."""
    return (*(name for name, weight in weights.items() if weight), *(("conflict",) if NUMBER_CONFLICT else ()))


def rarity(candidates: Sequence[Candidate]) -> dict[str, float]:
    """Inverse document frequency of each stem among ``candidates`` (1 for a stem
    they all share, more for rarer ones): what tells them apart."""
    counts: dict[str, int] = {}
    for candidate in candidates:
        for s in candidate.profile.stems:
            counts[s] = counts.get(s, 0) + 1
    n = len(candidates)
    return {s: 1.0 + math.log((n + 1) / (df + 0.5)) for s, df in counts.items()}


def statement_score(query: str, candidate: Candidate) -> float:
    """How far ``query`` states ``candidate``'s claim, from 0 to 1: mostly how much
    of the claim's content words it says, then how much of it is about the claim;
    numbers that contradict the claim's count against it. What the
    ``previously-checked`` check compares with :data:`MATCH_THRESHOLD`: a ranking
    score says which candidate is closest, this one whether it is close enough."""
    q, c = text_profile(query), candidate.profile
    if not q.stems or not c.stems:
        return 0.0
    q_set = set(q.stems)
    # The covers unweighted: each word of the claim counts alike.
    claim_cover = sum(1 for s in c.stems if s in q_set) / len(c.stems)
    both = set(candidate.joined_profile.stems)
    query_cover = sum(1 for s in q.stems if s in both) / len(q.stems)
    total = 0.6 * claim_cover + 0.4 * max(query_cover, _pairs(q, c))
    return round(max(0.0, total - 0.3 * _conflict(q, c)), 4)


def _statement_bound(claim_said: int, claim_length: int, query_said: int, query_length: int) -> float:
    """The most :func:`statement_score` can give a query that says ``claim_said`` of
    its claim's ``claim_length`` distinct stems, and ``query_said`` of its own
    ``query_length`` are in claim and title: its claim and query covers are those
    shares, and of the claim's ``claim_length - 1`` word pairs it can say at most
    ``claim_said - 1``. Counting shared stems is all it takes, where scoring is
    some fifty microseconds."""
    if not claim_length or not query_length:
        return 0.0
    pairs = (claim_said - 1) / (claim_length - 1) if claim_said > 1 else 0.0
    return 0.6 * claim_said / claim_length + 0.4 * max(query_said / query_length, pairs)


# statement_score rounds to four places before it meets the threshold.
_REACHES = MATCH_THRESHOLD - 5e-5
#: The least share of a claim's content words a sentence can say and still reach
#: :data:`MATCH_THRESHOLD` in :func:`statement_score` (saying all of it otherwise).
_LEAST_CLAIM_COVER = (MATCH_THRESHOLD - 0.4) / 0.6


def _with_title(text: str, title: str | None) -> str:
    """A claim and its title as one text: what query and title covers weigh."""
    return f"{text} {title}" if title else text


def could_state(query: str, candidate: Candidate) -> bool:
    """Whether ``query`` says enough of ``candidate``'s claim for :func:`statement_score`
    to reach :data:`MATCH_THRESHOLD` (:func:`_statement_bound`)."""
    claim = content_stems(candidate.text)
    said = set(content_stems(query))
    in_both = sum(1 for s in content_stems(_with_title(candidate.text, candidate.title)) if s in said)
    return _statement_bound(sum(1 for s in claim if s in said), len(claim), in_both, len(said)) >= _REACHES


def rerank(query: str, candidates: Sequence[Candidate], *, limit: int | None = None,
           idf: dict[str, float] | None = None, weights: dict[str, float] = WEIGHTS) -> list[Match]:
    """``candidates`` scored against ``query``, best first (ties keep their order)."""
    if not candidates:
        return []
    idf = rarity(candidates) if idf is None else idf
    best = max(c.lexical for c in candidates)
    # Only the features that weigh: computing the others was half of re-ranking.
    names = weighed(weights)
    scored = [Match(c, round(score_of(features(query, c, idf, best, names), weights), 4)) for c in candidates]
    scored.sort(key=lambda m: -m.score)
    return scored[:limit] if limit is not None else scored


@lru_cache(maxsize=65536)
def _indexed(text: str, title: str | None) -> tuple[int, dict[str, int]]:
    """A candidate's length in stems and each stem's count, as :class:`CandidateIndex`'s
    BM25 indexes it: kept, since the same known claims are candidates check after
    check (shared: never changed by its users)."""
    counts: dict[str, int] = {}
    length = 0
    for w in content_words(f"{text} {title or ''}"):
        s = stem(w)
        counts[s] = counts.get(s, 0) + 1
        length += 1
    return length, counts


@dataclass(frozen=True)
class _Stated:
    """What :func:`could_state` counts of a candidate."""

    #: Its claim's number of distinct stems.
    length: int
    #: Each stem of its claim and title, with whether the claim has it.
    stems: tuple[tuple[str, bool], ...]
    #: The stems of :attr:`stems` the claim has, and all of them.
    claim: frozenset[str]
    joined: frozenset[str]


@lru_cache(maxsize=65536)
def _stated(text: str, title: str | None) -> _Stated:
    """What a candidate's claim and title give :func:`could_state` to count."""
    claim = content_stems(text)
    held = frozenset(claim)
    joined = _with_title(text, title)
    # Where cleaning changes nothing (a claim seldom has a link, handle or tag), the
    # BM25's count of claim and title has these stems in this order: one pass less
    # over a new candidate's words, a third of what a check spends on it.
    stems = _indexed(text, title)[1] if _is_clean(joined) else content_stems(joined)
    marked = tuple((s, s in held) for s in stems)
    return _Stated(len(claim), marked, frozenset(s for s, claimed in marked if claimed), frozenset(stems))


class _BM25:
    """BM25 over the claim and title of candidates (FTS5's k1 and b).

    :meth:`scores` ranks every candidate (through postings, built when first
    asked); :meth:`scores_of` only the few the ``previously-checked`` check ranks a
    sentence among, with the same values, at a tenth of the cost for an article's
    fifty to a hundred candidates (their document frequencies are one count)."""

    K1, B = 1.2, 0.75

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        indexed = [_indexed(candidate.text, candidate.title) for candidate in candidates]
        self.lengths = [length for length, _ in indexed]
        self.counts = [counts for _, counts in indexed]
        self.average = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0
        self._idf: dict[str, float] | None = None
        self._postings: dict[str, list[tuple[int, int]]] | None = None

    @property
    def idf(self) -> dict[str, float]:
        if self._idf is None:
            n = len(self.counts)
            documents = Counter(chain.from_iterable(self.counts))
            self._idf = {s: math.log(1 + (n - df + 0.5) / (df + 0.5)) for s, df in documents.items()}
        return self._idf

    def _score(self, idf: float, number: int, tf: int) -> float:
        k1, b = self.K1, self.B
        norm = tf + k1 * (1 - b + b * self.lengths[number] / self.average)
        return idf * tf * (k1 + 1) / norm

    @staticmethod
    def _stems(query: str) -> list[str]:
        # In the query's order, each once: summed in set order, a score's last bits
        # differed from one process to the next (string hashes are salted), and
        # with them the order of candidates that tie.
        return list(dict.fromkeys(stem(w) for w in content_words(searchable(query))))

    def scores(self, query: str) -> dict[int, float]:
        """Every candidate's score for ``query`` (those sharing no stem left out)."""
        if self._postings is None:
            self._postings = {}
            for number, counts in enumerate(self.counts):
                for s, tf in counts.items():
                    self._postings.setdefault(s, []).append((number, tf))
        scores: dict[int, float] = {}
        idf = self.idf
        for s in self._stems(query):
            if s in idf:
                for number, tf in self._postings[s]:
                    scores[number] = scores.get(number, 0.0) + self._score(idf[s], number, tf)
        return scores

    def scores_of(self, query: str, numbers: Iterable[int]) -> dict[int, float]:
        """The scores of the candidates ``numbers`` for ``query``, as :meth:`scores` gives them."""
        idf, stems = self.idf, [s for s in self._stems(query) if s in self.idf]
        scores: dict[int, float] = {}
        for number in numbers:
            counts = self.counts[number]
            for s in stems:
                if s in counts:
                    scores[number] = scores.get(number, 0.0) + self._score(idf[s], number, counts[s])
        return scores


class CandidateIndex:
    """Known claims held in memory, counted twice: each claim's distinct stems, to
    find the claims a sentence says enough of to state (:func:`could_state` for
    every candidate at once: the ``previously-checked`` check asks it of each
    sentence's own candidates, the judged claims of every sentence), and BM25 over
    claim and title (the first stage for the ledger's own judged claims, where a
    database round trip per query would cost more than the search). The BM25 is
    built when first asked for: most sentences are in reach of none."""

    #: Of the candidates in reach of a sentence, the most ranked (the best by BM25).
    RANKED = 10

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self.candidates = list(candidates)
        self._stated = [candidate.stated for candidate in self.candidates]
        self.claim_lengths = [stated.length for stated in self._stated]
        #: How many sentences were counted against the candidates (:meth:`_said`).
        self.asked = 0
        self._bm25: _BM25 | None = None
        self._rarity: dict[str, float] | None = None

    @cached_property
    def stated_stems(self) -> dict[str, list[tuple[int, bool]]]:
        """stem -> (number, whether the claim has it, not only the title) of each
        candidate with it."""
        index: dict[str, list[tuple[int, bool]]] = {}
        for number, stated in enumerate(self._stated):
            for s, claimed in stated.stems:
                index.setdefault(s, []).append((number, claimed))
        return index

    def __len__(self) -> int:
        return len(self.candidates)

    @property
    def _bm25_index(self) -> _BM25:
        if self._bm25 is None:
            self._bm25 = _BM25(self.candidates)
        return self._bm25

    def search(self, query: str, limit: int = 30) -> list[Candidate]:
        """The candidates BM25 ranks best for ``query``, with ``lexical`` set."""
        best = sorted(self._bm25_index.scores(query).items(), key=lambda item: -item[1])[:limit]
        return [self.candidates[number].scored(score) for number, score in best]

    def _said(self, query: str) -> tuple[dict[int, int], dict[int, int], int]:
        """Per candidate number, how many of its claim's stems ``query`` says and
        how many of the query's stems its claim and title hold (for those that
        share one), and the query's number of stems.

        The first sentence is counted against each candidate's stems (two set
        intersections), the later ones by the candidates' stems indexed (built at
        the second): the check gives each sentence its own few candidates and
        asks once, where indexing them cost more than the count; the judged
        claims are asked of every sentence of every article."""
        stems = content_stems(query)
        in_claim: dict[int, int] = {}
        in_both: dict[int, int] = {}
        self.asked += 1
        if self.asked == 1:
            said = frozenset(stems)
            for number, stated in enumerate(self._stated):
                if both := len(said & stated.joined):
                    in_both[number] = both
                    if claimed := len(said & stated.claim):
                        in_claim[number] = claimed
            return in_claim, in_both, len(stems)
        # One pass over the query's stems.
        index = self.stated_stems
        for s in stems:
            for number, claimed in index.get(s, ()):
                in_both[number] = in_both.get(number, 0) + 1
                if claimed:
                    in_claim[number] = in_claim.get(number, 0) + 1
        return in_claim, in_both, len(stems)

    def _quarter_said(self, in_claim: dict[int, int]) -> list[int]:
        """The numbers of the candidates of which a quarter of the claim's stems are
        said, the least that :func:`statement_score` can turn into a finding."""
        lengths = self.claim_lengths
        return sorted(n for n, said in in_claim.items() if said >= _LEAST_CLAIM_COVER * lengths[n])

    def _in_reach(self, query: str) -> list[int]:
        """The numbers of the candidates among which the ``previously-checked``
        check ranks ``query``'s statement (in index order): those of which it says
        a quarter of the claim's stems; none at all unless ``query`` states one of
        them (its :func:`statement_score` reaches :data:`MATCH_THRESHOLD`: no
        ranking can then make a finding of it). Only the candidates it
        :func:`could_state` (bounded for all at once) are scored for that, some 20
        µs each where ranking costs some 400 (BM25 and the re-ranker's features over
        ten candidates): of 1,833 sentences of news copy, 50 could
        state one of 150,000 synthesised reviews and 37 do (155 and 85 with the
        word salad an earlier benchmark synthesised). The ranking is
        over the wider set on purpose: when the closest claims cannot be stated,
        the sentence is on their topic, and one further down that could is mostly a
        false match (on the CheckThat! train and dev posts, ranking only those that
        could state flagged 294 posts instead of 279, 257 of them right instead of
        258)."""
        in_claim, in_both, size = self._said(query)
        # A candidate under a quarter said cannot be stated (its bound is under the
        # threshold): only the quarter said are bounded, then scored.
        quarter = self._quarter_said(in_claim)
        lengths, candidates = self.claim_lengths, self.candidates
        if not any(_statement_bound(in_claim[n], lengths[n], in_both[n], size) >= _REACHES
                   and statement_score(query, candidates[n]) >= MATCH_THRESHOLD for n in quarter):
            return []
        return quarter

    def in_reach(self, query: str) -> list[Candidate]:
        """The candidates of :meth:`_in_reach` (the :data:`RANKED` best by BM25),
        with ``lexical`` their BM25 for ``query``."""
        return self._best_by_bm25(query, self._in_reach(query))

    def _best_by_bm25(self, query: str, numbers: list[int]) -> list[Candidate]:
        if not numbers:
            return []
        scores = self._bm25_index.scores_of(query, numbers)
        best = sorted(numbers, key=lambda n: -scores.get(n, 0.0))[:self.RANKED]
        return [self.candidates[n].scored(scores.get(n, 0.0)) for n in best]

    def quarter_said_by(self, query: str) -> list[Candidate]:
        """The candidates of which ``query`` says a quarter of the claim's stems, in
        index order: those a check of that sentence ranks it among."""
        return [self.candidates[n] for n in self._quarter_said(self._said(query)[0])]

    def rarity(self) -> dict[str, float]:
        """:func:`rarity` over every candidate held (computed once)."""
        if self._rarity is None:
            self._rarity = rarity(self.candidates) if self.candidates else {}
        return self._rarity

    def most_stated(self, query: str, limit: int = 3) -> Match | None:
        """Of the ``limit`` :meth:`closest_stated`, the one ``query`` states most
        (:func:`statement_score`; the closer first on a tie), None if none is in reach.

        With ``limit`` candidates in reach or fewer, all of them are the closest, and
        unless two share the best score their order does not matter: no ranking
        (most sentences in reach of any are in reach of one to three; ranking was
        two thirds of the check's own cost at 150,000 reviews)."""
        numbers = self._in_reach(query)
        if not numbers:
            return None
        if len(numbers) <= limit:
            stated = [Match(self.candidates[n], statement_score(query, self.candidates[n])) for n in numbers]
            best = max(m.score for m in stated)
            tied = [m for m in stated if m.score == best]
            if len(tied) == 1:
                return tied[0]
        closest = self._closest(query, self._best_by_bm25(query, numbers), limit)
        return max((Match(m.candidate, statement_score(query, m.candidate)) for m in closest),
                   key=lambda m: m.score, default=None)

    def closest_stated(self, query: str, limit: int = 3) -> list[Match]:
        """Of the candidates in reach of ``query`` (:meth:`_in_reach`), the ``limit`` closest by
        :func:`rerank` (with the rarity of words over all the candidates held)."""
        return self._closest(query, self.in_reach(query), limit)

    def _closest(self, query: str, ranked: list[Candidate], limit: int) -> list[Match]:
        return rerank(query, ranked, limit=limit, idf=self.rarity()) if ranked else []
