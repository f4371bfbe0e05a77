"""Find personal identifiers in a text: national ID numbers, phone numbers, e-mail addresses.

Detection is local and offline: regular expressions, check digits from python-stdnum and
phone metadata from phonenumbers. Nothing here touches the network.

What counts as an identifier:

* ID number: a 9-digit run with a valid Israeli ID check digit (``stdnum.il.idnr``); a US
  SSN written ``ddd-dd-dddd`` that ``stdnum.us.ssn`` accepts; or the first run of 6 to 12
  digits (optionally hyphenated, optionally after one or two capital letters) that starts at
  most ``CONTEXT_WINDOW`` characters after a phrase such as "ID number", "ID card numbered",
  "identity number", "passport number" or "national ID", in the same paragraph.
* Phone: what ``phonenumbers.PhoneNumberMatcher`` (leniency VALID, default region US) finds,
  which includes ``+CC`` numbers of any region; and local forms with a trunk ``0`` such as
  ``03-555-1234``, ``052-5551234`` or ``020 7946 0958`` (9 to 11 digits).
* E-mail: a dot-atom local part, ``@``, and a domain whose top-level label is letters (any
  TLD, ``.example`` included) or punycode.

A number that continues a longer one ("1,207775032", "3-207775032") or an amount ("$207775032")
is not an ID; counts and years ("471", "1,400", "2023") are never identifiers.

Speed: every rule but e-mail needs at least six digits close together, so one cheap scan finds
those stretches and the rules (and the phone matcher) run only on windows around them; e-mail
runs only around each ``@``. A 5,000-word news article takes about half a millisecond (the
phone matcher alone, run on the whole text, takes 4 to 6). Text dense with numbers (tables of
results) costs what the phone matcher costs on it, since every stretch must be checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import phonenumbers
from stdnum.il import idnr
from stdnum.us import ssn

from rashomon.model import PiiKind, Redaction

CONTEXT_WINDOW = 40  # most characters between a context phrase and the ID number after it

# Patterns start with what they consume (so the regex engine can skip ahead fast); the checks
# on the characters before a match come after it, as fixed-width look-behinds.
_NINE_DIGITS = re.compile(
    r"\d{9}(?<!\d\d{9})(?<!\d[.,\-/]\d{9})(?<![+$€£]\d{9})(?!\d)(?![.,\-/]\d)", re.ASCII
)
_SSN = re.compile(
    r"\d{3}-\d{2}-\d{4}(?<!\d\d{3}-\d{2}-\d{4})(?<!\d[.,\-/]\d{3}-\d{2}-\d{4})"
    r"(?<![+$€£]\d{3}-\d{2}-\d{4})(?!\d)(?![.,\-/]\d)",
    re.ASCII,
)
_ID_CONTEXT = re.compile(
    r"\b(?:"
    r"national\s+ID"
    r"|(?:ID|identity|identification)\s+(?:card\s+)?(?:numbered|number|no\.|no\b|\#)"
    r"|(?:passport|social\s+security)\s+(?:card\s+)?(?:numbered|number|no\.|no\b|\#)"
    r"|SSN"
    r")",
    re.IGNORECASE,
)
_ID_AFTER_CONTEXT = re.compile(
    r"(?<![\w\-$€£])(?:[A-Z]{1,2})?\d(?:-?\d){5,11}(?!-?\d)(?!\w)", re.ASCII
)

_EMAIL = re.compile(
    r"(?<![\w.%+\-])"  # start of a token
    r"[\w%+\-]+(?:\.[\w%+\-]+)*"  # local part (dot-atom: no leading, trailing or double dot)
    r"@"
    r"(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+"  # domain labels
    r"(?:[^\W\d_]{2,63}|xn--[\w\-]{1,59})"  # top-level label: letters or punycode
    r"(?![\w\-@])"
)

# Local numbers with a trunk 0 that the US-default matcher cannot read: 03-555-1234,
# 052-5551234, (03) 555 1234, 020 7946 0958, 01 23 45 67 89. At least one separator and
# 9 to 11 digits; "078-05-1120" (a 2-digit second group) is not one.
_LOCAL_PHONE = re.compile(
    r"(?:(?:\(0\d{1,4}\)\s?|0\d{1,4}[-. ])\d{3,8}(?:[-. ]\d{2,4}){0,2}"
    r"|0\d(?:[ .]\d\d){4})"
    r"(?!\w)(?![-./]\d)"
)
_LOCAL_PHONE_DIGITS = range(9, 12)
_NOT_AFTER = re.compile(r"[\w+\-./]")  # a local phone number must not follow one of these

# At least six digits close together: every ID and phone rule needs that many.
_DIGIT_STRETCH = re.compile(r"\d(?:[\s().\-/\u2010-\u2015]{0,3}\d){5,}")
_BEFORE_DIGITS = 80  # window room before a stretch: context phrase + CONTEXT_WINDOW, "+", "("
_AFTER_DIGITS = 24  # window room after it: an extension ("ext. 1234"), look-aheads
_EMAIL_REACH = 256  # window room either side of an "@"
_PHONE_REGION = "US"

# Overlapping matches merge into one redaction of the longest match's kind; ties go to the
# kind listed first.
_KIND_PRIORITY = (PiiKind.EMAIL, PiiKind.ID_NUMBER, PiiKind.PHONE)


def _merge_windows(windows: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Merge sorted, possibly overlapping ``(start, end)`` windows."""
    start = end = -1
    for lo, hi in windows:
        if lo <= end:
            end = max(end, hi)
            continue
        if end >= 0:
            yield start, end
        start, end = lo, hi
    if end >= 0:
        yield start, end


