"""Readers: one per time rule, each turning a pattern match in its context (publication
date, anchor day, previous time) into a ``TimeReading``, or None when the match is no time
expression."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from rashomon.dates._readings import (
    POINT_PRECISIONS,
    ReadingContext,
    TimeReading,
    coarser,
    day_from,
    iso_duration,
    join_details,
    norm,
    number_value,
    part_of_day_name,
    point_reading,
    shift,
    signal_detail,
    unit_name,
    unplaced,
    with_part_of_day,
)
from rashomon.dates._vocabulary import (
    APPROXIMATE_CLOCK,
    DURATION_QUALIFIERS,
    MONTH_SIGNALS,
    MONTHS,
    PARTS_OF_DAY,
    SIGNALS,
    UNIT_PRECISION,
    VAGUE_NUMBERS,
)
from rashomon.model import Precision

# "lasted a week", "took a year": a duration without a signal word (the verb stays outside)
_DURATION_VERB = re.compile(
    r"\b(?:lasted|lasting|lasts|last|took|takes|take|taking|spent|spend|spends)\s+\Z",
    re.IGNORECASE,
)


def _with_signal(reading: TimeReading | None, m: re.Match[str]) -> TimeReading | None:
    """``reading`` with the signal word ("since", "as of"...) added to ``derived_from``."""
    if reading is None:
        return None
    derived = join_details(reading.derived_from, signal_detail(m))
    return TimeReading(reading.value, reading.precision, derived, day=reading.day)


def read_day(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "Friday", "on November 24", "as of Friday, December 8", "since October 7", "today"."""
    return _with_signal(day_from(m, ctx.published), m)


