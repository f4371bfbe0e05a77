"""WARC files: written by ``read_inputs(archive=...)`` from the loopback site, read back."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from loopback import LoopbackSite, loopback_settings, serve
from warcio.archiveiterator import ArchiveIterator

from rashomon.errors import MALFORMED_SOURCE
from rashomon.ingest import read_inputs
from rashomon.model import Article, Skipped


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with serve() as running:
        yield running


@pytest.fixture
def archived(site: LoopbackSite, tmp_path: Path) -> tuple[list[Article | Skipped], Path]:
    directory = tmp_path / "archive"
    results = list(read_inputs([site.base + "/feed.xml"], loopback_settings(), archive=directory))
    (warc,) = directory.glob("rashomon-*.warc.gz")
    return results, warc


def test_archive_holds_every_response(archived: tuple[list[Article | Skipped], Path]) -> None:
    _, warc = archived
    with warc.open("rb") as handle:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"))
            for r in ArchiveIterator(handle)
        ]
    responses = [uri.split("/", 3)[-1] for kind, uri in records if kind == "response"]
    assert responses == ["feed.xml", "robots.txt", "news/bridge"]
    assert [kind for kind, _ in records].count("request") == 3


def test_warc_read_back_gives_the_same_articles(
    archived: tuple[list[Article | Skipped], Path],
) -> None:
    results, warc = archived
    fetched = next(r for r in results if isinstance(r, Article) and r.url and "bridge" in r.url)
    (again,) = read_inputs([str(warc)], loopback_settings(allow_private_urls=False))
    assert isinstance(again, Article)
    assert again.text == fetched.text and again.id == fetched.id
    assert again.url == fetched.url
    assert again.published == datetime.now(UTC).date()  # the page has no date: WARC-Date
    assert again.origin.endswith(".warc.gz#5")  # record 5: the page (response first)


def test_warc_in_a_directory_is_read(archived: tuple[list[Article | Skipped], Path]) -> None:
    _, warc = archived
    assert [type(r) for r in read_inputs([str(warc.parent)], loopback_settings())] == [Article]


def test_warc_date_is_kept_when_the_page_has_none(tmp_path: Path) -> None:
    from loopback import BRIDGE, MARKET
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        for uri, page in (
            ("https://w.example/bridge", BRIDGE),
            ("https://w.example/market", MARKET),
        ):
            body = page.encode()
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=__import__("io").BytesIO(body),
                length=len(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2024-04-19T07:00:00Z"},
            )
            writer.write_record(record)
    bridge, market = read_inputs([str(path)], loopback_settings())
    assert isinstance(bridge, Article) and isinstance(market, Article)
    assert (bridge.url, bridge.published) == ("https://w.example/bridge", date(2024, 4, 19))
    assert market.published == date(2024, 5, 2)  # the page's own date wins


@pytest.mark.parametrize(
    "data", [b"this is not a web archive\n", gzip.compress(b"WARC/1.0\r\nbroken")]
)
def test_broken_warc_is_one_skipped_line(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(data)
    (skipped,) = read_inputs([str(path)], loopback_settings())
    assert isinstance(skipped, Skipped)
    assert skipped.code == MALFORMED_SOURCE
    assert "\n" not in skipped.message


def test_truncated_warc_keeps_the_records_before(
    archived: tuple[list[Article | Skipped], Path], tmp_path: Path
) -> None:
    _, warc = archived
    raw = gzip.decompress(warc.read_bytes())
    cut = tmp_path / "cut.warc"
    cut.write_bytes(raw + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nxx")
    results = list(read_inputs([str(cut)], loopback_settings()))
    assert [type(r) for r in results] == [Article, Skipped]
    assert isinstance(results[1], Skipped) and results[1].code == MALFORMED_SOURCE
