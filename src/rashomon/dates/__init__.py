"""Dates stage: when an article was published and when the things it tells of happened.

``published``: the article's publication date (metadata, or inferred from the text).
``extract``: its time expressions normalised against that date, each with a precision and
how it was derived (the ``_rules`` table, ``_readers``, ``_readings``, ``_patterns``,
``_vocabulary`` and ``_parts`` behind it).
"""

from rashomon.dates.extract import extract_times
from rashomon.dates.published import infer_published

__all__ = ["extract_times", "infer_published"]
