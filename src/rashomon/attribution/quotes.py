"""Find quotations: “curly”, "straight" and multi-paragraph quotes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rashomon.model import AttributionKind, TextSpan

OPENERS = {"“": "”", "«": "»", "„": "“", '"': '"'}
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
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch not in OPENERS or (ch == '"' and not _opens_straight(text, i)):
            i += 1
            continue
        closer = OPENERS[ch]
        j = i + 1
        end = -1
        while j < n:
            c = text[j]
            if c == closer:
                end = j + 1
                break
            if c == "\n":
                # paragraph ends inside the quote: continue if the next paragraph reopens
                k = j
                while k < n and text[k] in "\n \t\u00a0":
                    k += 1
                if k < n and text[k] == ch:
                    j = k + 1
                    continue
                end = j
                break
            j += 1
        if end == -1:
            end = n
        segment = text[i:end]
        words = len(segment.split())
        if words >= MIN_QUOTE_WORDS:
            quotes.append(Quote(start=i, end=end, words=words))
        i = max(end, i + 1)
    return quotes


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
