"""Name spellings squeezed without a regex, and MinHash functions made once per process."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from rashomon.link.minhash import NUM_PERM, SEED, MinHasher
from rashomon.link.names import _squeeze, skeleton


def test_squeeze_matches_the_backreference_regex() -> None:
    regex = re.compile(r"(.)\1+")
    rng = random.Random(11)
    alphabet = "aabbcc\n\nxyéé ß-"
    samples = ["", "a", "aa", "aaa", "mohammed", "abdullah", "\n\n", "a\n\nb", "ééé", "kkkk"]
    for _ in range(3000):
        samples.append("".join(rng.choice(alphabet) for _ in range(rng.randrange(12))))
    for text in samples:
        assert _squeeze(text) == regex.sub(r"\1", text), repr(text)


def test_skeleton_of_transliterated_names() -> None:
    assert skeleton("Mohammed") == skeleton("Muhamad")
    assert skeleton("Abdullah") == skeleton("Abdulla")
    assert skeleton("Smith") != skeleton("Jones")


def test_minhash_functions_are_the_seeded_ones_and_read_only() -> None:
    rng = np.random.default_rng(SEED)
    a = rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    first, second = MinHasher(), MinHasher()
    assert np.array_equal(first.a, a) and np.array_equal(first.b, b)
    assert first.a is second.a  # made once
    with pytest.raises(ValueError):
        first.a[0] = 1
    shingles = np.array([3, 5, 7], dtype=np.uint64)
    expected = ((np.multiply.outer(shingles, a) + b) >> np.uint64(32)).min(axis=0)
    assert np.array_equal(first.signature(shingles), expected.astype(np.uint32))


def test_minhash_of_another_size_or_seed() -> None:
    small = MinHasher(num_perm=8, seed=1)
    assert small.a.shape == (8,) and small.num_perm == 8
    assert not np.array_equal(MinHasher(num_perm=8, seed=2).a, small.a)


def test_vectors_of_many_articles_are_each_ones_vector() -> None:
    """``vectors_of`` (many articles at once, each term weighed once) gives exactly what
    ``vector_of`` gives each article: the same floats, for counts of one and of hundreds,
    terms the document counts lack, and articles with too few terms."""
    import random

    from rashomon.link._incident_text import MAX_TERMS, vector_of, vectors_of

    rng = random.Random(5)
    vocabulary = [f"term{n}" for n in range(400)]
    df = {t: rng.randint(1, 900) for t in vocabulary[:350]}  # the last 50 uncounted
    counts = {
        f"a{k}": {t: rng.choice([1, 1, 1, 2, 3, 70, 300]) for t in rng.sample(vocabulary, size)}
        for k, size in enumerate([0, 3, 4, 5, 6, 40, 59, 60, 61, 120, 200])
    }
    many = vectors_of(counts, df, 1000)
    assert list(many) == list(counts)
    for article_id, found in counts.items():
        one = vector_of(found, df, 1000)
        assert many[article_id] == one
        assert list(many[article_id].items()) == list(one.items())
    assert any(len(v) == MAX_TERMS for v in many.values())
    assert many["a0"] == many["a2"] == {}
    assert vectors_of(counts, df, 10) == {a: {} for a in counts}
