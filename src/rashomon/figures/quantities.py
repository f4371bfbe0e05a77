"""Counts in plain text: numbers, ranges, qualifiers and vague words, read as [low, high].

``find_quantities(text)`` scans a string (no parse needed) and returns every count it can
read, in text order: "471", "1,400", "1.5 million", "twenty-eight", "one hundred and five",
"a dozen", "at least 500", "more than 300" (low 301), "nearly 500", "up to 5,000",
"between 100 and 300", "100-to-300", "three to four", "several", "dozens", "scores of",
"hundreds of thousands", "several hundred". What the words mean is the versioned lexicon
``quantities.en.v1.toml`` (ranges and qualifier words, each documented there); number words
become digits through numerizer. Whether a count is a casualty figure is not decided here.

Not read as counts: numbers glued to letters or symbols ("F-16", "5pm", "2:30", "24/7",
"$5", "50%"), the first half of a hyphenated adjective ("25-year-old", "three-day"),
decimals without a scale word ("2.5"), and "no one".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rashomon.errors import ConfigError
from rashomon.model import FigureQualifier

DEFAULT_QUANTITY_LEXICON = "quantities.en.v1.toml"

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_OPEN_LOW = (FigureQualifier.AT_LEAST, FigureQualifier.MORE_THAN)
_OPEN_HIGH = (FigureQualifier.AT_MOST, FigureQualifier.LESS_THAN)
# Characters that, right before or after a number, make it part of something else.
_GLUE_BEFORE = set("#$€£¥/:.,@_")
_GLUE_AFTER = set("%/:@_")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count read from text. Offsets index the scanned string (end exclusive).

    ``start``/``end`` cover the qualifier too ("at least 500"); ``core_start``/``core_end``
    only the number or vague words ("500", "several", "100 to 300").
    """

    start: int
    end: int
    low: int | None
    high: int | None
    qualifier: FigureQualifier
    core_start: int
    core_end: int
    stated: int | None = None  # the number as written ("more than 30": 30); None if vague


@dataclass(frozen=True, slots=True)
class QuantityLexicon:
    """Vague words, scale words and qualifier words, with the patterns built from them."""

    version: str
    vague: tuple[tuple[str, int, int], ...]
    compound_counts: tuple[str, ...]
    scales: tuple[tuple[str, int], ...]
    qualifiers: tuple[tuple[str, FigureQualifier], ...]
    postfix: tuple[tuple[str, FigureQualifier], ...]
    _patterns: _Patterns = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_patterns", _build_patterns(self))

    def vague_range(self, phrase: str) -> tuple[int, int] | None:
        """The [low, high] of a vague phrase ("several" -> (3, 9)), None if not listed."""
        wanted = _normalise(phrase)
        for word, low, high in self.vague:
            if word == wanted:
                return low, high
        return None

    def scale(self, word: str) -> int | None:
        wanted = word.lower().removesuffix("s")
        for name, value in self.scales:
            if name == wanted:
                return value
        return None


@dataclass(frozen=True, slots=True)
class _Patterns:
    core: re.Pattern[str]
    number: re.Pattern[str]
    prefix: re.Pattern[str]
    postfix: re.Pattern[str]


