"""mask / redact_article: same-length masks, offsets stay valid, idempotent."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest

from rashomon.model import Article, Part, PartKind, PiiKind, Redaction
from rashomon.redact import find_identifiers, mask, mask_for, redact_article

MASK = re.compile(r"\[(?:ID|PHONE|EMAIL)#*\]|#+")

PIECES = [
    "The ministry said 471 people were killed in 2023.",
    "An ID card numbered 207775032 was found.",
    "The number 207775033 is not valid.",
    "Call the desk at (202) 555-0147 or +44 20 7946 0958.",
    "The clinic line 03-555-1234 was busy.",
    "Write to press@news.example for comment.",
    "Officials counted 1,400 wounded.",
    "Her passport number, A1234567, was leaked.",
    "Short: a@b.io and +683 4002.",
    "«Nous restons» dit-elle — 01 23 45 67 89.",
]


@pytest.mark.parametrize(
    "kind, length, expected",
    [
        (PiiKind.ID_NUMBER, 9, "[ID#####]"),
        (PiiKind.ID_NUMBER, 4, "[ID]"),
        (PiiKind.ID_NUMBER, 3, "###"),
        (PiiKind.PHONE, 11, "[PHONE####]"),
        (PiiKind.PHONE, 7, "[PHONE]"),
        (PiiKind.PHONE, 6, "######"),
        (PiiKind.EMAIL, 10, "[EMAIL###]"),
        (PiiKind.EMAIL, 0, ""),
    ],
)
def test_mask_for_has_the_identifier_length(kind: PiiKind, length: int, expected: str) -> None:
    assert mask_for(kind, length) == expected
    assert len(mask_for(kind, length)) == length


@pytest.mark.parametrize("text", ["An ID card numbered 207775032 was found."])
def test_mask_replaces_in_place(text: str) -> None:
    assert mask(text, find_identifiers(text)) == "An ID card numbered [ID#####] was found."


@pytest.mark.parametrize(
    "redactions", [[Redaction(0, 4, PiiKind.PHONE), Redaction(2, 6, PiiKind.EMAIL)]]
)
def test_mask_refuses_overlaps(redactions: list[Redaction]) -> None:
    with pytest.raises(ValueError, match="overlaps"):
        mask("short text", redactions)


@pytest.mark.parametrize("start, end", [(-1, 3), (5, 2), (0, 99)])
def test_mask_refuses_offsets_outside_text(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="outside the text"):
        mask("short text", [Redaction(start, end, PiiKind.PHONE)])


def _article(text: str, *, title: str | None = None, byline: str | None = None) -> Article:
    body = (Part(PartKind.BODY, 0, len(text)),)
    return Article(id="a1", text=text, parts=body, title=title, byline=byline)


@pytest.mark.parametrize("seed", range(25))
def test_redact_article_keeps_offsets_valid(seed: int) -> None:
    """Property: same length, masks only where redactions are, identical text elsewhere."""
    rng = random.Random(seed)
    text = "\n\n".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
    old = _article(text)
    new = redact_article(old)
    assert len(new.text) == len(old.text)
    assert new.parts == old.parts
    covered = [False] * len(text)
    for r in new.redactions:
        assert MASK.fullmatch(new.text[r.start : r.end])
        assert new.text[r.start : r.end] == mask_for(r.kind, r.end - r.start)
        for i in range(r.start, r.end):
            covered[i] = True
    for i, (before, after) in enumerate(zip(old.text, new.text, strict=True)):
        if not covered[i]:
            assert before == after
    for number in ("207775032", "555-0147", "7946 0958", "03-555-1234", "press@news.example"):
        assert number not in new.text
    for kept in ("471", "2023", "1,400", "207775033"):
        if kept in old.text:
            assert kept in new.text


@pytest.mark.parametrize(
    "title, byline",
    [("Call 03-555-1234 now", "By Dana Levi (dana@paper.example)"), (None, None)],
)
def test_redact_article_masks_title_and_byline(title: str | None, byline: str | None) -> None:
    new = redact_article(_article("Nothing to hide here.", title=title, byline=byline))
    if title is None:
        assert new.title is None and new.byline is None
        return
    assert new.title == "Call [PHONE####] now"
    assert new.byline == "By Dana Levi ([EMAIL###########])"
    assert new.redactions == ()  # offsets are into text only


@pytest.mark.parametrize("text", ["ID card numbered 207775032; call (202) 555-0147."])
def test_redact_article_is_idempotent(text: str) -> None:
    once = redact_article(_article(text))
    twice = redact_article(once)
    assert twice == once
    assert [r.kind for r in once.redactions] == [PiiKind.ID_NUMBER, PiiKind.PHONE]


@pytest.mark.parametrize("text", ["Call (202) 555-0147."])
def test_redact_article_keeps_earlier_redactions(text: str) -> None:
    earlier = Redaction(0, 4, PiiKind.PHONE)
    new = redact_article(replace(_article(text), redactions=(earlier,)))
    assert new.redactions[0] == earlier
    assert len(new.redactions) == 2