def _digit_windows(text: str) -> Iterator[tuple[int, int]]:
    return _merge_windows(
        (max(0, m.start() - _BEFORE_DIGITS), min(len(text), m.end() + _AFTER_DIGITS))
        for m in _DIGIT_STRETCH.finditer(text)
    )


def _at_windows(text: str) -> Iterator[tuple[int, int]]:
    def ats() -> Iterator[int]:
        at = text.find("@")
        while at >= 0:
            yield at
            at = text.find("@", at + 1)

    return _merge_windows(
        (max(0, at - _EMAIL_REACH), min(len(text), at + _EMAIL_REACH)) for at in ats()
    )


def _checksum_ids(text: str, lo: int, hi: int) -> Iterator[Redaction]:
    for match in _NINE_DIGITS.finditer(text, lo, hi):
        if idnr.is_valid(match.group()):
            yield Redaction(match.start(), match.end(), PiiKind.ID_NUMBER)
    for match in _SSN.finditer(text, lo, hi):
        if ssn.is_valid(match.group()):
            yield Redaction(match.start(), match.end(), PiiKind.ID_NUMBER)


def _context_ids(text: str, lo: int, hi: int) -> Iterator[Redaction]:
    """The first number after each context phrase, if it starts within CONTEXT_WINDOW."""
    for context in _ID_CONTEXT.finditer(text, lo, hi):
        last_start = context.end() + CONTEXT_WINDOW
        # Search far enough past ``last_start`` that a number starting there is seen whole.
        endpos = min(len(text), last_start + 32)
        match = _ID_AFTER_CONTEXT.search(text, context.end(), endpos)
        if match is None or match.start() > last_start:
            continue
        if "\n" in text[context.end() : match.start()]:
            continue  # phrase and number are in different paragraphs
        yield Redaction(match.start(), match.end(), PiiKind.ID_NUMBER)


def _phones(text: str, lo: int, hi: int) -> Iterator[Redaction]:
    matcher = phonenumbers.PhoneNumberMatcher(
        text[lo:hi], _PHONE_REGION, leniency=phonenumbers.Leniency.VALID
    )
    for found in matcher:
        yield Redaction(lo + found.start, lo + found.end, PiiKind.PHONE)
    for match in _LOCAL_PHONE.finditer(text, lo, hi):
        start = match.start()
        if start > 0 and _NOT_AFTER.match(text, start - 1):
            continue
        if sum(c.isdigit() for c in match.group()) in _LOCAL_PHONE_DIGITS:
            yield Redaction(start, match.end(), PiiKind.PHONE)


def _emails(text: str, lo: int, hi: int) -> Iterator[Redaction]:
    for match in _EMAIL.finditer(text, lo, hi):
        yield Redaction(match.start(), match.end(), PiiKind.EMAIL)


def _merge(found: Iterable[Redaction]) -> list[Redaction]:
    """Sort and merge overlapping matches, so no identifier is left partly unmasked."""
    rank = {kind: i for i, kind in enumerate(_KIND_PRIORITY)}

    def strength(r: Redaction) -> tuple[int, int]:
        return (r.end - r.start, -rank[r.kind])

    groups: list[list[Redaction]] = []
    group_end = -1
    for item in sorted(set(found), key=lambda r: (r.start, -r.end, rank[r.kind])):
        if groups and item.start < group_end:
            groups[-1].append(item)
            group_end = max(group_end, item.end)
        else:
            groups.append([item])
            group_end = item.end
    return [
        Redaction(group[0].start, max(r.end for r in group), max(group, key=strength).kind)
        for group in groups
    ]


def find_identifiers(text: str) -> list[Redaction]:
    """Every personal identifier in ``text``, in text order, as non-overlapping redactions."""
    found: list[Redaction] = []
    for lo, hi in _at_windows(text):
        found.extend(_emails(text, lo, hi))
    for lo, hi in _digit_windows(text):
        found.extend(_checksum_ids(text, lo, hi))
        found.extend(_context_ids(text, lo, hi))
        found.extend(_phones(text, lo, hi))
    return _merge(found)
