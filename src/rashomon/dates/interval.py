"""The days a time expression may denote: one rule, read by events, linking and comparison.

``day_interval(time)`` is the first and last day a normalised time may denote:

- a time precise to a day or better (minute, hour, part of day, day): its own day;
- a week: the calendar week its value starts (the readers put a week on its Monday);
- a month or a year: the whole month or year (the readers put it on its first day);
- None without a value, without a precision, or with a value that is no ISO date.

``single_day`` is the day of a time whose interval is one day. Two readers of the rule
widen it their own way, each a named ``DayRule`` kept beside the default so that the
differences stay in sight: linking (``LINK_DAY_RULE``) gives a week the seven days centred
on its Monday and a value without a precision its day; the comparison's scope
(``SCOPE_DAY_RULE``) starts a month or a year at the value's own day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from rashomon.model import Event, Precision, TimeExpression


@dataclass(frozen=True, slots=True)
class DayRule:
    """How ``day_interval`` widens a time's day by its precision."""

    week: tuple[int, int] = (0, 6)  # first and last day of a week, counted from its value
    period_from_value: bool = False  # a month or year starts at the value, not the 1st
    bare_value_is_day: bool = False  # a value without precision denotes its day (else None)


DAY_RULE = DayRule()
LINK_DAY_RULE = DayRule(week=(-3, 3), bare_value_is_day=True)
SCOPE_DAY_RULE = DayRule(period_from_value=True)


def day_interval(time: TimeExpression | None, rule: DayRule = DAY_RULE) -> tuple[date, date] | None:
    """First and last day ``time`` may denote (see the module docstring); None when it
    cannot be placed."""
    if time is None or time.value is None:
        return None
    if time.precision is None and not rule.bare_value_is_day:
        return None
    try:
        day = date.fromisoformat(time.value[:10])
    except ValueError:
        return None
    if time.precision is Precision.WEEK:
        first, last = rule.week
        return day + timedelta(days=first), day + timedelta(days=last)
    if time.precision is Precision.MONTH:
        start = day if rule.period_from_value else day.replace(day=1)
        return start, day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if time.precision is Precision.YEAR:
        start = day if rule.period_from_value else day.replace(month=1, day=1)
        return start, day.replace(month=12, day=31)
    return day, day


def event_interval(event: Event, rule: DayRule = DAY_RULE) -> tuple[date, date] | None:
    """The days the event's time may denote; None without a time that can be placed."""
    return day_interval(event.when, rule)


def single_day(time: TimeExpression | None, rule: DayRule = DAY_RULE) -> date | None:
    """The day ``time`` denotes when it is precise to a day or better, else None."""
    span = day_interval(time, rule)
    return span[0] if span is not None and span[0] == span[1] else None
