"""When: an article's publication date, and its time expressions normalised against it.

``infer_published`` takes the date from metadata, or infers it from the dates written in the
text: the year is searched so that every "Weekday, Month Day" agrees with the calendar
(latest such year, never after today); a full date ("17 October 2023") decides directly.

``extract_times`` finds time expressions with spaCy DATE/TIME entities plus the rules below
(which also catch what the small model misses: "Hours later", "for months", "In the early
hours of Friday" as one span), and normalises each against the publication date:

- a weekday is the latest such day on or before the article date ("Friday" said on a Friday
  is that day); "last/next Friday" are strictly before/after it;
- "November 24" without a year takes the article's year, or the year before when that date
  would lie after the article (the past reading);
- a clock time or part of day with no day ("At precisely 2:30 am") falls on the anchor day:
  the closest preceding day resolved in the same paragraph, else the article date
  (``derived_from="anchor"``);
- "hours later", "two days later", "the next day" count from the previous resolved time;
- durations stay durations: ``value`` None, ``duration`` ISO 8601 ("P2M", "P3W/P4W"), and
  ``derived_from`` says "duration", "duration:at_least", "duration:range", ...

``derived_from`` is the method, then details after colons: "weekday:early_hours",
"month_day:since", "explicit", "relative", "relative:previous", "anchor", "dateparser".
A value of a coarse precision is the first day of its period: WEEK is the Monday, MONTH the
1st, YEAR 1 January. Ages ("25-year-old"), long digit strings, masked identifiers
("[ID#####]") and bare years in names ("Vision 2030") are never time expressions.
dateparser is called only for absolute strings no rule reads, with ``RELATIVE_BASE`` set to
the article date and ``PREFER_DATES_FROM="current_period"`` (see STACK.md section 6).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from spacy.tokens import Doc

from rashomon.model import (
    OUTLET_PARTS,
    Article,
    PartKind,
    Precision,
    PublishedSource,
    TextSpan,
    TimeExpression,
)
from rashomon.parse import ParsedArticle

EARLIEST_YEAR = 1990  # the year search for an undated article starts here
NER_LABELS = frozenset({"DATE", "TIME"})
# parts whose times are not the article's (page furniture); the rest are read
SKIPPED_PARTS = frozenset({PartKind.BOILERPLATE, PartKind.COMMENT_META})
# parts whose dates tell when the article was written (not comments, not boilerplate)
DATING_PARTS = OUTLET_PARTS | {PartKind.BYLINE, PartKind.SIGNOFF}
POINT_PRECISIONS = frozenset(
    {Precision.MINUTE, Precision.HOUR, Precision.PART_OF_DAY, Precision.DAY}
)

# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES: tuple[str, ...] = ("january", "february", "march", "april", "may", "june")
_MONTH_NAMES += ("july", "august", "september", "october", "november", "december")
MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, start=1)}
MONTHS |= {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9}
MONTHS |= {"sept": 9, "oct": 10, "nov": 11, "dec": 12}
_ONES: tuple[str, ...] = ("zero", "one", "two", "three", "four", "five", "six", "seven")
_ONES += ("eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen")
_ONES += ("sixteen", "seventeen", "eighteen", "nineteen")
NUMBER_WORDS = {word: i for i, word in enumerate(_ONES)}
NUMBER_WORDS |= {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
NUMBER_WORDS |= {"seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "hundred": 100}
VAGUE_NUMBERS = {"a few": (2, 4), "few": (2, 4), "several": (3, 7), "a couple of": (2, 2)}
VAGUE_NUMBERS |= {"couple of": (2, 2)}
UNITS = {
    "second": ("T", "S"),
    "minute": ("T", "M"),
    "hour": ("T", "H"),
    "day": ("", "D"),
    "night": ("", "D"),
    "week": ("", "W"),
    "fortnight": ("", "W"),  # two weeks each
    "month": ("", "M"),
    "year": ("", "Y"),
    "decade": ("", "Y"),  # ten years each
}
UNIT_SCALE = {"fortnight": 2, "decade": 10}
UNIT_PRECISION = {
    "second": Precision.MINUTE,
    "minute": Precision.MINUTE,
    "hour": Precision.HOUR,
    "day": Precision.DAY,
    "night": Precision.DAY,
    "week": Precision.WEEK,
    "fortnight": Precision.WEEK,
    "month": Precision.MONTH,
    "year": Precision.YEAR,
    "decade": Precision.YEAR,
}
# modifier before a duration -> derived_from detail
DURATION_QUALIFIERS = {
    "over": "at_least",
    "more than": "at_least",
    "at least": "at_least",
    "no less than": "at_least",
    "just over": "at_least",
    "nearly": "at_most",
    "almost": "at_most",
    "up to": "at_most",
    "less than": "at_most",
    "under": "at_most",
    "fewer than": "at_most",
    "no more than": "at_most",
    "just under": "at_most",
    "barely": "at_most",
    "about": "approximate",
    "around": "approximate",
    "some": "approximate",
    "roughly": "approximate",
    "approximately": "approximate",
}
# signal word before a point -> derived_from detail ("" = none: on, in, at, during)
SIGNALS = {
    "since": "since",
    "until": "until",
    "till": "until",
    "as of": "as_of",
    "by": "by",
    "from": "from",
    "starting": "from",
    "starting on": "from",
    "starting from": "from",
    "beginning": "from",
    "beginning on": "from",
    "before": "before",
    "after": "after",
}
PARTS_OF_DAY = {
    "early hours": "early_hours",
    "small hours": "early_hours",
    "wee hours": "early_hours",
    "dawn": "dawn",
    "early morning": "early_morning",
    "morning": "morning",
    "late morning": "morning",
    "afternoon": "afternoon",
    "early afternoon": "afternoon",
    "late afternoon": "afternoon",
    "early evening": "evening",
    "evening": "evening",
    "late evening": "evening",
    "night": "night",
    "late night": "night",
    "dusk": "dusk",
    "daybreak": "dawn",
    "sunrise": "dawn",
    "first light": "dawn",
    "nightfall": "dusk",
    "sunset": "dusk",
}
MONTH_SIGNALS = {
    "early": "early",
    "the beginning of": "early",
    "the start of": "early",
    "mid": "mid",
    "the middle of": "mid",
    "late": "late",
    "the end of": "late",
}
APPROXIMATE_CLOCK = frozenset({"about", "around", "approximately", "roughly", "some"})

# --------------------------------------------------------------------------------------
# Patterns (compiled case-insensitive; month and weekday names must be capitalised)
# --------------------------------------------------------------------------------------

_WEEKDAY = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_FULL_MONTH = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:19|20)\d{2}(?![\d-])"
_NUMWORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|one|two|three|four|five|six|seven|eight|nine|ten)"
)
_NUM = rf"(?:\d{{1,3}}(?:\.\d+)?(?![\d,])|{_NUMWORD})"
_VAGUE = r"(?:a\s+few|a\s+couple\s+of|couple\s+of|several|few)"
_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade)"
_NOT_AGE = r"(?![- ]olds?\b)"
_QUALIFIER = (
    r"(?:over|more\s+than|at\s+least|no\s+less\s+than|just\s+over|nearly|almost|up\s+to"
    r"|less\s+than|under|fewer\s+than|no\s+more\s+than|just\s+under|barely|about|around"
    r"|some|roughly|approximately)"
)
_SIGNAL = (
    r"(?:since|until|till|as\s+of|by|from|starting(?:\s+on|\s+from)?|beginning(?:\s+on)?"
    r"|on|in|at|during|before|after|through)"
)
_POD = (
    r"(?:early\s+hours|small\s+hours|wee\s+hours|early\s+morning|late\s+morning|morning"
    r"|early\s+afternoon|late\s+afternoon|afternoon|early\s+evening|late\s+evening|evening"
    r"|late\s+night|night|dawn|dusk|daybreak|sunrise|first\s+light|nightfall|sunset)"
)
_CLOCK_MOD = (
    r"(?:precisely|exactly|about|around|approximately|roughly|some|shortly\s+before"
    r"|shortly\s+after|just\s+before|just\s+after)"
)
_CLOCK_SIGNAL = r"(?:at|by|from|until|till|since|before|after|around)"
_CLOCK24_SIGNAL = r"(?:at|from|until|till|since|before|after|around)"
# a day: "Friday, December 8(, 2023)", "8 December 2023", "2023-12-08", "last Friday", "today"
_DAY_REF = (
    rf"(?:(?:(?P<wd>{_WEEKDAY}),?\s+(?:the\s+)?)?"
    rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})|(?P<d2>{_DAY})(?:\s+of)?\s+(?P<m2>{_MONTH}))"
    rf"(?:,?\s+(?P<y>{_YEAR}))?"
    r"|(?P<iso>(?:19|20)\d{2}-[01]\d-[0-3]\d)(?![\d-])"
    rf"|(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<wd2>{_WEEKDAY})"
    r"|(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday"
    r"|tomorrow))"
)
_CLOCK12 = r"(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am|pm)(?![a-z])"
_CLOCK24 = r"(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)"
_ON_DAY = rf"(?:,?\s+(?:on\s+)?(?:the\s+)?(?P<day>{_DAY_REF}))?"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w#-])(?:{pattern})(?![\w#])", re.IGNORECASE)


# A line is searched by a rule only when one of the rule's words is among the line's
# tokens (lower-cased words, CLOCK_TOKEN for "2:30", YEAR_TOKEN for four digits): a dict
# look-up per word instead of every pattern over every line.
_TOKEN = re.compile(r"[A-Za-z]+|\d+(?::\d\d)?")
CLOCK_TOKEN = "#clock"
YEAR_TOKEN = "#year"


def _words(*groups: str) -> frozenset[str]:
    return frozenset(word for group in groups for word in group.split())


def _token_key(token: str) -> str:
    if ":" in token:
        return CLOCK_TOKEN
    if token.isdigit():
        return YEAR_TOKEN if len(token) == 4 else ""
    return token.lower()


_DAY_WORDS = _words(*WEEKDAYS, *MONTHS, "today yesterday tomorrow", YEAR_TOKEN)
_UNIT_WORDS = _words(*UNITS, *(unit + "s" for unit in UNITS))


# --------------------------------------------------------------------------------------
# Readings
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Reading:
    """A normalised expression before it gets its span; ``day``/``moment`` feed anchors."""

    value: str | None
    precision: Precision | None
    derived_from: str
    duration: str | None = None
    day: date | None = None
    moment: datetime | None = None


@dataclass(frozen=True, slots=True)
class _Context:
    published: date | None
    anchor: date | None  # closest preceding day in the paragraph, else the article date
    previous: _Reading | None  # the last placed time before this one (same voice)


Reader = Callable[[re.Match[str], _Context], "_Reading | None"]


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    read: Reader
    # words a line must contain before ``pattern`` searches it; None: the rule only reads
    # a spaCy entity's text and never searches the text (too loose for that)
    trigger: frozenset[str] | None


def _join(*parts: str) -> str:
    return ":".join(p for p in parts if p)


def _norm(text: str | None) -> str:
    return " ".join(text.lower().split()) if text else ""


def _signal(m: re.Match[str]) -> str:
    return SIGNALS.get(_norm(m.groupdict().get("sig")), "")


def _truncate(day: date, precision: Precision) -> date:
    if precision is Precision.WEEK:
        return day - timedelta(days=day.weekday())
    if precision is Precision.MONTH:
        return day.replace(day=1)
    if precision is Precision.YEAR:
        return day.replace(month=1, day=1)
    return day


PRECISION_ORDER = (
    Precision.MINUTE,
    Precision.HOUR,
    Precision.PART_OF_DAY,
    Precision.DAY,
    Precision.WEEK,
    Precision.MONTH,
    Precision.YEAR,
)


def _coarser(precision: Precision, other: Precision | None) -> Precision:
    """ "Two days later" than "October 2002" is known to the month, not the day."""
    if other is None or PRECISION_ORDER.index(other) <= PRECISION_ORDER.index(precision):
        return precision
    return other


def _point(day: date, precision: Precision, derived_from: str) -> _Reading:
    day = _truncate(day, precision)
    return _Reading(day.isoformat(), precision, derived_from, day=day)


def _unplaced(derived_from: str) -> _Reading:
    return _Reading(None, None, derived_from)


def _date_or_none(year: int, month: int, day: int) -> date | None:
    """The date, or None for one the calendar lacks (30 February)."""
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _shift(day: date, amount: int, unit: str) -> date:
    amount *= UNIT_SCALE.get(unit, 1)
    if unit in ("day", "night"):
        return day + timedelta(days=amount)
    if unit in ("week", "fortnight"):
        return day + timedelta(weeks=amount)
    if unit == "month":
        return _add_months(day, amount)
    if unit in ("year", "decade"):
        return _add_months(day, 12 * amount)
    return day  # seconds, minutes, hours: same day at day precision


def _number(text: str) -> float | None:
    """3, 1.5, "seven", "twenty-four", "a" -> a number; None when it is not one."""
    word = _norm(text)
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    tens, _, ones = word.replace("-", " ").partition(" ")
    if tens in NUMBER_WORDS and ones in NUMBER_WORDS:
        return float(NUMBER_WORDS[tens] + NUMBER_WORDS[ones])
    return None


def _iso_amount(amount: float) -> str:
    return str(int(amount)) if amount == int(amount) else f"{amount:g}"


def _iso_duration(amount: float, unit: str) -> str:
    time_mark, letter = UNITS[unit]
    return f"P{time_mark}{_iso_amount(amount * UNIT_SCALE.get(unit, 1))}{letter}"


def _unit(text: str | None) -> str:
    unit = _norm(text)
    return unit[:-1] if unit.endswith("s") and unit[:-1] in UNITS else unit


def _weekday_on_or_before(weekday: int, day: date) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def _month_day(month: int, day_of_month: int, published: date) -> date | None:
    """The date of ``month``/``day_of_month`` in the article's year, or the year before when
    it would come after the article (the past reading). None for 30 February."""
    for year in (published.year, published.year - 1):
        candidate = _date_or_none(year, month, day_of_month)
        if candidate is None or candidate <= published:
            return candidate
    return None


def _day_from(m: re.Match[str], published: date | None) -> _Reading | None:
    """Read the ``_DAY_REF`` groups of ``m``: a day and how it was derived."""
    groups = m.groupdict()
    if groups.get("iso"):
        year, month, day_of_month = (int(part) for part in groups["iso"].split("-"))
        day = _date_or_none(year, month, day_of_month)
        return _point(day, Precision.DAY, "explicit") if day else None
    month_name = groups.get("m1") or groups.get("m2")
    if month_name:
        month = MONTHS[_norm(month_name).rstrip(".")]
        day_of_month = int(re.sub(r"\D", "", groups.get("d1") or groups.get("d2") or ""))
        written = groups.get("y")
        if written:
            day = _date_or_none(int(written), month, day_of_month)
            if day is None:
                return None
            derived = "explicit"
        else:
            derived = "month_day"
            day = _month_day(month, day_of_month, published) if published else None
        if day is None:
            return _unplaced(derived)
        weekday = groups.get("wd")
        if weekday and WEEKDAYS.index(_norm(weekday)) != day.weekday():
            derived = _join(derived, "weekday_mismatch")
        return _point(day, Precision.DAY, derived)
    if groups.get("wd2"):
        if published is None:
            return _unplaced("weekday")
        weekday_index = WEEKDAYS.index(_norm(groups["wd2"]))
        rel = _norm(groups.get("rel"))
        latest = _weekday_on_or_before(weekday_index, published)
        if rel in ("last", "past"):
            day = latest if latest < published else latest - timedelta(days=7)
        elif rel in ("next", "coming"):
            day = latest + timedelta(days=7)
        elif rel == "this":
            day = published + timedelta(days=weekday_index - published.weekday())
        else:
            day = latest
        return _point(day, Precision.DAY, "weekday")
    word = _norm(groups.get("word"))
    if not word:
        return None
    if published is None:
        return _unplaced("relative")
    offsets = {
        "today": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }
    return _point(published + timedelta(days=offsets[word]), Precision.DAY, "relative")


def _with_part_of_day(reading: _Reading | None, part: str) -> _Reading | None:
    if reading is None or reading.day is None:
        return reading
    return _Reading(
        reading.value,
        Precision.PART_OF_DAY,
        _join(reading.derived_from, part),
        day=reading.day,
    )


def _pod(text: str | None) -> str:
    return PARTS_OF_DAY.get(_norm(text), _norm(text).replace(" ", "_"))


# --- readers: one per rule ------------------------------------------------------------


def _with_signal(reading: _Reading | None, m: re.Match[str]) -> _Reading | None:
    """``reading`` with the signal word ("since", "as of"...) added to ``derived_from``."""
    if reading is None:
        return None
    derived = _join(reading.derived_from, _signal(m))
    return _Reading(reading.value, reading.precision, derived, day=reading.day)


def _read_day(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "Friday", "on November 24", "as of Friday, December 8", "since October 7", "today"."""
    return _with_signal(_day_from(m, ctx.published), m)


