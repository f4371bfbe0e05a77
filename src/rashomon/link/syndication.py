"""Wire copies: articles that are copies or updates of one story, grouped as one source.

Each article's story text (body and subheads) becomes a set of 5-word shingles and a
MinHash signature; LSH banding proposes candidate pairs (never all pairs), and a pair is a
copy when the estimated share of the shorter text's shingles found in the longer one
(containment) reaches ``threshold``. Containment, not Jaccard, so that a longer update or a
copy with extra paragraphs still joins. Copies are grouped transitively.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from rashomon.link.agencies import agency_evidence, choose_agency
from rashomon.link.minhash import MinHasher, candidate_pairs, estimated_jaccard
from rashomon.link.shingles import WordHasher, shingle_hashes, story_text, words
from rashomon.model import Article, CopyGroup

DEFAULT_THRESHOLD = 0.5
# shorter texts are too generic to call copies ("The army said it was checking.")
MIN_SHINGLES = 12


@dataclass(frozen=True, slots=True)
class Signature:
    """What ``find_copies`` needs of one article's story text: its number of distinct
    shingles and their MinHash signature (``NUM_PERM`` little-endian uint32; None when the
    text has fewer than ``MIN_SHINGLES``). The store keeps it, so that linking a part of a
    large store does not shingle its texts again."""

    shingles: int
    minhash: bytes | None


def signature_of(
    article: Article, hasher: WordHasher | None = None, minhasher: MinHasher | None = None
) -> Signature:
    """The shingle count and MinHash signature of ``article``'s story text."""
    shingles = shingle_hashes(words(story_text(article)), hasher or WordHasher())
    if len(shingles) < MIN_SHINGLES:
        return Signature(len(shingles), None)
    signature = (minhasher or MinHasher()).signature(shingles)
    return Signature(len(shingles), signature.astype("<u4").tobytes())


def find_copies(
    articles: Sequence[Article],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    signatures: Mapping[str, Signature] | None = None,
) -> list[CopyGroup]:
    """Groups of two or more articles that copy one story, in input order of first member.

    ``threshold`` is the estimated containment (shared shingles over the shorter text's) a
    pair needs; ``original_id`` is the earliest published member (undated ones last, ties in
    input order); ``agency`` is the one the members credit ("(AFP)", "— Reuters") or, with
    no credit tag, the only agency they name; ``similarity`` is the lowest estimated Jaccard
    similarity among the pairs that joined the group. ``signatures``: some articles'
    ``signature_of``, by id (the others are computed).
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    known = signatures or {}
    hasher = WordHasher()
    minhasher = MinHasher()
    sizes = np.zeros(len(articles), dtype=np.float64)
    kept: list[np.ndarray[tuple[int], np.dtype[np.uint32]]] = []
    for index, article in enumerate(articles):
        found = known.get(article.id) or signature_of(article, hasher, minhasher)
        sizes[index] = found.shingles
        if found.minhash is not None:
            kept.append(np.frombuffer(found.minhash, dtype="<u4").astype(np.uint32))
    usable = np.flatnonzero(sizes >= MIN_SHINGLES)
    if len(usable) < 2:
        return []
    matrix = np.stack(kept)
    local = candidate_pairs(matrix)
    jaccard = estimated_jaccard(matrix, local)
    pairs = usable[local]
    small = np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    shared = jaccard * (sizes[pairs[:, 0]] + sizes[pairs[:, 1]]) / (1.0 + jaccard)
    keep = shared / small >= threshold
    return _groups(articles, pairs[keep].tolist(), jaccard[keep].tolist())


def may_copy(left: Signature, right: Signature, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """Whether ``find_copies`` could call two articles copies: their estimated containment
    reaches ``threshold`` (it pairs them only then, when their bands meet)."""
    if left.minhash is None or right.minhash is None:
        return False
    a = np.frombuffer(left.minhash, dtype="<u4")
    b = np.frombuffer(right.minhash, dtype="<u4")
    return _contained(int(np.count_nonzero(a == b)), len(a), left, right, threshold)


def may_copy_pairs(
    pairs: Sequence[tuple[Signature, Signature]], threshold: float = DEFAULT_THRESHOLD
) -> list[bool]:
    """``may_copy`` of each pair, the signatures compared in one array operation (linking
    new articles asks it of thousands of stored neighbours: one call each cost more in
    setting up than in comparing)."""
    out = [False] * len(pairs)
    both: list[int] = []
    lefts: list[bytes] = []
    rights: list[bytes] = []
    for n, (left, right) in enumerate(pairs):
        if left.minhash is not None and right.minhash is not None:
            both.append(n)
            lefts.append(left.minhash)
            rights.append(right.minhash)
    if len({len(m) for m in lefts + rights}) > 1:  # not made alike: one at a time
        return [may_copy(left, right, threshold) for left, right in pairs]
    if not both:
        return out
    width = len(lefts[0]) // 4
    a = np.frombuffer(b"".join(lefts), dtype="<u4").reshape(len(both), width)
    b = np.frombuffer(b"".join(rights), dtype="<u4").reshape(len(both), width)
    equal = np.count_nonzero(a == b, axis=1).tolist()
    for n, count in zip(both, equal, strict=True):
        out[n] = _contained(count, width, pairs[n][0], pairs[n][1], threshold)
    return out


def _contained(equal: int, width: int, left: Signature, right: Signature, threshold: float) -> bool:
    """Whether the estimated containment of two signatures that agree on ``equal`` of their
    ``width`` hashes reaches ``threshold``."""
    jaccard = float(equal) / width
    shared = jaccard * (left.shingles + right.shingles) / (1.0 + jaccard)
    return shared / min(left.shingles, right.shingles) >= threshold - 1e-9  # rounding


def _groups(
    articles: Sequence[Article], pairs: list[list[int]], similarities: list[float]
) -> list[CopyGroup]:
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for left, right in pairs:
        a, b = root(left), root(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for i in range(len(articles)):
        members.setdefault(root(i), []).append(i)
    lowest: dict[int, float] = {}
    for (left, _), similarity in zip(pairs, similarities, strict=True):
        key = root(left)
        lowest[key] = min(lowest.get(key, 1.0), similarity)
    groups: list[CopyGroup] = []
    for key in sorted(k for k, group in members.items() if len(group) > 1):
        group = [articles[i] for i in members[key]]
        groups.append(
            CopyGroup(
                id=f"copy-{len(groups) + 1}",
                article_ids=tuple(a.id for a in group),
                original_id=_original(group).id,
                agency=choose_agency(agency_evidence(a) for a in group),
                similarity=round(lowest[key], 4),
            )
        )
    return groups


def _original(group: list[Article]) -> Article:
    """The earliest published member; undated members count as latest; ties: input order."""

    def rank(item: tuple[int, Article]) -> tuple[date, int]:
        index, article = item
        return (article.published or date.max, index)

    return min(enumerate(group), key=rank)[1]