def _normalise(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _alternation(phrases: list[str]) -> str:
    """A regex alternation of phrases, longest first, any whitespace between words."""
    ordered = sorted({_normalise(p) for p in phrases}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


def _build_patterns(lexicon: QuantityLexicon) -> _Patterns:
    scale_words = [name for name, _ in lexicon.scales]
    scale = "|".join(scale_words)
    word = "|".join([*_ONES, *_TENS, *scale_words])
    word_number = (
        rf"(?:\ba\s+(?=(?:{scale})\b))?\b(?:{word})\b"
        rf"(?:(?:\s+|-)(?:and\s+)?\b(?:{word})\b)*"
    )
    digit_number = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:\s+(?:{scale})\b)?"
    number = rf"(?:{digit_number}|{word_number})"
    vague = _alternation([phrase for phrase, _, _ in lexicon.vague])
    counts = _alternation(list(lexicon.compound_counts))
    core = (
        rf"(?P<between>\bbetween\s+(?P<b1>{number})\s+(?:and|to)\s+(?P<b2>{number}))"
        rf"|(?P<range>(?P<r1>{number})\s*(?:-to-|–|—|-|\s+to\s+|\s+or\s+)\s*(?P<r2>{number}))"
        rf"|(?P<compound>\b(?P<count>{counts})\s+(?P<scale>{scale})s?\b)"
        rf"|(?P<vague>\b(?:{vague})\b)"
        rf"|(?P<number>{number})"
    )
    prefix = _alternation([phrase for phrase, _ in lexicon.qualifiers])
    postfix = _alternation([phrase for phrase, _ in lexicon.postfix])
    return _Patterns(
        core=re.compile(core, re.IGNORECASE),
        number=re.compile(rf"(?P<number>{number})", re.IGNORECASE),
        prefix=re.compile(rf"\b(?:{prefix})\s+$", re.IGNORECASE),
        postfix=re.compile(rf"^\s+(?:{postfix})\b", re.IGNORECASE),
    )


# --- loading ---------------------------------------------------------------------------


def _pairs(table: object, where: str, section: str) -> list[tuple[str, FigureQualifier]]:
    if not isinstance(table, dict):
        raise ConfigError(f"[{section}] in {where} must be a table of word lists.")
    pairs: list[tuple[str, FigureQualifier]] = []
    for name, phrases in table.items():
        try:
            qualifier = FigureQualifier(name)
        except ValueError:
            raise ConfigError(f"Unknown qualifier {name!r} in [{section}] of {where}.") from None
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise ConfigError(f"[{section}].{name} in {where} must be a list of strings.")
        pairs += [(_normalise(p), qualifier) for p in phrases]
    return pairs


def _vague(table: object, where: str) -> tuple[tuple[str, int, int], ...]:
    if not isinstance(table, dict):
        raise ConfigError(f"[vague] in {where} must be a table.")
    entries: list[tuple[str, int, int]] = []
    for phrase, bounds in table.items():
        valid = (
            isinstance(bounds, list)
            and len(bounds) == 2
            and all(isinstance(b, int) for b in bounds)
            and 0 < bounds[0] <= bounds[1]
        )
        if not valid:
            raise ConfigError(
                f"[vague] {phrase!r} in {where} must be [low, high], 0 < low <= high."
            )
        entries.append((_normalise(phrase), bounds[0], bounds[1]))
    return tuple(entries)


def _scales(table: object, where: str) -> tuple[tuple[str, int], ...]:
    if not isinstance(table, dict) or not all(isinstance(v, int) and v > 1 for v in table.values()):
        raise ConfigError(f"[scales] in {where} must map words to integers above 1.")
    return tuple((name.lower(), value) for name, value in table.items())


def parse_quantity_lexicon(raw: str, where: str) -> QuantityLexicon:
    """Build a lexicon from TOML text; ``where`` names it in error messages."""
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"Quantity lexicon {where!r} is not valid TOML: {e}") from e
    version = data.get("version")
    if not isinstance(version, str):
        raise ConfigError(f"Quantity lexicon {where!r} needs a 'version' string.")
    counts = data.get("compound", {}).get("counts", [])
    if not isinstance(counts, list) or not all(isinstance(c, str) for c in counts):
        raise ConfigError(f"[compound].counts in {where} must be a list of strings.")
    return QuantityLexicon(
        version=version,
        vague=_vague(data.get("vague", {}), where),
        compound_counts=tuple(_normalise(c) for c in counts),
        scales=_scales(data.get("scales", {}), where),
        qualifiers=tuple(_pairs(data.get("qualifiers", {}), where, "qualifiers")),
        postfix=tuple(_pairs(data.get("postfix", {}), where, "postfix")),
    )


