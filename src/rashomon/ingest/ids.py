"""Stable article ids: the same text always gets the same id."""

from __future__ import annotations

import hashlib

ID_PREFIX = "a"
ID_HEX_CHARS = 16


def article_id(text: str) -> str:
    """``"a"`` + the first 16 hex digits of the SHA-256 of ``text``, whitespace-normalised.

    Leading and trailing whitespace is dropped and every run of whitespace counts as one
    space, so re-wrapped copies of one text share an id.
    """
    canonical = " ".join(text.split())
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return ID_PREFIX + digest[:ID_HEX_CHARS]
