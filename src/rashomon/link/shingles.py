"""Word shingles of an article's own text, hashed to stable 64-bit integers (numpy)."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import numpy.typing as npt

from rashomon.link._fold import strip_accents
from rashomon.model import Article, PartKind

SHINGLE_WORDS = 5
# the parts that carry a story's wording; titles, bylines, captions and comments differ by outlet
STORY_PARTS = frozenset({PartKind.BODY, PartKind.SUBHEAD})
_WORD = re.compile(r"\w+")
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier to combine word hashes in order

U64 = npt.NDArray[np.uint64]


def story_text(article: Article) -> str:
    """Body and subheads of an article (the whole text when it has no such parts)."""
    pieces = [article.text[p.start : p.end] for p in article.parts if p.kind in STORY_PARTS]
    return "\n".join(pieces) if pieces else article.text


def words(text: str) -> list[str]:
    """Lower-cased word tokens, accents folded: punctuation and quote styles never count."""
    return _WORD.findall(strip_accents(text).lower())


class WordHasher:
    """Stable 64-bit word hashes (BLAKE2b), cached for one run: never Python's salted hash."""

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def __call__(self, tokens: list[str]) -> U64:
        cache = self._cache
        for token in set(tokens).difference(cache):
            digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
            cache[token] = int.from_bytes(digest, "little")
        # one conversion of the list (an element assignment into the array per token cost
        # more than the lookups)
        return np.array([cache[token] for token in tokens], dtype=np.uint64)


def shingle_hashes(tokens: list[str], hasher: WordHasher, k: int = SHINGLE_WORDS) -> U64:
    """Distinct hashes of the ``k``-word shingles (one shingle for texts shorter than ``k``)."""
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    hashed = hasher(tokens)
    if len(hashed) < k:
        k = len(hashed)
    count = len(hashed) - k + 1
    combined = hashed[:count].copy()
    for offset in range(1, k):
        combined = combined * _MIX + hashed[offset : offset + count]
    return np.unique(combined)
