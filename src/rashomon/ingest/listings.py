"""Lists of articles: RSS/Atom/JSON feeds, XML and text sitemaps, and plain URL lists.

``read_listing`` reads one such document (bytes from a file or a download) into entries:
each entry is a page URL, and for feeds its title, date and, when the feed carries it, the
item's content. Nothing here touches the network: pages and nested sitemaps are fetched by
the caller through ``crawl.Crawler`` (guards, robots.txt, rate limit).

trafilatura's helpers are used to recognise a document (``feeds.is_potential_feed``,
``sitemaps.SITEMAP_FORMAT``) but not to extract links: they run every link through courlan,
which drops addresses with ports or IP hosts and links to other domains (an aggregator's
feed, a newsroom's loopback test server), and they fetch by themselves. Links are read here
with lxml, with entities and network access off.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from rashomon.errors import INPUT_TOO_LARGE, MALFORMED_SOURCE, InputError
from rashomon.ingest.decode import decode_bytes

# An item whose content has at least this many words is the article itself (a "full"
# feed); a shorter one is a teaser and the item's page is fetched instead.
FULL_CONTENT_WORDS = 150
_URL_LINE = re.compile(r"https?://\S+", re.IGNORECASE)
_GZIP_MAGIC = b"\x1f\x8b"


class ListingKind(StrEnum):
    FEED = "feed"
    SITEMAP = "sitemap"
    URLS = "urls"


@dataclass(frozen=True, slots=True)
class Entry:
    """One article named by a listing. ``content`` is an item's full HTML, when given."""

    url: str | None
    title: str | None = None
    published: date | None = None
    content: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    kind: ListingKind
    entries: tuple[Entry, ...]
    title: str | None = None  # the feed's title (the outlet)
    sitemaps: tuple[str, ...] = ()  # a sitemap index's sitemaps, to fetch in turn


def ungzip(data: bytes, *, origin: str, limit: int) -> bytes:
    """``data`` decompressed when it is gzip (``sitemap.xml.gz``), at most ``limit`` bytes."""
    if not data.startswith(_GZIP_MAGIC):
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as e:
        raise InputError(
            f"{origin} is a broken gzip file ({e}); download it again.", code=MALFORMED_SOURCE
        ) from None
    if len(out) > limit:
        raise InputError(
            f"{origin} is over {limit:,} bytes once decompressed; it is not read.",
            code=INPUT_TOO_LARGE,
        )
    return out


