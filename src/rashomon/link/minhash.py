"""MinHash signatures and LSH banding: candidate pairs without comparing all pairs."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

NUM_PERM = 128
ROWS = 2  # rows per band: 64 bands of 2 catch pairs with Jaccard >= 0.2 with p >= 0.93
BANDS = NUM_PERM // ROWS
SEED = 20231017
# a bucket larger than this is linked as a star and a chain, not all pairs (see candidates)
FULL_BUCKET = 48
EMPTY = np.uint32(0xFFFFFFFF)

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]


class MinHasher:
    """``NUM_PERM`` multiply-shift hash functions with fixed seeds (same input, same output)."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED) -> None:
        self.a, self.b = _hash_functions(num_perm, seed)
        self.num_perm = num_perm

    def signature(self, shingles: U64) -> U32:
        """The minimum of each hash function over the shingles (all-ones when empty)."""
        if len(shingles) == 0:
            return np.full(self.num_perm, EMPTY, dtype=np.uint32)
        hashed = (np.multiply.outer(shingles, self.a) + self.b) >> np.uint64(32)
        result: U32 = hashed.min(axis=0).astype(np.uint32)
        return result


@functools.cache
def _hash_functions(num_perm: int, seed: int) -> tuple[U64, U64]:
    """The multipliers (odd) and offsets of ``num_perm`` hash functions from ``seed``, made
    once per process (the generator took 1.5% of linking 100 new articles at 100,000) and
    read-only."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    a.flags.writeable = False
    b.flags.writeable = False
    return a, b


def candidate_pairs(signatures: U32, rows: int = ROWS) -> I64:
    """Pairs (i < j) that agree on at least one band, as an (n, 2) array, unique and sorted.

    Within one band, a bucket of up to ``FULL_BUCKET`` members gives all its pairs; a larger
    one (boilerplate, or a story copied hundreds of times) gives each member paired with the
    bucket's first member and with its predecessor, so that work stays linear; the grouping
    is transitive, so a star and a chain still join true copies.
    """
    count, width = signatures.shape
    found: list[I64] = []
    for start in range(0, width - rows + 1, rows):
        keys = _band_keys(signatures[:, start : start + rows])
        found.extend(_bucket_pairs(keys))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    codes = np.unique(pairs[:, 0] * count + pairs[:, 1])
    return np.stack([codes // count, codes % count], axis=1)


def estimated_jaccard(signatures: U32, pairs: I64) -> npt.NDArray[np.float64]:
    """Share of hash functions on which each pair's signatures agree."""
    out = np.empty(len(pairs), dtype=np.float64)
    chunk = 65536
    for start in range(0, len(pairs), chunk):
        part = pairs[start : start + chunk]
        out[start : start + chunk] = np.mean(
            signatures[part[:, 0]] == signatures[part[:, 1]], axis=1
        )
    return out


def _band_keys(band: U32) -> U64:
    key = np.zeros(len(band), dtype=np.uint64)
    for column in range(band.shape[1]):
        key = key * np.uint64(1000003) ^ band[:, column].astype(np.uint64)
    return key


def _bucket_pairs(keys: U64) -> Iterator[I64]:
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    boundaries = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
    starts = np.concatenate(([0], boundaries))
    ends = np.concatenate((boundaries, [len(ordered)]))
    sizes = ends - starts
    pairs = starts[sizes == 2]  # most buckets: one pair each, made at once
    if len(pairs):
        first, second = order[pairs].astype(np.int64), order[pairs + 1].astype(np.int64)
        yield np.stack([np.minimum(first, second), np.maximum(first, second)], axis=1)
    for start, end in zip(starts[sizes > 2], ends[sizes > 2], strict=True):
        members = np.sort(order[start:end]).astype(np.int64)
        if len(members) <= FULL_BUCKET:
            left, right = np.triu_indices(len(members), k=1)
            yield np.stack([members[left], members[right]], axis=1)
        else:
            star = np.stack([np.full(len(members) - 1, members[0]), members[1:]], axis=1)
            chain = np.stack([members[:-1], members[1:]], axis=1)
            yield np.concatenate([star, chain])