def read_part_of_day_of(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "the early hours of Friday", "Tuesday night", "yesterday morning"."""
    return _with_signal(with_part_of_day(day_from(m, ctx.published), part_of_day_name(m["pod"])), m)


def read_part_of_day_relative(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "this morning", "last night", "tonight": the article's day (night: the day before)."""
    if ctx.published is None:
        return unplaced("relative")
    rel = norm(m.groupdict().get("rel"))
    part = "night" if m.groupdict().get("tonight") else part_of_day_name(m["pod"])
    day = ctx.published - timedelta(days=1) if rel == "last" else ctx.published
    return TimeReading(
        day.isoformat(),
        Precision.PART_OF_DAY,
        join_details("relative", part, signal_detail(m)),
        day=day,
    )


def read_part_of_day_anchored(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "in the early hours", "the early morning": a part of the anchor day."""
    if ctx.anchor is None:
        return unplaced("anchor")
    return TimeReading(
        ctx.anchor.isoformat(),
        Precision.PART_OF_DAY,
        join_details("anchor", part_of_day_name(m["pod"]), signal_detail(m)),
        day=ctx.anchor,
    )


def read_part_of_day_in_the(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "early in the afternoon", "late in the day", "overnight": part of the anchor day."""
    if ctx.anchor is None:
        return unplaced("anchor")
    part = "overnight" if m.groupdict().get("overnight") else f"{norm(m['edge'])}_{norm(m['pod'])}"
    return TimeReading(
        ctx.anchor.isoformat(), Precision.PART_OF_DAY, join_details("anchor", part), day=ctx.anchor
    )


def read_clock(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "At precisely 2:30 am", "at 14:30 GMT", "at noon on Friday", "at 6:59 p.m. that day".

    A time in GMT or UTC keeps its zone: the value ends in "Z" ("2023-10-17T17:00Z"); one
    without a zone, or in "local time", is the local time of the place and has none."""
    groups = m.groupdict()
    if groups.get("h"):
        hour = int(groups["h"]) % 12 + (12 if norm(groups["ampm"]).startswith("p") else 0)
        minute_text = groups.get("mi")
    elif groups.get("h24"):
        hour, minute_text = int(groups["h24"]), groups.get("mi24")
    else:
        hour, minute_text = (0 if norm(groups.get("cw")) == "midnight" else 12), None
    precision = Precision.MINUTE if minute_text else Precision.HOUR
    minute = int(minute_text) if minute_text else 0
    if groups.get("day"):
        day_reading = day_from(m, ctx.published)
        if day_reading is None:
            return None
        day, derived = day_reading.day, day_reading.derived_from
    elif groups.get("that"):
        day, derived = ctx.topic, "that_day"
    else:
        day, derived = ctx.anchor, "anchor"
    detail = "approximate" if norm(groups.get("mod")) in APPROXIMATE_CLOCK else ""
    derived = join_details(derived, detail, signal_detail(m))
    if day is None:
        return unplaced(derived)
    moment = datetime(day.year, day.month, day.day, hour, minute)
    zone = "Z" if norm(groups.get("zone")) in ("gmt", "utc") else ""
    return TimeReading(
        moment.isoformat(timespec="minutes") + zone, precision, derived, day=day, moment=moment
    )


def read_month(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "in May", "October 2023", "early March": a month, in the article's year or the year
    before (the past reading) when none is written. The searching pattern needs a signal
    word or a year; a bare month name is read only where spaCy tagged it DATE."""
    groups = m.groupdict()
    month = MONTHS[norm(groups.get("month") or groups.get("month2")).rstrip(".")]
    written = groups.get("y") or groups.get("y2")
    if written:
        day, derived = date(int(written), month, 1), "explicit"
    elif ctx.published is None:
        return unplaced("month")
    else:
        year = ctx.published.year - (1 if month > ctx.published.month else 0)
        day, derived = date(year, month, 1), "month"
    signal = norm(groups.get("sig")).rstrip("-")
    signal = SIGNALS.get(signal, MONTH_SIGNALS.get(signal, ""))
    return point_reading(day, Precision.MONTH, join_details(derived, signal))


def read_year(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "in 2022", "since 2007": a year after a temporal preposition."""
    signal = SIGNALS.get(norm(m["sig"]), "")
    return point_reading(date(int(m["y"]), 1, 1), Precision.YEAR, join_details("explicit", signal))


def read_season(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "the summer of 2014", "in winter 2022": the year, the season said in derived_from."""
    season = "autumn" if norm(m["season"]) == "fall" else norm(m["season"])
    derived = join_details("explicit", season, signal_detail(m))
    return point_reading(date(int(m["y"]), 1, 1), Precision.YEAR, derived)


def read_decade(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    return unplaced(join_details("decade", m["dec"] + "s"))


def read_period(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "last week", "this month", "earlier this year"; "the past week" is a duration."""
    unit = unit_name(m["unit"])
    rel = norm(m["rel"])
    if m.groupdict().get("the") and rel in ("past", "last", "next", "coming"):
        return TimeReading(None, None, "duration", duration=iso_duration(1, unit))
    if ctx.published is None:
        return unplaced("relative")
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    precision = UNIT_PRECISION[unit]
    return point_reading(shift(ctx.published, step, unit), precision, "relative")


def read_offset(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "Hours later", "two days later", "three weeks ago", "a day earlier"."""
    unit = unit_name(m["unit"])
    direction = norm(m["dir"])
    num_text = norm(m.groupdict().get("num"))
    amount = number_value(num_text) if num_text and num_text not in VAGUE_NUMBERS else None
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
        return unplaced(derived)
    sub_day = unit in ("second", "minute", "hour")
    if sub_day and amount is not None and base_moment is not None:
        delta = timedelta(**{unit + "s": sign * amount})
        moment = base_moment + delta
        precision = Precision.MINUTE if unit != "hour" else Precision.HOUR
        return TimeReading(
            moment.isoformat(timespec="minutes"),
            precision,
            derived,
            day=moment.date(),
            moment=moment,
        )
    if sub_day:
        # "hours later": the same day as far as we can tell
        coarse = base_precision if base_precision not in POINT_PRECISIONS else Precision.DAY
        return point_reading(base, coarse, derived)
    if amount is None or amount != int(amount):
        return unplaced(join_details(derived, "vague"))
    precision = coarser(UNIT_PRECISION[unit], base_precision)
    return point_reading(shift(base, sign * int(amount), unit), precision, derived)


def read_next_day(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "the next day", "the following morning", "the previous week", "the same day"."""
    which = norm(m["which"])  # "" for "that day": the day just talked about
    unit = norm(m["unit"])
    previous = ctx.previous
    base: date | None = ctx.anchor
    derived = "relative:anchor"
    if previous is not None and previous.day is not None:
        base, derived = previous.day, "relative:previous"
    if base is None:
        return unplaced(derived)
    step = {"next": 1, "following": 1, "previous": -1, "preceding": -1}.get(which, 0)
    if unit in PARTS_OF_DAY:
        day = base + timedelta(days=step)
        return TimeReading(
            day.isoformat(),
            Precision.PART_OF_DAY,
            join_details(derived, part_of_day_name(unit)),
            day=day,
        )
    precision = coarser(UNIT_PRECISION[unit], previous.precision if previous else None)
    return point_reading(shift(base, step, unit), precision, derived)


def read_duration_range(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "three to four weeks", "between 20 and 30 days", "2-3 months" -> "P3W/P4W"."""
    low, high = number_value(m["lo"]), number_value(m["hi"])
    if low is None or high is None or low > high:
        return None
    unit = unit_name(m["unit"])
    return TimeReading(
        None,
        None,
        "duration:range",
        duration=f"{iso_duration(low, unit)}/{iso_duration(high, unit)}",
    )


def read_duration(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "for over two months" -> P2M at least; "seven days" -> P7D; "a few days" vague."""
    groups = m.groupdict()
    unit = unit_name(groups["unit"])
    num_text = norm(groups["num"])
    qualifier = DURATION_QUALIFIERS.get(norm(groups.get("mod")), "")
    if num_text in VAGUE_NUMBERS:
        low, high = VAGUE_NUMBERS[num_text]
        span = iso_duration(low, unit)
        if high != low:
            span += "/" + iso_duration(high, unit)
        return TimeReading(None, None, "duration:vague", duration=span)
    if num_text in ("a", "an") and not (
        groups.get("sig") or groups.get("mod") or _DURATION_VERB.search(m.string, 0, m.start())
    ):
        return None  # "a day after", "once a week": not a duration on its own
    amount = number_value(num_text)
    if amount is None:
        return None
    return TimeReading(
        None, None, join_details("duration", qualifier), duration=iso_duration(amount, unit)
    )


def read_plural_duration(m: re.Match[str], ctx: ReadingContext) -> TimeReading | None:
    """ "for months", "several weeks", "recent days": at least two of the unit."""
    unit = unit_name(m["unit"])
    if norm(m.groupdict().get("mod")) == "several":
        low, high = VAGUE_NUMBERS["several"]
        span = f"{iso_duration(low, unit)}/{iso_duration(high, unit)}"
    else:
        span = iso_duration(2, unit)
    return TimeReading(None, None, "duration:vague", duration=span)