def sniff(data: bytes) -> ListingKind | None:
    """What ``data`` is: a feed, a sitemap, a URL list, or None (an article)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    text = head.decode("utf-8", errors="replace")
    if text.startswith("{") and '"items"' in data[:100_000].decode("utf-8", "replace"):
        return ListingKind.FEED
    if "<" in text:  # markup: trafilatura is imported only then (0.25 s)
        from trafilatura.feeds import is_potential_feed
        from trafilatura.sitemaps import SITEMAP_FORMAT

        lowered = text.lower()
        sitemap = re.search(r"<(?:\w+:)?(?:urlset|sitemapindex)\b", lowered)
        if SITEMAP_FORMAT.match(text) and sitemap:
            return ListingKind.SITEMAP
        if is_potential_feed(text) and re.search(r"<(?:\w+:)?(?:rss|feed|rdf)\b", lowered):
            return ListingKind.FEED
    lines = [
        line.strip()
        for line in data[:200_000].decode("utf-8", "replace").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if lines and all(_URL_LINE.fullmatch(line) for line in lines):
        return ListingKind.URLS
    return None


def read_listing(data: bytes, *, origin: str, base_url: str | None = None) -> Listing:
    """The entries of a feed, sitemap or URL list; raises ``InputError`` R019 when ``data``
    is none of them or cannot be parsed. Relative links are resolved against ``base_url``."""
    kind = sniff(data)
    if kind is None:
        raise InputError(
            f"{origin} is not a feed (RSS, Atom, JSON Feed), a sitemap or a list of URLs "
            "(one http(s):// address a line).",
            code=MALFORMED_SOURCE,
        )
    if kind is ListingKind.URLS:
        text = decode_bytes(data, origin=origin)
        urls = [
            line.strip()
            for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        return Listing(kind, tuple(Entry(url) for url in dict.fromkeys(urls)))
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _json_feed(data, origin=origin, base=base_url)
    root = _parse_xml(data, origin=origin)
    if kind is ListingKind.SITEMAP:
        return _sitemap(root, base=base_url)
    return _xml_feed(root, base=base_url)


def _parse_xml(data: bytes, *, origin: str) -> Any:
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as e:
        raise InputError(
            f"{origin} is malformed XML ({' '.join(str(e).split())}); check the feed or "
            "sitemap address.",
            code=MALFORMED_SOURCE,
        ) from None
    if root is None:
        raise InputError(f"{origin} holds no XML document.", code=MALFORMED_SOURCE)
    return root


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _children(element: Any, name: str) -> list[Any]:
    return [c for c in element if _local(c.tag) == name]


def _first_text(element: Any, *names: str) -> str | None:
    for name in names:
        for child in _children(element, name):
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None


def _link(base: str | None, value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    return urljoin(base, value) if base else value


def _sitemap(root: Any, *, base: str | None) -> Listing:
    if _local(root.tag) == "sitemapindex":
        nested = [
            _link(base, _first_text(s, "loc")) for s in root.iter() if _local(s.tag) == "sitemap"
        ]
        return Listing(ListingKind.SITEMAP, (), sitemaps=tuple(u for u in nested if u))
    entries: list[Entry] = []
    for node in root.iter():
        if _local(node.tag) != "url":
            continue
        url = _link(base, _first_text(node, "loc"))
        if url is None:
            continue
        news = next((n for n in node.iter() if _local(n.tag) == "news"), None)
        published = _date(_first_text(news, "publication_date") if news is not None else None)
        title = _first_text(news, "title") if news is not None else None
        entries.append(Entry(url, title=title, published=published))
    return Listing(ListingKind.SITEMAP, tuple(entries))


def _xml_feed(root: Any, *, base: str | None) -> Listing:
    name = _local(root.tag)
    if name == "feed":  # Atom
        items = _children(root, "entry")
        channel = root
    else:  # RSS 2.0 (rss/channel/item) or RSS 1.0 (rdf:RDF/item)
        channel = next((c for c in root.iter() if _local(c.tag) == "channel"), root)
        items = [i for i in root.iter() if _local(i.tag) == "item"]
    entries = [_xml_item(item, base=base) for item in items]
    return Listing(ListingKind.FEED, tuple(entries), title=_first_text(channel, "title"))


def _xml_item(item: Any, *, base: str | None) -> Entry:
    url = None
    for link in _children(item, "link"):
        href = link.get("href")
        if href is not None and link.get("rel", "alternate") == "alternate":
            url = href
            break
        if href is None and (link.text or "").strip():
            url = link.text.strip()
            break
    if url is None:
        guid = next(iter(_children(item, "guid")), None)
        if guid is not None and guid.get("isPermaLink", "true") == "true":
            url = (guid.text or "").strip() or None
    content = _first_text(item, "encoded", "content") or _first_text(item, "description")
    published = _date(_first_text(item, "pubdate", "published", "date", "updated", "issued"))
    return Entry(
        _link(base, url),
        title=_first_text(item, "title"),
        published=published,
        content=content if content and _words(content) >= FULL_CONTENT_WORDS else None,
    )


def _json_feed(data: bytes, *, origin: str, base: str | None) -> Listing:
    try:
        loaded = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise InputError(
            f"{origin} is not valid JSON Feed ({e}); check the feed address.",
            code=MALFORMED_SOURCE,
        ) from None
    items = loaded.get("items") if isinstance(loaded, dict) else None
    if not isinstance(items, list):
        raise InputError(f"{origin} is JSON without a list of items.", code=MALFORMED_SOURCE)
    entries: list[Entry] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        url = item.get("url") or item.get("external_url")
        content = item.get("content_html") or item.get("content_text")
        title = item.get("title")
        published = item.get("date_published")
        entries.append(
            Entry(
                _link(base, url if isinstance(url, str) else None),
                title=title if isinstance(title, str) else None,
                published=_date(published if isinstance(published, str) else None),
                content=content
                if isinstance(content, str) and _words(content) >= FULL_CONTENT_WORDS
                else None,
            )
        )
    title = loaded.get("title")
    return Listing(
        ListingKind.FEED, tuple(entries), title=title if isinstance(title, str) else None
    )


def _words(html: str) -> int:
    text = html
    if "<" in html:
        try:
            text = lxml.html.fromstring(html).text_content()
        except (lxml.etree.ParserError, ValueError):
            text = re.sub(r"<[^>]+>", " ", html)
    return len(text.split())


def _date(value: str | None) -> date | None:
    """A feed's date: ISO 8601 (Atom, sitemaps, JSON Feed) or RFC 822 (RSS); None if not."""
    if not value:
        return None
    value = value.strip()
    return _iso(value) or _iso(value[:10]) or _rfc822(value)


def _iso(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _rfc822(value: str) -> date | None:
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None
