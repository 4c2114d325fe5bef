"""The key table held in memory (KeyIndex) meets exactly the reviews that counting
each sentence's key lists meets, whether it counts in C or in numpy; its hash table
(IntTable) finds what a dict finds."""

from __future__ import annotations

import random
import shutil

import numpy as np
import pytest

from factcheck.store import claim_key_index
from factcheck.store.claim_key_index import KeyIndex
from factcheck.store.claim_key_lists import counted_meeting
from factcheck.store.int_table import IntTable


def _needs_the_c_count() -> None:
    if claim_key_index._key_meeting is None:
        pytest.skip("the C count was not built (no C compiler at install): the numpy path runs")


@pytest.fixture(params=["in C", "in numpy"])
def counting(request, monkeypatch) -> str:
    """Each test of the index once with the compiled count and once with numpy's."""
    if request.param == "in numpy":
        monkeypatch.setattr(claim_key_index, "_key_meeting", None)
    else:
        _needs_the_c_count()
    return request.param


def test_the_count_is_built_where_a_c_compiler_is():
    # Optional in the build, so that an install without a compiler still works: a
    # machine with one must have built it, or the index runs twice as slowly unnoticed.
    if not (shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler here: the numpy path runs")
    assert claim_key_index._key_meeting is not None


def _collection(seed: int, reviews: int = 1500, first_id: int = 1):
    """A key table shaped like a real one: stems of Zipf-like frequency (a few
    under which hundreds of claims are filed, most under a handful), each review
    filed under two to eight of them, with ids that skip and may pass 32 bits."""
    rng = random.Random(seed)
    vocabulary = [f"stem{n}" for n in range(400)]
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(vocabulary))]
    filed: dict[str, list[int]] = {}
    keys_of: dict[int, list[str]] = {}
    review = first_id
    for _ in range(reviews):
        review += rng.choice((1, 1, 2, 7, 1000))
        count = rng.choice((2, 3, 4, 5, 6, 7, 8, 8, 8))
        keys = set()
        while len(keys) < count:
            keys.add(rng.choices(vocabulary, weights)[0])
        needed = 2 if count <= 4 else 3
        keys_of[review] = sorted(keys)
        for term in keys:
            filed.setdefault(term, []).append(review * 4 + needed)
    return filed, keys_of, vocabulary


def _sentences(seed: int, keys_of: dict[int, list[str]], vocabulary: list[str], count: int = 60):
    """Sentences as their stems: some say two or three keys of one review (or one
    short of what it needs), all say other stems, common and rare, and stems no
    review is filed under; some say one stem or none."""
    rng = random.Random(seed)
    reviews = list(keys_of)
    sentences = []
    for _ in range(count):
        stems = set(rng.sample(vocabulary[:40], rng.randint(0, 6)) + rng.sample(vocabulary, rng.randint(0, 8)))
        for review in rng.sample(reviews, rng.randint(0, 3)):
            keys = keys_of[review]
            stems.update(rng.sample(keys, min(len(keys), rng.randint(1, 4))))
        stems.update(f"unfiled{rng.randint(0, 50)}" for _ in range(rng.randint(0, 3)))
        sentences.append(stems)
    sentences += [set(), {"stem0"}, {"unfiled1", "unfiled2"}]
    return sentences


def _packed(filed: dict[str, list[int]]) -> dict[str, bytes]:
    return {term: np.array(sorted(values), dtype="<i8").tobytes() for term, values in filed.items()}


