"""Follow a listing (feed, sitemap, URL list): one reading task per article it names.

Each task is ``(origin, read)``: ``read()`` returns the ``Article`` or raises
``InputError``, so that ``inputs.read_inputs`` turns one bad page into one ``Skipped`` and
goes on. A feed item carrying its full content is read from the feed; any other entry's page
is fetched through the run's ``Crawler`` (robots.txt, rate limit, archive). A sitemap
index's sitemaps are fetched in turn, at most ``MAX_SITEMAP_DEPTH`` levels deep. At most
``settings.max_feed_items`` pages are taken from one listing.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Iterator
from dataclasses import replace

from rashomon.config import Settings
from rashomon.errors import NO_ARTICLE_TEXT, InputError
from rashomon.ingest.crawl import Crawler
from rashomon.ingest.html import read_html
from rashomon.ingest.language import LanguageDetector
from rashomon.ingest.listings import Entry, Listing, ListingKind, read_listing, ungzip
from rashomon.ingest.url import FEED_ACCEPT, FEED_TYPES, HTML_TYPES, read_fetched
from rashomon.model import Article, PublishedSource

logger = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 3
MAX_SITEMAPS = 100

Task = tuple[str, Callable[[], Article]]


def follow(
    listing: Listing,
    *,
    origin: str,
    settings: Settings,
    crawler: Crawler,
    detector: LanguageDetector,
) -> Iterator[Task]:
    """The reading tasks of ``listing`` (read from ``origin``), in listing order."""
    taken = 0
    for entry in _entries(listing, settings=settings, crawler=crawler):
        if isinstance(entry, InputError):
            yield entry.message, _raise(entry)
            continue
        if taken >= settings.max_feed_items:
            logger.warning(
                "%s: only the first %d entries are read (max_feed_items)",
                origin,
                settings.max_feed_items,
            )
            return
        taken += 1
        where = entry.url or f"{origin} item {taken}"
        yield where, _reader(entry, listing, settings=settings, crawler=crawler, detector=detector)


def _entries(
    listing: Listing, *, settings: Settings, crawler: Crawler
) -> Iterator[Entry | InputError]:
    """The listing's entries, then those of its nested sitemaps (fetched on the way)."""
    yield from listing.entries
    queue = [(url, 1) for url in listing.sitemaps]
    seen: set[str] = set()
    while queue and len(seen) < MAX_SITEMAPS:
        url, depth = queue.pop(0)
        if url in seen or depth > MAX_SITEMAP_DEPTH:
            continue
        seen.add(url)
        try:
            nested = fetch_listing(url, settings=settings, crawler=crawler)
        except InputError as e:
            yield e
            continue
        yield from nested.entries
        queue.extend((child, depth + 1) for child in nested.sitemaps)


def fetch_listing(url: str, *, settings: Settings, crawler: Crawler) -> Listing:
    """A feed or sitemap downloaded through ``crawler`` (robots.txt honoured)."""
    fetched = crawler.fetch(url, types=FEED_TYPES | HTML_TYPES, accept=FEED_ACCEPT)
    data = ungzip(fetched.body, origin=url, limit=settings.max_input_bytes)
    return read_listing(data, origin=f"URL {url}", base_url=fetched.final)


def _raise(error: InputError) -> Callable[[], Article]:
    def read() -> Article:
        raise error

    return read


def _reader(
    entry: Entry,
    listing: Listing,
    *,
    settings: Settings,
    crawler: Crawler,
    detector: LanguageDetector,
) -> Callable[[], Article]:
    def read() -> Article:
        article: Article | None = None
        if entry.content is not None:
            article = _from_content(entry, settings=settings, detector=detector)
        if article is None:
            if entry.url is None:
                raise InputError(
                    f"A {listing.kind} item ({entry.title or 'untitled'}) has neither a link "
                    "nor its full text.",
                    code=NO_ARTICLE_TEXT,
                )
            fetched = crawler.fetch(entry.url)
            article = read_fetched(fetched, settings, detector=detector)
        return _with_entry(article, entry, listing)

    return read


def _from_content(
    entry: Entry, *, settings: Settings, detector: LanguageDetector
) -> Article | None:
    """A full feed item read as a page; None when no article text comes out of it."""
    title = html.escape(entry.title or "")
    page = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{entry.content}</article></body></html>"
    )
    try:
        return read_html(
            page,
            origin=entry.url or "feed item",
            url=entry.url,
            settings=settings,
            detector=detector,
        )
    except InputError as e:
        if e.code != NO_ARTICLE_TEXT or entry.url is None:
            raise
        logger.info("feed item %s: no text in its content, its page is fetched", entry.url)
        return None


def _with_entry(article: Article, entry: Entry, listing: Listing) -> Article:
    """What the listing knows and the page does not say: date, outlet, URL."""
    if article.published is None and entry.published is not None:
        article = replace(
            article, published=entry.published, published_source=PublishedSource.METADATA
        )
    if article.outlet is None and listing.kind is ListingKind.FEED and listing.title:
        article = replace(article, outlet=listing.title)
    if article.url is None and entry.url is not None:
        article = replace(article, url=entry.url)
    return article
