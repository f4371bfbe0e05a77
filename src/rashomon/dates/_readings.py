"""Readings of time expressions (a value, a precision and how it was derived) and the
calendar arithmetic that produces them: truncation to a precision, month and weekday
placement, shifts by a unit, ISO 8601 durations."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rashomon.dates._vocabulary import (
    MONTHS,
    NUMBER_WORDS,
    PARTS_OF_DAY,
    SIGNALS,
    UNIT_SCALE,
    UNITS,
    WEEKDAYS,
)
from rashomon.model import Precision

POINT_PRECISIONS = frozenset(
    {Precision.MINUTE, Precision.HOUR, Precision.PART_OF_DAY, Precision.DAY}
)


@dataclass(frozen=True, slots=True)
class TimeReading:
    """A normalised expression before it gets its span; ``day``/``moment`` feed anchors."""

    value: str | None
    precision: Precision | None
    derived_from: str
    duration: str | None = None
    day: date | None = None
    moment: datetime | None = None


@dataclass(frozen=True, slots=True)
class ReadingContext:
    published: date | None
    anchor: date | None  # closest preceding day in the paragraph, else the article date
    previous: TimeReading | None  # the last placed time before this one (same voice)
    # "that day": the last day placed before this one that is not a day something was said
    # on ("Human Rights Watch said Sunday"), else None
    topic: date | None = None


def join_details(*parts: str) -> str:
    return ":".join(p for p in parts if p)


def norm(text: str | None) -> str:
    return " ".join(text.lower().split()) if text else ""


def signal_detail(m: re.Match[str]) -> str:
    return SIGNALS.get(norm(m.groupdict().get("sig")), "")


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


def coarser(precision: Precision, other: Precision | None) -> Precision:
    """ "Two days later" than "October 2002" is known to the month, not the day."""
    if other is None or PRECISION_ORDER.index(other) <= PRECISION_ORDER.index(precision):
        return precision
    return other


def point_reading(day: date, precision: Precision, derived_from: str) -> TimeReading:
    day = _truncate(day, precision)
    return TimeReading(day.isoformat(), precision, derived_from, day=day)


def unplaced(derived_from: str) -> TimeReading:
    return TimeReading(None, None, derived_from)


def date_or_none(year: int, month: int, day: int) -> date | None:
    """The date, or None for one the calendar lacks (30 February)."""
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift(day: date, amount: int, unit: str) -> date:
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


def number_value(text: str) -> float | None:
    """3, 1.5, "seven", "twenty-four", "a" -> a number; None when it is not one."""
    word = norm(text)
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


def iso_duration(amount: float, unit: str) -> str:
    time_mark, letter = UNITS[unit]
    return f"P{time_mark}{_iso_amount(amount * UNIT_SCALE.get(unit, 1))}{letter}"


def unit_name(text: str | None) -> str:
    unit = norm(text)
    return unit[:-1] if unit.endswith("s") and unit[:-1] in UNITS else unit


def _weekday_on_or_before(weekday: int, day: date) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def _month_day(month: int, day_of_month: int, published: date) -> date | None:
    """The date of ``month``/``day_of_month`` in the article's year, or the year before when
    it would come after the article (the past reading). None for 30 February."""
    for year in (published.year, published.year - 1):
        candidate = date_or_none(year, month, day_of_month)
        if candidate is None or candidate <= published:
            return candidate
    return None


def day_from(m: re.Match[str], published: date | None) -> TimeReading | None:
    """Read the ``DAY_REF_RE`` groups of ``m``: a day and how it was derived."""
    groups = m.groupdict()
    if groups.get("iso"):
        year, month, day_of_month = (int(part) for part in groups["iso"].split("-"))
        day = date_or_none(year, month, day_of_month)
        return point_reading(day, Precision.DAY, "explicit") if day else None
    month_name = groups.get("m1") or groups.get("m2")
    if month_name:
        month = MONTHS[norm(month_name).rstrip(".")]
        day_of_month = int(re.sub(r"\D", "", groups.get("d1") or groups.get("d2") or ""))
        written = groups.get("y")
        if written:
            day = date_or_none(int(written), month, day_of_month)
            if day is None:
                return None
            derived = "explicit"
        else:
            derived = "month_day"
            day = _month_day(month, day_of_month, published) if published else None
        if day is None:
            return unplaced(derived)
        weekday = groups.get("wd")
        if weekday and WEEKDAYS.index(norm(weekday)) != day.weekday():
            derived = join_details(derived, "weekday_mismatch")
        return point_reading(day, Precision.DAY, derived)
    if groups.get("wd2"):
        if published is None:
            return unplaced("weekday")
        weekday_index = WEEKDAYS.index(norm(groups["wd2"]))
        rel = norm(groups.get("rel"))
        latest = _weekday_on_or_before(weekday_index, published)
        if rel in ("last", "past"):
            day = latest if latest < published else latest - timedelta(days=7)
        elif rel in ("next", "coming"):
            day = latest + timedelta(days=7)
        elif rel == "this":
            day = published + timedelta(days=weekday_index - published.weekday())
        else:
            day = latest
        return point_reading(day, Precision.DAY, "weekday")
    word = norm(groups.get("word"))
    if not word:
        return None
    if published is None:
        return unplaced("relative")
    offsets = {
        "today": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }
    return point_reading(published + timedelta(days=offsets[word]), Precision.DAY, "relative")


def with_part_of_day(reading: TimeReading | None, part: str) -> TimeReading | None:
    if reading is None or reading.day is None:
        return reading
    return TimeReading(
        reading.value,
        Precision.PART_OF_DAY,
        join_details(reading.derived_from, part),
        day=reading.day,
    )


def part_of_day_name(text: str | None) -> str:
    return PARTS_OF_DAY.get(norm(text), norm(text).replace(" ", "_"))