def _read_part_of_day_of(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "the early hours of Friday", "Tuesday night", "yesterday morning"."""
    return _with_signal(_with_part_of_day(_day_from(m, ctx.published), _pod(m["pod"])), m)


def _read_part_of_day_relative(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "this morning", "last night", "tonight": the article's day (night: the day before)."""
    if ctx.published is None:
        return _unplaced("relative")
    rel = _norm(m.groupdict().get("rel"))
    part = "night" if m.groupdict().get("tonight") else _pod(m["pod"])
    day = ctx.published - timedelta(days=1) if rel == "last" else ctx.published
    return _Reading(
        day.isoformat(), Precision.PART_OF_DAY, _join("relative", part, _signal(m)), day=day
    )


def _read_part_of_day_anchored(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "in the early hours", "the early morning": a part of the anchor day."""
    if ctx.anchor is None:
        return _unplaced("anchor")
    return _Reading(
        ctx.anchor.isoformat(),
        Precision.PART_OF_DAY,
        _join("anchor", _pod(m["pod"]), _signal(m)),
        day=ctx.anchor,
    )


def _read_part_of_day_in_the(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "early in the afternoon", "late in the day", "overnight": part of the anchor day."""
    if ctx.anchor is None:
        return _unplaced("anchor")
    if m.groupdict().get("overnight"):
        part = "overnight"
    else:
        part = f"{_norm(m['edge'])}_{_norm(m['pod'])}"
    return _Reading(
        ctx.anchor.isoformat(), Precision.PART_OF_DAY, _join("anchor", part), day=ctx.anchor
    )


def _read_clock(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "At precisely 2:30 am", "at 14:30 GMT", "at noon on Friday"."""
    groups = m.groupdict()
    if groups.get("h"):
        hour = int(groups["h"]) % 12 + (12 if _norm(groups["ampm"]).startswith("p") else 0)
        minute_text = groups.get("mi")
    elif groups.get("h24"):
        hour, minute_text = int(groups["h24"]), groups.get("mi24")
    else:
        hour, minute_text = (0 if _norm(groups.get("cw")) == "midnight" else 12), None
    precision = Precision.MINUTE if minute_text else Precision.HOUR
    minute = int(minute_text) if minute_text else 0
    if groups.get("day"):
        day_reading = _day_from(m, ctx.published)
        if day_reading is None:
            return None
        day, derived = day_reading.day, day_reading.derived_from
    else:
        day, derived = ctx.anchor, "anchor"
    detail = "approximate" if _norm(groups.get("mod")) in APPROXIMATE_CLOCK else ""
    derived = _join(derived, detail, _signal(m))
    if day is None:
        return _unplaced(derived)
    moment = datetime(day.year, day.month, day.day, hour, minute)
    return _Reading(
        moment.isoformat(timespec="minutes"), precision, derived, day=day, moment=moment
    )


def _read_month(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "in May", "October 2023", "early March": a month, in the article's year or the year
    before (the past reading) when none is written. The searching pattern needs a signal
    word or a year; a bare month name is read only where spaCy tagged it DATE."""
    groups = m.groupdict()
    month = MONTHS[_norm(groups.get("month") or groups.get("month2")).rstrip(".")]
    written = groups.get("y") or groups.get("y2")
    if written:
        day, derived = date(int(written), month, 1), "explicit"
    elif ctx.published is None:
        return _unplaced("month")
    else:
        year = ctx.published.year - (1 if month > ctx.published.month else 0)
        day, derived = date(year, month, 1), "month"
    signal = _norm(groups.get("sig")).rstrip("-")
    signal = SIGNALS.get(signal, MONTH_SIGNALS.get(signal, ""))
    return _point(day, Precision.MONTH, _join(derived, signal))


def _read_year(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "in 2022", "since 2007": a year after a temporal preposition."""
    signal = SIGNALS.get(_norm(m["sig"]), "")
    return _point(date(int(m["y"]), 1, 1), Precision.YEAR, _join("explicit", signal))


def _read_season(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "the summer of 2014", "in winter 2022": the year, the season said in derived_from."""
    season = "autumn" if _norm(m["season"]) == "fall" else _norm(m["season"])
    derived = _join("explicit", season, _signal(m))
    return _point(date(int(m["y"]), 1, 1), Precision.YEAR, derived)


def _read_decade(m: re.Match[str], ctx: _Context) -> _Reading | None:
    return _unplaced(_join("decade", m["dec"] + "s"))


def _read_period(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "last week", "this month", "earlier this year"; "the past week" is a duration."""
    unit = _unit(m["unit"])
    rel = _norm(m["rel"])
    if m.groupdict().get("the") and rel in ("past", "last", "next", "coming"):
        return _Reading(None, None, "duration", duration=_iso_duration(1, unit))
    if ctx.published is None:
        return _unplaced("relative")
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    precision = UNIT_PRECISION[unit]
    return _point(_shift(ctx.published, step, unit), precision, "relative")


def _read_offset(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "Hours later", "two days later", "three weeks ago", "a day earlier"."""
    unit = _unit(m["unit"])
    direction = _norm(m["dir"])
    num_text = _norm(m.groupdict().get("num"))
    amount = _number(num_text) if num_text and num_text not in VAGUE_NUMBERS else None
    sign = 1 if direction in ("later", "afterwards", "afterward", "after that") else -1
    if direction == "ago":
        base, derived = ctx.published, "relative"
        base_moment: datetime | None = None
        base_precision = Precision.DAY
    elif ctx.previous is not None and ctx.previous.day is not None:
        base, derived = ctx.previous.day, "relative:previous"
        base_moment = ctx.previous.moment
        base_precision = ctx.previous.precision or Precision.DAY
    else:
        base, derived = ctx.anchor, "relative:anchor"
        base_moment, base_precision = None, Precision.DAY
    if base is None:
        return _unplaced(derived)
    sub_day = unit in ("second", "minute", "hour")
    if sub_day and amount is not None and base_moment is not None:
        delta = timedelta(**{unit + "s": sign * amount})
        moment = base_moment + delta
        precision = Precision.MINUTE if unit != "hour" else Precision.HOUR
        return _Reading(
            moment.isoformat(timespec="minutes"),
            precision,
            derived,
            day=moment.date(),
            moment=moment,
        )
    if sub_day:
        # "hours later": the same day as far as we can tell
        coarse = base_precision if base_precision not in POINT_PRECISIONS else Precision.DAY
        return _point(base, coarse, derived)
    if amount is None or amount != int(amount):
        return _unplaced(_join(derived, "vague"))
    precision = _coarser(UNIT_PRECISION[unit], base_precision)
    return _point(_shift(base, sign * int(amount), unit), precision, derived)


def _read_next_day(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "the next day", "the following morning", "the previous week", "the same day"."""
    which = _norm(m["which"])  # "" for "that day": the day just talked about
    unit = _norm(m["unit"])
    previous = ctx.previous
    base: date | None = ctx.anchor
    derived = "relative:anchor"
    if previous is not None and previous.day is not None:
        base, derived = previous.day, "relative:previous"
    if base is None:
        return _unplaced(derived)
    step = {"next": 1, "following": 1, "previous": -1, "preceding": -1}.get(which, 0)
    if unit in PARTS_OF_DAY:
        day = base + timedelta(days=step)
        return _Reading(day.isoformat(), Precision.PART_OF_DAY, _join(derived, _pod(unit)), day=day)
    precision = _coarser(UNIT_PRECISION[unit], previous.precision if previous else None)
    return _point(_shift(base, step, unit), precision, derived)


def _read_duration_range(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "three to four weeks", "between 20 and 30 days", "2-3 months" -> "P3W/P4W"."""
    low, high = _number(m["lo"]), _number(m["hi"])
    if low is None or high is None or low > high:
        return None
    unit = _unit(m["unit"])
    return _Reading(
        None,
        None,
        "duration:range",
        duration=f"{_iso_duration(low, unit)}/{_iso_duration(high, unit)}",
    )


def _read_duration(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "for over two months" -> P2M at least; "seven days" -> P7D; "a few days" vague."""
    groups = m.groupdict()
    unit = _unit(groups["unit"])
    num_text = _norm(groups["num"])
    qualifier = DURATION_QUALIFIERS.get(_norm(groups.get("mod")), "")
    if num_text in VAGUE_NUMBERS:
        low, high = VAGUE_NUMBERS[num_text]
        span = _iso_duration(low, unit)
        if high != low:
            span += "/" + _iso_duration(high, unit)
        return _Reading(None, None, "duration:vague", duration=span)
    if num_text in ("a", "an") and not (
        groups.get("sig") or groups.get("mod") or _DURATION_VERB.search(m.string, 0, m.start())
    ):
        return None  # "a day after", "once a week": not a duration on its own
    amount = _number(num_text)
    if amount is None:
        return None
    return _Reading(None, None, _join("duration", qualifier), duration=_iso_duration(amount, unit))


def _read_plural_duration(m: re.Match[str], ctx: _Context) -> _Reading | None:
    """ "for months", "several weeks", "recent days": at least two of the unit."""
    unit = _unit(m["unit"])
    if _norm(m.groupdict().get("mod")) == "several":
        low, high = VAGUE_NUMBERS["several"]
        span = f"{_iso_duration(low, unit)}/{_iso_duration(high, unit)}"
    else:
        span = _iso_duration(2, unit)
    return _Reading(None, None, "duration:vague", duration=span)


RULES: tuple[_Rule, ...] = (
    _Rule(
        "part_of_day_of",
        _compile(
            rf"(?:(?P<sig>{_SIGNAL})\s+)?(?:the\s+)?(?P<pod>{_POD})\s+(?:of|on)\s+(?:the\s+)?"
            rf"(?P<day>{_DAY_REF})"
        ),
        _read_part_of_day_of,
        _DAY_WORDS,
    ),
    _Rule(
        "day_part_of_day",
        _compile(
            rf"(?:(?P<sig>{_SIGNAL})\s+)?(?P<day>{_DAY_REF})\s+"
            r"(?P<pod>(?:early\s+|late\s+)?(?:morning|afternoon|evening|night))"
        ),
        _read_part_of_day_of,
        _DAY_WORDS,
    ),
    _Rule(
        "part_of_day_relative",
        _compile(
            r"(?P<rel>this|last)\s+(?P<pod>morning|afternoon|evening|night)|(?P<tonight>tonight)"
        ),
        _read_part_of_day_relative,
        _words("tonight morning afternoon evening night"),
    ),
    _Rule(
        "part_of_day_early_hours",
        _compile(
            r"(?P<sig>in|during|before|after)\s+the\s+"
            r"(?P<pod>early\s+hours|small\s+hours|wee\s+hours|early\s+morning)(?!\s+of\b)"
        ),
        _read_part_of_day_anchored,
        _words("hours morning"),
    ),
    _Rule(
        "part_of_day_at",
        _compile(
            r"(?P<sig>at|before|after|around|by|until|till)\s+"
            r"(?P<pod>dawn|dusk|daybreak|sunrise|first\s+light|nightfall|sunset)"
        ),
        _read_part_of_day_anchored,
        _words("dawn dusk daybreak sunrise light nightfall sunset"),
    ),
    _Rule(
        "part_of_day_in_the",
        _compile(
            r"(?P<edge>early|late)\s+in\s+the\s+(?P<pod>morning|afternoon|evening|night|day)"
            r"|(?P<overnight>overnight)"
        ),
        _read_part_of_day_in_the,
        _words("early late overnight"),
    ),
    _Rule(
        "clock12",
        _compile(
            rf"(?:(?P<sig>{_CLOCK_SIGNAL})\s+)?(?:(?P<mod>{_CLOCK_MOD})\s+)?{_CLOCK12}{_ON_DAY}"
        ),
        _read_clock,
        _words("am pm m"),
    ),
    _Rule(
        "clock24",
        _compile(
            rf"(?P<sig>{_CLOCK24_SIGNAL})\s+(?:(?P<mod>{_CLOCK_MOD})\s+)?{_CLOCK24}"
            rf"(?:\s*(?:GMT|UTC|local\s+time|hrs|hours))?{_ON_DAY}"
        ),
        _read_clock,
        _words(CLOCK_TOKEN),
    ),
    _Rule(
        "clock24_zone",
        _compile(
            rf"(?:(?P<sig>{_CLOCK_SIGNAL})\s+)?(?P<h24>[01]\d|2[0-3]):?(?P<mi24>[0-5]\d)"
            rf"\s*(?:GMT|UTC){_ON_DAY}"
        ),
        _read_clock,
        _words("gmt utc"),
    ),
    _Rule(
        "clock_word",
        _compile(
            rf"(?P<sig>{_CLOCK_SIGNAL})\s+(?:(?P<mod>{_CLOCK_MOD})\s+)?"
            rf"(?P<cw>noon|midday|midnight){_ON_DAY}"
        ),
        _read_clock,
        _words("noon midday midnight"),
    ),
    _Rule(
        "offset",
        _compile(
            rf"(?:(?:some|about|around|nearly|almost|just|only|barely|over|more\s+than)\s+)?"
            rf"(?:(?P<num>{_NUM}|a|an|{_VAGUE})\s+)?(?P<unit>{_UNIT})s?\s+"
            r"(?P<dir>ago|later|earlier|afterwards?|after\s+that|before\s+that)"
        ),
        _read_offset,
        _words("ago later earlier afterward afterwards that"),
    ),
    _Rule(
        "next_day",
        _compile(
            r"(?:the\s+(?P<which>next|following|previous|preceding|same)|that)\s+"
            r"(?P<unit>day|morning|afternoon|evening|night|week|month|year)"
        ),
        _read_next_day,
        _words("next following previous preceding same that"),
    ),
    _Rule(
        "period",
        _compile(
            r"(?P<the>the\s+)?(?:(?:earlier|later)\s+)?"
            r"(?P<rel>last|this|next|past|previous|coming)\s+(?P<unit>week|month|year)"
        ),
        _read_period,
        _words("week month year"),
    ),
    _Rule(
        "duration_range",
        _compile(
            r"(?:(?P<sig>for|over|within|during)\s+)?(?:(?:between|from)\s+)?"
            rf"(?P<lo>{_NUM})(?:\s*[-–]\s*|\s+(?:to|or|and)\s+)(?P<hi>{_NUM})[\s-]+"
            rf"(?P<unit>{_UNIT})s?{_NOT_AGE}"
        ),
        _read_duration_range,
        _UNIT_WORDS,
    ),
    _Rule(
        "duration",
        _compile(
            r"(?:(?P<sig>for|within|(?:over|in|during)\s+the\s+(?:past|last|next)"
            r"|the\s+(?:past|last|next|first|coming))\s+)?"
            rf"(?:(?P<mod>{_QUALIFIER})\s+)?(?P<num>{_NUM}|a|an|{_VAGUE})[\s-]+"
            rf"(?P<unit>{_UNIT})s?{_NOT_AGE}"
        ),
        _read_duration,
        _UNIT_WORDS,
    ),
    _Rule(
        "for_plural",
        _compile(rf"(?P<sig>for)\s+(?:(?P<mod>many|several)\s+)?(?P<unit>{_UNIT})s"),
        _read_plural_duration,
        _UNIT_WORDS,
    ),
    _Rule(
        "day",
        _compile(rf"(?:(?P<sig>{_SIGNAL})\s+)?(?P<day>{_DAY_REF})"),
        _read_day,
        _DAY_WORDS,
    ),
    _Rule(
        "month",
        _compile(
            r"(?P<sig>since|until|till|by|from|in|during|before|after|early|late|mid-?"
            r"|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)\s*"
            rf"(?P<month>{_FULL_MONTH})(?:,?\s+(?P<y>{_YEAR}))?"
            rf"|(?P<month2>{_MONTH})\s+(?P<y2>{_YEAR})"
        ),
        _read_month,
        _words(*MONTHS),
    ),
    _Rule(
        "season",
        _compile(
            rf"(?:(?P<sig>{_SIGNAL})\s+)?(?:the\s+)?(?:(?:early|late)\s+)?"
            rf"(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y>{_YEAR})"
        ),
        _read_season,
        _words("spring summer autumn fall winter"),
    ),
    _Rule(
        "year",
        _compile(
            r"(?P<sig>in|since|during|until|till|by|from|before|after|through|throughout)\s+"
            rf"(?P<y>{_YEAR})(?!\s*[-–/]\s*\d)"
        ),
        _read_year,
        _words(YEAR_TOKEN),
    ),
    # only on spaCy entities: too loose to search the whole text with
    _Rule(
        "part_of_day_bare",
        _compile(rf"(?:(?P<sig>{_SIGNAL})\s+)?(?:the|that)\s+(?P<pod>{_POD})"),
        _read_part_of_day_anchored,
        None,
    ),
    _Rule(
        "plural_duration",
        _compile(
            r"(?:(?P<mod>many|several|recent|the\s+past|the\s+last|the\s+coming|the\s+next"
            rf"|past|coming)\s+)?(?P<unit>{_UNIT})s"
        ),
        _read_plural_duration,
        None,
    ),
    _Rule(
        "month_bare",
        _compile(rf"(?P<month>{_FULL_MONTH})"),
        _read_month,
        None,
    ),
    _Rule(
        "decade",
        _compile(r"(?:the\s+)?(?:early\s+|mid-?|late\s+)?(?P<dec>(?:19|20)\d0)['’]?s"),
        _read_decade,
        None,
    ),
)

# "lasted a week", "took a year": a duration without a signal word (the verb stays outside)
_DURATION_VERB = re.compile(
    r"\b(?:lasted|lasting|lasts|last|took|takes|take|taking|spent|spend|spends)\s+\Z",
    re.IGNORECASE,
)

# never time expressions, whatever NER says
_AGE = re.compile(rf"(?:{_NUM}|\d+)[- ](?:{_UNIT})s?[- ]olds?|aged\s+\d+", re.IGNORECASE)
_AFTER_AGE = re.compile(r"[- ]olds?\b", re.IGNORECASE)
_LONG_DIGITS = re.compile(r"\d{5,}|\d{3}[\s-]\d{3}[\s-]\d{3,}")
_BARE_NUMBER = re.compile(r"\d{1,4}")
_FREQUENCY_BEFORE = re.compile(r"\b(?:once|twice|thrice|every|each|per)\s+\Z", re.IGNORECASE)
_FREQUENCY_START = re.compile(r"(?:every|each)\b", re.IGNORECASE)
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_ABSOLUTE = re.compile(
    rf"{_MONTH}|\b(?:19|20)\d{{2}}\b|\b\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}\b", re.IGNORECASE
)


def _not_a_time(text: str, before: str, after: str) -> bool:
    """Ages, identifiers, masks, bare numbers or years, and frequencies ("once a week",
    "every day": no point or stretch of time) that NER tags DATE."""
    return bool(
        _FREQUENCY_BEFORE.search(before)
        or _FREQUENCY_START.match(text)
        or _AGE.search(text)
        or (_AFTER_AGE.match(after) and re.search(r"\d|" + _NUMWORD, text, re.IGNORECASE))
        or _LONG_DIGITS.search(text)
        or "#" in text
        or _BARE_NUMBER.fullmatch(text.strip())
    )


# --------------------------------------------------------------------------------------
# Finding spans
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    match: re.Match[str] | None  # a rule's match; None for a spaCy entity no rule found
    rule: _Rule | None
    priority: int = 0  # the rule's place in RULES: the earlier wins a tie


def _read_parts(article: Article, kinds: Iterable[PartKind] | None) -> list[tuple[int, int]]:
    """Stretches of the text to read: parts of ``kinds`` (all but skipped ones when None)."""
    if not article.parts:
        return [(0, len(article.text))]
    wanted = set(kinds) if kinds is not None else None
    return [
        (part.start, part.end)
        for part in article.parts
        if (part.kind in wanted if wanted is not None else part.kind not in SKIPPED_PARTS)
    ]


def _lines(text: str, stretches: Sequence[tuple[int, int]]) -> Iterable[tuple[int, int]]:
    """The lines of each stretch: no time expression runs over a line break."""
    for start, end in stretches:
        position = start
        while position < end:
            stop = text.find("\n", position, end)
            stop = end if stop == -1 else stop
            if stop > position:
                yield position, stop
            position = stop + 1


def _inside(start: int, stretches: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start < e for s, e in stretches)


_NO_CONTEXT = _Context(published=None, anchor=None, previous=None)


def _find_candidates(parsed: ParsedArticle) -> list[_Candidate]:
    text = parsed.article.text  # the same as parsed.doc.text, which spaCy rebuilds per call
    stretches = _read_parts(parsed.article, None)
    found: list[_Candidate] = []
    for start, end in _lines(text, stretches):
        keys = {_token_key(token) for token in _TOKEN.findall(text, start, end)}
        for priority, rule in enumerate(RULES):
            if rule.trigger is None or rule.trigger.isdisjoint(keys):
                continue
            for m in rule.pattern.finditer(text, start, end):
                # a reader refuses a match ("a day after") whatever the context: drop it
                # here, so that it does not hide a spaCy entity or a shorter match
                if rule.read(m, _NO_CONTEXT) is not None:
                    found.append(_Candidate(m.start(), m.end(), m, rule, priority))
    # longest first, then earliest; a candidate that overlaps a kept one is dropped
    found.sort(key=lambda c: (c.start - c.end, c.start, c.priority))
    kept: list[_Candidate] = []
    for cand in found:
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    for ent in parsed.doc.ents:
        if ent.label_ not in NER_LABELS or not _inside(ent.start_char, stretches):
            continue
        start, end = ent.start_char, ent.end_char
        if any(start < k.end and k.start < end for k in kept):
            continue  # a rule read this stretch already
        if _not_a_time(text[start:end], text[max(0, start - 8) : start], text[end : end + 6]):
            continue
        kept.append(_Candidate(start, end, None, None))
    kept.sort(key=lambda c: c.start)
    return kept


# --------------------------------------------------------------------------------------
# Reading spans in order
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Placed:
    start: int
    paragraph: int
    voice: str
    reading: _Reading


def _voice(article: Article, offset: int) -> str:
    part = article.part_at(offset)
    if part is None or part.kind in DATING_PARTS:
        return "outlet"
    return f"{part.kind}-{part.index}-{part.start}"


def _paragraph(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _context(
    placed: Sequence[_Placed], paragraph: int, voice: str, published: date | None
) -> _Context:
    anchor = published
    for earlier in reversed(placed):
        r = earlier.reading
        if earlier.paragraph == paragraph and r.day is not None and r.precision in POINT_PRECISIONS:
            anchor = r.day
            break
    previous = next(
        (p.reading for p in reversed(placed) if p.voice == voice and p.reading.day is not None),
        None,
    )
    return _Context(published=published, anchor=anchor, previous=previous)


_PERIODS = {
    "time": Precision.MINUTE,
    "day": Precision.DAY,
    "week": Precision.WEEK,
    "month": Precision.MONTH,
    "year": Precision.YEAR,
}


class _Dateparser:
    """dateparser, built only when an absolute string is left that no rule reads."""

    def __init__(self, published: date | None) -> None:
        self._published = published
        self._parser: Any = None

    def read(self, text: str) -> _Reading | None:
        if self._parser is None:
            from dateparser.date import DateDataParser  # type: ignore[import-untyped]

            base = self._published or date.today()
            settings = {
                "RELATIVE_BASE": datetime(base.year, base.month, base.day),
                "PREFER_DATES_FROM": "current_period",
            }
            self._parser = DateDataParser(languages=["en"], settings=settings)
        data = self._parser.get_date_data(text)
        moment = data.date_obj
        precision = _PERIODS.get(data.period)
        if not isinstance(moment, datetime) or precision is None:
            return None
        if precision is Precision.MINUTE:
            return _Reading(
                moment.isoformat(timespec="minutes"),
                precision,
                "dateparser",
                day=moment.date(),
                moment=moment,
            )
        return _point(moment.date(), precision, "dateparser")


def _read_entity(
    text: str, start: int, end: int, ctx: _Context, fallback: _Dateparser
) -> _Reading | None:
    """A spaCy entity ``text[start:end]`` no search rule found: any rule that reads all of
    it (in its context), else dateparser for absolute strings, else an unplaced one."""
    for rule in RULES:
        m = rule.pattern.fullmatch(text, start, end)
        if m is not None:
            reading = rule.read(m, ctx)
            if reading is not None:
                return reading
    span = text[start:end]
    if _ABSOLUTE.search(span) and (ctx.published is not None or _HAS_YEAR.search(span)):
        reading = fallback.read(span)
        if reading is not None:
            return reading
    return _unplaced("unresolved")


def extract_times(parsed: ParsedArticle, published: date | None) -> list[TimeExpression]:
    """Time expressions of the article in text order, normalised against ``published``.

    Without a publication date, only explicit dates are placed; relative ones keep
    ``value=None`` with ``derived_from`` saying what they are.
    """
    article = parsed.article
    text = article.text
    fallback = _Dateparser(published)
    placed: list[_Placed] = []
    times: list[TimeExpression] = []
    for cand in _find_candidates(parsed):
        paragraph = _paragraph(text, cand.start)
        voice = _voice(article, cand.start)
        ctx = _context(placed, paragraph, voice, published)
        span_text = text[cand.start : cand.end]
        if cand.rule is not None and cand.match is not None:
            reading = cand.rule.read(cand.match, ctx)
        else:
            reading = _read_entity(text, cand.start, cand.end, ctx, fallback)
        if reading is None:
            continue
        if reading.day is not None:
            placed.append(_Placed(cand.start, paragraph, voice, reading))
        times.append(
            TimeExpression(
                text=TextSpan(cand.start, cand.end, span_text),
                value=reading.value,
                precision=reading.precision,
                derived_from=reading.derived_from,
                duration=reading.duration,
            )
        )
    return times


# --------------------------------------------------------------------------------------
# Publication date
# --------------------------------------------------------------------------------------

_DATE_MENTION = _compile(
    rf"(?:(?P<anchor>as\s+of|today,?|(?:published|updated|posted)(?:\s+on)?:?)\s+)?"
    rf"(?:(?P<wd>{_WEEKDAY}),?\s+(?:the\s+)?)?"
    rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})|(?P<d2>{_DAY})(?:\s+of)?\s+(?P<m2>{_MONTH}))"
    rf"(?:,?\s+(?P<y>{_YEAR}))?"
    r"|(?P<iso>(?:19|20)\d{2}-[01]\d-[0-3]\d)(?![\d-])"
)


@dataclass(frozen=True, slots=True)
class _Mention:
    text: str
    month: int
    day: int
    year: int | None
    weekday: int | None
    anchored: bool

    def on(self, year: int) -> date | None:
        return _date_or_none(self.year or year, self.month, self.day)


def _mentions(text: str, stretches: Sequence[tuple[int, int]]) -> list[_Mention]:
    found: list[_Mention] = []
    for start, end in stretches:
        for m in _DATE_MENTION.finditer(text, start, end):
            groups = m.groupdict()
            anchored = bool(groups.get("anchor"))
            if groups.get("iso"):
                iso = groups["iso"]
                found.append(
                    _Mention(m[0], int(iso[5:7]), int(iso[8:10]), int(iso[:4]), None, anchored)
                )
                continue
            month = MONTHS[_norm(groups.get("m1") or groups.get("m2")).rstrip(".")]
            day = int(re.sub(r"\D", "", groups.get("d1") or groups.get("d2") or ""))
            year = int(groups["y"]) if groups.get("y") else None
            weekday = WEEKDAYS.index(_norm(groups["wd"])) if groups.get("wd") else None
            found.append(_Mention(m[0], month, day, year, weekday, anchored))
    return found


def _article_date(mentions: Sequence[_Mention], year: int, today: date) -> tuple[date, str] | None:
    """The article date and which mention gave it, if every mention fits ``year``.

    Yearless mentions are placed in ``year``; every weekday must agree, and no weekday-dated
    mention (a news day, "Friday, December 8") may lie after ``today``. The date is the
    latest anchored mention ("as of ...", "Published ..."), else the latest date not after
    ``today`` (later ones may be plans).
    """
    placed: list[tuple[date, _Mention]] = []
    for mention in mentions:
        day = mention.on(year)
        if day is None:
            return None
        if mention.weekday is not None and day.weekday() != mention.weekday:
            return None
        placed.append((day, mention))
    anchored = [(day, m) for day, m in placed if m.anchored]
    if anchored:
        day, mention = max(anchored, key=lambda pair: pair[0])
        return (day, f"anchored by {mention.text!r}") if day <= today else None
    if any(day > today for day, m in placed if m.weekday is not None):
        return None  # a news day ("Friday, December 8") after today: the year is wrong
    past = [(day, m) for day, m in placed if day <= today]  # later ones may be plans
    if not past:
        return None
    day, mention = max(past, key=lambda pair: pair[0])
    return day, f"latest date {mention.text!r}"


def infer_published(
    article: Article, doc: Doc, *, today: date | None = None
) -> tuple[date | None, PublishedSource | None, str]:
    """The article's publication date, where it came from, and a one-line reason.

    Metadata wins. Otherwise the dates written in the article's own parts (title, byline,
    body..., not comments or boilerplate) decide: full dates give the year directly; else the
    latest year from ``EARLIEST_YEAR`` to ``today`` in which every "Weekday, Month Day"
    agrees with the calendar. The date is the one anchored by "as of" / "today," /
    "Published", else the latest mentioned up to ``today``. ``doc`` is the
    article's parse, taken for the stage's uniform signature; the rules read ``article.text``.
    """
    if article.published is not None:
        source = article.published_source or PublishedSource.METADATA
        return article.published, source, f"{source.value}: {article.published.isoformat()}"
    today = today or date.today()
    mentions = _mentions(article.text, _read_parts(article, DATING_PARTS))
    full_years = sorted({m.year for m in mentions if m.year is not None}, reverse=True)
    dated_by_weekday = [m for m in mentions if m.weekday is not None and m.year is None]
    if full_years:
        years: Iterable[int] = full_years
        basis = "full dates in the text"
    elif dated_by_weekday:
        years = range(today.year, EARLIEST_YEAR - 1, -1)
        pairs = ", ".join(repr(m.text) for m in dated_by_weekday)
        basis = f"{pairs} fits the calendar (latest such year up to {today.isoformat()})"
    else:
        return None, None, "no full date and no 'Weekday, Month Day' in the text fixes the year"
    for year in years:
        found = _article_date(mentions, year, today)
        if found is not None:
            day, how = found
            return day, PublishedSource.INFERRED, f"inferred {day.isoformat()}: {basis}; {how}"
    if full_years and dated_by_weekday:
        for year in range(today.year, EARLIEST_YEAR - 1, -1):
            found = _article_date(dated_by_weekday, year, today)
            if found is not None:
                day, how = found
                reason = f"inferred {day.isoformat()}: the weekday dates fit {year}; {how}"
                return day, PublishedSource.INFERRED, reason
    return None, None, "the dates in the text fit no year up to today"
