"""Find personal identifiers in a text: national ID numbers, phone numbers, e-mail addresses.

Detection is local and offline: regular expressions, check digits from python-stdnum and
phone metadata from phonenumbers. Nothing here touches the network.

Detection is a list of *recognisers* (``Recogniser``: a ``name``, a ``kind`` and
``find(text)``); ``find_identifiers`` runs them and merges what they find. The built-in
ones, by name (``BUILTIN_RECOGNISERS``; the ``redact_recognisers`` setting picks them):

* ``il_id``: an Israeli ID number with a valid check digit (``stdnum.il.idnr``), written
  ``207775032``, ``20777503-2``, ``2077 7503 2``, ``207 775 032`` or ``207-775-032``.
* ``us_ssn``: a US SSN that ``stdnum.us.ssn`` accepts, written ``536-90-4399`` or
  ``536 90 4399``; written ``536904399`` only after "SSN" or "social security".
* ``id_context``: the first run of 6 to 12 digits (optionally hyphenated, optionally after
  one or two capital letters) that starts at most ``CONTEXT_WINDOW`` characters after a
  phrase such as "ID number", "ID card numbered", "identity number", "passport number" or
  "national ID", in the same paragraph.
* ``national_ids``: other countries' numbers that python-stdnum validates by check digit:
  Spanish DNI and NIE (``12345678Z``, ``X2482300W``: a check letter, so anywhere); Ukrainian
  RNOKPP (``ua.rntrc``), Russian INN (``ru.inn``), Polish PESEL and Turkish T.C. Kimlik No
  (digits only, so only after their name or "tax number"/"identification code").
* ``phone``: what ``phonenumbers.PhoneNumberMatcher`` (leniency VALID, default region US)
  finds, which includes ``+CC`` numbers of any region, also with a ``00`` international
  prefix (``00972 3 555 1234``); and local forms with a trunk ``0`` such as ``03-555-1234``,
  ``052-5551234`` or ``020 7946 0958`` (9 to 11 digits).
* ``email``: a dot-atom local part, ``@``, and a domain whose top-level label is letters (any
  TLD, ``.example`` included) or punycode; and the obfuscated forms ``jane(at)example.com``,
  ``jane [at] example [dot] com`` and ``jane at example dot com`` (that last one only with
  a common top-level domain).

Digits of any script (Arabic-Indic ``٠١٢``, Eastern Arabic-Indic ``۰۱۲``, Devanagari,
full-width...) are read as ASCII digits: recognisers see a copy of the text with every
decimal digit made ASCII (one character for one, so every offset holds) and the masks
cover the original characters.

A number that continues a longer one ("1,207775032", "3-207775032") or an amount ("$207775032")
is not an ID; counts and years ("471", "1,400", "2023") are never identifiers.

Speed: every rule but e-mail needs at least six digits close together, so one cheap scan finds
those stretches and the rules (and the phone matcher) run only on windows around them; e-mail
runs only around each ``@``, bracketed "at" and " dot ". A 5,000-word news article takes
about a millisecond (the phone matcher alone, run on the whole text, takes 4 to 6). Text
dense with numbers (tables of results) costs what the phone matcher costs on it, since every
stretch must be checked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import phonenumbers
from stdnum.es import dni, nie
from stdnum.il import idnr
from stdnum.pl import pesel
from stdnum.ru import inn
from stdnum.tr import tckimlik
from stdnum.ua import rntrc
from stdnum.us import ssn

from rashomon.errors import ConfigError
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


# Other written forms of a 9-digit Israeli ID: 20777503-2, 2077 7503 2, 207 775 032, 207-775-032
# (one separator used throughout). A number that goes on ("207 775 032 1") is none of them.
_IL_ID_WRITTEN = re.compile(
    r"(?:\d{8}-\d|\d{4} \d{4} \d|\d{3}([ \-])\d{3}\1\d{3})"
    r"(?<!\d\d{8}-\d)(?<!\d\d{4} \d{4} \d)(?<!\d\d{3}[ \-]\d{3}[ \-]\d{3})"
    r"(?<![.,\-/+$€£]\d{8}-\d)(?<![.,\-/+$€£]\d{4} \d{4} \d)"
    r"(?<![.,\-/+$€£]\d{3}[ \-]\d{3}[ \-]\d{3})(?<!\d \d{3}[ \-]\d{3}[ \-]\d{3})"
    r"(?!\d)(?![.,\-/ ]\d)",
    re.ASCII,
)
_SSN_SPACED = re.compile(
    r"\d{3} \d{2} \d{4}(?<!\d\d{3} \d{2} \d{4})(?<![.,\-/+$€£]\d{3} \d{2} \d{4})"
    r"(?<!\d \d{3} \d{2} \d{4})"
    r"(?!\d)(?![.,\-/ ]\d)",
    re.ASCII,
)
_SSN_CUE = re.compile(r"\b(?:SSN|social\s+security)\b", re.IGNORECASE)
_SSN_AFTER_CUE = re.compile(
    r"(?<![\w\-$€£.,])\d{3}([ \-]?)\d{2}\1\d{4}(?!\d)(?![.,\-/]\d)", re.ASCII
)

# Spanish DNI (8 digits and a check letter) and NIE (X/Y/Z, 7 digits, a check letter).
_ES_ID = re.compile(
    r"(?<![\w\-$€£.,])(?:\d{8}|[XYZ]-?\d{7})[ \-]?[A-Z](?!\w)(?![.,\-/]\d)", re.ASCII
)
# Numbers with only check digits to tell them from counts: only after one of these names.
_NATIONAL_CUE = re.compile(
    r"(?:\b(?:RNOKPP|INN|PESEL|TCKN|T\.\s?C\.\s?Kimlik(?:\s+No\.?)?|Kimlik\s+No\.?"
    r"|tax(?:payer)?\s+(?:ID|identification|registration|number|no\.?|code)"
    r"|identification\s+code)"
    r"|(?<!\w)(?:РНОКПП|ІПН|ИНН|ПЕСЕЛЬ)(?!\w))",
    re.IGNORECASE,
)
_NATIONAL_AFTER_CUE = re.compile(r"(?<![\w\-$€£.,])\d(?:[ \-]?\d){9,11}(?!\d)(?![.,\-/]\d)")
_NATIONAL_CHECKS: tuple[Callable[[str], bool], ...] = (
    rntrc.is_valid,
    inn.is_valid,
    pesel.is_valid,
    tckimlik.is_valid,
)

# E-mail addresses written to dodge harvesters: jane(at)example.com, jane [at] example [dot] com,
# jane at example dot com (the last only with a common top-level domain: "at" and "dot" are
# English words).
_OPEN = r"[(\[{<]"
_CLOSE = r"[)\]}>]"
_LABEL = r"[^\W_](?:[\w\-]{0,61}[^\W_])?"
_LOCAL = r"(?<![\w.%+\-])[\w%+\-]+(?:\.[\w%+\-]+)*"
_DOT_ANY = rf"(?:\.|\s?{_OPEN}\s?(?:dot|\.)\s?{_CLOSE}\s?|\s(?:dot|DOT)\s)"
_EMAIL_BRACKETED = re.compile(
    rf"{_LOCAL}\s?{_OPEN}\s?(?:at|AT|At|@)\s?{_CLOSE}\s?"
    rf"(?:{_LABEL}{_DOT_ANY})+(?:[^\W\d_]{{2,63}}|xn--[\w\-]{{1,59}})(?![\w\-@])"
)
_COMMON_TLDS = (
    "com|org|net|edu|gov|int|mil|info|biz|io|co|uk|us|ca|au|de|fr|es|it|nl|ru|ua|il|ps|"
    "lb|jo|eg|tr|in|ch|be|at|se|no|dk|fi|pl|ie|news|media|example"
)
_EMAIL_SPELLED = re.compile(
    rf"{_LOCAL} (?:at|AT) (?:{_LABEL}(?: (?:dot|DOT) |\.))+(?:{_COMMON_TLDS})(?![\w\-@.])"
)
_EMAIL_MARKERS = re.compile(rf"@|{_OPEN}\s?(?:at|AT|At)\s?{_CLOSE}| (?:dot|DOT) ")
# The international call prefix 00 (00972 3 555 1234, 0044 20 7946 0958): read as "+".
_DOUBLE_ZERO = re.compile(r"(?<![\w+\-.,:/])00 ?(?=[1-9])", re.ASCII)

# Every decimal digit outside ASCII (Arabic-Indic, Eastern Arabic-Indic, Devanagari,
# full-width...) and its ASCII digit: one character for one, so offsets hold.
_ASCII_DIGITS: dict[int, str] = {
    code: str(unicodedata.decimal(chr(code)))
    for code in range(0x80, 0x20000)
    if unicodedata.category(chr(code)) == "Nd"
}


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


def _marker_windows(text: str) -> Iterator[tuple[int, int]]:
    """Windows around each "@", bracketed "at" and spelled " dot " (where e-mails can be)."""
    return _merge_windows(
        (max(0, m.start() - _EMAIL_REACH), min(len(text), m.end() + _EMAIL_REACH))
        for m in _EMAIL_MARKERS.finditer(text)
    )


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


class Recogniser(Protocol):
    """Something that finds one kind of personal identifier.

    ``find`` gets the text with every decimal digit made ASCII (same length as the original)
    and returns the stretches to mask, as ``Redaction``s with offsets into that text; they
    may overlap (``find_identifiers`` merges them).
    """

    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> PiiKind: ...

    def find(self, text: str) -> Iterable[Redaction]: ...


@dataclass(frozen=True, slots=True)
class PatternRecogniser:
    """A recogniser from a regular expression and an optional check of each match.

    >>> staff = PatternRecogniser("staff_id", PiiKind.ID_NUMBER, re.compile(r"\\bST-\\d{5}\\b"))
    >>> [(r.start, r.end) for r in staff.find("Badge ST-12345 was found.")]
    [(6, 14)]
    """

    name: str
    kind: PiiKind
    pattern: re.Pattern[str]
    check: Callable[[str], bool] | None = None

    def find(self, text: str) -> Iterator[Redaction]:
        for match in self.pattern.finditer(text):
            if self.check is None or self.check(match.group()):
                yield Redaction(match.start(), match.end(), self.kind)


@dataclass(frozen=True, slots=True)
class IsraeliIdRecogniser:
    name: str = "il_id"
    kind: PiiKind = PiiKind.ID_NUMBER

    def find(self, text: str) -> Iterator[Redaction]:
        for lo, hi in _digit_windows(text):
            for pattern in (_NINE_DIGITS, _IL_ID_WRITTEN):
                for match in pattern.finditer(text, lo, hi):
                    if idnr.is_valid(_compact(match.group())):
                        yield Redaction(match.start(), match.end(), self.kind)


@dataclass(frozen=True, slots=True)
class UsSsnRecogniser:
    name: str = "us_ssn"
    kind: PiiKind = PiiKind.ID_NUMBER

    def find(self, text: str) -> Iterator[Redaction]:
        for lo, hi in _digit_windows(text):
            for pattern in (_SSN, _SSN_SPACED):
                for match in pattern.finditer(text, lo, hi):
                    if ssn.is_valid(_compact(match.group())):
                        yield Redaction(match.start(), match.end(), self.kind)
            for match in _after_cue(text, lo, hi, _SSN_CUE, _SSN_AFTER_CUE):
                if ssn.is_valid(_compact(match.group())):
                    yield Redaction(match.start(), match.end(), self.kind)


@dataclass(frozen=True, slots=True)
class ContextIdRecogniser:
    name: str = "id_context"
    kind: PiiKind = PiiKind.ID_NUMBER

    def find(self, text: str) -> Iterator[Redaction]:
        for lo, hi in _digit_windows(text):
            for match in _after_cue(text, lo, hi, _ID_CONTEXT, _ID_AFTER_CONTEXT):
                yield Redaction(match.start(), match.end(), self.kind)


@dataclass(frozen=True, slots=True)
class NationalIdRecogniser:
    name: str = "national_ids"
    kind: PiiKind = PiiKind.ID_NUMBER

    def find(self, text: str) -> Iterator[Redaction]:
        for lo, hi in _digit_windows(text):
            for match in _ES_ID.finditer(text, lo, hi):
                number = _compact(match.group())
                if dni.is_valid(number) or nie.is_valid(number):
                    yield Redaction(match.start(), match.end(), self.kind)
            for match in _after_cue(text, lo, hi, _NATIONAL_CUE, _NATIONAL_AFTER_CUE):
                number = _compact(match.group())
                if any(check(number) for check in _NATIONAL_CHECKS):
                    yield Redaction(match.start(), match.end(), self.kind)


@dataclass(frozen=True, slots=True)
class PhoneRecogniser:
    name: str = "phone"
    kind: PiiKind = PiiKind.PHONE

    def find(self, text: str) -> Iterator[Redaction]:
        prefixes = {m.end() - 1: m.start() for m in _DOUBLE_ZERO.finditer(text)}
        if prefixes:  # "00" (and a space after it) read as "+", at the same offsets
            chars = list(text)
            for plus, start in prefixes.items():
                chars[start:plus] = " " * (plus - start)
                chars[plus] = "+"
            text = "".join(chars)
        for lo, hi in _digit_windows(text):
            for found in _phones(text, lo, hi):
                start = prefixes.get(found.start, found.start)
                yield Redaction(start, found.end, self.kind)


@dataclass(frozen=True, slots=True)
class EmailRecogniser:
    name: str = "email"
    kind: PiiKind = PiiKind.EMAIL

    def find(self, text: str) -> Iterator[Redaction]:
        for lo, hi in _marker_windows(text):
            for pattern in (_EMAIL, _EMAIL_BRACKETED, _EMAIL_SPELLED):
                for match in pattern.finditer(text, lo, hi):
                    yield Redaction(match.start(), match.end(), self.kind)


BUILTIN_RECOGNISERS: tuple[Recogniser, ...] = (
    IsraeliIdRecogniser(),
    UsSsnRecogniser(),
    ContextIdRecogniser(),
    NationalIdRecogniser(),
    PhoneRecogniser(),
    EmailRecogniser(),
)
ALL = "all"


def recognisers_named(spec: str) -> tuple[Recogniser, ...]:
    """The built-in recognisers a ``redact_recognisers`` setting names: comma-separated
    names, ``all`` for every one, ``-name`` to leave one out (``"all,-phone"``).

    >>> [r.name for r in recognisers_named("all,-phone,-national_ids")]
    ['il_id', 'us_ssn', 'id_context', 'email']

    Raises ConfigError for a name that is no built-in recogniser.
    """
    known = {r.name: r for r in BUILTIN_RECOGNISERS}
    chosen: list[str] = []
    for raw in spec.split(","):
        item = raw.strip()
        if not item:
            continue
        name = item.removeprefix("-")
        if name != ALL and name not in known:
            raise ConfigError(
                f"Setting 'redact_recognisers': unknown recogniser {name!r}. "
                f"Known: {ALL}, {', '.join(known)}."
            )
        names = list(known) if name == ALL else [name]
        if item.startswith("-"):
            chosen = [n for n in chosen if n not in names]
        else:
            chosen += [n for n in names if n not in chosen]
    return tuple(known[n] for n in chosen)


def _compact(number: str) -> str:
    return number.replace(" ", "").replace("-", "")


def _after_cue(
    text: str, lo: int, hi: int, cue: re.Pattern[str], number: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """The first ``number`` after each ``cue`` in ``text[lo:hi]``, if it starts within
    CONTEXT_WINDOW characters of the cue and in the same paragraph."""
    for context in cue.finditer(text, lo, hi):
        last_start = context.end() + CONTEXT_WINDOW
        # Search far enough past ``last_start`` that a number starting there is seen whole.
        endpos = min(len(text), last_start + 32)
        match = number.search(text, context.end(), endpos)
        if match is None or match.start() > last_start:
            continue
        if "\n" in text[context.end() : match.start()]:
            continue  # phrase and number are in different paragraphs
        yield match


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


def find_identifiers(
    text: str, recognisers: Sequence[Recogniser] = BUILTIN_RECOGNISERS
) -> list[Redaction]:
    """Every personal identifier in ``text`` that ``recognisers`` find (default: every
    built-in one), in text order, as non-overlapping redactions."""
    seen = text if text.isascii() else text.translate(_ASCII_DIGITS)
    found: list[Redaction] = []
    for recogniser in recognisers:
        found.extend(recogniser.find(seen))
    return _merge(found)
