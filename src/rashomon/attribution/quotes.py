"""Find quotations: “curly”, "straight" and multi-paragraph quotes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rashomon.model import AttributionKind, TextSpan

OPENERS = {"“": "”", "«": "»", "„": "“", '"': '"'}
_OPENER = re.compile("[" + "".join(OPENERS) + "]")
MIN_QUOTE_WORDS = 4  # shorter quoted stretches are scare quotes or titles, not speech


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation, quote marks included: text[start:end]. ``words`` counts its words."""

    start: int
    end: int
    words: int


def find_quotes(text: str) -> list[Quote]:
    """Quotations in text order.

    A quotation opens at an opening mark and closes at the matching closing mark. When a
    paragraph ends inside a quotation and the next paragraph reopens it (news style for
    multi-paragraph quotes), the quotation continues; otherwise it ends at the line end.
    """
    quotes: list[Quote] = []
    n = len(text)
    at = _OPENER.search(text)
    while at is not None:
        i = at.start()
        ch = text[i]
        if ch == '"' and not _opens_straight(text, i):
            at = _OPENER.search(text, i + 1)
            continue
        end = _quote_end(text, i, ch, OPENERS[ch])
        segment = text[i:end]
        words = len(segment.split())
        if words >= MIN_QUOTE_WORDS:
            quotes.append(Quote(start=i, end=end, words=words))
        at = _OPENER.search(text, max(end, i + 1)) if end < n else None
    return quotes


def _quote_end(text: str, i: int, opener: str, closer: str) -> int:
    """Where the quotation opened at ``i`` ends: after its closing mark; at the end of its
    paragraph when the next one does not reopen it; else at the end of the text."""
    j = i + 1
    while True:
        close = text.find(closer, j)
        line_end = text.find("\n", j)
        if line_end == -1 or (close != -1 and close < line_end):
            return len(text) if close == -1 else close + 1
        k = line_end  # the paragraph ends inside the quote: continue if the next reopens it
        while k < len(text) and text[k] in "\n \t\u00a0":
            k += 1
        if k < len(text) and text[k] == opener:
            j = k + 1
            continue
        return line_end


def _opens_straight(text: str, i: int) -> bool:
    """A straight quote opens when it follows a space, line start or opening bracket."""
    return i == 0 or text[i - 1] in " \t\n(\u00a0[—–-:"


def quote_mask(text: str, quotes: list[Quote]) -> bytearray:
    """1 for each character inside a quotation (quote marks included)."""
    mask = bytearray(len(text))
    for quote in quotes:
        mask[quote.start : quote.end] = b"\x01" * (quote.end - quote.start)
    return mask


def quote_kind(content: Sequence[TextSpan], mask: bytearray) -> AttributionKind:
    """DIRECT when every letter or digit of ``content`` is inside a quotation, MIXED when
    some are, INDIRECT when none are."""
    inside = outside = 0
    for fragment in content:
        for offset, ch in enumerate(fragment.text, start=fragment.start):
            if ch.isalnum():
                if mask[offset]:
                    inside += 1
                else:
                    outside += 1
    if inside and not outside:
        return AttributionKind.DIRECT
    if inside:
        return AttributionKind.MIXED
    return AttributionKind.INDIRECT
