"""Turn command-line inputs (files, directories, ``-``, URLs) into articles, in order."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path

import httpx

from rashomon.config import Settings
from rashomon.errors import EMPTY_INPUT, UNSUPPORTED_INPUT, InputError
from rashomon.ingest.files import not_found, read_capped, special_file_error, special_kind
from rashomon.ingest.html import read_html
from rashomon.ingest.jsonl import read_jsonl
from rashomon.ingest.language import LanguageDetector
from rashomon.ingest.text import read_text
from rashomon.ingest.url import fetch_url
from rashomon.model import Article, Skipped
from rashomon.redact import recognisers_for, redact_origin

logger = logging.getLogger(__name__)

STDIN = "-"
STDIN_ORIGIN = "<stdin>"
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".json"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
# Markdown is read when named, not when a directory is expanded: folders hold READMEs.
DIRECTORY_SUFFIXES = SUFFIXES - {".md"}
URL_PREFIXES = ("http://", "https://")


def read_inputs(
    inputs: Sequence[str], settings: Settings, *, client: httpx.Client | None = None
) -> Iterator[Article | Skipped]:
    """One ``Article`` per readable article, one ``Skipped`` per bad input, in input order.

    Inputs are files (``.txt``, ``.text``, ``.md``, ``.html``, ``.htm``, ``.jsonl``,
    ``.json`` lines), directories (their files with those suffixes but ``.md``, recursively,
    sorted, hidden ones left out), ``-`` for text on stdin, or ``http(s)://`` URLs. A bad input
    never stops the batch. The language identifier is built once for the whole call; an
    HTTP client is opened on the first URL (unless ``client`` is given) and closed at the end.
    """
    detector = LanguageDetector()
    with ExitStack() as stack:
        shared: list[httpx.Client] = [client] if client is not None else []

        def http() -> httpx.Client:
            if not shared:
                shared.append(stack.enter_context(httpx.Client(trust_env=False)))
            return shared[0]

        for item in inputs:
            yield from _read_input(item, settings, detector=detector, http=http)


def _read_input(
    item: str,
    settings: Settings,
    *,
    detector: LanguageDetector,
    http: Callable[[], httpx.Client],
) -> Iterator[Article | Skipped]:
    if item == STDIN:
        yield _guard(STDIN_ORIGIN, lambda: _read_stdin(settings, detector))
    elif item.lower().startswith(URL_PREFIXES):
        yield _guard_url(
            item, settings, lambda: fetch_url(item, settings, client=http(), detector=detector)
        )
    elif "://" in item:
        yield _skip(
            item,
            InputError(
                f"{item} is not a supported input: URLs must start with http:// or https://.",
                code=UNSUPPORTED_INPUT,
            ),
        )
    else:
        yield from _read_path(Path(item), settings, detector=detector)


def _read_path(
    path: Path, settings: Settings, *, detector: LanguageDetector
) -> Iterator[Article | Skipped]:
    if path.is_dir():
        files = _directory_files(path)
        if not files:
            yield _skip(
                str(path),
                InputError(
                    f"Directory {str(path)!r} holds no {_suffix_list()} files; "
                    "point at a directory of articles.",
                    code=EMPTY_INPUT,
                ),
            )
        for file in files:
            yield from _read_file(file, settings, detector=detector)
    else:
        yield from _read_file(path, settings, detector=detector)


def _read_file(
    path: Path, settings: Settings, *, detector: LanguageDetector
) -> Iterator[Article | Skipped]:
    origin = str(path)
    suffix = path.suffix.lower()
    kind = _special_kind(path)
    if not path.exists():
        yield _skip(origin, not_found(path))
    elif kind is not None:
        yield _skip(origin, special_file_error(path, kind))
    elif suffix in JSONL_SUFFIXES:
        yield from _guarded_jsonl(path, settings, detector)
    elif suffix in TEXT_SUFFIXES:
        yield _guard(
            origin,
            lambda: read_text(
                read_capped(path, settings), origin=origin, settings=settings, detector=detector
            ),
        )
    elif suffix in HTML_SUFFIXES:
        yield _guard(
            origin,
            lambda: read_html(
                read_capped(path, settings), origin=origin, settings=settings, detector=detector
            ),
        )
    else:
        yield _skip(
            origin,
            InputError(
                f"{origin} has an unsupported type ({suffix or 'no suffix'}); "
                f"rashomon reads {_suffix_list()} files, - (stdin) and http(s):// URLs.",
                code=UNSUPPORTED_INPUT,
            ),
        )


def _guarded_jsonl(
    path: Path, settings: Settings, detector: LanguageDetector
) -> Iterator[Article | Skipped]:
    try:
        yield from read_jsonl(path, settings, detector=detector)
    except InputError as e:  # the file itself: missing or unreadable
        yield _skip(str(path), e)


def _guard(origin: str, read: Callable[[], Article]) -> Article | Skipped:
    """``read()``, or a ``Skipped`` for the ``InputError`` it raises."""
    try:
        return read()
    except InputError as e:
        return _skip(origin, e)


def _guard_url(url: str, settings: Settings, read: Callable[[], Article]) -> Article | Skipped:
    """``_guard`` for a URL input: the ``Skipped`` (and its log line) shows the URL with
    identifiers masked, in its origin and in the message that quotes it, unless redaction
    is off."""
    try:
        return read()
    except InputError as e:
        if not settings.redact:
            return _skip(url, e)
        origin = redact_origin(url, recognisers_for(settings))
        return _skip(origin, InputError(e.message.replace(url, origin), code=e.code))


def _skip(origin: str, error: InputError) -> Skipped:
    logger.info("skipped %s: [%s] %s", origin, error.code, error.message)
    return Skipped(origin, error.code, error.message)


def _special_kind(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (FIFO, device, socket); None when it
    is one or cannot be examined (the reader then reports why)."""
    try:
        return special_kind(path.stat().st_mode)
    except OSError:
        return None


def _read_stdin(settings: Settings, detector: LanguageDetector) -> Article:
    """Text on stdin, read up to one byte past the limit."""
    data = sys.stdin.buffer.read(settings.max_input_bytes + 1)
    return read_text(data, origin=STDIN_ORIGIN, settings=settings, detector=detector)


def _directory_files(directory: Path) -> list[Path]:
    return sorted(
        path
        for path in directory.rglob("*")
        if path.is_file()
        and path.suffix.lower() in DIRECTORY_SUFFIXES
        and not any(p.startswith(".") for p in path.relative_to(directory).parts)
    )


def _suffix_list() -> str:
    return ", ".join(sorted(SUFFIXES))
