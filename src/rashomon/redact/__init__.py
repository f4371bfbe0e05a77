"""Redact stage: mask national ID numbers, phone numbers and e-mail addresses.

On by default (``Settings.redact``). Masks have exactly the length of what they replace, so
offsets computed on the redacted text are valid for the original too, and vice versa.
"""

from rashomon.redact.identifiers import find_identifiers
from rashomon.redact.masking import LABELS, mask, mask_for, redact_article

__all__ = ["LABELS", "find_identifiers", "mask", "mask_for", "redact_article"]
