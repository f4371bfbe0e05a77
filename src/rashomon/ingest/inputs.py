"""Turn command-line inputs (files, directories, ``-``, URLs, feeds, sitemaps, URL lists,
WARC files) into articles, in order."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path

import httpx

from rashomon.config import Settings
from rashomon.errors import EMPTY_INPUT, MALFORMED_SOURCE, UNSUPPORTED_INPUT, InputError
from rashomon.ingest.crawl import Crawler
from rashomon.ingest.files import not_found, read_capped, special_file_error, special_kind
from rashomon.ingest.follow import follow
from rashomon.ingest.html import read_html
from rashomon.ingest.jsonl import read_jsonl
from rashomon.ingest.language import LanguageDetector
from rashomon.ingest.listings import Listing, ListingKind, read_listing, sniff, ungzip
from rashomon.ingest.text import read_text
from rashomon.ingest.url import FEED_ACCEPT, FEED_TYPES, HTML_TYPES, PAGE_TYPES, read_fetched
from rashomon.ingest.warc import WARC_SUFFIXES, WarcWriter, is_warc_path, read_warc
from rashomon.model import Article, Skipped
from rashomon.redact import recognisers_for, redact_origin

logger = logging.getLogger(__name__)

STDIN = "-"
STDIN_ORIGIN = "<stdin>"
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".json"})
# feeds, sitemaps (also gzipped) and URL lists; a .txt file holding only URLs is a URL list
LISTING_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".gz", ".urls"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | LISTING_SUFFIXES
# Markdown is read when named, not when a directory is expanded: folders hold READMEs;
# feeds and sitemaps neither (a folder of pages may hold stray XML), WARC files are.
DIRECTORY_SUFFIXES = (SUFFIXES - {".md"} - LISTING_SUFFIXES) | {".warc"}
URL_PREFIXES = ("http://", "https://")


def read_inputs(
    inputs: Sequence[str],
    settings: Settings,
    *,
    client: httpx.Client | None = None,
    archive: Path | None = None,
) -> Iterator[Article | Skipped]:
    """One ``Article`` per readable article, one ``Skipped`` per bad input, in input order.

    Inputs are files (``.txt``, ``.text``, ``.md``, ``.html``, ``.htm``, ``.jsonl``,
    ``.json`` lines), feeds and sitemaps (``.xml``, ``.rss``, ``.atom``, ``.xml.gz``), URL
    lists (``.urls``, or a ``.txt`` of only URLs), WARC files (``.warc``, ``.warc.gz``),
    directories (their article and WARC files, recursively, sorted, hidden ones and ``.md``
    left out), ``-`` for text on stdin, or ``http(s)://`` URLs (a page, a feed or a
    sitemap, told by what comes back). A feed's, sitemap's or list's pages are fetched
    politely (``crawl.Crawler``). A bad input never stops the batch. The language
    identifier is built once for the whole call; an HTTP client is opened on the first URL
    (unless ``client`` is given) and closed at the end. With ``archive``, every response
    received is written to a WARC file in that directory (``warc.WarcWriter``).
    """
    detector = LanguageDetector()
    with ExitStack() as stack:
        writer = stack.enter_context(WarcWriter(archive)) if archive is not None else None
        shared: list[Crawler] = []

        def crawler() -> Crawler:
            if not shared:
                http = client or stack.enter_context(httpx.Client(trust_env=False))
                shared.append(Crawler(settings, http, archive=writer))
            return shared[0]

        for item in inputs:
            yield from _read_input(item, settings, detector=detector, crawler=crawler)


def _read_input(
    item: str,
    settings: Settings,
    *,
    detector: LanguageDetector,
    crawler: Callable[[], Crawler],
) -> Iterator[Article | Skipped]:
    if item == STDIN:
        yield _guard(STDIN_ORIGIN, lambda: _read_stdin(settings, detector))
    elif item.lower().startswith(URL_PREFIXES):
        yield from _read_url(item, settings, detector=detector, crawler=crawler)
    elif "://" in item:
        yield _skip(
            item,
            InputError(
                f"{item} is not a supported input: URLs must start with http:// or https://.",
                code=UNSUPPORTED_INPUT,
            ),
        )
    else:
        yield from _read_path(Path(item), settings, detector=detector, crawler=crawler)


def _read_url(
    url: str,
    settings: Settings,
    *,
    detector: LanguageDetector,
    crawler: Callable[[], Crawler],
) -> Iterator[Article | Skipped]:
    """A URL given by a person: a page (no robots.txt check: it is not a crawl), or a feed,
    sitemap or URL list whose pages are then fetched as a crawl."""
    try:
        fetched = crawler().fetch(
            url,
            types=PAGE_TYPES | FEED_TYPES,
            accept=FEED_ACCEPT.replace("text/html;q=0.5", "text/html"),
            robots=False,
        )
        listing = None
        if fetched.mime not in HTML_TYPES:
            data = ungzip(fetched.body, origin=f"URL {url}", limit=settings.max_input_bytes)
            if sniff(data) is not None:
                listing = read_listing(data, origin=f"URL {url}", base_url=fetched.final)
            elif fetched.mime not in PAGE_TYPES:
                raise InputError(
                    f"URL {url} is {fetched.mime}, but neither a feed nor a sitemap; "
                    "rashomon reads web pages, text, feeds, sitemaps and URL lists.",
                    code=MALFORMED_SOURCE,
                )
    except InputError as e:
        yield _guard_url(url, settings, _raise(e))
        return
    if listing is None:
        yield _guard_url(url, settings, lambda: read_fetched(fetched, settings, detector=detector))
    else:
        yield from _read_listing(listing, url, settings, detector=detector, crawler=crawler)


def _read_listing(
    listing: Listing,
    origin: str,
    settings: Settings,
    *,
    detector: LanguageDetector,
    crawler: Callable[[], Crawler],
) -> Iterator[Article | Skipped]:
    tasks = follow(listing, origin=origin, settings=settings, crawler=crawler(), detector=detector)
    for where, read in tasks:
        yield _guard_url(where, settings, read)


def _raise(error: InputError) -> Callable[[], Article]:
    def read() -> Article:
        raise error

    return read


def _read_path(
    path: Path,
    settings: Settings,
    *,
    detector: LanguageDetector,
    crawler: Callable[[], Crawler],
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
            yield from _read_file(file, settings, detector=detector, crawler=crawler)
    else:
        yield from _read_file(path, settings, detector=detector, crawler=crawler)


def _read_file(
    path: Path,
    settings: Settings,
    *,
    detector: LanguageDetector,
    crawler: Callable[[], Crawler],
) -> Iterator[Article | Skipped]:
    origin = str(path)
    suffix = path.suffix.lower()
    kind = _special_kind(path)
    if not path.exists():
        yield _skip(origin, not_found(path))
    elif kind is not None:
        yield _skip(origin, special_file_error(path, kind))
    elif is_warc_path(path):
        yield from read_warc(path, settings, detector=detector)
    elif suffix in JSONL_SUFFIXES:
        yield from _guarded_jsonl(path, settings, detector)
    elif suffix in LISTING_SUFFIXES or (suffix in TEXT_SUFFIXES and _is_url_list(path)):
        try:
            data = ungzip(
                read_capped(path, settings), origin=origin, limit=settings.max_input_bytes
            )
            listing = read_listing(data, origin=origin)
        except InputError as e:
            yield _skip(origin, e)
            return
        yield from _read_listing(listing, origin, settings, detector=detector, crawler=crawler)
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


def _is_url_list(path: Path) -> bool:
    """Whether a text file holds nothing but URLs, one a line (read its first 64 KiB)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65_536)
    except OSError:
        return False  # the text reader reports why it cannot be read
    return sniff(head) is ListingKind.URLS


def _directory_files(directory: Path) -> list[Path]:
    return sorted(
        path
        for path in directory.rglob("*")
        if path.is_file()
        and (path.suffix.lower() in DIRECTORY_SUFFIXES or is_warc_path(path))
        and not any(p.startswith(".") for p in path.relative_to(directory).parts)
    )


def _suffix_list() -> str:
    return ", ".join(sorted(SUFFIXES | set(WARC_SUFFIXES)))
