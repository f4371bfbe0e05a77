"""Accents removed from a text, fast: linking folds every title, lead and story text."""

from __future__ import annotations

import unicodedata


class _Combining(dict[int, int | None]):
    """A ``str.translate`` table that deletes combining characters
    (``unicodedata.combining``) and keeps the rest, filled as characters are met: a table
    of every code point took half a second to build, once per process, on the first text
    with an accent."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_COMBINING = _Combining()


def strip_accents(text: str) -> str:
    """``text`` in NFKD with its combining characters removed ("Sa’ār" -> "Sa’ar"); ASCII
    text is returned as it is (NFKD leaves it so, and it has no combining characters)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_COMBINING)
