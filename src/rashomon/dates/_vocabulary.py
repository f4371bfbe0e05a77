"""The words time expressions are made of: weekdays, months, numbers, units, signals and
parts of day, each mapped to what it means for normalisation."""

from __future__ import annotations

from rashomon.model import Precision

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
