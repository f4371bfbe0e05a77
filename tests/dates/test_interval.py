"""dates.interval: the one rule for the days a time expression may denote, and the two
named variants linking and the comparison's scope read it with."""

from __future__ import annotations

from datetime import date

import pytest

from rashomon.dates import (
    LINK_DAY_RULE,
    SCOPE_DAY_RULE,
    day_interval,
    event_interval,
    single_day,
)
from rashomon.model import Event, EventType, Precision, TextSpan, TimeExpression

D = date


def when(value: str | None, precision: Precision | None) -> TimeExpression:
    return TimeExpression(TextSpan(0, 4, "then"), value, precision, "explicit")


@pytest.mark.parametrize(
    ("value", "precision", "days"),
    [
        ("2024-03-15T21:00", Precision.HOUR, (D(2024, 3, 15), D(2024, 3, 15))),
        ("2024-03-15", Precision.PART_OF_DAY, (D(2024, 3, 15), D(2024, 3, 15))),
        ("2024-03-15", Precision.DAY, (D(2024, 3, 15), D(2024, 3, 15))),
        ("2024-03-04", Precision.WEEK, (D(2024, 3, 4), D(2024, 3, 10))),
        ("2024-02-01", Precision.MONTH, (D(2024, 2, 1), D(2024, 2, 29))),
        ("2023-12-01", Precision.MONTH, (D(2023, 12, 1), D(2023, 12, 31))),
        ("2022-01-01", Precision.YEAR, (D(2022, 1, 1), D(2022, 12, 31))),
        ("2024-03-15", None, None),
        (None, Precision.DAY, None),
        ("2020", Precision.YEAR, None),
    ],
)
def test_day_interval(
    value: str | None, precision: Precision | None, days: tuple[date, date] | None
) -> None:
    assert day_interval(when(value, precision)) == days


def test_no_time_no_days() -> None:
    assert day_interval(None) is None
    assert single_day(None) is None


def test_link_rule_centres_weeks_and_reads_bare_values() -> None:
    assert day_interval(when("2024-03-04", Precision.WEEK), LINK_DAY_RULE) == (
        D(2024, 3, 1),
        D(2024, 3, 7),
    )
    assert day_interval(when("2024-03-15", None), LINK_DAY_RULE) == (D(2024, 3, 15),) * 2
    assert single_day(when("2024-03-15", None), LINK_DAY_RULE) == D(2024, 3, 15)
    assert day_interval(when("2024-02-10", Precision.MONTH), LINK_DAY_RULE) == (
        D(2024, 2, 1),
        D(2024, 2, 29),
    )


def test_scope_rule_starts_periods_at_the_value() -> None:
    assert day_interval(when("2024-02-10", Precision.MONTH), SCOPE_DAY_RULE) == (
        D(2024, 2, 10),
        D(2024, 2, 29),
    )
    assert day_interval(when("2024-06-10", Precision.YEAR), SCOPE_DAY_RULE) == (
        D(2024, 6, 10),
        D(2024, 12, 31),
    )
    assert day_interval(when("2024-03-15", None), SCOPE_DAY_RULE) is None


def test_single_day_only_for_a_day_or_finer() -> None:
    assert single_day(when("2024-03-15T21:00", Precision.MINUTE)) == D(2024, 3, 15)
    assert single_day(when("2024-03-04", Precision.WEEK)) is None
    assert single_day(when("2024-02-01", Precision.MONTH)) is None


def test_event_interval_reads_the_event_time() -> None:
    event = Event(
        id="ev-1",
        type=EventType.ATTACK,
        plover="ASSAULT",
        trigger=TextSpan(0, 6, "attack"),
        when=when("2024-03-04", Precision.WEEK),
    )
    assert event_interval(event) == (D(2024, 3, 4), D(2024, 3, 10))
    assert event_interval(event, LINK_DAY_RULE) == (D(2024, 3, 1), D(2024, 3, 7))
