"""Feeds, sitemaps, URL lists and WARC files, served by a loopback site (tests/ingest/
loopback.py, 127.0.0.1 only; private addresses allowed through ``allow_private_urls``)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from loopback import LoopbackSite, loopback_settings, rss, serve

from rashomon.config import Settings
from rashomon.errors import (
    HTTP_STATUS,
    MALFORMED_SOURCE,
    ROBOTS_DISALLOWED,
    URL_REFUSED,
)
from rashomon.ingest import read_inputs
from rashomon.ingest.crawl import Crawler
from rashomon.ingest.listings import ListingKind, read_listing, sniff
from rashomon.model import Article, PartKind, Skipped


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with serve() as running:
        yield running


def _read(inputs: list[str], settings: Settings, **kwargs: object) -> list[Article | Skipped]:
    return list(read_inputs(inputs, settings, **kwargs))  # type: ignore[arg-type]


def _titles(results: list[Article | Skipped]) -> list[str | None]:
    return [r.title for r in results if isinstance(r, Article)]


def _codes(results: list[Article | Skipped]) -> list[str]:
    return [r.code for r in results if isinstance(r, Skipped)]


def test_feed_url_fetches_teasers_reads_full_items_and_honours_robots(
    site: LoopbackSite,
) -> None:
    results = _read([site.base + "/feed.xml"], loopback_settings())
    assert _titles(results) == [
        "Harbour Bridge Reopens After Storm Repairs",
        "Library To Open On Sundays",
    ]
    bridge, library, memo = results
    assert isinstance(bridge, Article) and isinstance(library, Article)
    assert bridge.url == site.base + "/news/bridge"
    assert bridge.published == date(2024, 4, 18)  # the page has none: the feed's date
    assert bridge.outlet == "Wexmoor Weekly"
    assert any(p.kind is PartKind.CAPTION for p in bridge.parts)
    assert library.url == site.base + "/news/library"
    assert library.published == date(2024, 4, 22)
    assert isinstance(memo, Skipped) and memo.code == ROBOTS_DISALLOWED
    paths = site.paths()
    assert "/news/library" not in paths  # full content: read from the feed
    assert "/private/memo" not in paths  # disallowed: never requested
    assert paths.count("/robots.txt") == 1
    assert {agent for _, agent in site.requests} == {"rashomon-tests/1.0"}


def test_feed_file(site: LoopbackSite, tmp_path: Path) -> None:
    feed = tmp_path / "wexmoor.rss"
    feed.write_text(rss(site.base), encoding="utf-8")
    results = _read([str(feed)], loopback_settings())
    assert len(_titles(results)) == 2
    assert _codes(results) == [ROBOTS_DISALLOWED]


def test_atom_feed_sitemap_index_and_url_list(site: LoopbackSite) -> None:
    atom = _read([site.base + "/atom.xml"], loopback_settings())
    assert _titles(atom) == ["Market Fire Injures Four Traders"]
    sitemap = _read([site.base + "/sitemap.xml"], loopback_settings())
    assert _titles(sitemap) == [
        "Harbour Bridge Reopens After Storm Repairs",
        "Market Fire Injures Four Traders",
    ]
    assert "/sitemap-news.xml" in site.paths()
    listed = _read([site.base + "/list.txt"], loopback_settings())
    assert len(_titles(listed)) == 2
    assert _codes(listed) == [HTTP_STATUS]  # /news/gone: 404, the rest goes on


def test_url_list_file_served_pages(site: LoopbackSite, tmp_path: Path) -> None:
    listing = tmp_path / "stories.txt"
    listing.write_text(f"{site.base}/news/bridge\n{site.base}/news/market\n", encoding="utf-8")
    results = _read([str(listing)], loopback_settings())
    assert len(_titles(results)) == 2
    assert [r.origin for r in results] == [f"{site.base}/news/bridge", f"{site.base}/news/market"]


def test_private_addresses_stay_refused_without_the_setting(site: LoopbackSite) -> None:
    results = _read([site.base + "/feed.xml"], loopback_settings(allow_private_urls=False))
    assert _codes(results) == [URL_REFUSED]


@pytest.mark.parametrize("path", ["/broken.xml", "/data.json"])
def test_bad_listing_is_one_skipped_line(site: LoopbackSite, path: str) -> None:
    (skipped,) = _read([site.base + path], loopback_settings())
    assert isinstance(skipped, Skipped)
    assert skipped.code == MALFORMED_SOURCE
    assert "\n" not in skipped.message


def test_robots_off_fetches_disallowed_pages(site: LoopbackSite) -> None:
    results = _read([site.base + "/feed.xml"], loopback_settings(robots_txt=False))
    assert len(_titles(results)) == 3
    assert "/robots.txt" not in site.paths()


def test_rate_limit_waits_between_requests_to_one_host(site: LoopbackSite) -> None:
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    settings = loopback_settings(crawl_delay=2.0)
    with httpx.Client(trust_env=False) as client:
        crawler = Crawler(settings, client, clock=lambda: now[0], sleep=sleep)
        crawler.fetch(site.base + "/news/bridge")  # robots.txt, then the page
        crawler.fetch(site.base + "/news/market")
    assert waits == [2.0, 2.0]


def test_sitemap_gzip_file(site: LoopbackSite, tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml.gz"
    body = f"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{site.base}/news/market</loc></url></urlset>"""
    path.write_bytes(gzip.compress(body.encode()))
    assert _titles(_read([str(path)], loopback_settings())) == ["Market Fire Injures Four Traders"]


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"https://a.example/1\n\n# note\nhttp://b.example/2\n", ListingKind.URLS),
        (b'<?xml version="1.0"?><rss><channel></channel></rss>', ListingKind.FEED),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', ListingKind.FEED),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', ListingKind.FEED),
        (b"<?xml version='1.0'?><urlset></urlset>", ListingKind.SITEMAP),
        (b"The mayor said https://a.example/1 was wrong.", None),
    ],
)
def test_sniff(data: bytes, kind: ListingKind | None) -> None:
    assert sniff(data) is kind


def test_xml_entities_are_not_expanded() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item><title>&b;</title>
<link>https://a.example/x</link></item></channel></rss>"""
    listing = read_listing(bomb, origin="bomb.rss")
    assert [e.url for e in listing.entries] == ["https://a.example/x"]
    assert "aaaa" not in (listing.entries[0].title or "")


def test_json_feed_and_relative_links() -> None:
    data = b"""{"title": "Wexmoor Weekly", "items": [{"url": "/news/a", "title": "A",
    "date_published": "2024-04-18T08:00:00Z"}]}"""
    listing = read_listing(data, origin="feed.json", base_url="https://w.example/feed.json")
    assert listing.title == "Wexmoor Weekly"
    (entry,) = listing.entries
    assert (entry.url, entry.published) == ("https://w.example/news/a", date(2024, 4, 18))
