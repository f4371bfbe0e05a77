"""Stable article ids: the same text always gets the same id, and no id reveals redacted text."""

from __future__ import annotations

import hashlib

from rashomon.ingest.decode import replace_surrogates
from rashomon.redact.identifiers import find_identifiers
from rashomon.redact.masking import mask

ID_PREFIX = "a"
ID_HEX_CHARS = 16


def article_id(text: str) -> str:
    """``"a"`` + the first 16 hex digits of the SHA-256 of ``text`` *as redacted*,
    whitespace-normalised.

    The identifiers redaction masks (ID numbers, phone numbers, e-mail addresses) are masked
    before hashing, whether or not the outputs are redacted: an id printed beside a redacted
    text must not let anyone recover a masked number by hashing guesses (issue 13), and a
    text gets the same id with and without ``--no-redact``. Leading and trailing whitespace
    is dropped and every run of whitespace counts as one space, so re-wrapped copies of one
    text share an id. Lone surrogates are hashed as U+FFFD.
    """
    redacted = mask(text, find_identifiers(text))
    canonical = " ".join(replace_surrogates(redacted).split())
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return ID_PREFIX + digest[:ID_HEX_CHARS]


def has_identifier(value: str) -> bool:
    """Whether redaction would mask something in ``value`` (a given id, an outlet name)."""
    return bool(find_identifiers(value))
