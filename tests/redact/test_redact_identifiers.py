"""find_identifiers: what is and is not a personal identifier. All numbers are fictional."""

from __future__ import annotations

import random
from itertools import pairwise

import phonenumbers
import pytest

from rashomon.model import PiiKind
from rashomon.redact import find_identifiers
from rashomon.redact.identifiers import _digit_windows, _phones

ID = PiiKind.ID_NUMBER
PHONE = PiiKind.PHONE
EMAIL = PiiKind.EMAIL

POSITIVE = [
    # (text, identifier, kind)
    ("Police found an ID card numbered 207775032 near the car.", "207775032", ID),
    ("Her number, 207775032, was on the form.", "207775032", ID),
    ("An ID card numbered 207775033 was found.", "207775033", ID),  # no checksum: context
    ("His ID number is 12345678.", "12345678", ID),
    ("The identity number of the driver, 3141592, was leaked.", "3141592", ID),
    ("She gave her passport number, A1234567, to the clerk.", "A1234567", ID),
    ("A national ID: 123-456-789 was printed.", "123-456-789", ID),
    ("His SSN 536-90-4399 leaked.", "536-90-4399", ID),
    ("The form read 536-90-4399 at the top.", "536-90-4399", ID),
    ("Call (202) 555-0147 for details.", "(202) 555-0147", PHONE),
    ("Call +1 202-555-0147 today.", "+1 202-555-0147", PHONE),
    ("The desk is on +44 20 7946 0958.", "+44 20 7946 0958", PHONE),
    ("Reach the office at +972 3-555-1234.", "+972 3-555-1234", PHONE),
    ("The clinic (03-555-1234) was closed.", "03-555-1234", PHONE),
    ("His mobile, 052-5551234, rang.", "052-5551234", PHONE),
    ("Call (03) 555 1234 now.", "(03) 555 1234", PHONE),
    ("Their London line is 020 7946 0958.", "020 7946 0958", PHONE),
    ("Le bureau: 01 23 45 67 89.", "01 23 45 67 89", PHONE),
    ("A small island line, +683 4002, answered.", "+683 4002", PHONE),
    ("Extension: (202) 555-0147 ext. 12 is new.", "(202) 555-0147 ext. 12", PHONE),
    ("Write to jane.doe@example.org.", "jane.doe@example.org", EMAIL),
    ("Tips: press+desk@news.example, any time.", "press+desk@news.example", EMAIL),
    ("Mail a_b-c@sub.domain.co.uk or call.", "a_b-c@sub.domain.co.uk", EMAIL),
    ("<ops@xn--80ak6aa92e.example>", "ops@xn--80ak6aa92e.example", EMAIL),
    ("Mail 207775032@example.org now.", "207775032@example.org", EMAIL),
]

NEGATIVE = [
    "At least 471 people were killed.",
    "Officials said 1,400 people died in 2023.",
    "The number 207775033 is not an ID.",
    "Sales reached 1,207,775,032 units.",
    "The fund paid $207775032 last year.",
    "The reference 0-207775032 appears twice.",
    "The blast happened at 12:30 on 17/10/2023.",
    "It was 2023-10-17 when the report came out.",
    "Population: 9,364,000 residents.",
    "A crowd of 1 400 000 marched.",
    "See page 207 and pages 775-1032.",
    "The famous card 078-05-1120 is void.",
    "Write to jane@localhost or @newsdesk.",
    "Not an address: a@b.c or user@.example.",
    "An ID card was found; the 2024 budget was 12345678 dollars",  # too far
    "The ID number is secret.\n\n12345678 people live there.",  # other paragraph
    "Scores were 3-0 and 21-14; odds 5/2.",
]


@pytest.mark.parametrize("text, identifier, kind", POSITIVE)
def test_find_identifiers_finds(text: str, identifier: str, kind: PiiKind) -> None:
    found = find_identifiers(text)
    start = text.index(identifier)
    assert [(r.start, r.end, r.kind) for r in found] == [(start, start + len(identifier), kind)]


@pytest.mark.parametrize("text", NEGATIVE)
def test_find_identifiers_leaves_numbers_alone(text: str) -> None:
    assert find_identifiers(text) == []


@pytest.mark.parametrize("text", ["His ID card numbered 207775032 was found in 2023 near 471"])
def test_find_identifiers_takes_only_the_first_number_after_context(text: str) -> None:
    found = find_identifiers(text)
    assert [text[r.start : r.end] for r in found] == ["207775032"]


@pytest.mark.parametrize(
    "text", ["Tel +972 522345678 (mobile)", "ring +1 (202) 555-0147, or jane@example.org"]
)
def test_find_identifiers_returns_sorted_disjoint_spans(text: str) -> None:
    found = find_identifiers(text)
    assert found
    for left, right in pairwise(found):
        assert left.end <= right.start


@pytest.mark.parametrize("seed", [7])
def test_phone_windows_match_the_whole_text_matcher(seed: int) -> None:
    """The digit-window shortcut finds what the matcher finds on the whole text."""
    rng = random.Random(seed)
    numbers = [
        "(202) 555-0147",
        "+1 202 555 0198",
        "+44 20 7946 0958",
        "+972 3-555-1234",
        "+683 4002",
        "1-800-555-0199",
        "tel:+33 1 99 00 12 34",
        "202.555.0111",
    ]
    filler = ["The mayor said", "471 people", "in 2023,", "on 12/10,", "reporters", "(AP)"]
    words = [rng.choice(numbers if rng.random() < 0.2 else filler) for _ in range(400)]
    text = " ".join(words)
    whole = {
        (m.start, m.end)
        for m in phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.VALID)
    }
    windowed = {(r.start, r.end) for lo, hi in _digit_windows(text) for r in _phones(text, lo, hi)}
    assert whole
    assert whole <= windowed