def _met_one_by_one(stems, filed):
    held: dict[int, int] = {}
    for term in stems:
        for value in filed.get(term, ()):
            held[value] = held.get(value, 0) + 1
    return {value >> 2 for value, keys in held.items() if keys >= value & 3}


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("common", [1, 8, 40, 10**9], ids=["every stem common", "many", "a few", "none"])
def test_the_index_meets_what_counting_the_lists_meets(seed, common, counting):
    filed, keys_of, vocabulary = _collection(seed, first_id=[1, 2**31 - 500, 2**40][seed % 3])
    sentences = _sentences(seed + 100, keys_of, vocabulary)
    index = KeyIndex(_packed(filed), common=common)
    assert index.compiled is (counting == "in C")
    lists = {term: np.array(sorted(values), dtype="<i8") for term, values in filed.items()}
    met = index.meeting(sentences)
    assert met == [_met_one_by_one(stems, filed) for stems in sentences]
    assert met == counted_meeting(sentences, lists)
    assert sum(map(len, met)) > 50  # the sentences do meet reviews: the comparison is not of empty sets
    assert index.meeting(sentences) == met  # the C count's counters are left at zero


def test_the_c_count_meets_what_numpy_meets_on_a_larger_collection():
    _needs_the_c_count()
    filed, keys_of, vocabulary = _collection(42, reviews=20_000)
    sentences = _sentences(43, keys_of, vocabulary, count=400)
    index = KeyIndex(_packed(filed), common=30)
    assert index.meeting(sentences) == index._meeting_in_numpy(sentences)


def test_a_review_one_key_short_is_not_met_and_a_common_key_completes_it(counting):
    # Short claims filed under two common stems, and a long one (three keys
    # needed) under two rare stems, one of the common ones and two others.
    filed: dict[str, list[int]] = {"common1": [], "common2": []}
    for review in range(1, 200):
        filed["common1"].append(review * 4 + 2)
        filed["common2"].append(review * 4 + 2)
    for term in ("rare1", "rare2", "common1", "other1", "other2"):
        filed.setdefault(term, []).append(500 * 4 + 3)
    index = KeyIndex(_packed(filed), common=100)
    assert index.common[index._stems.find(np.array([hash("common1"), hash("common2")]))].all()
    short = set(range(1, 200))
    assert index.meeting([{"rare1", "rare2"}, {"rare1", "rare2", "common1"}, {"rare1", "common1", "common2"},
                          {"common1", "other1", "other2"}]) == [set(), {500}, short, {500}]


def test_an_empty_key_table_meets_nothing(counting):
    assert KeyIndex({}).meeting([{"lead", "water"}, set()]) == [set(), set()]


def test_the_hash_table_finds_what_a_dict_finds():
    rng = np.random.default_rng(5)
    keys = np.unique(np.concatenate((rng.integers(-2**62, 2**62, 20_000), np.arange(0, 3000) * 2**20)))
    keys = keys[keys != -1]
    table = IntTable(keys)
    positions = {int(key): n for n, key in enumerate(keys)}
    asked = np.concatenate((keys[rng.integers(0, len(keys), 5000)], rng.integers(-2**62, 2**62, 5000),
                            np.arange(3000, 3100) * 2**20))
    assert table.find(asked).tolist() == [positions.get(int(key), -1) for key in asked]
    assert table.find(np.empty(0, dtype=np.int64)).tolist() == []
    # Small tables, and runs of full slots the lookups walk one key at a time.
    for size in (0, 1, 2, 17, 100):
        few = np.arange(size, dtype=np.int64) * 7919
        assert IntTable(few).find(np.arange(-3, 8 * size + 3)).tolist() == [
            n // 7919 if n >= 0 and n % 7919 == 0 and n // 7919 < size else -1 for n in range(-3, 8 * size + 3)]


def test_the_c_count_refuses_sizes_that_do_not_add_up():
    _needs_the_c_count()
    filed, _, _ = _collection(7, reviews=50)
    index = KeyIndex(_packed(filed), common=10)
    with pytest.raises(ValueError, match="do not add up"):
        index._count_in_c(np.array([hash("stem1")], dtype=np.int64), np.array([2], dtype=np.int64))
    with pytest.raises(TypeError, match="hashes: items of 8 bytes"):
        index._count_in_c(np.array([1], dtype=np.int32), np.array([1], dtype=np.int64))