def load_quantity_lexicon(path: Path | None = None) -> QuantityLexicon:
    """Load a quantity lexicon (TOML); the packaged ``quantities.en.v1`` by default."""
    if path is None:
        return default_quantity_lexicon()
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ConfigError(f"Can't read quantity lexicon {str(path)!r}: {e.strerror}") from e
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(f"Quantity lexicon {str(path)!r} is not UTF-8: {e}") from e
    return parse_quantity_lexicon(text, str(path))


@lru_cache(maxsize=1)
def default_quantity_lexicon() -> QuantityLexicon:
    """The packaged lexicon, read once (it is immutable)."""
    raw = resources.files("rashomon.data").joinpath(DEFAULT_QUANTITY_LEXICON).read_bytes()
    return parse_quantity_lexicon(raw.decode("utf-8"), DEFAULT_QUANTITY_LEXICON)


# --- reading numbers -------------------------------------------------------------------


def _is_digits(word: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", word))


def _numerize(words: str) -> str:
    """Number words as digits (numerizer), imported when first needed: numerizer loads
    spaCy, which readers of stored figures (``compare``) need not pay for (0.7 s)."""
    from numerizer import numerize  # type: ignore[import-untyped]

    return str(numerize(words))


def parse_number(text: str, lexicon: QuantityLexicon | None = None) -> int | None:
    """The integer a written number means: "1,400", "1.5 million", "twenty-eight",
    "one hundred and five", "a dozen", "two dozen". None when it is no whole number."""
    lex = lexicon if lexicon is not None else default_quantity_lexicon()
    words = text.lower().replace(",", "").split()
    if not words:
        return None
    multiplier = 1
    scale = lex.scale(words[-1])
    if len(words) == 2 and scale is not None and _is_digits(words[0]):
        multiplier, words = scale, words[:1]  # "1.5 million"
    elif words[-1] == "dozen":
        multiplier, words = 12, words[:-1] or ["one"]  # "two dozen", "a dozen"
    if words[0] in ("a", "an"):
        words = ["one", *words[1:]]
    joined = " ".join(words)
    digits = joined if _is_digits(joined) else _numerize(joined)
    try:
        value = Decimal(digits) * multiplier
    except InvalidOperation:
        return None
    if value != value.to_integral_value():
        return None
    return int(value)


def _glued(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is part of a larger token ("F-16", "5pm", "25-year-old")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or before in _GLUE_BEFORE or after.isalnum() or after in _GLUE_AFTER:
        return True
    if before == "-" and start > 1 and text[start - 2].isalnum():
        return True
    return after == "-" and end + 1 < len(text) and text[end + 1].isalnum()


def _qualify(
    low: int, high: int, qualifier: FigureQualifier, *, vague: bool
) -> tuple[int | None, int | None, FigureQualifier]:
    """Apply a prefix/postfix qualifier to a count [low, high]; see the lexicon's notes."""
    if vague:
        if qualifier in _OPEN_LOW:
            return low, None, FigureQualifier.VAGUE
        if qualifier in _OPEN_HIGH:
            return None, high, FigureQualifier.VAGUE
        return low, high, FigureQualifier.VAGUE
    n = low
    if qualifier is FigureQualifier.AT_LEAST:
        return n, None, qualifier
    if qualifier is FigureQualifier.MORE_THAN:
        return n + 1, None, qualifier
    if qualifier is FigureQualifier.AT_MOST:
        return None, n, qualifier
    if qualifier is FigureQualifier.LESS_THAN:
        return None, max(n - 1, 0), qualifier
    return n, n, qualifier


def _range(first: str, second: str, lex: QuantityLexicon) -> tuple[int, int] | None:
    """[low, high] of "A to B", or None unless A < B. A scale word on B alone applies to A
    ("two to three thousand", "1.5 to 2 million") when that keeps A below B."""
    high = parse_number(second, lex)
    if high is None:
        return None
    second_words, first_words = second.split(), first.split()
    low: int | None = None
    shared = second_words[-1]
    if len(second_words) > 1 and lex.scale(shared) and lex.scale(first_words[-1]) is None:
        low = parse_number(f"{first} {shared}", lex)
    if low is None or low >= high:
        low = parse_number(first, lex)
    if low is None or low >= high:
        return None
    return low, high


def _group(match: re.Match[str], name: str) -> str | None:
    """A named group of a match, None when the pattern has no such group or it is unset."""
    return match.group(name) if name in match.re.groupindex else None


def _core(match: re.Match[str], lex: QuantityLexicon) -> tuple[int, int, bool] | None:
    """[low, high] of a core match and whether it is vague."""
    if _group(match, "between") is not None:
        bounds = _range(match.group("b1"), match.group("b2"), lex)
        return None if bounds is None else (*bounds, False)
    if _group(match, "range") is not None:
        bounds = _range(match.group("r1"), match.group("r2"), lex)
        return None if bounds is None else (*bounds, False)
    if _group(match, "compound") is not None:
        counts = lex.vague_range(match.group("count")) or lex.vague_range(
            match.group("count") + " of"
        )
        scale = lex.scale(match.group("scale"))
        if counts is None or scale is None:
            return None
        return counts[0] * scale, counts[1] * scale, True
    vague = _group(match, "vague")
    if vague is not None:
        bounds = lex.vague_range(vague)
        return None if bounds is None else (*bounds, True)
    value = parse_number(match.group("number"), lex)
    return None if value is None else (value, value, False)


def _quantity(text: str, match: re.Match[str], lex: QuantityLexicon) -> Quantity | None:
    start, end = match.span()
    if _glued(text, start, end):
        return None
    core = _core(match, lex)
    if core is None:
        return None
    low, high, vague = core
    if _group(match, "between") is not None or _group(match, "range") is not None:
        return Quantity(start, end, low, high, FigureQualifier.RANGE, start, end)
    head = text[max(0, start - 30) : start]
    if not vague and re.search(r"\bno\s+$", head, re.IGNORECASE):
        return None  # "no one"
    qualifier, new_start, new_end = FigureQualifier.EXACT, start, end
    prefix = lex._patterns.prefix.search(head)
    postfix = lex._patterns.postfix.match(text[end : end + 20])
    if prefix is not None:
        qualifier = dict(lex.qualifiers)[_normalise(prefix.group(0))]
        new_start = start - len(head) + prefix.start()
    elif postfix is not None:
        qualifier = dict(lex.postfix)[_normalise(postfix.group(0))]
        new_end = end + postfix.end()
    q_low, q_high, q_kind = _qualify(low, high, qualifier, vague=vague)
    stated = None if vague or low != high else low
    return Quantity(new_start, new_end, q_low, q_high, q_kind, start, end, stated)


def find_quantities(text: str, lexicon: QuantityLexicon | None = None) -> list[Quantity]:
    """Every count in ``text`` that the lexicon can read, in text order."""
    lex = lexicon if lexicon is not None else default_quantity_lexicon()
    found: list[Quantity] = []
    for match in lex._patterns.core.finditer(text):
        before = text[max(0, match.start() - 6) : match.start()]
        if _group(match, "range") is not None and re.search(r"\bfrom\s+$", before, re.I):
            # "rose from 40 to 44" is a change, not a range: read the two numbers apart
            for part in ("r1", "r2"):
                number = lex._patterns.number.match(text, match.start(part))
                single = None if number is None else _quantity(text, number, lex)
                if single is not None:
                    found.append(single)
            continue
        quantity = _quantity(text, match, lex)
        if quantity is None and (_group(match, "range") or _group(match, "between")):
            # "twenty-eight" and "2023-10-17" are no ranges: read a number where it starts
            number = lex._patterns.number.match(text, match.start())
            if number is not None:
                quantity = _quantity(text, number, lex)
        if quantity is not None:
            found.append(quantity)
    return found
