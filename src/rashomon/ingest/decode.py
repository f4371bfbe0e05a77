"""Bytes to text: refuse empty, binary and undecodable input; normalise newlines."""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

from rashomon.config import Settings
from rashomon.errors import BINARY_INPUT, EMPTY_INPUT, INPUT_TOO_LARGE, UNDECODABLE, InputError

logger = logging.getLogger(__name__)

# Bytes below 0x20 that ordinary text contains: tab, newline, vertical tab, form feed, return.
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r")
_CONTROL_BYTES = frozenset(range(0x20)) - _TEXT_CONTROLS | {0x7F}
_CONTROL_CHARS = frozenset(map(chr, _CONTROL_BYTES))
# Above this share of control characters the input is treated as binary.
MAX_CONTROL_SHARE = 0.05
# How much of the input the binary check looks at.
_SNIFF_BYTES = 65_536
# Byte order marks that make NUL bytes legitimate (UTF-32 first: its LE BOM starts like UTF-16's).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer often ties between single-byte Latin code pages that decode a text
# identically (cp1250, cp1252, cp1257). Among equally good guesses we take windows-1252,
# the code page the WHATWG encoding standard assumes for unlabeled Western pages.
_PREFERRED_ON_TIE = "cp1252"


# Lone UTF-16 surrogates: a Python ``str`` (or a JSON "\\ud965" escape) can hold them, but no
# encoder writes them. Each becomes U+FFFD, one character for one, so offsets stay honest.
_SURROGATES = re.compile("[\ud800-\udfff]")
REPLACEMENT_CHARACTER = "\ufffd"


def replace_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (the length never changes)."""
    if text.isascii():
        return text
    return _SURROGATES.sub(REPLACEMENT_CHARACTER, text)


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes (offsets stay honest)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_binary(data: bytes) -> bool:
    """True for data with NUL bytes or a high share of control bytes."""
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls / len(sample) > MAX_CONTROL_SHARE


def is_binary_text(text: str) -> bool:
    """``is_binary`` for text that arrived already decoded (a JSON string)."""
    sample = text[:_SNIFF_BYTES]
    if "\x00" in sample:
        return True
    if not sample:
        return False
    controls = sum(1 for char in sample if char in _CONTROL_CHARS)
    return controls / len(sample) > MAX_CONTROL_SHARE


def binary_error(origin: str) -> InputError:
    return InputError(
        f"{origin} looks binary (NUL or control bytes), not text; "
        "give a .txt, .html or .jsonl file.",
        code=BINARY_INPUT,
    )


def require_size(size: int, *, origin: str, settings: Settings) -> None:
    """Raise R003 when ``size`` bytes exceed ``settings.max_input_bytes``."""
    if size > settings.max_input_bytes:
        raise too_large(origin, settings=settings, size=size)


def too_large(origin: str, *, settings: Settings, size: int | None = None) -> InputError:
    """The R003 error for ``origin``; ``size`` when known (a download stops at the cap)."""
    limit = settings.max_input_bytes
    size_text = f" {size:,} bytes," if size is not None else ""
    return InputError(
        f"{origin} is{size_text} over the limit of {limit:,} bytes; split it, "
        "or raise max_input_bytes (RASHOMON_MAX_INPUT_BYTES).",
        code=INPUT_TOO_LARGE,
    )


def decode_bytes(data: bytes, *, origin: str, declared: str | None = None) -> str:
    """Decode ``data`` to text with ``\\n`` newlines.

    UTF-8 first (a BOM is stripped), then a UTF-16/32 BOM, then the ``declared`` charset
    (an HTTP header), then charset-normalizer's best guess. Raises ``InputError`` R001 for
    empty data, R002 for binary data and R004 when no encoding is credible.
    """
    if not data:
        raise InputError(f"{origin} is empty; give a file with article text.", code=EMPTY_INPUT)
    wide = next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)
    if wide is None and is_binary(data):
        raise binary_error(origin)
    text = _decode(data, wide=wide, declared=declared)
    if text is None:
        raise InputError(
            f"{origin} could not be decoded as text in any known encoding; "
            "save it as UTF-8 and try again.",
            code=UNDECODABLE,
        )
    return normalise_newlines(text)


def _decode(data: bytes, *, wide: str | None, declared: str | None) -> str | None:
    for encoding in ("utf-8-sig", wide, declared):
        text = _try_decode(data, encoding) if encoding else None
        if text is not None:
            return text
    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None
    for match in results:
        tied = match.chaos == best.chaos and match.coherence == best.coherence
        if tied and match.encoding == _PREFERRED_ON_TIE:
            best = match
            break
    logger.debug("decoded as %s (chaos %.3f)", best.encoding, best.chaos)
    return str(best)


def _try_decode(data: bytes, encoding: str) -> str | None:
    """``data`` decoded strictly with ``encoding``; None when it does not fit (or is unknown)."""
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        logger.debug("%s does not decode the data", encoding)
        return None
