"""JSON Lines corpora to ``Article``s: one object per line, one bad line skips only itself.

The corpus format (``../shared/corpora/*.jsonl``) has the keys ``id``, ``url``, ``outlet``,
``published`` (``YYYY-MM-DD``), ``title``, ``language`` and ``text``; only ``text`` is
required.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from rashomon.config import Settings
from rashomon.errors import (
    MALFORMED_JSONL,
    MISSING_TEXT,
    UNDECODABLE,
    InputError,
)
from rashomon.ingest.decode import normalise_newlines, too_large
from rashomon.ingest.files import open_regular
from rashomon.ingest.language import LanguageDetector, require_english_label
from rashomon.ingest.text import build_article
from rashomon.model import Article, Skipped

logger = logging.getLogger(__name__)

# JSON limits: deeper nesting or longer numbers make a line malformed (R010), so that no
# line can exhaust the parser's recursion or Python's int conversion.
MAX_JSON_DEPTH = 64
MAX_JSON_NUMBER_CHARS = 64
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKETS = re.compile(rb"[\[\]{}]")
# A corpus title line gets a TITLE part only when it is this short (and has no final period).
CORPUS_TITLE_MAX_WORDS = 15
_CHUNK = 1 << 16


def read_jsonl(
    path: str | Path, settings: Settings, *, detector: LanguageDetector | None = None
) -> Iterator[Article | Skipped]:
    """One ``Article`` or ``Skipped`` per non-blank line, in file order.

    ``origin`` is ``"PATH:LINE"``. A line over ``max_input_bytes``, malformed JSON, a value
    that is not an object, or a missing or empty ``text`` becomes a ``Skipped`` and the rest
    of the file is still read. A missing file raises ``InputError`` R012.
    """
    detector = detector if detector is not None else LanguageDetector()
    handle = open_regular(Path(path))
    with handle:
        for lineno, raw in _lines(handle, settings.max_input_bytes):
            origin = f"{path}:{lineno}"
            if raw is None:
                yield _skipped_too_long(origin, settings)
                continue
            if not raw.strip():
                continue
            try:
                yield read_record(raw, origin=origin, settings=settings, detector=detector)
            except InputError as e:
                yield Skipped(origin, e.code, e.message, _record_id(raw))


def read_record(
    raw: bytes, *, origin: str, settings: Settings, detector: LanguageDetector
) -> Article:
    """One corpus line (bytes, without the newline) to an ``Article``."""
    try:
        record = load_json_line(raw)
    except UnicodeDecodeError:
        raise InputError(
            f"Line {origin} is not valid UTF-8; JSON Lines files must be UTF-8.",
            code=UNDECODABLE,
        ) from None
    except json.JSONDecodeError as e:
        raise InputError(
            f"Line {origin} is not valid JSON ({e.msg} at column {e.colno}); "
            "fix or remove that line.",
            code=MALFORMED_JSONL,
        ) from None
    except JsonLimitError as e:
        raise InputError(
            f"Line {origin} is not accepted: {e}; fix or remove that line.",
            code=MALFORMED_JSONL,
        ) from None
    if not isinstance(record, dict):
        raise InputError(
            f"Line {origin} is a JSON {type(record).__name__}, not an object; "
            'each line must be an object like {"text": "..."}.',
            code=MALFORMED_JSONL,
        )
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(
            f'Line {origin} has no non-empty "text" field; add the article text or remove '
            "the line.",
            code=MISSING_TEXT,
        )
    language = _string(record, "language")
    if language is not None:
        require_english_label(language, origin=f"Line {origin}")
    # A known title marks the line equal to it as TITLE; a text that does not start with
    # it keeps its first line, which is a TITLE only when short and title-like.
    return build_article(
        normalise_newlines(text),
        origin=origin,
        settings=settings,
        detector=detector,
        fixed_id=_string(record, "id"),
        title=_string(record, "title"),
        title_max_words=CORPUS_TITLE_MAX_WORDS,
        outlet=_string(record, "outlet"),
        url=_string(record, "url"),
        published=_published(record.get("published"), origin=origin),
    )


class JsonLimitError(ValueError):
    """A JSON line nested too deeply or with a number too long."""


def load_json_line(raw: bytes) -> Any:
    """``json.loads`` of one line (a UTF-8 BOM may open it) within the JSON limits.

    Raises ``UnicodeDecodeError``, ``json.JSONDecodeError`` or ``JsonLimitError``.
    """
    text = raw.decode("utf-8-sig")
    _check_depth(raw)
    try:
        return json.loads(text, parse_int=_parse_int, parse_float=_parse_float)
    except RecursionError:  # the bracket scan above makes this unreachable; kept as a net
        raise JsonLimitError("arrays and objects nest too deeply") from None


def _check_depth(raw: bytes) -> None:
    """Raise ``JsonLimitError`` when arrays and objects nest deeper than MAX_JSON_DEPTH."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return
    depth = 0
    for match in _JSON_BRACKETS.finditer(_JSON_STRING.sub(b'""', raw)):
        depth += 1 if match.group() in (b"[", b"{") else -1
        if depth > MAX_JSON_DEPTH:
            raise JsonLimitError(f"arrays and objects nest deeper than {MAX_JSON_DEPTH} levels")


def _number_chars(text: str) -> None:
    if len(text) > MAX_JSON_NUMBER_CHARS:
        raise JsonLimitError(
            f"a number has {len(text):,} characters (at most {MAX_JSON_NUMBER_CHARS})"
        )


def _parse_int(text: str) -> int:
    _number_chars(text)
    return int(text)


def _parse_float(text: str) -> float:
    _number_chars(text)
    return float(text)


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` with the newline removed; ``None`` for a line over ``limit``.

    Never holds more than ``limit`` + 1 bytes of one line: the rest of an overlong line is
    read in chunks and dropped.
    """
    lineno = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            _drain_line(handle)
            yield lineno, None
            continue
        yield lineno, raw.rstrip(b"\r\n")


def _drain_line(handle: BinaryIO) -> None:
    while True:
        chunk = handle.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _skipped_too_long(origin: str, settings: Settings) -> Skipped:
    error = too_large(f"Line {origin}", settings=settings)
    return Skipped(origin, error.code, error.message)


def _string(record: dict[str, Any], key: str) -> str | None:
    """A non-blank string field, verbatim (numbers as their text); None otherwise."""
    value = record.get(key)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        value = str(value)
    return value if isinstance(value, str) and value.strip() else None


def _published(value: object, *, origin: str) -> date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        logger.debug("ignoring malformed published date %r on %s", value, origin)
        return None


def _record_id(raw: bytes) -> str | None:
    """The ``id`` of a line that could not be read, when it has one (for ``Skipped``)."""
    try:
        record = load_json_line(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, JsonLimitError):
        return None
    return _string(record, "id") if isinstance(record, dict) else None
