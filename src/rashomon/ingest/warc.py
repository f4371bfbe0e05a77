"""Web archives (WARC, ISO 28500) in and out, with warcio.

Reading: every ``response`` record of an HTML page with a 2xx status is one article; its
``WARC-Target-URI`` becomes the article's URL and its ``WARC-Date`` the published date when
the page itself states none (a page cannot have been published after it was captured).
Other records (requests, feeds, robots.txt, images) are passed over. A record that cannot
be read is skipped with its code and the rest of the file goes on; a file that is not a
WARC at all is skipped with R019.

Writing: ``WarcWriter`` keeps every response a ``crawl.Crawler`` receives (pages, feeds,
sitemaps, robots.txt) as a ``request``/``response`` record pair in one gzipped WARC file
per run (``DIR/rashomon-YYYYMMDDTHHMMSSZ-<n>.warc.gz``), so that the same bytes can be
analysed again later (``rashomon ingest DIR``).
"""

from __future__ import annotations

import gzip
import io
import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rashomon.config import Settings
from rashomon.errors import MALFORMED_SOURCE, InputError, RashomonError
from rashomon.ingest.decode import too_large
from rashomon.ingest.html import read_html
from rashomon.ingest.language import LanguageDetector
from rashomon.ingest.url import HTML_TYPES, Fetched
from rashomon.model import Article, PublishedSource, Skipped

logger = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")
# Headers describing the transfer, not the bytes kept: the body is stored decoded.
_TRANSFER_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def is_warc_path(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_warc(
    path: Path, settings: Settings, *, detector: LanguageDetector | None = None
) -> Iterator[Article | Skipped]:
    """One ``Article`` per HTML response record of the WARC at ``path``, in file order, and
    one ``Skipped`` per record (or file) that cannot be read."""
    origin = str(path)
    try:
        handle = path.open("rb")
    except OSError as e:
        yield Skipped(origin, MALFORMED_SOURCE, f"{origin} cannot be opened ({e.strerror}).")
        return
    with handle:
        if not _starts_as_warc(handle):
            yield Skipped(
                origin,
                MALFORMED_SOURCE,
                f"{origin} is not a WARC file (it does not start with a WARC/1.x record).",
            )
            return
        records = ArchiveIterator(handle)
        number = 0
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            # warcio fails on a damaged record with whatever its parser meets (an
            # AttributeError on a missing header, a ValueError on a bad length...)
            except (ArchiveLoadFailed, ValueError, OSError, EOFError, AttributeError) as e:
                reason = " ".join(str(e).split()) or type(e).__name__
                where = f" after record {number}" if number else ""
                yield Skipped(
                    origin,
                    MALFORMED_SOURCE,
                    f"{origin} is not a readable WARC file{where} ({reason}); the records "
                    "before it were read.",
                )
                return
            number += 1
            if not record.rec_type:
                yield Skipped(
                    origin,
                    MALFORMED_SOURCE,
                    f"{origin} has a broken record (number {number}, no WARC-Type); the "
                    "records before it were read.",
                )
                return
            if not _is_page(record):
                continue
            record_origin = f"{origin}#{number}"
            try:
                yield _article(record, origin=record_origin, settings=settings, detector=detector)
            except InputError as e:
                yield Skipped(record_origin, e.code, e.message)


def _starts_as_warc(handle: IO[bytes]) -> bool:
    """Whether the file's first record (gzipped or not) starts with ``WARC/``; rewinds."""
    head = handle.read(2)
    handle.seek(0)
    try:
        if head == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=handle) as inflated:
                start = inflated.read(5)
        else:
            start = handle.read(5)
    except (OSError, EOFError) as e:
        logger.debug("not a WARC file: %s", e)
        return False
    finally:
        handle.seek(0)
    return start == b"WARC/"


def _is_page(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    mime = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return status.startswith("2") and mime in HTML_TYPES


def _article(
    record: Any, *, origin: str, settings: Settings, detector: LanguageDetector | None
) -> Article:
    body = record.content_stream().read(settings.max_input_bytes + 1)
    if len(body) > settings.max_input_bytes:
        raise too_large(origin, settings=settings)
    url = record.rec_headers.get_header("WARC-Target-URI")
    charset = None
    for param in (record.http_headers.get_header("Content-Type") or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            charset = value.strip(" \"'").lower()
    article = read_html(
        body,
        origin=origin,
        url=url,
        settings=settings,
        detector=detector,
        declared_encoding=charset,
    )
    captured = _warc_date(record.rec_headers.get_header("WARC-Date"))
    if article.published is None and captured is not None:
        article = replace(article, published=captured, published_source=PublishedSource.METADATA)
    return article


def _warc_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        logger.debug("ignoring malformed WARC-Date %r", value)
        return None


class WarcWriter:
    """Writes fetched responses to ``directory`` as one gzipped WARC file (opened on the
    first response). Use as a context manager; ``path`` is the file written, if any."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path: Path | None = None
        self.records = 0
        self._handle: IO[bytes] | None = None
        self._writer: WARCWriter | None = None

    def __enter__(self) -> WarcWriter:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise RashomonError(
                f"Archive directory {str(self.directory)!r} cannot be created ({e.strerror}); "
                "give a writable --archive DIR.",
                code=MALFORMED_SOURCE,
            ) from None
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def _open(self) -> WARCWriter:
        if self._writer is not None:
            return self._writer
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        for n in range(1, 10_000):
            candidate = self.directory / f"rashomon-{stamp}-{n}.warc.gz"
            try:
                self._handle = candidate.open("xb")
            except FileExistsError:
                continue
            self.path = candidate
            break
        else:
            raise RashomonError(f"No free file name in {str(self.directory)!r}.")
        self._writer = WARCWriter(self._handle, gzip=True)
        return self._writer

    def write(self, fetched: Fetched) -> None:
        """A request record and a response record for one fetched resource."""
        writer = self._open()
        when = fetched.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        headers = [(k, v) for k, v in fetched.headers if k.lower() not in _TRANSFER_HEADERS]
        headers.append(("Content-Length", str(len(fetched.body))))
        http = StatusAndHeaders(
            f"{fetched.status} {fetched.reason}".strip(),
            headers,
            protocol=fetched.http_version,
        )
        response = writer.create_warc_record(
            fetched.final,
            "response",
            payload=io.BytesIO(fetched.body),
            length=len(fetched.body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": when},
        )
        target = fetched.final.split("://", 1)[-1]
        path = "/" + target.split("/", 1)[1] if "/" in target else "/"
        request = writer.create_warc_record(
            fetched.final,
            "request",
            http_headers=StatusAndHeaders(
                f"GET {path} {fetched.http_version}",
                list(fetched.request_headers),
                is_http_request=True,
            ),
            warc_headers_dict={"WARC-Date": when},
        )
        writer.write_request_response_pair(request, response)
        self.records += 2
