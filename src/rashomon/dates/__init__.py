"""Dates stage: when an article was published, when the things it tells of happened, and
which days each time may denote.

``published``: the article's publication date (metadata, or inferred from the text).
``extract``: its time expressions normalised against that date, each with a precision and
how it was derived (the ``_rules`` table, ``_readers``, ``_readings``, ``_patterns``,
``_vocabulary`` and ``_parts`` behind it).
``interval``: the one rule for the days a time expression may denote (``day_interval``,
``event_interval``, ``single_day``), read by events, linking and comparison.

``interval`` loads eagerly; the readers, which need spaCy, load on first use, so that
linking stays light.
"""

from importlib import import_module
from typing import TYPE_CHECKING

from rashomon.dates.interval import (
    DAY_RULE,
    LINK_DAY_RULE,
    SCOPE_DAY_RULE,
    DayRule,
    day_interval,
    event_interval,
    single_day,
)

if TYPE_CHECKING:
    from rashomon.dates.extract import extract_times
    from rashomon.dates.published import infer_published

_LAZY = {"extract_times": "rashomon.dates.extract", "infer_published": "rashomon.dates.published"}

__all__ = [
    "DAY_RULE",
    "LINK_DAY_RULE",
    "SCOPE_DAY_RULE",
    "DayRule",
    "day_interval",
    "event_interval",
    "extract_times",
    "infer_published",
    "single_day",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
