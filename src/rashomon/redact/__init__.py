"""Redact stage: mask national ID numbers, phone numbers and e-mail addresses.

On by default (``Settings.redact``). Masks have exactly the length of what they replace, so
offsets computed on the redacted text are valid for the original too, and vice versa.
What is found is a list of recognisers (``Recogniser``): the built-in ones
(``BUILTIN_RECOGNISERS``), the subset the ``redact_recognisers`` setting names
(``recognisers_for``), or any list of your own.
"""

from rashomon.redact.identifiers import (
    BUILTIN_RECOGNISERS,
    PatternRecogniser,
    Recogniser,
    find_identifiers,
    recognisers_named,
)
from rashomon.redact.masking import LABELS, mask, mask_for, redact_article, redact_origin
from rashomon.redact.settings import recognisers_for

__all__ = [
    "BUILTIN_RECOGNISERS",
    "LABELS",
    "PatternRecogniser",
    "Recogniser",
    "find_identifiers",
    "mask",
    "mask_for",
    "recognisers_for",
    "recognisers_named",
    "redact_article",
    "redact_origin",
]
