"""Wire copies: articles that are copies or updates of one story, grouped as one source.

Each article's story text (body and subheads) becomes a set of 5-word shingles and a
MinHash signature; LSH banding proposes candidate pairs (never all pairs), and a pair is a
copy when the estimated share of the shorter text's shingles found in the longer one
(containment) reaches ``threshold``. Containment, not Jaccard, so that a longer update or a
copy with extra paragraphs still joins. Copies are grouped transitively.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from rashomon.link.agencies import agency_evidence, choose_agency
from rashomon.link.minhash import MinHasher, candidate_pairs, estimated_jaccard
from rashomon.link.shingles import WordHasher, shingle_hashes, story_text, words
from rashomon.model import Article, CopyGroup

DEFAULT_THRESHOLD = 0.5
# shorter texts are too generic to call copies ("The army said it was checking.")
MIN_SHINGLES = 12


def find_copies(
    articles: Sequence[Article], *, threshold: float = DEFAULT_THRESHOLD
) -> list[CopyGroup]:
    """Groups of two or more articles that copy one story, in input order of first member.

    ``threshold`` is the estimated containment (shared shingles over the shorter text's) a
    pair needs; ``original_id`` is the earliest published member (undated ones last, ties in
    input order); ``agency`` is the one the members credit ("(AFP)", "— Reuters") or, with
    no credit tag, the only agency they name; ``similarity`` is the lowest estimated Jaccard
    similarity among the pairs that joined the group.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    hasher = WordHasher()
    minhasher = MinHasher()
    sizes = np.zeros(len(articles), dtype=np.float64)
    kept: list[np.ndarray[tuple[int], np.dtype[np.uint32]]] = []
    for index, article in enumerate(articles):
        shingles = shingle_hashes(words(story_text(article)), hasher)
        sizes[index] = len(shingles)
        if len(shingles) >= MIN_SHINGLES:
            kept.append(minhasher.signature(shingles))
    usable = np.flatnonzero(sizes >= MIN_SHINGLES)
    if len(usable) < 2:
        return []
    signatures = np.stack(kept)
    local = candidate_pairs(signatures)
    jaccard = estimated_jaccard(signatures, local)
    pairs = usable[local]
    small = np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    shared = jaccard * (sizes[pairs[:, 0]] + sizes[pairs[:, 1]]) / (1.0 + jaccard)
    keep = shared / small >= threshold
    return _groups(articles, pairs[keep].tolist(), jaccard[keep].tolist())


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
