"""A batch's inputs: everything ``read_inputs`` reads, plus Parquet corpora of articles.

A Parquet corpus has the columns of a JSON Lines corpus (``text`` required; ``id``, ``url``,
``outlet``, ``published``, ``title``, ``language``). Each row goes through the JSON Lines
reader's own checks (``rashomon.ingest.jsonl.read_record``), so a row is accepted or skipped
exactly as the same line of a ``.jsonl`` file would be.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from rashomon.config import Settings
from rashomon.errors import NOT_FOUND, UNSUPPORTED_INPUT, InputError
from rashomon.ingest import LanguageDetector, read_inputs
from rashomon.ingest.decode import too_large
from rashomon.ingest.inputs import DIRECTORY_SUFFIXES
from rashomon.ingest.jsonl import read_record
from rashomon.model import Article, Skipped

PARQUET_SUFFIX = ".parquet"
ROW_BATCH = 64  # rows decoded at a time: a corpus is never held whole


def read_batch_inputs(inputs: Sequence[str], settings: Settings) -> Iterator[Article | Skipped]:
    """One ``Article`` or ``Skipped`` per article, in input order: ``.parquet`` files, and
    the ``.parquet`` files of a directory, are read here; the rest by ``read_inputs``."""
    detector = LanguageDetector()
    others: list[str] = []
    for item in inputs:
        path = Path(item)
        parquet = _parquet_files(path)
        if not parquet:
            others.append(item)
            continue
        if others:
            yield from read_inputs(others, settings)
            others = []
        if path.is_dir() and _has_article_files(path):
            yield from read_inputs([item], settings)
        for file in parquet:
            yield from read_parquet_articles(file, settings, detector=detector)
    if others:
        yield from read_inputs(others, settings)


def read_parquet_articles(
    path: Path, settings: Settings, *, detector: LanguageDetector
) -> Iterator[Article | Skipped]:
    """The rows of a Parquet corpus as articles (origin ``PATH:ROW``, rows from 1)."""
    try:
        reader = pq.ParquetFile(path)
        rows = (
            record
            for batch in reader.iter_batches(batch_size=ROW_BATCH)
            for record in batch.to_pylist()
        )
        for number, record in enumerate(rows, start=1):
            yield _article(record, origin=f"{path}:{number}", settings=settings, detector=detector)
    except FileNotFoundError:
        yield _skipped(
            str(path), InputError(f"{path} does not exist; check the path.", code=NOT_FOUND)
        )
    except (OSError, pa.ArrowException) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
        message = f"{path} is not a readable Parquet corpus ({reason})."
        yield _skipped(str(path), InputError(message, code=UNSUPPORTED_INPUT))


def _article(
    record: dict[str, Any], *, origin: str, settings: Settings, detector: LanguageDetector
) -> Article | Skipped:
    raw = json.dumps(record, ensure_ascii=False, default=_json_value).encode("utf-8")
    article_id = record.get("id")
    known_id = str(article_id) if isinstance(article_id, str | int) else None
    if len(raw) > settings.max_input_bytes:
        return _skipped(origin, too_large(f"Row {origin}", settings=settings), known_id)
    try:
        return read_record(raw, origin=origin, settings=settings, detector=detector)
    except InputError as error:
        return _skipped(origin, error, known_id)


def _json_value(value: object) -> str:
    """Parquet dates and timestamps as ISO text (the corpus format's ``published``)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _skipped(origin: str, error: InputError, article_id: str | None = None) -> Skipped:
    return Skipped(origin, error.code, error.message, article_id)


def _parquet_files(path: Path) -> list[Path]:
    if path.suffix.lower() == PARQUET_SUFFIX:
        return [path]
    if path.is_dir():
        return sorted(
            p
            for p in path.rglob(f"*{PARQUET_SUFFIX}")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
    return []


def _has_article_files(directory: Path) -> bool:
    return any(p.is_file() and p.suffix.lower() in DIRECTORY_SUFFIXES for p in directory.rglob("*"))
